//===- nn-opt.cpp - mlir-opt for nn modules -------------------------------===//

#include "nn/InitAllNN.h"
#include "nn/Support/NestingDepth.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::nn::registerNNDialects(registry);
  mlir::nn::registerAllNNPasses();
  // Generic passes a pipeline around fold-batchnorm needs (canonicalize, cse).
  mlir::registerTransformsPasses();
  auto [inputFilename, outputFilename] = mlir::registerAndParseCLIOptions(
      argc, argv, "nn-mlir optimizer driver\n", registry);
  // A file nested too deep for MLIR's parser is refused before it is parsed
  // (standard input is not: reading it here would consume it); anything
  // unreadable is left to MlirOptMain to report.
  if (inputFilename != "-")
    if (auto input = llvm::MemoryBuffer::getFile(inputFilename))
      if (auto tooDeep = mlir::nn::checkNestingDepth((*input)->getBuffer(),
                                                     inputFilename)) {
        llvm::errs() << *tooDeep << "\n";
        return 1;
      }
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, inputFilename, outputFilename, registry));
}
