//===- ArtifactWriter.cpp - the .umcb artifact ----------------------------===//
#include "umc/Codegen/ArtifactWriter.h"

#include "umc/Codegen/Passes.h"
#include "umc/Schema/ArtifactVersion.h"
#include "umc/Schema/Checksum.h"
#include "umc/Schema/umcb_generated.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;

namespace umc {
namespace {

namespace fbs = ::umc::fb;
using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

fbs::DType dtypeOf(Type type) {
  if (type.isF32())
    return fbs::DType::f32;
  if (type.isF16())
    return fbs::DType::f16;
  if (type.isBF16())
    return fbs::DType::bf16;
  if (type.isInteger(8))
    return fbs::DType::i8;
  if (type.isInteger(32))
    return fbs::DType::i32;
  return fbs::DType::i64;
}

Offset<fbs::TensorType> tensorType(FlatBufferBuilder &fbb,
                                   RankedTensorType type) {
  std::vector<int64_t> shape(type.getShape().begin(), type.getShape().end());
  return fbs::CreateTensorTypeDirect(fbb, dtypeOf(type.getElementType()),
                                     &shape);
}

fbs::StorageKind storageOf(StorageKind kind) {
  switch (kind) {
  case StorageKind::Input:
    return fbs::StorageKind::input;
  case StorageKind::Param:
    return fbs::StorageKind::param;
  case StorageKind::Output:
    return fbs::StorageKind::output;
  case StorageKind::Arena:
    return fbs::StorageKind::arena;
  }
  return fbs::StorageKind::arena;
}

fbs::InitKind initOf(ParamInit init) {
  switch (init) {
  case ParamInit::Zeros:
    return fbs::InitKind::zeros;
  case ParamInit::Ones:
    return fbs::InitKind::ones;
  case ParamInit::Normal:
    return fbs::InitKind::normal;
  }
  return fbs::InitKind::normal;
}

Offset<fbs::Function> function(FlatBufferBuilder &fbb, const HostFunction &fn) {
  std::vector<Offset<fbs::TensorType>> inputs, outputs;
  for (RankedTensorType t : fn.inputs)
    inputs.push_back(tensorType(fbb, t));
  for (RankedTensorType t : fn.outputs)
    outputs.push_back(tensorType(fbb, t));
  std::vector<uint32_t> params(fn.params.begin(), fn.params.end());
  std::vector<Offset<fbs::View>> views;
  for (const BufferView &view : fn.views)
    views.push_back(fbs::CreateView(fbb, storageOf(view.storage), view.index,
                                    view.byteOffset,
                                    tensorType(fbb, view.type)));
  std::vector<Offset<fbs::Command>> commands;
  for (const HostCommand &command : fn.commands) {
    std::vector<uint32_t> bindings(command.bindings.begin(),
                                   command.bindings.end());
    bool dispatch = command.kind == CommandKind::Dispatch;
    commands.push_back(fbs::CreateCommandDirect(
        fbb, dispatch ? fbs::CommandKind::dispatch : fbs::CommandKind::copy,
        dispatch ? static_cast<uint32_t>(command.kernel) : 0, &bindings));
  }
  return fbs::CreateFunctionDirect(fbb, fn.name.c_str(), &inputs, &outputs,
                                   &params, &views, &commands, fn.arenaBytes);
}

Offset<fbs::CpuExecutable>
cpuExecutable(FlatBufferBuilder &fbb, const HostProgram &program,
              const CpuTarget &target,
              const std::vector<CpuKernelEntry> &entries,
              const std::vector<uint8_t> &image) {
  std::vector<Offset<fbs::Kernel>> kernels;
  for (const CpuKernelEntry &entry : entries) {
    const KernelInfo &info = program.kernels[entry.kernel];
    std::vector<Offset<fbs::SourceOp>> sourceOps;
    for (const SourceOpInfo &op : info.sourceOps)
      sourceOps.push_back(fbs::CreateSourceOpDirect(fbb, op.name.c_str(),
                                                    op.location.c_str()));
    kernels.push_back(fbs::CreateKernelDirect(
        fbb, entry.symbol.c_str(), entry.workgroups, info.numBindings,
        &sourceOps,
        info.bytesRead, info.bytesWritten, info.flops));
  }
  return fbs::CreateCpuExecutableDirect(
      fbb, "elf-x86_64-shared-object", target.triple.c_str(),
      target.cpu.c_str(), target.features.c_str(), &image, &kernels);
}

} // namespace

std::vector<CpuKernelEntry> collectCpuKernelEntries(ModuleOp module) {
  std::vector<CpuKernelEntry> entries;
  for (auto fn : module.getOps<LLVM::LLVMFuncOp>())
    if (auto grid = fn->getAttrOfType<IntegerAttr>(attrs::kWorkgroups))
      entries.push_back(
          {fn->getAttrOfType<IntegerAttr>(attrs::kKernel).getInt(),
           fn.getName().str(), grid.getInt()});
  llvm::sort(entries, [](const CpuKernelEntry &a, const CpuKernelEntry &b) {
    return a.kernel < b.kernel;
  });
  return entries;
}

std::vector<uint8_t> writeArtifact(const HostProgram &program,
                                   const CpuTarget &target,
                                   const std::vector<CpuKernelEntry> &entries,
                                   const std::vector<uint8_t> &cpuImage,
                                   const Provenance &provenance) {
  FlatBufferBuilder fbb(1 << 16);
  std::vector<Offset<fbs::Function>> functions;
  for (const HostFunction &fn : program.functions)
    functions.push_back(function(fbb, fn));
  std::vector<Offset<fbs::ParamSpec>> params;
  for (const ParamInfo &param : program.params)
    params.push_back(fbs::CreateParamSpecDirect(
        fbb, param.name.c_str(), tensorType(fbb, param.type),
        initOf(param.init), param.initStd));
  auto cpu = cpuExecutable(fbb, program, target, entries, cpuImage);
  std::vector<Offset<flatbuffers::String>> flags;
  for (const std::string &flag : provenance.flags)
    flags.push_back(fbb.CreateString(flag));
  auto origin = fbs::CreateProvenanceDirect(
      fbb, provenance.compilerVersion.c_str(), provenance.gitRevision.c_str(),
      &flags, provenance.target.c_str(), provenance.sourceName.c_str(),
      provenance.sourceSha256.c_str());
  fbs::Version version(provenance.schemaMajor, provenance.schemaMinor);
  // A placeholder that is not the default, so that the field is stored and
  // can be filled in once the bytes around it are final.
  uint64_t placeholder = ~uint64_t(0);
  auto root = fbs::CreateModuleDirect(fbb, &version, &functions, &params, cpu,
                                      origin, placeholder);
  fbs::FinishModuleBuffer(fbb, root);
  std::vector<uint8_t> bytes(fbb.GetBufferPointer(),
                             fbb.GetBufferPointer() + fbb.GetSize());

  const auto *table = reinterpret_cast<const flatbuffers::Table *>(
      fbs::GetModule(bytes.data()));
  size_t offset =
      table->GetAddressOf(fbs::Module::VT_CHECKSUM) - bytes.data();
  uint64_t checksum = artifactChecksum(bytes.data(), bytes.size(), offset);
  flatbuffers::WriteScalar(bytes.data() + offset, checksum);
  return bytes;
}

} // namespace umc
