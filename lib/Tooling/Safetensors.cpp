//===- Safetensors.cpp - .safetensors weight files ------------------------===//
//
// The header is a JSON object mapping each tensor name to
//   {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}
// with offsets relative to the start of the data buffer, plus an optional
// "__metadata__" object of strings. The checks follow the reference
// implementation, so that what we accept, it accepts too.
//
//===----------------------------------------------------------------------===//
#include "umc/Tooling/Safetensors.h"

#include "umc/Runtime/Params.h"

#include "umc/Runtime/FileIO.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <exception>
#include <map>
#include <new>
#include <optional>
#include <tuple>
#include <utility>

namespace umc::rt {
namespace {

using nlohmann::json;

constexpr const char *kMetadataKey = "__metadata__";
/// The reference implementation's limit: larger headers are taken as a sign
/// of a corrupt or hostile file.
constexpr uint64_t kMaxHeaderLength = 100'000'000;

struct SafetensorsType {
  const char *name;
  DType dtype;
};

constexpr SafetensorsType kTypes[] = {
    {"F32", DType::f32}, {"F16", DType::f16}, {"BF16", DType::bf16},
    {"I8", DType::i8},   {"I32", DType::i32}, {"I64", DType::i64}};

const char *typeName(DType dtype) {
  for (const SafetensorsType &t : kTypes)
    if (t.dtype == dtype)
      return t.name;
  return "?";
}

/// A shape as the header writes it: "[2, 3]".
std::string formatShape(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

/// The bytes a tensor of `shape` takes, or nullopt when that overflows.
/// Dimensions must be non-negative.
std::optional<uint64_t> byteSize(const std::vector<int64_t> &shape,
                                 size_t itemSize) {
  uint64_t bytes = itemSize;
  for (int64_t dim : shape)
    if (__builtin_mul_overflow(bytes, static_cast<uint64_t>(dim), &bytes))
      return std::nullopt;
  return bytes;
}

/// A JSON value shortened for a message: the header may hold anything. Values
/// nested more than one level are only named, as dumping them recurses and
/// a hostile header could nest deeply enough to overflow the stack.
std::string brief(const json &value) {
  if (value.is_structured() &&
      std::any_of(value.begin(), value.end(),
                  [](const json &item) { return item.is_structured(); }))
    return std::string("a nested ") + value.type_name();
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  return text.size() <= 40 ? text : text.substr(0, 37) + "...";
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

/// One tensor entry of the header, checked on its own.
struct Entry {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
  uint64_t begin, end;
};

Status entryError(const std::string &name, const std::string &what) {
  return Status::error("tensor '" + name + "': " + what);
}

Result<DType> dtypeFromJson(const json &value) {
  if (!value.is_string())
    return Status::error("dtype must be a string such as \"F32\", got " +
                         brief(value));
  for (const SafetensorsType &t : kTypes)
    if (value.get_ref<const std::string &>() == t.name)
      return t.dtype;
  return Status::error("dtype " + brief(value) +
                       " is not supported; expected F32, F16, BF16, I8, I32 "
                       "or I64");
}

/// The non-negative integers of a JSON array, or nullopt.
std::optional<std::vector<uint64_t>> unsignedArray(const json &value) {
  if (!value.is_array())
    return std::nullopt;
  std::vector<uint64_t> numbers;
  for (const json &item : value) {
    if (!item.is_number_unsigned())
      return std::nullopt;
    numbers.push_back(item.get<uint64_t>());
  }
  return numbers;
}

Result<std::vector<int64_t>> shapeFromJson(const json &value) {
  std::optional<std::vector<uint64_t>> dims = unsignedArray(value);
  if (!dims)
    return Status::error("shape must be an array of non-negative integers, "
                         "got " +
                         brief(value));
  std::vector<int64_t> shape;
  for (uint64_t dim : *dims) {
    if (dim > static_cast<uint64_t>(INT64_MAX))
      return Status::error("shape " + brief(value) + " is too large");
    shape.push_back(static_cast<int64_t>(dim));
  }
  return shape;
}

Result<Entry> entryFromJson(const std::string &name, const json &value,
                            uint64_t bufferSize) {
  if (!value.is_object())
    return entryError(name, "expected an object with dtype, shape and "
                            "data_offsets, got " +
                                brief(value));
  for (const char *key : {"dtype", "shape", "data_offsets"})
    if (!value.contains(key))
      return entryError(name, std::string("missing '") + key + "'");

  Entry entry;
  entry.name = name;
  Result<DType> dtype = dtypeFromJson(value["dtype"]);
  if (!dtype.isOk())
    return dtype.status().withContext("tensor '" + name + "'");
  entry.dtype = *dtype;
  Result<std::vector<int64_t>> shape = shapeFromJson(value["shape"]);
  if (!shape.isOk())
    return shape.status().withContext("tensor '" + name + "'");
  entry.shape = std::move(*shape);

  const json &offsetsJson = value["data_offsets"];
  std::optional<std::vector<uint64_t>> offsets = unsignedArray(offsetsJson);
  if (!offsets || offsets->size() != 2)
    return entryError(name, "data_offsets must be [begin, end] with "
                            "non-negative integers, got " +
                                brief(offsetsJson));
  entry.begin = (*offsets)[0];
  entry.end = (*offsets)[1];
  std::string range = "data_offsets " + brief(offsetsJson);
  if (entry.begin > entry.end)
    return entryError(name, range + " end before they begin");
  if (entry.end > bufferSize)
    return entryError(name, range + " run past the end of the " +
                                std::to_string(bufferSize) +
                                "-byte data buffer");

  std::string type =
      "shape " + formatShape(entry.shape) + " of " + typeName(entry.dtype);
  std::optional<uint64_t> needed =
      byteSize(entry.shape, dtypeSize(entry.dtype));
  if (!needed)
    return entryError(name, type + " is too large");
  if (*needed != entry.end - entry.begin)
    return entryError(
        name, range + " hold " + std::to_string(entry.end - entry.begin) +
                  " bytes, " + type + " needs " + std::to_string(*needed));
  return entry;
}

Result<std::map<std::string, std::string>> metadataFromJson(const json &value) {
  if (!value.is_object())
    return Status::error(std::string(kMetadataKey) +
                         " must be an object of strings, got " + brief(value));
  std::map<std::string, std::string> metadata;
  for (const auto &[key, item] : value.items()) {
    if (!item.is_string())
      return Status::error(std::string(kMetadataKey) + " entry '" + key +
                           "' must be a string, got " + brief(item));
    metadata[key] = item.get<std::string>();
  }
  return metadata;
}

/// The tensors must tile the data buffer: no gaps, no overlaps, nothing left
/// over, so that every byte of the file is accounted for.
Status checkLayout(std::vector<Entry> &entries, uint64_t bufferSize) {
  std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
    return std::tie(a.begin, a.end) < std::tie(b.begin, b.end);
  });
  uint64_t covered = 0;
  const Entry *previous = nullptr;
  for (const Entry &entry : entries) {
    if (entry.begin < covered)
      return entryError(entry.name,
                        "its bytes [" + std::to_string(entry.begin) + ", " +
                            std::to_string(entry.end) + ") overlap tensor '" +
                            previous->name + "'");
    if (entry.begin > covered)
      return entryError(entry.name,
                        "starts at byte " + std::to_string(entry.begin) +
                            " of the data buffer, leaving bytes [" +
                            std::to_string(covered) + ", " +
                            std::to_string(entry.begin) +
                            ") unused; tensors must be stored back to back");
    covered = entry.end;
    previous = &entry;
  }
  if (covered != bufferSize)
    return Status::error("data buffer has " + std::to_string(bufferSize) +
                         " bytes but the tensors use only " +
                         std::to_string(covered));
  return Status::ok();
}

uint64_t readLittleEndian64(const uint8_t *bytes) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i)
    value = value << 8 | bytes[i];
  return value;
}

/// parseSafetensors, except that the JSON library and allocations may throw.
Result<TensorFile> parseThrowing(const uint8_t *data, size_t size) {
  if (size < 8)
    return Status::error("file has " + std::to_string(size) +
                         " bytes, too few for the 8-byte header length");
  uint64_t headerLength = readLittleEndian64(data);
  if (headerLength < 2 || headerLength > kMaxHeaderLength)
    return Status::error("header length " + std::to_string(headerLength) +
                         " is implausible; expected 2 to " +
                         std::to_string(kMaxHeaderLength) + " bytes");
  if (headerLength > size - 8)
    return Status::error("header length " + std::to_string(headerLength) +
                         " runs past the end of the " + std::to_string(size) +
                         "-byte file");

  const char *text = reinterpret_cast<const char *>(data + 8);
  // The JSON reader takes a NUL byte for the end of the text and would ignore
  // whatever follows; JSON cannot contain one anyway.
  if (const void *nul = std::memchr(text, 0, headerLength))
    return Status::error("header is not valid JSON: it contains a NUL byte "
                         "at offset " +
                         std::to_string(static_cast<const char *>(nul) - text));
  json header;
  try {
    header = json::parse(text, text + headerLength);
  } catch (const json::parse_error &e) {
    // Drop the library's "[json.exception.parse_error.101] " prefix.
    std::string what = e.what();
    return Status::error("header is not valid JSON: " +
                         what.substr(what.find("] ") + 2));
  }
  if (!header.is_object())
    return Status::error("header must be a JSON object, got " + brief(header));

  const uint8_t *buffer = data + 8 + headerLength;
  uint64_t bufferSize = size - 8 - headerLength;
  TensorFile file;
  std::vector<Entry> entries;
  for (const auto &[name, value] : header.items()) {
    if (name == kMetadataKey) {
      Result<std::map<std::string, std::string>> metadata =
          metadataFromJson(value);
      if (!metadata.isOk())
        return metadata.status();
      file.metadata = std::move(*metadata);
      continue;
    }
    Result<Entry> entry = entryFromJson(name, value, bufferSize);
    if (!entry.isOk())
      return entry.status();
    Tensor &tensor = file.tensors[name];
    tensor.dtype = entry->dtype;
    tensor.shape = entry->shape;
    tensor.bytes.assign(buffer + entry->begin, buffer + entry->end);
    entries.push_back(std::move(*entry));
  }
  UMC_RETURN_IF_ERROR(checkLayout(entries, bufferSize));
  return file;
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

bool isValidUtf8(const std::string &text) {
  try {
    (void)json(text).dump();
    return true;
  } catch (const json::type_error &) {
    return false;
  }
}

Status checkWritable(const TensorFile &file) {
  for (const auto &[name, tensor] : file.tensors) {
    if (name == kMetadataKey)
      return Status::error(std::string("a tensor cannot be named ") +
                           kMetadataKey + "; that key holds the metadata");
    if (!isValidUtf8(name))
      return Status::error("tensor name '" + name + "' is not valid UTF-8");
    bool negative = std::any_of(tensor.shape.begin(), tensor.shape.end(),
                                [](int64_t dim) { return dim < 0; });
    std::optional<uint64_t> size =
        byteSize(tensor.shape, dtypeSize(tensor.dtype));
    if (negative || !size || *size != tensor.bytes.size())
      return entryError(name, tensor.describe() + " holds " +
                                  std::to_string(tensor.bytes.size()) +
                                  " bytes of data, which does not match its "
                                  "shape");
  }
  for (const auto &[key, value] : file.metadata)
    if (!isValidUtf8(key) || !isValidUtf8(value))
      return Status::error("metadata entry '" + key + "' is not valid UTF-8");
  return Status::ok();
}

/// The safetensors file for `file`, or why there can be none.
Result<std::vector<uint8_t>> encode(const TensorFile &file) {
  UMC_RETURN_IF_ERROR(checkWritable(file));
  // json objects keep their keys sorted, which gives the sorted header.
  json header = json::object();
  uint64_t offset = 0;
  for (const auto &[name, tensor] : file.tensors) {
    uint64_t end = offset + tensor.bytes.size();
    header[name] = {{"dtype", typeName(tensor.dtype)},
                    {"shape", tensor.shape},
                    {"data_offsets", json::array({offset, end})}};
    offset = end;
  }
  if (!file.metadata.empty())
    header[kMetadataKey] = file.metadata;

  std::string text = header.dump();
  // Keeps the data buffer 8-byte aligned, as the reference writer does.
  text.append((8 - text.size() % 8) % 8, ' ');
  std::vector<uint8_t> out;
  out.reserve(8 + text.size() + offset);
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<uint8_t>(uint64_t(text.size()) >> (8 * i)));
  out.insert(out.end(), text.begin(), text.end());
  for (const auto &[name, tensor] : file.tensors)
    out.insert(out.end(), tensor.bytes.begin(), tensor.bytes.end());
  return out;
}

/// Runs `body`, turning whatever it throws into a Status: no exception may
/// leave the runtime's API.
template <typename T, typename Body> Result<T> catchAll(Body body) {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return Status::error("not enough memory");
  } catch (const std::exception &e) {
    return Status::error(std::string("internal error: ") + e.what());
  } catch (...) {
    return Status::error("internal error: unknown exception");
  }
}

} // namespace

Result<TensorFile> parseSafetensors(const uint8_t *data, size_t size) {
  return catchAll<TensorFile>([&] { return parseThrowing(data, size); });
}

Result<TensorFile> readSafetensors(const std::string &path,
                                   uint64_t maxBytes) {
  Result<std::vector<uint8_t>> bytes =
      readFileLimited(path, maxBytes, "a safetensors file");
  if (!bytes.isOk())
    return bytes.status();
  Result<TensorFile> file = catchAll<TensorFile>(
      [&] { return parseThrowing(bytes->data(), bytes->size()); });
  if (!file.isOk())
    return file.status().withContext(path);
  return file;
}

std::vector<uint8_t> serializeSafetensors(const TensorFile &file) {
  Result<std::vector<uint8_t>> bytes =
      catchAll<std::vector<uint8_t>>([&] { return encode(file); });
  return bytes.isOk() ? std::move(*bytes) : std::vector<uint8_t>();
}

Status writeSafetensors(const std::string &path, const TensorFile &file) {
  Result<std::vector<uint8_t>> bytes =
      catchAll<std::vector<uint8_t>>([&] { return encode(file); });
  if (!bytes.isOk())
    return bytes.status().withContext(path);
  return writeFileAtomically(path, bytes->data(), bytes->size());
}

Result<TensorFile> loadParams(const Module &module, const std::string &path,
                              bool initMissing, uint64_t seed,
                              std::vector<std::string> *unused) {
  TensorFile params;
  if (!path.empty()) {
    auto loaded = readSafetensors(path);
    if (!loaded.isOk())
      return loaded.status();
    params = std::move(loaded.value());
  }
  // A training checkpoint (umc-run train) also holds the optimizer's state
  // and the loss history: not parameters, and not worth a warning.
  if (params.metadata["format"] == "umc-train-checkpoint")
    for (auto it = params.tensors.begin(); it != params.tensors.end();)
      it = it->first.rfind("optimizer/", 0) == 0 ||
                   it->first.rfind("train/", 0) == 0
               ? params.tensors.erase(it)
               : std::next(it);
  UMC_RETURN_IF_ERROR(prepareParams(module, params,
                                    path.empty() ? "the command line" : path,
                                    initMissing, seed, unused));
  return params;
}

} // namespace umc::rt
