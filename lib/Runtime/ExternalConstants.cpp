#include "nn/Runtime/ExternalConstants.h"

#include "nn/Dialect/NN/IR/ConstantTensor.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringSet.h"

#include <cstring>

using namespace mlir;
using namespace mlir::nn;

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
    HostBuffer &copy = result.copies_.emplace_back(data->raw.size());
    std::memcpy(copy.data(), data->raw.data(), data->raw.size());
    std::string symbol = global.getSymName().str();
    global.erase();
    pointers.declare(module, symbol, copy.data());
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
