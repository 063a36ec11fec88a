//===- FuzzArtifact.cpp - libFuzzer target: the artifact loader -----------===//
//
// Feeds the input to Artifact::fromBytes, the runtime's one entry point for
// untrusted artifact bytes, and describes what loads (umc-run inspect). Any
// input may be refused with a Status; none may crash or trip a sanitizer.
// Seeds: test/fuzz/corpus/artifact/ (make-artifact-corpus.sh).
//
//   build/bin/umc-fuzz-artifact -max_total_time=300 CORPUS_COPY/
//
// Almost every mutation of a real artifact breaks its checksum, and the loader
// stops there. So each input is tried twice: as it is, and with the checksum
// recomputed, which takes the mutation on to the checks behind the checksum
// (an attacker can recompute it as easily: it is not a signature).
//
//===----------------------------------------------------------------------===//
#include "umc/Runtime/Artifact.h"
#include "umc/Schema/Checksum.h"
#include "umc/Schema/umcb_generated.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

void load(std::vector<uint8_t> bytes) {
  auto artifact =
      umc::rt::Artifact::fromBytes(std::move(bytes), "fuzz.umcb");
  if (artifact.isOk())
    (void)umc::rt::describeArtifact(*artifact.value());
}

/// Writes the checksum that the bytes' own checksum field should hold; false
/// when the buffer has no such field to write (it does not verify).
bool fixChecksum(std::vector<uint8_t> &bytes) {
  const uint8_t *data = bytes.data();
  if (bytes.size() < 8 || !umc::fb::ModuleBufferHasIdentifier(data))
    return false;
  flatbuffers::Verifier verifier(data, bytes.size());
  if (!umc::fb::VerifyModuleBuffer(verifier))
    return false;
  const auto *table =
      reinterpret_cast<const flatbuffers::Table *>(umc::fb::GetModule(data));
  const uint8_t *stored = table->GetAddressOf(umc::fb::Module::VT_CHECKSUM);
  if (!stored)
    return false;
  size_t offset = static_cast<size_t>(stored - data);
  // Little-endian, like every FlatBuffer; memcpy, as the field may sit
  // unaligned in a mutated buffer.
  uint64_t checksum = umc::artifactChecksum(data, bytes.size(), offset);
  std::memcpy(bytes.data() + offset, &checksum, sizeof checksum);
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  load(bytes);
  if (fixChecksum(bytes))
    load(std::move(bytes));
  return 0;
}
