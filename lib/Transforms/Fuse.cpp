//===- Fuse.cpp - group memory-bound ops with their producers -------------===//
//
// Greedy and in program order: each op may join the fusion of the op that
// produces one of its inputs, if the policy allows it (a FusionControlFn;
// defaultFusionControl has the rules Passes.td lists) and the mechanism finds
// it legal (single use, no broadcast, dominance). Groups become umc.fusion
// regions at the end, placed where their last op was.
//
//===----------------------------------------------------------------------===//
#include "umc/Transforms/Fuse.h"
#include "umc/Transforms/Passes.h"

#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringExtras.h"

#include <deque>

namespace umc {
#define GEN_PASS_DEF_UMCFUSE
#include "umc/Transforms/Passes.h.inc"
} // namespace umc

using namespace mlir;
using namespace umc;

namespace {

bool isElementwise(Operation *op) {
  return op->hasTrait<umc::OpTrait::Elementwise>();
}
bool isActivation(Operation *op) { return isa<GeluOp, SiluOp>(op); }
bool isNorm(Operation *op) { return isa<LayerNormOp, RmsNormOp, GroupNormOp>(op); }
bool isRowNorm(Operation *op) { return isa<LayerNormOp, RmsNormOp>(op); }
bool isContraction(Operation *op) { return isa<LinearOp, MatmulOp>(op); }
bool isReduction(Operation *op) { return isNorm(op) || isa<SoftmaxOp>(op); }
bool contractsItsInputs(Operation *op) {
  return isa<LinearOp, MatmulOp, AttentionOp>(op);
}

/// An op that computes (and so could be a kernel or part of one).
bool isComputeOp(Operation *op) {
  return op && isa_and_nonnull<UmcDialect>(op->getDialect()) &&
         !isa<ReshapeOp, FusionOp, YieldOp>(op);
}

std::string nameOf(Operation *op) { return op->getName().getStringRef().str(); }

struct Group {
  SmallVector<Operation *> ops; // in program order; the last is the root
  SmallVector<std::string> rules;

  Operation *root() const { return ops.back(); }
  bool contains(Operation *op) const { return llvm::is_contained(ops, op); }
  bool hasContraction() const { return llvm::any_of(ops, isContraction); }
};

/// The mechanism: groups, legality, and umc.fusion regions; the policy is
/// the control function.
class Fuser {
public:
  Fuser(const FusionControlFn &control, bool remarks)
      : control(control), remarks(remarks) {}

  void run(func::FuncOp func) {
    for (Block &block : func.getBody())
      for (Operation &op : block)
        if (isComputeOp(&op))
          considerConsumer(&op);
    for (Group &group : groups)
      if (group.ops.size() > 1 && !isDead(group))
        materialize(group);
  }

private:
  const FusionControlFn &control;
  bool remarks;
  std::deque<Group> groups;
  DenseMap<Operation *, Group *> groupOf;

  /// Why `consumer` cannot join `producer`'s fusion under `rule`, if it
  /// cannot.
  std::optional<std::string> whyNot(Operation *producer, Operation *consumer,
                                    Value value, StringRef rule) const {
    if (groupOf.count(consumer))
      return nameOf(consumer) + " is already fused with " +
             nameOf(groupOf.lookup(consumer)->ops.front());
    SmallPtrSet<Operation *, 4> users(value.getUsers().begin(),
                                      value.getUsers().end());
    if (users.size() > 1 && rule != "residual_norm")
      return nameOf(producer) + " result has " + std::to_string(users.size()) +
             " users";
    auto produced = cast<RankedTensorType>(value.getType());
    for (Type type : consumer->getResultTypes())
      if (cast<RankedTensorType>(type).getShape() != produced.getShape())
        return nameOf(consumer) + " broadcasts the result of " +
               nameOf(producer) + ", which would be recomputed for each copy";
    if (Group *group = groupOf.lookup(producer)) {
      if (group->root() != producer)
        return nameOf(producer) + " is not the last op of its fusion";
      if (Operation *early = userBefore(*group, consumer))
        return "a user of the fusion's intermediate results (" +
               nameOf(early) + ") comes before " + nameOf(consumer);
    } else {
      // Another user of this result, or of another result of a
      // multi-result producer (the router's gates beside its ids).
      Group single;
      single.ops.push_back(producer);
      if (Operation *early = userBefore(single, consumer))
        return "a user of " + nameOf(producer) + " (" + nameOf(early) +
               ") comes before " + nameOf(consumer);
    }
    return std::nullopt;
  }

  /// An op outside `group` (other than `consumer`) that uses a value of the
  /// group and comes before `consumer`: the fusion, placed at `consumer`,
  /// would not dominate it.
  static Operation *userBefore(const Group &group, Operation *consumer) {
    Block *block = consumer->getBlock();
    for (Operation *op : group.ops)
      for (Operation *user : op->getUsers()) {
        // A user nested in a region counts where its ancestor in the block is.
        Operation *inBlock = block->findAncestorOpInBlock(*user);
        if (inBlock && inBlock != consumer && !group.contains(inBlock) &&
            inBlock->isBeforeInBlock(consumer))
          return user;
      }
    return nullptr;
  }

  void considerConsumer(Operation *consumer) {
    SmallPtrSet<Value, 4> seen;
    for (OpOperand &use : consumer->getOpOperands()) {
      if (!seen.insert(use.get()).second)
        continue; // the same value read twice, as in mul(x, x)
      Operation *producer = use.get().getDefiningOp();
      if (!isComputeOp(producer) || producer->getBlock() != consumer->getBlock())
        continue;
      Group *group = groupOf.lookup(producer);
      FusionDecision decision =
          control(producer, consumer, use.getOperandNumber(),
                  group && group->hasContraction());
      std::optional<std::string> reason;
      if (!decision.rule.empty())
        reason = whyNot(producer, consumer, use.get(), decision.rule);
      else if (!decision.reason.empty())
        reason = decision.reason;
      else
        continue;
      if (reason) {
        if (remarks)
          producer->emitRemark("not fused: ") << *reason;
        continue;
      }
      join(producer, consumer, decision.rule);
    }
  }

  void join(Operation *producer, Operation *consumer, StringRef rule) {
    Group *group = groupOf.lookup(producer);
    if (!group) {
      group = &groups.emplace_back();
      group->ops.push_back(producer);
      groupOf[producer] = group;
    }
    group->ops.push_back(consumer);
    if (!llvm::is_contained(group->rules, rule))
      group->rules.push_back(rule.str());
    groupOf[consumer] = group;
  }

  /// A chain nothing outside reads (dead code canonicalization removes):
  /// no kernel to form.
  static bool isDead(const Group &group) {
    for (Operation *op : group.ops)
      for (Operation *user : op->getUsers())
        if (!group.contains(user))
          return false;
    return true;
  }

  /// Replaces the group's ops by one umc.fusion at the root's place, which
  /// yields every value of the group used outside it.
  static void materialize(Group &group) {
    Operation *root = group.root();
    SmallVector<Value> yielded;
    SmallVector<Location> locs;
    for (Operation *op : group.ops) {
      locs.push_back(op->getLoc());
      for (Value result : op->getResults())
        if (llvm::any_of(result.getUsers(), [&](Operation *user) {
              return !group.contains(user);
            }))
          yielded.push_back(result);
    }
    OpBuilder builder(root);
    auto fusion = FusionOp::create(
        builder, FusedLoc::get(root->getContext(), locs),
        TypeRange(ValueRange(yielded)), llvm::join(group.rules, "+"));
    Block &body = fusion.getBody().front();
    for (Operation *op : group.ops)
      op->moveBefore(&body, body.end());
    builder.setInsertionPointToEnd(&body);
    YieldOp::create(builder, root->getLoc(), yielded);
    for (auto [value, result] : llvm::zip(yielded, fusion.getResults()))
      value.replaceUsesWithIf(result, [&](OpOperand &use) {
        return !fusion->isProperAncestor(use.getOwner());
      });
  }
};

struct UmcFusePass : umc::impl::UmcFuseBase<UmcFusePass> {
  using Base::Base;
  void runOnOperation() override {
    for (const std::string &rule : disabledRules)
      if (!llvm::is_contained(fusionRuleNames(), rule)) {
        getOperation().emitError("umc-fuse: there is no fusion rule '")
            << rule << "' to disable; the rules: "
            << llvm::join(fusionRuleNames(), ", ");
        return signalPassFailure();
      }
    fuse(getOperation(), withoutRules(defaultFusionControl, disabledRules),
         remarks);
  }
};

} // namespace

FusionDecision umc::defaultFusionControl(Operation *producer,
                                         Operation *consumer, unsigned operand,
                                         bool producerFusionHasContraction) {
  if (isReduction(producer) && contractsItsInputs(consumer))
    return {"", nameOf(consumer) + " would recompute the reduction of " +
                    nameOf(producer) + " for every output tile"};
  // Measured on the post-norm encoder block (1x384x768): linear + add +
  // layer_norm in one kernel ran 3x slower than the linear alone.
  if (isNorm(consumer) && producerFusionHasContraction)
    return {"", nameOf(consumer) +
                    " needs whole rows: in the kernel of a GEMM it would keep "
                    "the GEMM's columns from being split over workgroups, "
                    "and every row slice would pack the whole weight"};
  if (isRowNorm(consumer) && operand == 0) {
    if (isa<AddOp>(producer))
      return {"residual_norm", ""};
    if (isActivation(producer))
      return {"activation_norm", ""};
  }
  if (isActivation(consumer) && isNorm(producer))
    return {"norm_activation", ""};
  if (!isElementwise(consumer))
    return {"", ""};
  if (isContraction(producer) || producerFusionHasContraction)
    return {"gemm_epilogue", ""};
  return {"elementwise", ""};
}

llvm::ArrayRef<llvm::StringLiteral> umc::fusionRuleNames() {
  static constexpr llvm::StringLiteral kRules[] = {
      "norm_activation", "activation_norm", "residual_norm", "gemm_epilogue",
      "elementwise"};
  return kRules;
}

FusionControlFn umc::withoutRules(FusionControlFn control,
                                  llvm::ArrayRef<std::string> disabled) {
  if (disabled.empty())
    return control;
  std::vector<std::string> off(disabled.begin(), disabled.end());
  return [control, off](Operation *producer, Operation *consumer,
                        unsigned operand, bool producerFusionHasContraction) {
    FusionDecision decision =
        control(producer, consumer, operand, producerFusionHasContraction);
    if (!decision.rule.empty() && llvm::is_contained(off, decision.rule))
      return FusionDecision{"", "the " + decision.rule + " rule is disabled"};
    return decision;
  };
}

void umc::fuse(func::FuncOp func, const FusionControlFn &control,
               bool remarks) {
  Fuser(control, remarks).run(func);
}
