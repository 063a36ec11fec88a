//===- FileIO.h - reading and writing whole files safely --------*- C++ -*-===//
//
// Every file the runtime and its tools read or write goes through here, so
// that a hostile or mistaken path (a directory, /dev/zero, a FIFO, a file
// larger than memory) is refused with a message instead of hanging or
// exhausting memory, and a failed write never destroys the file it was
// meant to replace. No MLIR or LLVM headers here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_RUNTIME_FILEIO_H
#define UMC_RUNTIME_FILEIO_H

#include "umc/Runtime/Status.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace umc::rt {

/// The whole of the regular file at `path` (symbolic links followed).
/// Refuses, before reading anything, a directory, a device, a FIFO or a
/// socket, and a file of more than `maxBytes` bytes. `what` names what the
/// file should be ("an npy file") in those messages. Every message starts
/// with the path.
Result<std::vector<uint8_t>> readFileLimited(const std::string &path,
                                             uint64_t maxBytes,
                                             const std::string &what);

/// Writes `size` bytes to `path` so that the file there is either the old one
/// or the new one, never a mixture, a truncation or nothing: the bytes go to
/// a temporary file in the same directory, which is flushed to disk and then
/// renamed over `path` (keeping the old file's permission bits). On failure
/// the temporary file is removed and `path` is left as it was. A symbolic
/// link is written through, not replaced. Paths that are not regular files
/// (/dev/null, a FIFO) are written directly: there is no file to protect and
/// no directory to put a temporary file in. Every message starts with the
/// path.
Status writeFileAtomically(const std::string &path, const uint8_t *data,
                           size_t size);

} // namespace umc::rt

#endif // UMC_RUNTIME_FILEIO_H
