//===- UmcAttrs.cpp - enums and attributes of umc -------------------------===//
#include "umc/Dialect/Umc/IR/UmcAttrs.h"

#include "umc/Dialect/Umc/IR/UmcDialect.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace umc;

#include "umc/Dialect/Umc/IR/UmcEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "umc/Dialect/Umc/IR/UmcAttrs.cpp.inc"

void UmcDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "umc/Dialect/Umc/IR/UmcAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// MaskAttr syntax: <kind (, key = value)*>
//===----------------------------------------------------------------------===//

static ParseResult parseIntegerList(AsmParser &parser,
                                    SmallVectorImpl<int64_t> &values) {
  return parser.parseCommaSeparatedList(
      AsmParser::Delimiter::Square, [&]() -> ParseResult {
        int64_t value;
        if (parser.parseInteger(value))
          return failure();
        values.push_back(value);
        return success();
      });
}

Attribute MaskAttr::parse(AsmParser &parser, Type) {
  SMLoc start = parser.getCurrentLocation();
  if (parser.parseLess())
    return {};
  StringRef kindName;
  SMLoc kindLoc = parser.getCurrentLocation();
  if (parser.parseKeyword(&kindName))
    return {};
  std::optional<MaskKind> kind = symbolizeMaskKind(kindName);
  if (!kind) {
    parser.emitError(kindLoc, "unknown mask kind '")
        << kindName
        << "'; expected causal, full, omni, sliding_window or block_sparse";
    return {};
  }

  int64_t window = 0, block = 0;
  SmallVector<int64_t> spans, layout;
  llvm::StringSet<> seen;
  while (succeeded(parser.parseOptionalComma())) {
    StringRef key;
    SMLoc keyLoc = parser.getCurrentLocation();
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return {};
    if (!seen.insert(key).second) {
      parser.emitError(keyLoc, "mask parameter '") << key << "' given twice";
      return {};
    }
    ParseResult parsed = failure();
    if (key == "window")
      parsed = parser.parseInteger(window);
    else if (key == "block")
      parsed = parser.parseInteger(block);
    else if (key == "spans")
      parsed = parseIntegerList(parser, spans);
    else if (key == "layout")
      parsed = parseIntegerList(parser, layout);
    else
      parser.emitError(keyLoc, "unknown mask parameter '")
          << key << "'; expected window, spans, block or layout";
    if (failed(parsed))
      return {};
  }
  if (parser.parseGreater())
    return {};
  return MaskAttr::getChecked([&] { return parser.emitError(start); },
                              parser.getContext(), *kind, window, spans, block,
                              layout);
}

void MaskAttr::print(AsmPrinter &printer) const {
  printer << "<" << stringifyMaskKind(getKind());
  if (getWindow() != 0)
    printer << ", window = " << getWindow();
  if (!getSpans().empty())
    printer << ", spans = [" << getSpans() << "]";
  if (getBlock() != 0)
    printer << ", block = " << getBlock();
  if (!getLayout().empty())
    printer << ", layout = [" << getLayout() << "]";
  printer << ">";
}

//===----------------------------------------------------------------------===//
// MaskAttr semantics
//===----------------------------------------------------------------------===//

LogicalResult MaskAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               MaskKind kind, int64_t window,
                               ArrayRef<int64_t> spans, int64_t block,
                               ArrayRef<int64_t> layout) {
  StringRef name = stringifyMaskKind(kind);
  bool isWindow = kind == MaskKind::sliding_window;
  bool isOmni = kind == MaskKind::omni;
  bool isBlock = kind == MaskKind::block_sparse;

  if (isWindow && window < 1)
    return emitError() << "mask 'sliding_window' needs 'window' >= 1, got "
                       << window;
  if (!isWindow && window != 0)
    return emitError() << "mask '" << name
                       << "' takes no 'window' (only sliding_window does)";

  if (isOmni) {
    if (spans.empty() || spans.size() % 2 != 0)
      return emitError() << "mask 'omni' needs 'spans' as [start, end) pairs, "
                            "got "
                         << spans.size() << " values";
    for (size_t i = 0; i < spans.size(); i += 2) {
      int64_t begin = spans[i], end = spans[i + 1];
      if (begin < 0 || begin >= end)
        return emitError() << "mask 'omni' span " << i / 2 << " is [" << begin
                           << ", " << end << "); it must have 0 <= start < end";
      if (i > 0 && begin < spans[i - 1])
        return emitError() << "mask 'omni' span " << i / 2
                           << " starts before span " << i / 2 - 1
                           << " ends; spans must be sorted and disjoint";
    }
  } else if (!spans.empty()) {
    return emitError() << "mask '" << name
                       << "' takes no 'spans' (only omni does)";
  }

  if (isBlock) {
    if (block < 1)
      return emitError() << "mask 'block_sparse' needs 'block' >= 1, got "
                         << block;
    if (layout.empty())
      return emitError() << "mask 'block_sparse' needs a non-empty 'layout'";
    for (int64_t v : layout)
      if (v != 0 && v != 1)
        return emitError() << "mask 'block_sparse' layout holds " << v
                           << "; only 0 and 1 are allowed";
  } else if (block != 0 || !layout.empty()) {
    return emitError() << "mask '" << name
                       << "' takes no 'block' or 'layout' (only block_sparse "
                          "does)";
  }
  return success();
}

/// Key positions are absolute; queries are the last `numQueries` of them.
static int64_t queryPosition(int64_t query, int64_t numQueries,
                             int64_t numKeys) {
  return query + numKeys - numQueries;
}

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

bool MaskAttr::isVisible(int64_t query, int64_t key, int64_t numQueries,
                         int64_t numKeys) const {
  int64_t p = queryPosition(query, numQueries, numKeys);
  switch (getKind()) {
  case MaskKind::causal:
    return key <= p;
  case MaskKind::full:
    return true;
  case MaskKind::omni: {
    if (key <= p)
      return true;
    ArrayRef<int64_t> spans = getSpans();
    for (size_t i = 0; i < spans.size(); i += 2)
      if (spans[i] <= p && p < spans[i + 1] && spans[i] <= key &&
          key < spans[i + 1])
        return true;
    return false;
  }
  case MaskKind::sliding_window:
    return key <= p && key > p - getWindow();
  case MaskKind::block_sparse: {
    int64_t blocks = ceilDiv(numKeys, getBlock());
    return getLayout()[(p / getBlock()) * blocks + key / getBlock()] != 0;
  }
  }
  return false;
}

LogicalResult
MaskAttr::verifyShapes(function_ref<InFlightDiagnostic()> emitError,
                       int64_t numQueries, int64_t numKeys,
                       bool queriesAtEnd) const {
  MaskKind kind = getKind();
  if (kind == MaskKind::full)
    return success();
  // Every other kind places the queries at the last positions of the keys.
  if (queriesAtEnd && numKeys < numQueries)
    return emitError() << "mask '" << stringifyMaskKind(kind)
                       << "' needs at least as many keys as queries, got "
                       << numQueries << " queries and " << numKeys << " keys";
  if (kind == MaskKind::omni && getSpans().back() > numKeys)
    return emitError() << "mask 'omni' span ends at " << getSpans().back()
                       << ", past the " << numKeys << " keys";
  if (kind == MaskKind::block_sparse) {
    int64_t blocks = ceilDiv(numKeys, getBlock());
    if (static_cast<int64_t>(getLayout().size()) != blocks * blocks)
      return emitError() << "mask 'block_sparse' layout has "
                         << getLayout().size() << " entries; " << numKeys
                         << " keys in blocks of " << getBlock() << " need "
                         << blocks << " x " << blocks << " = "
                         << blocks * blocks;
    int64_t firstRow = queryPosition(0, numQueries, numKeys) / getBlock();
    for (int64_t row = firstRow; queriesAtEnd && row < blocks; ++row) {
      ArrayRef<int64_t> entries = getLayout().slice(row * blocks, blocks);
      if (llvm::all_of(entries, [](int64_t v) { return v == 0; }))
        return emitError() << "mask 'block_sparse' layout row " << row
                           << " is all zeros: its queries would attend to "
                              "no key";
    }
  }
  return success();
}
