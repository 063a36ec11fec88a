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
