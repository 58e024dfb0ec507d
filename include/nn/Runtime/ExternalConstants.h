//===- ExternalConstants.h - constant data kept out of object code -*- C++
//-*-===//

#ifndef NN_RUNTIME_EXTERNALCONSTANTS_H
#define NN_RUNTIME_EXTERNALCONSTANTS_H

#include "nn/Runtime/HostBuffer.h"
#include "nn/Runtime/HostPointers.h"

#include <vector>

namespace mlir::nn {

/// The weights of a lowered module, moved out of its LLVM globals into host
/// memory. Compiled as LLVM constants, weights are built and emitted element
/// by element, which took minutes on resnet50; reading them through a
/// pointer costs one load per use.
class ExternalConstants {
public:
  /// Replaces every LLVM-dialect global of `module` that holds dense,
  /// non-splat float data by a host pointer (declared in `pointers`) to a
  /// copy of the data kept here.
  static ExternalConstants extract(ModuleOp module, HostPointers &pointers);

  size_t size() const { return copies_.size(); }

private:
  std::vector<HostBuffer> copies_;
};

} // namespace mlir::nn

#endif // NN_RUNTIME_EXTERNALCONSTANTS_H
