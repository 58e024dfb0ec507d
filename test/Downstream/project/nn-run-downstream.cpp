// Folds a module's batch norms with the public patterns, compiles the
// function as given and folded with the installed JIT, runs both on
// x[0] = 0, 1, 2, ... and x[1] = 0.5, and prints each output's values.
#include "nn/Dialect/NN/IR/BatchNormFolding.h"
#include "nn/Dialect/NN/IR/NNOps.h"
#include "nn/InitAllNN.h"
#include "nn/Runtime/JitFunction.h"

#include "mlir/Parser/Parser.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

namespace {
/// Compiles and runs `function` of `module`; prints its output's values,
/// or the error.
bool runAndPrint(mlir::ModuleOp module, llvm::StringRef function,
                 llvm::StringRef label) {
  // Two threads run the parallel loops; one generates the code, whole.
  mlir::nn::JitOptions options;
  options.threads = 2;
  options.codegenThreads = 1;
  auto jit = mlir::nn::JitFunction::compile(module, function, options);
  if (!jit) {
    llvm::errs() << label << ": " << llvm::toString(jit.takeError()) << "\n";
    return false;
  }
  const mlir::nn::TensorSpec &spec = (*jit)->inputs().front();
  int64_t count = mlir::ShapedType::getNumElements(spec.shape);
  std::vector<double> values(count, 0.5);
  for (int64_t i = 0; i < count / 2; ++i)
    values[i] = i;
  auto outputs = (*jit)->run(
      {mlir::nn::HostTensor::fromDoubles(spec.dtype, spec.shape, values)});
  if (!outputs) {
    llvm::errs() << label << ": " << llvm::toString(outputs.takeError())
                 << "\n";
    return false;
  }
  int batchNorms = 0;
  module.walk([&](mlir::nn::BatchNormOp) { ++batchNorms; });
  llvm::outs() << label << " (" << batchNorms << " batch_norm):";
  for (double value : outputs->front().toDoubles())
    llvm::outs() << llvm::format(" %g", value);
  llvm::outs() << "\n";
  return true;
}
} // namespace

int main(int argc, char **argv) {
  if (argc != 3) {
    llvm::errs() << "usage: nn-run-downstream <file.mlir> <function>\n";
    return 2;
  }
  mlir::DialectRegistry registry;
  mlir::nn::registerNNDialects(registry);
  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(argv[1], &context);
  if (!module)
    return 1;
  mlir::OwningOpRef<mlir::ModuleOp> folded = module->clone();
  mlir::RewritePatternSet patterns(&context);
  mlir::nn::populateFoldBatchNormPatterns(patterns);
  if (mlir::failed(mlir::applyPatternsGreedily(*folded, std::move(patterns))))
    return 1;
  bool ran = runAndPrint(*module, argv[2], "as given") &&
             runAndPrint(*folded, argv[2], "folded");
  return ran ? 0 : 1;
}
