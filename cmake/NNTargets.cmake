# nn_add_library(name SOURCES... [DEPENDS tablegen targets...] [LINK_LIBS libs...])
# A static library of the project, exported as NN::<name>. Its usage
# requirements carry the project's and MLIR/LLVM's include directories, so a
# downstream target needs only `target_link_libraries(tool PRIVATE NN::<name>)`.
function(nn_add_library name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;LINK_LIBS" ${ARGN})
  add_library(${name} STATIC ${ARG_UNPARSED_ARGUMENTS})
  add_library(NN::${name} ALIAS ${name})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${NN_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${NN_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:include>)
  target_include_directories(${name} SYSTEM PUBLIC ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})
  target_compile_definitions(${name} PUBLIC ${NN_LLVM_DEFINITIONS})
  target_link_libraries(${name} PUBLIC ${ARG_LINK_LIBS} ${NN_MLIR_LIBS})
  # Instrumented archives need the sanitizer runtimes wherever they link,
  # downstream too.
  if(NN_SANITIZER_FLAGS)
    target_link_options(${name} PUBLIC ${NN_SANITIZER_FLAGS})
  endif()
  set_property(GLOBAL APPEND PROPERTY NN_EXPORTED_LIBS ${name})
endfunction()
