//===- nn-opt.cpp - mlir-opt for nn modules -------------------------------===//

#include "nn/InitAllNN.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::nn::registerNNDialects(registry);
  mlir::nn::registerAllNNPasses();
  // Generic passes a pipeline around fold-batchnorm needs (canonicalize, cse).
  mlir::registerTransformsPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "nn-mlir optimizer driver\n", registry));
}
