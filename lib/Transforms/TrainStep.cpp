//===- TrainStep.cpp - a compiled AdamW training step per loss ------------===//
//
// For each function marked umc.loss, builds `<name>_train_step`: the loss
// and its gradients (a call of `<name>_grad`, which umc-autodiff made),
// global-norm clipping, the learning-rate schedule and the AdamW update of
// every parameter. Parameters, the two moments and the step counter are
// module state, so the step updates them in place and a program keeps them
// between calls; the parameters are the same buffers every other entry
// point reads (a parameter state, `umc.param` on the global).
//
//===----------------------------------------------------------------------===//
#include "umc/Transforms/Passes.h"
#include "umc/Transforms/LossFunctions.h"

#include "umc/Dialect/Umc/IR/UmcAttrNames.h"
#include "umc/Dialect/Umc/IR/UmcBuilders.h"
#include "umc/Dialect/Umc/IR/UmcDialect.h"
#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"

#include "llvm/Support/MathExtras.h"

namespace umc {
#define GEN_PASS_DEF_UMCTRAINSTEP
#include "umc/Transforms/Passes.h.inc"
} // namespace umc

using namespace mlir;
using namespace umc;

namespace {

/// Arithmetic on scalar (rank-0) and broadcast tensors, as umc ops.
struct Math {
  OpBuilder &b;
  Location loc;
  Type element;

  Value constant(double v) const { return scalarConstant(b, loc, element, v); }
  Value add(Value x, Value y) const { return AddOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) const { return SubOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) const { return MulOp::create(b, loc, x, y); }
  Value div(Value x, Value y) const { return DivOp::create(b, loc, x, y); }
  Value max(Value x, Value y) const { return MaximumOp::create(b, loc, x, y); }
  Value min(Value x, Value y) const { return MinimumOp::create(b, loc, x, y); }
  Value sqrt(Value x) const { return SqrtOp::create(b, loc, x); }
  /// x > y ? then : otherwise.
  Value select(ComparePredicate predicate, Value x, Value y, Value then,
               Value otherwise) const {
    Value condition = CompareOp::create(b, loc, predicate, x, y);
    return WhereOp::create(b, loc, condition, then, otherwise);
  }
  /// The sum of every element of `x`, a scalar.
  Value sumAll(Value x) const {
    auto type = cast<RankedTensorType>(x.getType());
    if (type.getRank() != 1)
      x = ReshapeOp::create(b, loc, type.clone({type.getNumElements()}), x);
    return SumOp::create(b, loc, x, b.getI64IntegerAttr(0), UnitAttr());
  }
};

class TrainStepBuilder {
public:
  TrainStepBuilder(ModuleOp module, func::FuncOp loss, func::FuncOp gradient)
      : module(module), loss(loss), gradient(gradient) {}

  LogicalResult build() {
    std::string name = (loss.getSymName() + "_train_step").str();
    if (module.lookupSymbol(name))
      return loss.emitError("umc-train-step would name the training step of '")
             << loss.getSymName() << "' '" << name
             << "', but the module already has a symbol of that name";
    MLIRContext *context = module.getContext();
    OpBuilder b(context);
    Location loc = loss.getLoc();
    auto lossType = cast<RankedTensorType>(loss.getResultTypes().front());
    Type element = lossType.getElementType();
    auto scalarType = RankedTensorType::get({}, element);

    // Inputs: the loss function's data, then the hyper-parameters.
    SmallVector<Type> inputTypes;
    SmallVector<DictionaryAttr> inputAttrs;
    SmallVector<unsigned> dataArgs, paramArgs;
    for (BlockArgument arg : loss.getArguments()) {
      unsigned i = arg.getArgNumber();
      if (loss.getArgAttr(i, UmcDialect::kParamAttrName)) {
        paramArgs.push_back(i);
        continue;
      }
      dataArgs.push_back(i);
      inputTypes.push_back(arg.getType());
      inputAttrs.push_back(loss.getArgAttrDict(i));
    }
    for (StringRef hyper : kHyperParameters) {
      inputTypes.push_back(scalarType);
      inputAttrs.push_back(b.getDictionaryAttr(
          b.getNamedAttr(attrs::kInput, b.getStringAttr(hyper))));
    }
    // Results: the loss function's, then the gradient norm and the rate.
    SmallVector<Type> resultTypes(loss.getResultTypes());
    resultTypes.append({scalarType, scalarType});

    // State: each parameter, its two moments, and the step counter.
    b.setInsertionPoint(loss);
    auto stateOf = [&](const Twine &stateName, Type type) {
      auto tensor = cast<RankedTensorType>(type);
      return ml_program::GlobalOp::create(
          b, loc, stateName.str(), tensor,
          /*is_mutable=*/true, zerosAttr(tensor), b.getStringAttr("private"));
    };
    struct ParamState {
      ml_program::GlobalOp param, m, v;
    };
    SmallVector<ParamState> states;
    for (unsigned i : paramArgs) {
      StringRef paramName =
          loss.getArgAttrOfType<StringAttr>(i, UmcDialect::kParamAttrName)
              .getValue();
      Type type = loss.getArgument(i).getType();
      ParamState state{stateOf("param." + paramName, type),
                       stateOf("adam.m." + paramName, type),
                       stateOf("adam.v." + paramName, type)};
      state.param->setAttr(UmcDialect::kParamAttrName,
                           b.getStringAttr(paramName));
      states.push_back(state);
    }
    ml_program::GlobalOp stepState = stateOf("adam.step", scalarType);

    b.setInsertionPointAfter(gradient);
    auto step = func::FuncOp::create(
        b, loc, name, b.getFunctionType(inputTypes, resultTypes));
    step.setAllArgAttrs(inputAttrs);
    step->setAttr(attrs::kRole, b.getStringAttr("train.step"));
    Block *body = step.addEntryBlock();
    b.setInsertionPointToStart(body);
    Math m{b, loc, element};
    auto load = [&](ml_program::GlobalOp global) -> Value {
      return ml_program::GlobalLoadOp::create(
          b, loc, global.getType(),
          SymbolRefAttr::get(global.getSymNameAttr()));
    };
    auto store = [&](ml_program::GlobalOp global, Value value) {
      ml_program::GlobalStoreOp::create(
          b, loc, SymbolRefAttr::get(global.getSymNameAttr()), value);
    };
    auto hyper = [&](StringRef hyperName) -> Value {
      size_t index = llvm::find(kHyperParameters, hyperName) -
                     std::begin(kHyperParameters);
      return body->getArgument(dataArgs.size() + index);
    };

    // The loss and the gradients at the current parameters.
    SmallVector<Value> callArgs(loss.getNumArguments());
    for (auto [input, argIndex] : llvm::enumerate(dataArgs))
      callArgs[argIndex] = body->getArgument(input);
    SmallVector<Value> params;
    for (auto [argIndex, state] : llvm::zip(paramArgs, states)) {
      params.push_back(load(state.param));
      callArgs[argIndex] = params.back();
    }
    auto call = func::CallOp::create(b, loc, gradient, callArgs);
    unsigned numResults = loss.getNumResults();
    ValueRange results = call.getResults().take_front(numResults);
    ValueRange gradients = call.getResults().drop_front(numResults);

    // The step counter t, from 1.
    Value t = m.add(load(stepState), m.constant(1));
    store(stepState, t);

    // Global-norm clipping (torch.nn.utils.clip_grad_norm_): every gradient
    // times min(1, clip / (norm + 1e-6)), or 1 when clip <= 0.
    Value squares;
    for (Value g : gradients) {
      Value s = m.sumAll(m.mul(g, g));
      squares = squares ? m.add(squares, s) : s;
    }
    Value norm = m.sqrt(squares);
    Value clip = hyper("clip_norm");
    Value zero = m.constant(0), one = m.constant(1);
    Value clipScale =
        m.select(ComparePredicate::gt, clip, zero,
                 m.min(one, m.div(clip, m.add(norm, m.constant(1e-6)))), one);

    // Learning rate: linear warm-up to `lr` over `warmup_steps`, then a
    // cosine from `lr` to `lr * min_lr_ratio` at `total_steps`.
    Value lr = hyper("lr"), warmup = hyper("warmup_steps");
    Value warm = m.div(m.mul(lr, t), m.max(warmup, one));
    Value progress =
        m.min(one, m.div(m.max(m.sub(t, warmup), zero),
                         m.max(m.sub(hyper("total_steps"), warmup), one)));
    Value cosine = m.mul(
        m.constant(0.5),
        m.add(one,
              CosOp::create(b, loc,
                            m.mul(progress, m.constant(llvm::numbers::pi)))));
    Value minRatio = hyper("min_lr_ratio");
    Value decayed =
        m.mul(lr, m.add(minRatio, m.mul(m.sub(one, minRatio), cosine)));
    Value rate = m.select(ComparePredicate::le, t, warmup, warm, decayed);

    // AdamW (torch.optim.AdamW): decoupled decay, bias-corrected moments.
    Value beta1 = hyper("beta1"), beta2 = hyper("beta2");
    auto correction = [&](Value beta) {
      // 1 - beta^t as 1 - exp(t log beta); beta = 0 gives 1.
      return m.sub(
          one, ExpOp::create(b, loc, m.mul(t, LogOp::create(b, loc, beta))));
    };
    Value stepSize = m.div(rate, correction(beta1));
    Value rootCorrection2 = m.sqrt(correction(beta2));
    Value decay = m.sub(one, m.mul(rate, hyper("weight_decay")));
    Value eps = hyper("eps");
    for (auto [state, param, g] : llvm::zip(states, params, gradients)) {
      Value clipped = m.mul(g, clipScale);
      Value m1 =
          m.add(m.mul(load(state.m), beta1), m.mul(clipped, m.sub(one, beta1)));
      Value m2 = m.add(m.mul(load(state.v), beta2),
                       m.mul(m.mul(clipped, clipped), m.sub(one, beta2)));
      Value denominator = m.add(m.div(m.sqrt(m2), rootCorrection2), eps);
      Value updated =
          m.sub(m.mul(param, decay), m.mul(stepSize, m.div(m1, denominator)));
      store(state.m, m1);
      store(state.v, m2);
      store(state.param, updated);
    }

    SmallVector<Value> returned(results);
    returned.append({norm, rate});
    func::ReturnOp::create(b, loc, returned);
    // The step holds the gradient computation; once inlined into it, the
    // gradient function is dropped rather than compiled a second time.
    gradient.setPrivate();
    return success();
  }

  /// The step's hyper-parameter inputs, scalars in this order after the data
  /// (docs/training.md): a driver feeds them by these names.
  static constexpr llvm::StringLiteral kHyperParameters[] = {
      "lr",    "warmup_steps", "total_steps",  "min_lr_ratio", "beta1",
      "beta2", "eps",          "weight_decay", "clip_norm"};

private:
  static Attribute zerosAttr(RankedTensorType type) {
    Type element = type.getElementType();
    if (isa<FloatType>(element))
      return DenseElementsAttr::get(type, FloatAttr::get(element, 0.0));
    return DenseElementsAttr::get(type, IntegerAttr::get(element, 0));
  }

  ModuleOp module;
  func::FuncOp loss, gradient;
};

struct UmcTrainStepPass : umc::impl::UmcTrainStepBase<UmcTrainStepPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (func::FuncOp loss : lossFunctions(module)) {
      auto gradient = module.lookupSymbol<func::FuncOp>(
          (loss.getSymName() + "_grad").str());
      if (!gradient) {
        loss.emitError("umc-train-step needs the gradient function '")
            << loss.getSymName() << "_grad'; run umc-autodiff first";
        return signalPassFailure();
      }
      if (failed(TrainStepBuilder(module, loss, gradient).build()))
        return signalPassFailure();
    }
  }
};

} // namespace
