//===- NestingDepth.h - refuse text MLIR's parser cannot nest --*- C++ -*-===//
//
// MLIR's parser recurses once per nested bracket with no limit: a file of a
// few thousand '[' exhausts the stack (found by the fold fuzzer). Real
// modules nest a few levels (a rank-8 dense literal: 9), so the tools refuse
// text nested deeper than kMaxNesting before parsing it.
//
//===----------------------------------------------------------------------===//

#ifndef NN_SUPPORT_NESTINGDEPTH_H
#define NN_SUPPORT_NESTINGDEPTH_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mlir::nn {

constexpr unsigned kMaxNesting = 256;

/// An error message "name:line:col: ..." at the first bracket of `text`
/// ('(', '[', '{' or '<', outside string literals and comments) nested more
/// than kMaxNesting deep; std::nullopt if there is none.
std::optional<std::string> checkNestingDepth(llvm::StringRef text,
                                             llvm::StringRef name);

} // namespace mlir::nn

#endif // NN_SUPPORT_NESTINGDEPTH_H
