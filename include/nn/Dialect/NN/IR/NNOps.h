#ifndef NN_DIALECT_NN_IR_NNOPS_H
#define NN_DIALECT_NN_IR_NNOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "nn/Dialect/NN/IR/NNDialect.h"

#include "nn/Dialect/NN/IR/NNEnums.h.inc"

#define GET_OP_CLASSES
#include "nn/Dialect/NN/IR/NNOps.h.inc"

#endif // NN_DIALECT_NN_IR_NNOPS_H
