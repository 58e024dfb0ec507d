//===- NativeCode.h - an LLVM-dialect module as host code ------*- C++ -*-===//

#ifndef NN_RUNTIME_NATIVECODE_H
#define NN_RUNTIME_NATIVECODE_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace llvm::orc {
class LLJIT;
} // namespace llvm::orc

namespace mlir::nn {

/// A module in the LLVM dialect, compiled for the host CPU and linked into
/// this process. LLVM optimizes the module whole, so that the bodies of
/// parallel regions still see what their callers pass them, then generates
/// machine code for parts of it on several threads (by default as many as
/// the host has cores): code generation is half of LLVM's time on a model.
class NativeCode {
public:
  ~NativeCode();

  struct Options {
    /// Shared libraries the code calls into (the OpenMP runtime).
    llvm::ArrayRef<llvm::StringRef> sharedLibraries;
    /// Writes a jitdump file for `perf inject --jit`.
    bool perfJitDump = false;
    /// Threads that generate machine code; 0: one per core of the host.
    unsigned codegenThreads = 0;
  };

  /// Compiles `module`, with a packed entry point for `function` (see
  /// lookupPacked), which must return nothing.
  static llvm::Expected<std::unique_ptr<NativeCode>>
  compile(ModuleOp module, llvm::StringRef function, const Options &options);

  /// Defines symbols the code refers to that the process does not export.
  void
  define(llvm::function_ref<llvm::orc::SymbolMap(llvm::orc::MangleAndInterner)>
             symbols);

  /// The address of a symbol of the code, linking it first.
  llvm::Expected<void *> lookup(llvm::StringRef symbol);

  /// `function` called through an array of pointers to its arguments.
  using PackedFunction = void (*)(void **);
  llvm::Expected<PackedFunction> lookupPacked(llvm::StringRef function);

private:
  NativeCode() = default;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
};

} // namespace mlir::nn

#endif // NN_RUNTIME_NATIVECODE_H
