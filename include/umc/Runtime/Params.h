//===- Params.h - parameters against the artifact's specs -------*- C++ -*-===//
#ifndef UMC_RUNTIME_PARAMS_H
#define UMC_RUNTIME_PARAMS_H

#include "umc/Runtime/TensorFile.h"
#include "umc/Runtime/Status.h"
#include "umc/Runtime/Module.h"

#include <cstdint>
#include <string>

namespace umc::rt {

/// Checks `params` (read from `source`) against the module's parameter specs
/// and lists every problem in one message: parameters the model needs that
/// are missing, names the model does not have, and wrong types. With
/// `initMissing`, missing parameters are filled from their spec instead of
/// being an error.
Status prepareParams(const Module &module, TensorFile &params,
                     const std::string &source, bool initMissing,
                     uint64_t seed);

/// A parameter filled as its spec says (zeros, ones, or normal(0, std)).
/// The values depend only on `seed` and the parameter's name, so adding a
/// parameter to a model leaves the others' values unchanged.
Tensor initialParam(const ParamSpec &spec, uint64_t seed);

} // namespace umc::rt

#endif // UMC_RUNTIME_PARAMS_H
