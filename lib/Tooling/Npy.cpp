//===- Npy.cpp - numpy .npy files -----------------------------------------===//
//
// The format (numpy's NEP 1): the magic "\x93NUMPY", a major and a minor
// version byte, the header length (2 bytes little-endian in 1.0, 4 bytes in
// 2.0 and 3.0), then the header, a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// padded with spaces and a newline, and finally the raw array data.
//
// numpy has no bfloat16. ml_dtypes (JAX's numpy types) registers one of kind
// 'V', so np.save writes a bfloat16 array with the descr '<V2' and np.load
// gives it back as raw 2-byte voids, which .view(ml_dtypes.bfloat16) makes
// bfloat16 again. That is what we write for bf16, and a 2-byte void ('<V2'
// or '|V2') is what we read as bf16; so is the descr 'bfloat16', which
// writers that record str(dtype) use.
//
//===----------------------------------------------------------------------===//
#include "umc/Tooling/Npy.h"

#include "umc/Runtime/FileIO.h"

#include <cstring>
#include <new>
#include <optional>
#include <string_view>
#include <utility>

namespace umc::rt {
namespace {

constexpr std::string_view kMagic = "\x93NUMPY";
/// numpy aligns the data to this many bytes so that it can be memory-mapped.
constexpr size_t kAlignment = 64;
/// np.save leaves room for this many digits in the first dimension so that a
/// file can grow in place; we pad the same way to write identical bytes.
constexpr size_t kGrowthDigits = 21;
/// Far beyond any real header (np.load refuses more than 10000 by default),
/// and a bound on what parsing a hostile one costs.
constexpr size_t kMaxHeaderLength = 1 << 20;
/// Deep enough for any real header, shallow enough that a hostile one cannot
/// overflow the stack of the recursive literal parser.
constexpr int kMaxNesting = 32;

//===----------------------------------------------------------------------===//
// Dtypes and shapes
//===----------------------------------------------------------------------===//

struct NpyType {
  const char *code; ///< The descr without its byte-order character.
  DType dtype;
};

constexpr NpyType kTypes[] = {{"f4", DType::f32},
                              {"f2", DType::f16},
                              {"V2", DType::bf16},
                              {"i1", DType::i8},
                              {"i4", DType::i32},
                              {"i8", DType::i64}};

constexpr const char *kSupportedDescrs =
    "<f4, <f2, <V2 (bfloat16, as ml_dtypes saves it), |i1, <i4 and <i8";

/// The descr np.save writes for `dtype` (ml_dtypes' for bf16).
std::string descrOf(DType dtype) {
  for (const NpyType &t : kTypes)
    if (t.dtype == dtype)
      return (dtypeSize(dtype) == 1 ? "|" : "<") + std::string(t.code);
  return "?";
}

Result<DType> dtypeFromDescr(const std::string &descr) {
  if (descr == "bfloat16")
    return DType::bf16;
  const NpyType *type = nullptr;
  if (!descr.empty())
    for (const NpyType &t : kTypes)
      if (descr.substr(1) == t.code)
        type = &t;
  if (!type || std::string_view("<>=|").find(descr[0]) == std::string::npos)
    return Status::error("unsupported dtype '" + descr + "'; expected one of " +
                         kSupportedDescrs);
  // Byte order means nothing for one-byte types, whatever the file says.
  if (descr[0] == '>' && type->dtype == DType::bf16)
    return Status::error("dtype '" + descr +
                         "' is big-endian bfloat16; only little-endian data "
                         "is supported");
  if (descr[0] == '>' && dtypeSize(type->dtype) > 1)
    return Status::error("dtype '" + descr +
                         "' is big-endian; only little-endian data is "
                         "supported (convert with arr.astype('<" +
                         type->code + "'))");
  return type->dtype;
}

/// A shape the way Python prints a tuple: "()", "(3,)", "(2, 3)".
std::string formatShape(const std::vector<int64_t> &shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
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

//===----------------------------------------------------------------------===//
// The header: a Python literal
//===----------------------------------------------------------------------===//

/// The subset of Python literals an npy header can hold.
struct PyValue {
  enum class Kind { String, Int, Bool, Tuple, List } kind;
  std::string string;
  int64_t integer = 0;
  bool boolean = false;
  std::vector<PyValue> items;
};

using PyDict = std::vector<std::pair<std::string, PyValue>>;

/// What ast.literal_eval would accept for an npy header, without escape
/// sequences in strings (no dtype descr needs one).
class LiteralParser {
public:
  explicit LiteralParser(std::string_view text) : text_(text) {}

  Result<PyDict> parseDict() {
    PyDict dict;
    if (!consumeToken('{'))
      return error("expected '{'");
    while (!consumeToken('}')) {
      PyValue key, value;
      UMC_RETURN_IF_ERROR(parseValue(key, 1));
      if (key.kind != PyValue::Kind::String)
        return error("keys must be strings");
      if (!consumeToken(':'))
        return error("expected ':'");
      UMC_RETURN_IF_ERROR(parseValue(value, 1));
      dict.emplace_back(std::move(key.string), std::move(value));
      if (peekToken() != '}' && !consumeToken(','))
        return error("expected ',' or '}'");
    }
    skipSpace();
    if (pos_ != text_.size())
      return error("unexpected text after the closing '}'");
    return dict;
  }

private:
  Status parseValue(PyValue &value, int depth) {
    if (depth > kMaxNesting)
      return error("too deeply nested");
    char c = peekToken();
    if (c == '\'' || c == '"')
      return parseString(value);
    if (c == '-' || (c >= '0' && c <= '9'))
      return parseInt(value);
    if (c == '(' || c == '[')
      return parseSequence(value, depth);
    for (bool b : {true, false})
      if (consumeWord(b ? "True" : "False")) {
        value.kind = PyValue::Kind::Bool;
        value.boolean = b;
        return Status::ok();
      }
    return error("expected a string, integer, True, False, tuple or list");
  }

  Status parseString(PyValue &value) {
    char quote = text_[pos_++];
    size_t end = text_.find_first_of(std::string{quote, '\\', '\n'}, pos_);
    if (end == std::string_view::npos || text_[end] != quote)
      return error(end != std::string_view::npos && text_[end] == '\\'
                       ? "escape sequences in strings are not supported"
                       : "unterminated string");
    value.kind = PyValue::Kind::String;
    value.string = std::string(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return Status::ok();
  }

  Status parseInt(PyValue &value) {
    size_t start = pos_;
    bool negative = consume('-');
    if (!isDigit(peek()))
      return error("expected a digit");
    int64_t n = 0;
    while (isDigit(peek())) {
      int digit = text_[pos_++] - '0';
      // Accumulate negatively: the range of int64_t is wider on that side.
      if (__builtin_mul_overflow(n, 10, &n) ||
          __builtin_sub_overflow(n, digit, &n))
        return errorAt(start, "integer does not fit in 64 bits");
    }
    if (!negative && __builtin_sub_overflow(int64_t{0}, n, &n))
      return errorAt(start, "integer does not fit in 64 bits");
    value.kind = PyValue::Kind::Int;
    value.integer = n;
    return Status::ok();
  }

  /// A tuple "(a, b)" or a list "[a, b]". As in Python, "(a)" is just `a`.
  Status parseSequence(PyValue &value, int depth) {
    char close = text_[pos_++] == '(' ? ')' : ']';
    value.kind = close == ')' ? PyValue::Kind::Tuple : PyValue::Kind::List;
    bool sawComma = false;
    while (!consumeToken(close)) {
      value.items.emplace_back();
      UMC_RETURN_IF_ERROR(parseValue(value.items.back(), depth + 1));
      if (peekToken() == close)
        continue;
      if (!consumeToken(','))
        return error(std::string("expected ',' or '") + close + "'");
      sawComma = true;
    }
    if (close == ')' && value.items.size() == 1 && !sawComma) {
      PyValue inner = std::move(value.items.front());
      value = std::move(inner);
    }
    return Status::ok();
  }

  static bool isDigit(char c) { return c >= '0' && c <= '9'; }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  bool consume(char c) {
    if (peek() != c)
      return false;
    ++pos_;
    return true;
  }

  bool consumeWord(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word)
      return false;
    pos_ += word.size();
    return true;
  }

  void skipSpace() {
    while (pos_ < text_.size() && std::string_view(" \t\r\n").find(
                                      text_[pos_]) != std::string_view::npos)
      ++pos_;
  }

  /// peek and consume for the punctuation between values, which Python lets
  /// whitespace surround.
  char peekToken() {
    skipSpace();
    return peek();
  }
  bool consumeToken(char c) {
    skipSpace();
    return consume(c);
  }

  Status error(const std::string &what) const { return errorAt(pos_, what); }

  /// Shows where parsing stopped, with non-printable bytes masked so that the
  /// message stays readable on a terminal.
  Status errorAt(size_t pos, const std::string &what) const {
    std::string near(text_.substr(pos, 20));
    for (char &c : near)
      if (c < ' ' || c > '~')
        c = '?';
    return Status::error(
        "header is not a valid Python dict literal: " + what + " at offset " +
        std::to_string(pos) +
        (near.empty() ? " (end of header)" : " (near \"" + near + "\")"));
  }

  std::string_view text_;
  size_t pos_ = 0;
};

struct Header {
  std::string descr;
  DType dtype;
  std::vector<int64_t> shape;
};

Result<std::vector<int64_t>> shapeFromValue(const PyValue &value) {
  std::vector<int64_t> shape;
  bool isTuple = value.kind == PyValue::Kind::Tuple;
  for (const PyValue &item : value.items) {
    isTuple &= item.kind == PyValue::Kind::Int;
    shape.push_back(item.integer);
  }
  if (!isTuple)
    return Status::error("shape must be a tuple of integers such as (2, 3)");
  for (int64_t dim : shape)
    if (dim < 0)
      return Status::error("shape " + formatShape(shape) +
                           " has a negative dimension");
  return shape;
}

/// Checks the dict numpy expects, key by key, as np.load does.
Result<Header> headerFromDict(const PyDict &dict) {
  const PyValue *descr = nullptr, *fortranOrder = nullptr, *shape = nullptr;
  for (const auto &[key, value] : dict) {
    const PyValue **slot = key == "descr"           ? &descr
                           : key == "fortran_order" ? &fortranOrder
                           : key == "shape"         ? &shape
                                                    : nullptr;
    if (!slot)
      return Status::error("header has unexpected key '" + key +
                           "'; expected only 'descr', 'fortran_order' and "
                           "'shape'");
    if (*slot)
      return Status::error("header has key '" + key + "' twice");
    *slot = &value;
  }
  const char *missing = !descr          ? "descr"
                        : !fortranOrder ? "fortran_order"
                        : !shape        ? "shape"
                                        : nullptr;
  if (missing)
    return Status::error(std::string("header has no '") + missing + "' key");

  if (descr->kind != PyValue::Kind::String)
    return Status::error("descr must be a string such as '<f4'; structured "
                         "dtypes are not supported");
  if (fortranOrder->kind != PyValue::Kind::Bool)
    return Status::error("fortran_order must be True or False");
  if (fortranOrder->boolean)
    return Status::error("fortran_order is True; only C-order (row-major) "
                         "arrays are supported (save np.ascontiguousarray(a) "
                         "instead)");

  Header header;
  header.descr = descr->string;
  Result<DType> dtype = dtypeFromDescr(header.descr);
  if (!dtype.isOk())
    return dtype.status();
  header.dtype = *dtype;
  Result<std::vector<int64_t>> dims = shapeFromValue(*shape);
  if (!dims.isOk())
    return dims.status();
  header.shape = std::move(*dims);
  return header;
}

//===----------------------------------------------------------------------===//
// Reading and writing
//===----------------------------------------------------------------------===//

uint32_t readLittleEndian(const uint8_t *bytes, size_t count) {
  uint32_t value = 0;
  for (size_t i = count; i-- > 0;)
    value = value << 8 | bytes[i];
  return value;
}

/// The npy file for `tensor`, or why there can be none.
Result<std::vector<uint8_t>> encode(const Tensor &tensor) {
  std::string descr = descrOf(tensor.dtype);
  for (int64_t dim : tensor.shape)
    if (dim < 0)
      return Status::error("tensor " + tensor.describe() +
                           " has a negative dimension");
  std::optional<uint64_t> size =
      byteSize(tensor.shape, dtypeSize(tensor.dtype));
  if (!size || *size != tensor.bytes.size())
    return Status::error("tensor " + tensor.describe() + " holds " +
                         std::to_string(tensor.bytes.size()) +
                         " bytes of data, which does not match its shape");

  std::string dict =
      "{'descr': '" + descr +
      "', 'fortran_order': False, 'shape': " + formatShape(tensor.shape) +
      ", }";
  if (!tensor.shape.empty())
    dict.append(kGrowthDigits - std::to_string(tensor.shape[0]).size(), ' ');

  // Like np.save: 1.0 unless the header needs more than 1.0's 16-bit length,
  // and a whole block of padding when the header happens to end aligned.
  auto paddedLength = [&](size_t prefix) {
    size_t unpadded = prefix + dict.size() + 1;
    return dict.size() + 1 + kAlignment - unpadded % kAlignment;
  };
  size_t lengthBytes = paddedLength(10) <= 0xffff ? 2 : 4;
  size_t headerLength = paddedLength(8 + lengthBytes);
  dict.resize(headerLength - 1, ' ');
  dict += '\n';

  std::vector<uint8_t> out(kMagic.begin(), kMagic.end());
  out.push_back(lengthBytes == 2 ? 1 : 2);
  out.push_back(0);
  for (size_t i = 0; i < lengthBytes; ++i)
    out.push_back(static_cast<uint8_t>(headerLength >> (8 * i)));
  out.insert(out.end(), dict.begin(), dict.end());
  out.insert(out.end(), tensor.bytes.begin(), tensor.bytes.end());
  return out;
}

} // namespace

Result<Tensor> parseNpy(const uint8_t *data, size_t size) {
  if (size < kMagic.size() ||
      std::memcmp(data, kMagic.data(), kMagic.size()) != 0)
    return Status::error("not an npy file: it does not start with the magic "
                         "string \"\\x93NUMPY\"");
  if (size < 8)
    return Status::error("file ends inside the npy preamble");
  uint8_t major = data[6], minor = data[7];
  if (major < 1 || major > 3 || minor != 0)
    return Status::error("unsupported npy format version " +
                         std::to_string(major) + "." + std::to_string(minor) +
                         "; expected 1.0, 2.0 or 3.0");
  size_t lengthBytes = major == 1 ? 2 : 4;
  size_t prefix = 8 + lengthBytes;
  if (size < prefix)
    return Status::error("file ends inside the npy preamble");
  size_t headerLength = readLittleEndian(data + 8, lengthBytes);
  if (headerLength > kMaxHeaderLength)
    return Status::error("header is " + std::to_string(headerLength) +
                         " bytes long; at most " +
                         std::to_string(kMaxHeaderLength) + " are supported");
  if (headerLength > size - prefix)
    return Status::error("header claims " + std::to_string(headerLength) +
                         " bytes but the file has only " +
                         std::to_string(size - prefix) + " after the preamble");

  std::string_view text(reinterpret_cast<const char *>(data + prefix),
                        headerLength);
  Result<PyDict> dict = LiteralParser(text).parseDict();
  if (!dict.isOk())
    return dict.status();
  Result<Header> header = headerFromDict(*dict);
  if (!header.isOk())
    return header.status();

  std::string type =
      "shape " + formatShape(header->shape) + " of " + header->descr;
  std::optional<uint64_t> needed =
      byteSize(header->shape, dtypeSize(header->dtype));
  if (!needed)
    return Status::error(type + " is too large");
  size_t present = size - prefix - headerLength;
  if (*needed != present)
    return Status::error("data has " + std::to_string(present) + " bytes, " +
                         type + " needs " + std::to_string(*needed));

  Tensor tensor;
  tensor.dtype = header->dtype;
  tensor.shape = std::move(header->shape);
  try {
    tensor.bytes.assign(data + prefix + headerLength, data + size);
  } catch (const std::bad_alloc &) {
    return Status::error("not enough memory for " + std::to_string(present) +
                         " bytes of data");
  }
  return tensor;
}

Result<Tensor> readNpy(const std::string &path, uint64_t maxBytes) {
  Result<std::vector<uint8_t>> bytes =
      readFileLimited(path, maxBytes, "an npy file");
  if (!bytes.isOk())
    return bytes.status();
  Result<Tensor> tensor = parseNpy(bytes->data(), bytes->size());
  if (!tensor.isOk())
    return tensor.status().withContext(path);
  return tensor;
}

std::vector<uint8_t> serializeNpy(const Tensor &tensor) {
  Result<std::vector<uint8_t>> bytes = encode(tensor);
  return bytes.isOk() ? std::move(*bytes) : std::vector<uint8_t>();
}

Status writeNpy(const std::string &path, const Tensor &tensor) {
  Result<std::vector<uint8_t>> bytes = encode(tensor);
  if (!bytes.isOk())
    return bytes.status().withContext(path);
  return writeFileAtomically(path, bytes->data(), bytes->size());
}

} // namespace umc::rt
