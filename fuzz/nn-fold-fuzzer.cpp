//===- nn-fold-fuzzer.cpp - fold-batchnorm on arbitrary valid modules -----===//
//
// Every input that parses as a valid module goes through fold-batchnorm with
// the report on; the result must still verify. A crash, a hang, a leak or an
// invalid result is a bug.
//
//===----------------------------------------------------------------------===//

#include "FuzzInput.h"

#include "nn/Dialect/NN/Transforms/Passes.h"

#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto context = mlir::nn::makeFuzzContext();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::nn::parseFuzzInput(*context, data, size);
  if (!module)
    return 0;
  mlir::PassManager pm(context.get());
  mlir::nn::FoldBatchNormOptions options;
  options.report = true;
  pm.addPass(mlir::nn::createFoldBatchNorm(options));
  // The pass manager verifies after the pass; check again explicitly so
  // that an invalid result is a crash the fuzzer reports.
  if (mlir::failed(pm.run(*module)) || mlir::failed(mlir::verify(*module)))
    std::abort();
  return 0;
}
