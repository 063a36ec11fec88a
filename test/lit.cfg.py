# lit configuration of the umc test suite (IR-level and tool tests).
import ctypes
import os
import sys

import lit.formats
from lit.llvm import llvm_config

config.name = "umc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.umc_obj_root, "test")
# Inputs/ directories hold the files tests read, not tests.
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Unit",
                   "Runtime", "e2e", "Inputs", "fuzz"]

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    ["umc-opt", "umc-compile", "umc-run"],
    [config.umc_tools_dir, config.llvm_tools_dir])
# The Python that runs lit: the tool tests make their .npy and .safetensors
# files with test/tools/make-tensors.py (standard library only).
config.substitutions.append(("%python", '"%s"' % sys.executable))

# A machine with a CUDA driver answers --device=cuda:N differently from one
# without (umc-run loads libcuda.so.1 at run time, as this does).
try:
    ctypes.CDLL("libcuda.so.1")
    config.available_features.add("cuda-driver")
except OSError:
    pass
# PyTorch 2 for the parity tests: UMC_TORCH_PYTHON, or the virtual
# environment bench/run.sh makes. Without it those tests are UNSUPPORTED.
import subprocess
torch_python = os.environ.get(
    "UMC_TORCH_PYTHON",
    os.path.join(config.umc_src_root, "bench", ".venv", "bin", "python"))
try:
    subprocess.run([torch_python, "-c", "import torch"], check=True,
                   capture_output=True, timeout=120)
    config.available_features.add("torch")
    config.substitutions.append(("%torch_python", '"%s"' % torch_python))
except (OSError, subprocess.SubprocessError):
    pass
config.substitutions.append(("%umc_obj_root", config.umc_obj_root))
config.substitutions.append(("%umc_src_root", config.umc_src_root))
