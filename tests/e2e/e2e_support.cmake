# seg_use_e2e_support(TARGET): for a test binary that runs the seg binary as a subprocess through
# tests/e2e/e2e_support.h (RunSeg, the case folders, the shared data): the helpers' source, the
# paths they have compiled in (the seg binary, the repository, shared/data), and seg built before
# the binary. Each binary compiles e2e_support.cc itself, so it runs the seg of its own build.
function(seg_use_e2e_support target)
  target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tests/e2e/e2e_support.cc)
  # The repository root too, for the header-only marks seg's output shares with its tests
  # (compiler/cli/timing_line.h); the binary links none of seg's libraries.
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tests/e2e ${PROJECT_SOURCE_DIR})
  target_compile_features(${target} PRIVATE cxx_std_20)
  target_compile_definitions(${target} PRIVATE
    SEG_BINARY="$<TARGET_FILE:seg>"
    SEG_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    SEG_SHARED_DATA_DIR="${PROJECT_SOURCE_DIR}/../shared/data")
  add_dependencies(${target} seg)
endfunction()
