//===- ConstantStorage.h - memory for folded constants ---------*- C++ -*-===//
//
// Folded weights are written once into new memory, so first-touch page
// faults, not arithmetic, dominate the fold's cost. Storage comes from
// chunks backed by transparent huge pages (one fault per 2 MiB instead of
// one per 4 KiB), and chunks whose blobs are all gone are kept, up to an
// eighth of the machine's memory, for the constants of later folds.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_DIALECT_NN_IR_CONSTANTSTORAGE_H
#define NN_LIB_DIALECT_NN_IR_CONSTANTSTORAGE_H

#include "mlir/IR/AsmState.h"

namespace mlir::nn {

/// A mutable blob of `bytes` uninitialized bytes aligned to `alignment` (a
/// power of two no larger than 4096). Its memory is free for reuse when the
/// blob and every other blob sharing its chunk are destroyed.
AsmResourceBlob allocateConstantStorage(size_t bytes, size_t alignment);

} // namespace mlir::nn

#endif // NN_LIB_DIALECT_NN_IR_CONSTANTSTORAGE_H
