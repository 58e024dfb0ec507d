//===- FoldComparison.h - folded vs unfolded, by execution ----*- C++ -*-===//
//
// Runs a module as given and after fold-batchnorm on the same inputs, and
// measures both against an f64 execution of the module as given. See
// docs/Verification.md for how the tolerance is set.
//
//===----------------------------------------------------------------------===//

#ifndef NN_RUNTIME_FOLDCOMPARISON_H
#define NN_RUNTIME_FOLDCOMPARISON_H

#include "nn/Runtime/JitFunction.h"

#include "mlir/IR/OwningOpRef.h"

namespace mlir::nn {

/// A clone of `module` with every float tensor type (values, constants,
/// function signatures) widened to f64; constants keep their exact values.
llvm::Expected<OwningOpRef<ModuleOp>> promoteToF64(ModuleOp module);

/// A clone of `module` after the fold-batchnorm pass.
llvm::Expected<OwningOpRef<ModuleOp>> foldBatchNormsOf(ModuleOp module);

int64_t countBatchNorms(ModuleOp module);
/// The nn.mul / nn.add ops with one constant operand (isChannelOpCandidate).
int64_t countChannelOps(ModuleOp module);

/// Inputs for `specs` uniform in [-1, 1), deterministic in `seed`.
std::vector<HostTensor> randomInputs(llvm::ArrayRef<TensorSpec> specs,
                                     uint64_t seed);

/// One output of the function, compared elementwise against the reference.
struct OutputComparison {
  std::string type;
  double referenceScale;   ///< max |reference|
  double unfoldedAbsError; ///< max |unfolded - reference|
  double foldedAbsError;   ///< max |folded - reference|
  /// sqrt(unit roundoff) * referenceScale + the smallest normal number
  double tolerance;
  bool passed() const {
    return unfoldedAbsError <= tolerance && foldedAbsError <= tolerance;
  }
};

struct FoldComparison {
  int64_t batchNormsBefore = 0, batchNormsAfter = 0;
  int64_t channelOpsBefore = 0, channelOpsAfter = 0;
  std::vector<OutputComparison> outputs;
  bool passed() const;
};

/// Runs `unfolded` and `folded` (`function` compiled from `unfoldedModule`
/// and `foldedModule`) and an f64 compilation of `unfoldedModule` on `inputs`
/// (given in the unfolded function's types; the f64 run gets the same values
/// widened) and compares. Callers compile the first two once for every use.
llvm::Expected<FoldComparison>
compareFolded(ModuleOp unfoldedModule, JitFunction &unfolded,
              ModuleOp foldedModule, JitFunction &folded,
              llvm::StringRef function, llvm::ArrayRef<HostTensor> inputs);

} // namespace mlir::nn

#endif // NN_RUNTIME_FOLDCOMPARISON_H
