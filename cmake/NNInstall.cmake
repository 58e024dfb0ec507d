# Installs headers (hand-written and generated), libraries, nn-opt and the
# `find_package(NN CONFIG)` package that exports the NN:: targets.
include(CMakePackageConfigHelpers)
include(GNUInstallDirs)

set(NN_INSTALL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/nn)

install(DIRECTORY ${NN_SOURCE_DIR}/include/nn ${NN_BINARY_DIR}/include/nn
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h" PATTERN "*.inc" PATTERN "*.td")

get_property(nn_libs GLOBAL PROPERTY NN_EXPORTED_LIBS)
install(TARGETS ${nn_libs} EXPORT NNTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS nn-opt nn-run RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT NNTargets NAMESPACE NN:: DESTINATION ${NN_INSTALL_CMAKE_DIR})

configure_package_config_file(${NN_SOURCE_DIR}/cmake/NNConfig.cmake.in
  ${NN_BINARY_DIR}/NNConfig.cmake INSTALL_DESTINATION ${NN_INSTALL_CMAKE_DIR})
write_basic_package_version_file(${NN_BINARY_DIR}/NNConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${NN_BINARY_DIR}/NNConfig.cmake ${NN_BINARY_DIR}/NNConfigVersion.cmake
  DESTINATION ${NN_INSTALL_CMAKE_DIR})
