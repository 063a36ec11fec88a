# Sanitizer build: -DUMC_SANITIZE=address,undefined (any list that clang's
# -fsanitize= takes) instruments every target this project builds: the
# libraries, the tools, the tests and benchmarks. Not instrumented: LLVM/MLIR
# (the prebuilt libMLIR.so/libLLVM.so from Debian), GoogleTest, and the CPU
# kernels umc-compile generates (the runtime loads them from memory with
# dlopen), so ASan sees the kernels' memory accesses only where they go
# through the runtime's own code or intercepted libc calls.
#
# scripts/test-sanitized.sh configures build-asan/ with this and runs the whole
# suite with the runtime options it needs; running the tools or ctest of such a
# build by hand needs the same ASAN_OPTIONS=allow_user_poisoning=0 (the script
# says why: LLVM's allocator, shared with the uninstrumented libMLIR.so).
set(UMC_SANITIZE "" CACHE STRING
    "Build umc with these sanitizers (-fsanitize=...), e.g. address,undefined")

if(UMC_SANITIZE)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "UMC_SANITIZE needs clang (scripts/build.sh uses clang-22)")
  endif()
  message(STATUS "Sanitizers: ${UMC_SANITIZE}")
  # Every error is fatal (UBSan would otherwise print and go on, and a test
  # would pass); frame pointers and line tables give readable stacks.
  add_compile_options(-fsanitize=${UMC_SANITIZE} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -gline-tables-only)
  add_link_options(-fsanitize=${UMC_SANITIZE})
endif()
