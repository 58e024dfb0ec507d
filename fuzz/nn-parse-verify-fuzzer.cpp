//===- nn-parse-verify-fuzzer.cpp - arbitrary text as an nn module --------===//
//
// Parses (and so verifies) arbitrary bytes as a module in the nn dialects.
// Any crash, hang or leak is a bug: bad input must get a diagnostic.
//
//===----------------------------------------------------------------------===//

#include "FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto context = mlir::nn::makeFuzzContext();
  (void)mlir::nn::parseFuzzInput(*context, data, size);
  return 0;
}
