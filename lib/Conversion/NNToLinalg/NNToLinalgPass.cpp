//===- NNToLinalgPass.cpp - the convert-nn-to-linalg pass -----------------===//

#include "nn/Conversion/Passes.h"
#include "nn/Dialect/NN/IR/NNDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::nn {
#define GEN_PASS_DEF_CONVERTNNTOLINALG
#include "nn/Conversion/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;
using namespace mlir::nn;

void mlir::nn::populateNNToLinalgConversionPatterns(
    RewritePatternSet &patterns) {
  populateNNConvToLinalgPatterns(patterns);
  populateNNDenseToLinalgPatterns(patterns);
  populateNNNormToLinalgPatterns(patterns);
  populateNNElementwiseToLinalgPatterns(patterns);
  populateNNPoolToLinalgPatterns(patterns);
  populateNNStructuralToLinalgPatterns(patterns);
}

void mlir::nn::configureNNToLinalgTarget(ConversionTarget &target) {
  target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                         math::MathDialect, tensor::TensorDialect>();
  target.addIllegalDialect<NNDialect>();
}

namespace {
struct ConvertNNToLinalgPass
    : public nn::impl::ConvertNNToLinalgBase<ConvertNNToLinalgPass> {
  void runOnOperation() override {
    ConversionTarget target(getContext());
    configureNNToLinalgTarget(target);
    RewritePatternSet patterns(&getContext());
    populateNNToLinalgConversionPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
