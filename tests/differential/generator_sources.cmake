# The random program generator's sources (program_generator.h, generator.h), one family of
# constructs a file, for every test binary that generates programs: the interpreter-vs-JIT test
# here and the PostgreSQL and ClickHouse differential tests.
set(SEG_PROGRAM_GENERATOR_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/program_generator.cc
  ${CMAKE_CURRENT_LIST_DIR}/generate_aggregates.cc
  ${CMAKE_CURRENT_LIST_DIR}/generate_calendar.cc
  ${CMAKE_CURRENT_LIST_DIR}/generate_conditions.cc
  ${CMAKE_CURRENT_LIST_DIR}/generate_events.cc
  ${CMAKE_CURRENT_LIST_DIR}/generate_expressions.cc
  ${CMAKE_CURRENT_LIST_DIR}/generate_missing.cc
  ${CMAKE_CURRENT_LIST_DIR}/generate_populations.cc
  ${CMAKE_CURRENT_LIST_DIR}/generate_text.cc
  ${CMAKE_CURRENT_LIST_DIR}/generate_values.cc)
