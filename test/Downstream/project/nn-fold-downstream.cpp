// Parses a module, folds batch_norm with the public patterns inside this
// tool's own greedy rewrite, and prints the result.
#include "nn/Dialect/NN/IR/BatchNormFolding.h"
#include "nn/Dialect/NN/IR/NNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    llvm::errs() << "usage: nn-fold-downstream <file.mlir>\n";
    return 2;
  }
  mlir::DialectRegistry registry;
  registry.insert<mlir::nn::NNDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect>();
  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(argv[1], &context);
  if (!module)
    return 1;
  mlir::RewritePatternSet patterns(&context);
  mlir::nn::populateFoldBatchNormPatterns(patterns);
  if (mlir::failed(mlir::applyPatternsGreedily(*module, std::move(patterns))))
    return 1;
  module->print(llvm::outs());
  return 0;
}
