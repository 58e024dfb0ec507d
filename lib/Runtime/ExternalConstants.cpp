#include "nn/Runtime/ExternalConstants.h"

#include "nn/Dialect/NN/IR/ConstantTensor.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringSet.h"

#include <cstring>

using namespace mlir;
using namespace mlir::nn;

namespace {
constexpr size_t kAlignment = 64; // a cache line; any vector load is aligned

std::unique_ptr<char, decltype(&std::free)> alignedCopy(ArrayRef<char> data) {
  size_t bytes = llvm::alignTo(data.size(), kAlignment);
  std::unique_ptr<char, decltype(&std::free)> copy(
      static_cast<char *>(std::aligned_alloc(kAlignment, bytes)), &std::free);
  if (!copy)
    llvm::report_fatal_error("out of memory copying constant data");
  std::memcpy(copy.get(), data.data(), data.size());
  return copy;
}
} // namespace

ExternalConstants ExternalConstants::extract(ModuleOp module,
                                             HostPointers &pointers) {
  ExternalConstants result;
  llvm::StringSet<> moved;
  for (auto global :
       llvm::make_early_inc_range(module.getOps<LLVM::GlobalOp>())) {
    std::optional<FloatConstant> data = readFloatElements(
        dyn_cast_or_null<ElementsAttr>(global.getValueOrNull()));
    // A splat is one element: LLVM emits it cheaply and may fold it.
    if (!data || data->splat)
      continue;
    result.copies_.push_back(alignedCopy(data->raw));
    std::string symbol = global.getSymName().str();
    global.erase();
    pointers.declare(module, symbol, result.copies_.back().get());
    moved.insert(symbol);
  }
  // Where the code took the data's address it now loads the pointer.
  SmallVector<LLVM::AddressOfOp> uses;
  module.walk([&](LLVM::AddressOfOp address) {
    if (moved.contains(address.getGlobalName()))
      uses.push_back(address);
  });
  for (LLVM::AddressOfOp address : uses) {
    OpBuilder builder(address);
    address.getResult().replaceAllUsesWith(
        HostPointers::load(builder, address.getLoc(), address.getGlobalName()));
    address.erase();
  }
  return result;
}
