//===- Pipelines.h - named nn pass pipelines ------------------*- C++ -*-===//

#ifndef NN_PIPELINES_PIPELINES_H
#define NN_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::nn {

struct NNToLLVMOptions : public PassPipelineOptions<NNToLLVMOptions> {
  Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("Worker threads for the parallel loops of contractions "
                     "(1: sequential code; more: OpenMP, whose runtime "
                     "libomp the JIT must load)"),
      llvm::cl::init(1)};
  Option<unsigned> registerTileRows{
      *this, "register-tile-rows",
      llvm::cl::desc("Output rows per register tile of a contraction: 6 "
                     "rows of 16 columns fit AVX2's 16 vector registers "
                     "(two per row), 8 of 16 or 32 suit AVX-512's 32"),
      llvm::cl::init(6)};
  Option<unsigned> registerTileColumns{
      *this, "register-tile-columns",
      llvm::cl::desc("Output columns per register tile of a contraction: "
                     "16, or 32 (two AVX-512 vectors) where two FMA units "
                     "take a 16-lane vector each"),
      llvm::cl::init(16)};
  Option<unsigned> vectorRegisters{
      *this, "vector-registers",
      llvm::cl::desc("Vector registers of the target: 16 for AVX2, 32 for "
                     "AVX-512; bounds the accumulators of merged edge tiles"),
      llvm::cl::init(16)};
  Option<unsigned> windowTileRows{
      *this, "window-tile-rows",
      llvm::cl::desc("Most output rows per vector tile of a stride-1 window "
                     "(a depthwise convolution), each row 16 lanes"),
      llvm::cl::init(3)};
};

/// nn on tensors -> LLVM dialect: lower to linalg, fuse elementwise ops,
/// bufferize (results become caller-provided out-params, temporaries are
/// freed), lower to loops and to LLVM. Each public function of the module
/// becomes `void f(inputs..., outputs...)` over memref descriptors.
void buildNNToLLVMPipeline(OpPassManager &pm,
                           const NNToLLVMOptions &options = {});

/// The external interfaces the pipeline needs (bufferization of arith,
/// linalg, tensor, func and control flow; translation of the LLVM dialect to
/// LLVM IR for the JIT).
void registerNNToLLVMDependencies(DialectRegistry &registry);

/// Registers `nn-to-llvm` for textual pipelines (`nn-opt --nn-to-llvm`).
void registerNNPipelines();

} // namespace mlir::nn

#endif // NN_PIPELINES_PIPELINES_H
