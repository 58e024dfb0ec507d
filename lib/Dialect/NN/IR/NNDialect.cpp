#include "nn/Dialect/NN/IR/NNDialect.h"
#include "nn/Dialect/NN/IR/NNOps.h"

using namespace mlir;
using namespace mlir::nn;

#include "nn/Dialect/NN/IR/NNDialect.cpp.inc"
#include "nn/Dialect/NN/IR/NNEnums.cpp.inc"

void NNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "nn/Dialect/NN/IR/NNOps.cpp.inc"
      >();
}
