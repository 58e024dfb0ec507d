# -*- Python -*-
import os
import sys

import lit.formats
from lit.llvm import llvm_config

config.name = "NN"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.nn_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(["nn-opt", "nn-run"], [config.nn_tools_dir])

config.substitutions.append(("%nn_obj_root", config.nn_obj_root))
config.substitutions.append(("%nn_tools_dir", config.nn_tools_dir))
config.substitutions.append(("%nn_src_root", config.nn_src_root))
config.substitutions.append(("%mlir_dir", config.mlir_dir))
config.substitutions.append(("%cmake_generator", config.cmake_generator))
config.substitutions.append(("%cmake", config.cmake_command))
config.substitutions.append(("%cxx", config.cxx_compiler))
# The interpreter lit itself runs under, for the test-model generator.
config.substitutions.append(("%python", sys.executable))
