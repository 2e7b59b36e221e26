# The layout's one-way dependencies (docs: README "How it is built", DESIGN.md "How the parts
# fit"), checked by what each file includes:
#   - the engines under compiler/backend/ stand side by side: none includes another;
#   - the execution layer (compiler/exec) includes no engine and nothing above it;
#   - the driver reaches each engine through its one public header; the API and the CLI reach
#     the engines only through the driver; the language server (compiler/lsp) reaches none;
#   - the IR, the execution layer and the engines include nothing of compiler/ast or compiler/sema.
# Usage: cmake -DSOURCE=<tree> -P check_includes.cmake   (fails listing each offending line)
if(NOT SOURCE)
  message(FATAL_ERROR "pass -DSOURCE=<source tree>")
endif()
set(violations "")

# Appends to `violations` each include in `folder` (recursively) of a path starting with
# `prefix`, unless it starts with `allowed` (may be empty).
macro(forbid folder prefix allowed why)
  file(GLOB_RECURSE _files ${SOURCE}/${folder}/*.h ${SOURCE}/${folder}/*.cc)
  foreach(_file ${_files})
    file(STRINGS ${_file} _lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"${prefix}")
    foreach(_line ${_lines})
      if("${allowed}" STREQUAL "" OR NOT _line MATCHES "\"${allowed}")
        file(RELATIVE_PATH _rel ${SOURCE} ${_file})
        string(APPEND violations "  ${_rel}: ${_line}  (${why})\n")
      endif()
    endforeach()
  endforeach()
endmacro()

file(GLOB _engines LIST_DIRECTORIES true ${SOURCE}/compiler/backend/*)
foreach(_engine ${_engines})
  if(IS_DIRECTORY ${_engine})
    get_filename_component(_name ${_engine} NAME)
    forbid(compiler/backend/${_name} "compiler/backend/" "compiler/backend/${_name}/"
           "an engine includes no other engine: share it through compiler/exec")
  endif()
endforeach()
foreach(_above backend driver api cli)
  forbid(compiler/exec "compiler/${_above}/" "" "the execution layer sits below the engines")
endforeach()
# The IR stands on its own (compiler/lang's vocabulary, its own schemas): what runs it never sees
# the syntax tree or the checker's symbols; lowering (compiler/lower) is the one reader of both.
foreach(_runs_ir ir exec backend)
  forbid(compiler/${_runs_ir} "compiler/ast/" "" "the IR and what runs it never see the syntax tree")
  forbid(compiler/${_runs_ir} "compiler/sema/" "" "the IR and what runs it never see the checker's symbols")
endforeach()
forbid(compiler/driver "compiler/backend/" "compiler/backend/(interp/interpreter|jit/jit|sql/lower_sql)[.]h\""
       "the driver uses an engine's public header: interp/interpreter.h, jit/jit.h, sql/lower_sql.h")
forbid(compiler/api "compiler/backend/" "" "the API reaches the engines through the driver")
forbid(compiler/cli "compiler/backend/" "" "the CLI reaches the engines through the driver")
forbid(compiler/lsp "compiler/backend/" "" "the language server checks and formats; it runs nothing")
forbid(compiler/lsp "compiler/cli/" "" "the CLI starts the language server, not the other way round")

if(violations)
  message(FATAL_ERROR "includes against the layout:\n${violations}")
endif()
message(STATUS "layout: every include points one way")
