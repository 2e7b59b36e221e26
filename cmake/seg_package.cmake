# libseg: the embedding library, and the install rules for the `seg` command, libseg, its
# headers, a CMake package (find_package(seg) -> seg::seg) and a pkg-config file (seg.pc).
#
# libseg is one shared library holding every stage the API needs (the static stage libraries
# and the runtime are linked into it, their symbols hidden by cmake/libseg.map); its only
# dependencies are shared system libraries (the ANTLR runtime, libstdc++, and libLLVM when the
# JIT is built). A shared library keeps a host's link line at -lseg and lets the version script
# hide seg's internals, which a static archive could not.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

if(NOT TARGET seg_api)
  return()
endif()

# Stage libraries are position-independent already; the runtime is built as such here so that
# it can go into the shared library.
set_target_properties(seg_runtime PROPERTIES POSITION_INDEPENDENT_CODE ON)

add_library(seg_shared SHARED $<TARGET_OBJECTS:seg_api>)
add_library(seg::seg ALIAS seg_shared)
target_link_libraries(seg_shared PRIVATE seg_driver)
target_include_directories(seg_shared PUBLIC
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_link_options(seg_shared PRIVATE -Wl,--version-script=${PROJECT_SOURCE_DIR}/cmake/libseg.map
                    -Wl,--no-undefined)
set_target_properties(seg_shared PROPERTIES
  OUTPUT_NAME seg EXPORT_NAME seg
  VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}
  LINK_DEPENDS ${PROJECT_SOURCE_DIR}/cmake/libseg.map
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib)

install(TARGETS seg RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS seg_shared EXPORT segTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/seg/seg.h ${PROJECT_SOURCE_DIR}/include/seg/seg.hpp
              ${PROJECT_SOURCE_DIR}/include/seg/arrow_c_data.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/seg)
install(EXPORT segTargets NAMESPACE seg:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/seg)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/segConfig.cmake.in
  ${CMAKE_BINARY_DIR}/cmake/segConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/seg)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/cmake/segConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/cmake/segConfig.cmake ${CMAKE_BINARY_DIR}/cmake/segConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/seg)
# The pkg-config file names the prefix given to `cmake --install --prefix` (resolved at install time).
install(CODE "
  set(CMAKE_INSTALL_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(CMAKE_INSTALL_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  set(CMAKE_INSTALL_INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
  set(PROJECT_VERSION \"${PROJECT_VERSION}\")
  configure_file(\"${PROJECT_SOURCE_DIR}/cmake/seg.pc.in\" \"${CMAKE_BINARY_DIR}/cmake/seg.pc\" @ONLY)
  file(INSTALL \"${CMAKE_BINARY_DIR}/cmake/seg.pc\" DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig\")
")

add_subdirectory(${PROJECT_SOURCE_DIR}/examples/embed_c ${CMAKE_BINARY_DIR}/examples/embed_c)
add_subdirectory(${PROJECT_SOURCE_DIR}/examples/embed_cpp ${CMAKE_BINARY_DIR}/examples/embed_cpp)
