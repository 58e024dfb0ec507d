//===- FuzzInput.h - fuzzer bytes as an nn module ----------------*- C++ -*-===//

#ifndef NN_FUZZ_FUZZINPUT_H
#define NN_FUZZ_FUZZINPUT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <cstddef>
#include <cstdint>
#include <memory>

namespace mlir::nn {

/// A fresh context per input (nothing accumulates across inputs) with the
/// nn dialects registered and diagnostics discarded: bad input is expected,
/// only crashes, hangs and leaks are findings.
std::unique_ptr<MLIRContext> makeFuzzContext();

/// `data` parsed and verified as a module; null if it is not a valid one.
OwningOpRef<ModuleOp> parseFuzzInput(MLIRContext &context,
                                     const uint8_t *data, size_t size);

} // namespace mlir::nn

#endif // NN_FUZZ_FUZZINPUT_H
