#include "FuzzInput.h"

#include "nn/InitAllNN.h"
#include "nn/Support/NestingDepth.h"

#include "mlir/Parser/Parser.h"

using namespace mlir;

std::unique_ptr<MLIRContext> mlir::nn::makeFuzzContext() {
  DialectRegistry registry;
  registerNNDialects(registry);
  auto context = std::make_unique<MLIRContext>(
      registry, MLIRContext::Threading::DISABLED);
  context->getDiagEngine().registerHandler([](Diagnostic &) { return success(); });
  return context;
}

OwningOpRef<ModuleOp> mlir::nn::parseFuzzInput(MLIRContext &context,
                                               const uint8_t *data,
                                               size_t size) {
  // MLIR's lexer stops at a NUL terminator, as files read by the tools have;
  // fuzzer bytes do not, so parse a terminated copy.
  std::string text(reinterpret_cast<const char *>(data), size);
  // The tools refuse text nested deeper than MLIR's parser can take.
  if (checkNestingDepth(text, "<fuzz>"))
    return nullptr;
  return parseSourceString<ModuleOp>(text, ParserConfig(&context));
}
