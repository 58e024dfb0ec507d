//===- PolynomialExp.cpp - exp without a libm call per lane ---------------===//

#include "nn/Codegen/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nn {
#define GEN_PASS_DEF_POLYNOMIALEXP
#include "nn/Codegen/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;

namespace {
struct PolynomialExpPass
    : public nn::impl::PolynomialExpBase<PolynomialExpPass> {
  void runOnOperation() override {
    // The predicates see full op names: "math.exp".
    auto isExp = [](StringRef name) {
      return name == math::ExpOp::getOperationName();
    };
    RewritePatternSet patterns(&getContext());
    populateMathF32ExpansionPatterns(patterns, isExp);
    populateMathPolynomialApproximationPatterns(patterns, isExp);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
