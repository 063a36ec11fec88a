//===- Params.h - parameters against the artifact's specs -------*- C++ -*-===//
#ifndef UMC_RUNTIME_PARAMS_H
#define UMC_RUNTIME_PARAMS_H

#include "umc/Runtime/TensorFile.h"
#include "umc/Runtime/Status.h"
#include "umc/Runtime/Module.h"

#include <cstdint>
#include <string>
#include <vector>

namespace umc::rt {

/// Checks `params` (read from `source`) against the module's parameter specs
/// and lists every problem in one message: parameters the model needs that
/// are missing, and wrong types (dtype or shape). With `initMissing`,
/// missing parameters are filled from their spec instead of being an error.
///
/// Tensors the model does not have are not an error: a checkpoint often
/// holds more than one entry point reads (a head it does not use, a larger
/// model's extra layers). They are removed from `params`, so that only what
/// the model uses is kept (and saved), and their names, sorted, go to
/// `unused` for the caller to warn about (unusedParamsWarning).
Status prepareParams(const Module &module, TensorFile &params,
                     const std::string &source, bool initMissing,
                     uint64_t seed, std::vector<std::string> *unused = nullptr);

/// "3 tensors in w.safetensors are not in the model and were ignored: a, b,
/// c": the first 10 names, then "and N more".
std::string unusedParamsWarning(const std::vector<std::string> &names,
                                const std::string &source);

/// A parameter filled as its spec says (zeros, ones, or normal(0, std)).
/// The values depend only on `seed` and the parameter's name, so adding a
/// parameter to a model leaves the others' values unchanged.
Tensor initialParam(const ParamSpec &spec, uint64_t seed);

} // namespace umc::rt

#endif // UMC_RUNTIME_PARAMS_H
