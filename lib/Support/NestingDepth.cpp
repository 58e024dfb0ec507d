#include "nn/Support/NestingDepth.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir::nn;

std::optional<std::string> mlir::nn::checkNestingDepth(llvm::StringRef text,
                                                       llvm::StringRef name) {
  unsigned depth = 0, line = 1;
  size_t lineStart = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      lineStart = i + 1;
    } else if (c == '"') { // skip the string literal, escapes included
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\')
          ++i;
    } else if (c == '/' && text.substr(i).starts_with("//")) {
      i = std::min(text.find('\n', i), text.size()) - 1;
    } else if (c == '-' && text.substr(i).starts_with("->")) {
      ++i; // an arrow, not a closing '>'
    } else if (c == '(' || c == '[' || c == '{' || c == '<') {
      if (++depth > kMaxNesting)
        return llvm::formatv("{0}:{1}:{2}: error: brackets nested more than "
                             "{3} deep: MLIR's parser would run out of stack",
                             name, line, i - lineStart + 1, kMaxNesting)
            .str();
    } else if ((c == ')' || c == ']' || c == '}' || c == '>') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}
