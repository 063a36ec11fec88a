# lit configuration of the umc test suite (IR-level and tool tests).
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "umc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.umc_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Unit", "Runtime", "e2e"]

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    ["umc-opt"], [config.umc_tools_dir, config.llvm_tools_dir])
config.substitutions.append(("%umc_obj_root", config.umc_obj_root))
config.substitutions.append(("%umc_src_root", config.umc_src_root))
