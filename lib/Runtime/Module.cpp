//===- Module.cpp - an artifact, decoded ----------------------------------===//
#include "umc/Runtime/Module.h"

namespace umc::rt {

const char *opcodeName(Opcode opcode) {
  switch (opcode) {
  case Opcode::Dispatch:
    return "dispatch";
  case Opcode::Copy:
    return "copy";
  case Opcode::Fill:
    return "fill";
  case Opcode::Constant:
    return "constant";
  case Opcode::Load:
    return "load";
  case Opcode::Store:
    return "store";
  case Opcode::Unary:
    return "unary";
  case Opcode::Binary:
    return "binary";
  case Opcode::Select:
    return "select";
  case Opcode::Branch:
    return "branch";
  case Opcode::CondBranch:
    return "cond_branch";
  case Opcode::Return:
    return "return";
  }
  return "unknown";
}

unsigned widthOf(ScalarType type) {
  switch (type) {
  case ScalarType::i1:
    return 1;
  case ScalarType::i8:
    return 8;
  case ScalarType::f16:
  case ScalarType::bf16:
    return 16;
  case ScalarType::i32:
  case ScalarType::f32:
    return 32;
  case ScalarType::i64:
  case ScalarType::f64:
    return 64;
  }
  return 64;
}

ScalarType registerTypeOf(DType dtype) {
  switch (dtype) {
  case DType::f32:
    return ScalarType::f32;
  case DType::f16:
    return ScalarType::f16;
  case DType::bf16:
    return ScalarType::bf16;
  case DType::i8:
    return ScalarType::i8;
  case DType::i32:
    return ScalarType::i32;
  case DType::i64:
    return ScalarType::i64;
  }
  return ScalarType::i64;
}

std::string Function::signature() const {
  std::string s;
  for (size_t i = 0; i < inputs.size(); ++i)
    s += (i ? ", " : "") + inputs[i].describe();
  return s;
}

std::string Kernel::describe() const {
  std::string s = name;
  for (const SourceOp &op : sourceOps)
    s += " (" + op.name + " at " + op.location + ")";
  return s;
}

} // namespace umc::rt
