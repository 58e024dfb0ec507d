#ifndef NN_DIALECT_NN_IR_NNDIALECT_H
#define NN_DIALECT_NN_IR_NNDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Dialect.h"

#include "nn/Dialect/NN/IR/NNDialect.h.inc"

#endif // NN_DIALECT_NN_IR_NNDIALECT_H
