//===- ScaledRows.h - the fold's pass over a weight -----------*- C++ -*-===//
//
// A folded weight is the old one with each row (the elements of one output
// channel) multiplied by that row's scale in f64 and rounded once. On large
// models this loop is the fold's cost, and it runs at memory bandwidth.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_DIALECT_NN_IR_SCALEDROWS_H
#define NN_LIB_DIALECT_NN_IR_SCALEDROWS_H

#include "llvm/ADT/ArrayRef.h"

#include <cstddef>

namespace mlir::nn {

/// Writes row r of the f32 matrix at `in` (rowScale.size() rows of
/// `rowSize` elements) times rowScale[r], rounded to f32, to `out`. Returns
/// whether every result is finite.
bool scaleRowsF32(const char *in, llvm::ArrayRef<double> rowScale,
                  size_t rowSize, char *out);

/// The same for f64.
bool scaleRowsF64(const char *in, llvm::ArrayRef<double> rowScale,
                  size_t rowSize, char *out);

} // namespace mlir::nn

#endif // NN_LIB_DIALECT_NN_IR_SCALEDROWS_H
