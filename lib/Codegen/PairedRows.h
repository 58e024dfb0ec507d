//===- PairedRows.h - two rows' half-vector ends in one vector --*- C++ -*-===//
//
// Part of nn-vectorize-contractions: see PairedRows.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_CODEGEN_PAIREDROWS_H
#define NN_LIB_CODEGEN_PAIREDROWS_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::nn {

/// Rewrites each vector.contract over a tile of two output rows whose
/// columns are half of `lanes` so that its column operand and result hold
/// both rows in one dim of `lanes` lanes.
void populateFlattenPairedRowsPatterns(RewritePatternSet &patterns,
                                       int64_t lanes);

/// Carries an scf.for value that each step casts to one shape and back (the
/// accumulators of paired rows) in the shape the steps use.
void populateCarryInShapeUsedPatterns(RewritePatternSet &patterns);

} // namespace mlir::nn

#endif // NN_LIB_CODEGEN_PAIREDROWS_H
