//===- HostPointers.h - host addresses compiled code reads ------*- C++ -*-===//

#ifndef NN_RUNTIME_HOSTPOINTERS_H
#define NN_RUNTIME_HOSTPOINTERS_H

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mlir::nn {

class NativeCode;

/// Host memory that JIT-compiled code reaches through exported pointer
/// globals (`@symbol = global ptr null`), filled in once the code is compiled.
/// Going through a pointer keeps large data out of the object code and needs
/// no assumption about how far host memory lies from the code.
class HostPointers {
public:
  /// Declares `@symbol` in `module` (before its first op) and records that
  /// it must point at `address`.
  void declare(ModuleOp module, llvm::StringRef symbol, void *address);

  /// The value of `@symbol`, loaded at the builder's insertion point.
  static Value load(OpBuilder &builder, Location loc, llvm::StringRef symbol);

  /// Stores every recorded address into its global in `code`.
  llvm::Error bind(NativeCode &code) const;

private:
  std::vector<std::pair<std::string, void *>> slots_;
};

} // namespace mlir::nn

#endif // NN_RUNTIME_HOSTPOINTERS_H
