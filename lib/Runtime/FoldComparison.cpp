#include "nn/Runtime/FoldComparison.h"

#include "nn/Dialect/NN/IR/ConstantTensor.h"
#include "nn/Dialect/NN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"

#include <cmath>
#include <random>

using namespace mlir;
using namespace mlir::nn;

namespace {
/// Unit roundoff u = 2^-p of the element type (p = significand bits).
double unitRoundoff(DType dtype) {
  switch (dtype) {
  case DType::F16:
    return std::ldexp(1.0, -11);
  case DType::F32:
    return std::ldexp(1.0, -24);
  case DType::F64:
    return std::ldexp(1.0, -53);
  }
  llvm_unreachable("unknown dtype");
}

/// The smallest normal number of the element type: below it a value keeps
/// fewer significant bits, down to none (an underflow to 0), so it is the
/// absolute part of every rounding error bound.
double smallestNormal(DType dtype) {
  switch (dtype) {
  case DType::F16:
    return std::ldexp(1.0, -14);
  case DType::F32:
    return std::ldexp(1.0, -126);
  case DType::F64:
    return std::ldexp(1.0, -1022);
  }
  llvm_unreachable("unknown dtype");
}

Type widen(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !isa<FloatType>(tensor.getElementType()))
    return type;
  return tensor.clone(Float64Type::get(type.getContext()));
}

double maxAbsDifference(llvm::ArrayRef<double> a, llvm::ArrayRef<double> b) {
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    double difference = std::fabs(a[i] - b[i]);
    // NaN compares false: make it the worst possible difference.
    if (!(difference <= worst))
      worst = std::isnan(difference) ? INFINITY : difference;
  }
  return worst;
}
} // namespace

llvm::Expected<OwningOpRef<ModuleOp>> mlir::nn::promoteToF64(ModuleOp module) {
  OwningOpRef<ModuleOp> promoted = module.clone();
  WalkResult walk = promoted->walk([&](Operation *op) -> WalkResult {
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      if (auto elements = dyn_cast<ElementsAttr>(constant.getValue());
          elements && isa<FloatType>(elements.getElementType())) {
        std::optional<FloatConstant> values =
            readFloatConstant(constant.getResult());
        if (!values)
          return constant.emitError(
              "cannot build the f64 reference: constant values unreadable");
        auto type = cast<RankedTensorType>(widen(elements.getType()));
        constant.setValueAttr(DenseElementsAttr::get(
            type, llvm::ArrayRef<double>(values->values())));
      }
    }
    if (auto function = dyn_cast<func::FuncOp>(op)) {
      FunctionType type = function.getFunctionType();
      function.setFunctionType(FunctionType::get(
          op->getContext(), llvm::map_to_vector(type.getInputs(), widen),
          llvm::map_to_vector(type.getResults(), widen)));
    }
    for (Value result : op->getResults())
      result.setType(widen(result.getType()));
    for (Region &region : op->getRegions())
      for (BlockArgument argument : region.getArguments())
        argument.setType(widen(argument.getType()));
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return llvm::createStringError("the module has an unreadable constant");
  return promoted;
}

llvm::Expected<OwningOpRef<ModuleOp>>
mlir::nn::foldBatchNormsOf(ModuleOp module) {
  OwningOpRef<ModuleOp> folded = module.clone();
  PassManager pm(module.getContext());
  pm.addPass(createFoldBatchNorm());
  if (failed(pm.run(*folded)))
    return llvm::createStringError("fold-batchnorm failed");
  return folded;
}

int64_t mlir::nn::countBatchNorms(ModuleOp module) {
  int64_t count = 0;
  module.walk([&](BatchNormOp) { ++count; });
  return count;
}

int64_t mlir::nn::countChannelOps(ModuleOp module) {
  int64_t count = 0;
  module.walk([&](Operation *op) { count += isChannelOpCandidate(op); });
  return count;
}

std::vector<HostTensor> mlir::nn::randomInputs(llvm::ArrayRef<TensorSpec> specs,
                                               uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::vector<HostTensor> inputs;
  for (const TensorSpec &spec : specs) {
    std::vector<double> values(HostTensor(spec.dtype, spec.shape).numElements());
    for (double &value : values)
      value = uniform(generator);
    inputs.push_back(HostTensor::fromDoubles(spec.dtype, spec.shape, values));
  }
  return inputs;
}

bool FoldComparison::passed() const {
  return llvm::all_of(outputs,
                      [](const OutputComparison &o) { return o.passed(); });
}

llvm::Expected<FoldComparison>
mlir::nn::compareFolded(ModuleOp unfoldedModule, JitFunction &unfolded,
                        ModuleOp foldedModule, JitFunction &folded,
                        llvm::StringRef function,
                        llvm::ArrayRef<HostTensor> inputs) {
  auto reference = promoteToF64(unfoldedModule);
  if (!reference)
    return reference.takeError();
  auto referenceJit = JitFunction::compile(**reference, function);
  if (!referenceJit)
    return referenceJit.takeError();

  std::vector<HostTensor> wideInputs;
  for (const HostTensor &input : inputs)
    wideInputs.push_back(HostTensor::fromDoubles(
        DType::F64, input.shape().vec(), input.toDoubles()));
  auto unfoldedOut = unfolded.run(inputs);
  if (!unfoldedOut)
    return unfoldedOut.takeError();
  auto foldedOut = folded.run(inputs);
  if (!foldedOut)
    return foldedOut.takeError();
  auto referenceOut = (*referenceJit)->run(wideInputs);
  if (!referenceOut)
    return referenceOut.takeError();

  FoldComparison comparison;
  comparison.batchNormsBefore = countBatchNorms(unfoldedModule);
  comparison.batchNormsAfter = countBatchNorms(foldedModule);
  comparison.channelOpsBefore = countChannelOps(unfoldedModule);
  comparison.channelOpsAfter = countChannelOps(foldedModule);
  for (size_t i = 0; i < referenceOut->size(); ++i) {
    std::vector<double> exact = (*referenceOut)[i].toDoubles();
    double scale = 0;
    for (double value : exact)
      scale = std::max(scale, std::fabs(value));
    DType dtype = (*unfoldedOut)[i].dtype();
    comparison.outputs.push_back(OutputComparison{
        (*unfoldedOut)[i].typeString(), scale,
        maxAbsDifference((*unfoldedOut)[i].toDoubles(), exact),
        maxAbsDifference((*foldedOut)[i].toDoubles(), exact),
        std::sqrt(unitRoundoff(dtype)) * scale + smallestNormal(dtype)});
  }
  return comparison;
}
