//===- JitFunction.h - run a function of an nn module natively -*- C++ -*-===//

#ifndef NN_RUNTIME_JITFUNCTION_H
#define NN_RUNTIME_JITFUNCTION_H

#include "nn/Runtime/BufferPool.h"
#include "nn/Runtime/ExternalConstants.h"
#include "nn/Runtime/HostTensor.h"
#include "nn/Runtime/NativeCode.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace mlir::nn {

/// The type of one argument or result: a static-shape tensor.
struct TensorSpec {
  DType dtype;
  std::vector<int64_t> shape;
  std::string str() const; // "tensor<1x3x8x8xf32>"
};

/// How JitFunction::compile compiles (a namespace-level struct, so that it
/// can be a default argument there).
struct JitOptions {
  /// With more than 1, parallel loops run on that many OpenMP threads.
  unsigned threads = 1;
  /// Threads that generate machine code; 0: one per core of the host.
  unsigned codegenThreads = 0;
  /// Also writes the code to a jitdump file (in $JITDUMPDIR/.debug/jit,
  /// else /tmp/.debug/jit), from which `perf inject --jit` names the
  /// compiled functions in a profile: the function, and one
  /// `<function>_parallel_N..omp_par` per parallel loop.
  bool perfJitDump = false;
};

/// One function of an nn module, lowered with nn-to-llvm and compiled for
/// the host CPU (see NativeCode).
class JitFunction {
public:
  /// Compiles `function` of a clone of `module` (which is not changed). The
  /// function must take and return static-shape f16/f32/f64 tensors.
  static llvm::Expected<std::unique_ptr<JitFunction>>
  compile(ModuleOp module, llvm::StringRef function,
          const JitOptions &options = {});

  llvm::ArrayRef<TensorSpec> inputs() const { return inputs_; }
  llvm::ArrayRef<TensorSpec> outputs() const { return outputs_; }

  /// Runs on `inputs`, whose dtypes and shapes must match the signature.
  llvm::Expected<std::vector<HostTensor>> run(llvm::ArrayRef<HostTensor> inputs);

  /// Runs into `outputs` allocated by the caller (as by allocateOutputs);
  /// checks nothing, for timing loops.
  void runInto(llvm::ArrayRef<HostTensor> inputs,
               llvm::MutableArrayRef<HostTensor> outputs);
  std::vector<HostTensor> allocateOutputs() const;

private:
  JitFunction() = default;
  // Read and written by the compiled code: they outlive it.
  ExternalConstants constants_;
  BufferPool buffers_;
  std::unique_ptr<NativeCode> code_;
  NativeCode::PackedFunction entry_ = nullptr;
  std::string name_;
  std::vector<TensorSpec> inputs_, outputs_;
};

} // namespace mlir::nn

#endif // NN_RUNTIME_JITFUNCTION_H
