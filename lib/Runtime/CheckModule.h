//===- CheckModule.h - what the loader guarantees ---------------*- C++ -*-===//
#ifndef UMC_LIB_RUNTIME_CHECKMODULE_H
#define UMC_LIB_RUNTIME_CHECKMODULE_H

#include "umc/Runtime/Module.h"
#include "umc/Runtime/Status.h"

namespace umc::rt {

/// Every byte size (shapes, arenas, states) is below this: 1 TiB. Larger
/// sizes come only from damaged or hostile files, and would overflow the
/// offset arithmetic they take part in.
inline constexpr uint64_t kMaxBufferBytes = uint64_t(1) << 40;

/// Checks a decoded module so that the interpreter and the devices may
/// index it without checking again (docs/artifact-format.md lists each
/// check), and fills in the sizes derived from types. The message names
/// the function, instruction or view at fault.
Status checkModule(Module &module);

} // namespace umc::rt

#endif // UMC_LIB_RUNTIME_CHECKMODULE_H
