# Installs the build into a temporary prefix, then builds tests/api/outside against it twice, with
# find_package(seg) and with pkg-config, and runs what was built.
#   -DBUILD=<seg build dir> -DSOURCE=<outside project> -DWORK=<scratch> -DPROGRAM=<a .seg file>
#   -DGENERATOR=<cmake generator> -DCXX=<C++ compiler>
#   -DHOST_FLAGS=<compile and link flag of the host, one word; -fsanitize=... when seg is sanitized,
#    since an instrumented libseg needs the sanitizer runtime loaded first, by the host>
file(REMOVE_RECURSE ${WORK})
set(prefix ${WORK}/prefix)
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed (${status}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD} --prefix ${prefix})
foreach(f bin/seg include/seg/seg.h include/seg/seg.hpp include/seg/arrow_c_data.h lib/cmake/seg/segConfig.cmake
          lib/pkgconfig/seg.pc)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()

# find_package(seg)
run(${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK}/build -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_CXX_COMPILER=${CXX} "-DCMAKE_C_FLAGS=${HOST_FLAGS}" "-DCMAKE_CXX_FLAGS=${HOST_FLAGS}"
    "-DCMAKE_EXE_LINKER_FLAGS=${HOST_FLAGS}")
run(${CMAKE_COMMAND} --build ${WORK}/build)
run(${WORK}/build/outside_c ${PROGRAM})
if(NOT last_output MATCHES "inputs: 3" OR NOT last_output MATCHES "\"big\":true")
  message(FATAL_ERROR "outside_c printed: ${last_output}")
endif()
run(${WORK}/build/outside_cpp)

# pkg-config
find_program(PKG_CONFIG pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${prefix}/lib/pkgconfig)
run(${PKG_CONFIG} --cflags --libs seg)
string(STRIP "${last_output}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
run(${CXX} -std=c++20 ${HOST_FLAGS} ${SOURCE}/main.cc ${flags} -Wl,-rpath,${prefix}/lib -o ${WORK}/outside_pkg_config)
run(${WORK}/outside_pkg_config)
if(NOT last_output MATCHES "\"big\":true")
  message(FATAL_ERROR "outside_pkg_config printed: ${last_output}")
endif()
