#ifndef NN_OPS_TD
#define NN_OPS_TD

include "nn/Dialect/NN/IR/NNDialect.td"
include "nn/Dialect/NN/IR/NNAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

defvar NN_DefaultActivation = DefaultValuedAttr<NN_Activation, "::mlir::nn::Activation::none">;
defvar NN_Pair = "{1, 1}";

//===----------------------------------------------------------------------===//
// Linear ops
//===----------------------------------------------------------------------===//

def NN_Conv2dOp : NN_Op<"conv2d", [Pure]> {
  let summary = "2-D convolution (NCHW input, [O, I/groups, kH, kW] weight)";
  let description = [{
    `result = act(conv(input, weight) + bias)`. `padding` is (top, left,
    bottom, right), zero-filled. `groups` splits input and output channels
    into that many independent convolutions (groups = C is depthwise).

    ```mlir
    %y = nn.conv2d %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
           activation = relu
           : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>)
           -> tensor<1x4x4x4xf32>
    ```
  }];
  let arguments = (ins
    NN_FloatTensor:$input,
    NN_FloatTensor:$weight,
    Optional<NN_FloatTensor>:$bias,
    DefaultValuedAttr<DenseI64ArrayAttr, NN_Pair>:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, NN_Pair>:$dilations,
    DefaultValuedAttr<I64Attr, "1">:$groups,
    NN_DefaultActivation:$activation
  );
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)?
    (`strides` `=` $strides^)? (`padding` `=` $padding^)?
    (`dilations` `=` $dilations^)? (`groups` `=` $groups^)?
    (`activation` `=` $activation^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_ConvTranspose2dOp : NN_Op<"conv_transpose2d", [Pure]> {
  let summary = "2-D transposed convolution (NCHW input, [I, O/groups, kH, kW] weight)";
  let description = [{
    The gradient of conv2d with respect to its input, as PyTorch's
    ConvTranspose2d: each input pixel scatters `weight` times its value
    into the output at `stride` spacing. `padding` (top, left, bottom,
    right) removes rows/columns from the output's edges, `output_padding`
    (h, w) adds rows/columns at the bottom/right, and each is smaller than
    the stride or the dilation. Output size per axis:
    `(in - 1) * stride - pad_before - pad_after + dilation * (k - 1) +
    output_padding + 1`. The weight is [I, O/groups, kH, kW]: input
    channels first, so output channel `o` of group `g` is dim 1 index
    `o - g * O/groups` of the rows of group `g`.

    ```mlir
    %y = nn.conv_transpose2d %x, %w strides = [2, 2] padding = [1, 1, 1, 1]
           output_padding = [1, 1]
           : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins
    NN_FloatTensor:$input,
    NN_FloatTensor:$weight,
    Optional<NN_FloatTensor>:$bias,
    DefaultValuedAttr<DenseI64ArrayAttr, NN_Pair>:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$output_padding,
    DefaultValuedAttr<DenseI64ArrayAttr, NN_Pair>:$dilations,
    DefaultValuedAttr<I64Attr, "1">:$groups,
    NN_DefaultActivation:$activation
  );
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)?
    (`strides` `=` $strides^)? (`padding` `=` $padding^)?
    (`output_padding` `=` $output_padding^)?
    (`dilations` `=` $dilations^)? (`groups` `=` $groups^)?
    (`activation` `=` $activation^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_DenseOp : NN_Op<"dense", [Pure]> {
  let summary = "Fully connected layer: act(input x weight^T + bias)";
  let description = [{
    Input [N, in], weight [out, in] (PyTorch's nn.Linear layout), optional
    bias [out], result [N, out].
  }];
  let arguments = (ins
    NN_FloatTensor:$input,
    NN_FloatTensor:$weight,
    Optional<NN_FloatTensor>:$bias,
    NN_DefaultActivation:$activation
  );
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? (`activation` `=` $activation^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def NN_BatchNormOp : NN_Op<"batch_norm", [Pure]> {
  let summary = "Inference batch normalization over one channel axis";
  let description = [{
    `result = (input - mean) / sqrt(variance + epsilon) * scale + offset`,
    with the four parameters indexed by dim `axis` of `input`: 1 (the
    default) for NCHW channels or the features of a dense output, the last
    dim for NHWC. Canonicalization folds it into an adjacent conv2d,
    conv_transpose2d or dense when that is exact, through an nn.transpose
    that brings their channels to `axis`; see docs/FoldBatchNorm.md.
  }];
  let arguments = (ins
    NN_FloatTensor:$input,
    NN_FloatTensor:$scale,
    NN_FloatTensor:$offset,
    NN_FloatTensor:$mean,
    NN_FloatTensor:$variance,
    DefaultValuedAttr<F64Attr, "1.0e-5">:$epsilon,
    DefaultValuedAttr<I64Attr, "1">:$axis
  );
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $offset `,` $mean `,` $variance
    (`epsilon` `=` $epsilon^)? (`axis` `=` $axis^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class NN_UnaryOp<string mnemonic, string expr>
    : NN_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "Elementwise " # expr;
  let arguments = (ins NN_FloatTensor:$input);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def NN_ReluOp : NN_UnaryOp<"relu", "max(x, 0)">;
def NN_SigmoidOp : NN_UnaryOp<"sigmoid", "1 / (1 + exp(-x))">;
def NN_SiluOp : NN_UnaryOp<"silu", "x * sigmoid(x)">;
// PyTorch's piecewise-linear forms, as in MobileNetV3.
def NN_HardSigmoidOp : NN_UnaryOp<"hardsigmoid", "min(max(x + 3, 0), 6) / 6">;
def NN_HardSwishOp : NN_UnaryOp<"hardswish", "x * hardsigmoid(x)">;

def NN_ClampOp : NN_Op<"clamp", [Pure, SameOperandsAndResultType]> {
  let summary = "Elementwise min(max(x, min), max); relu6 is min = 0, max = 6";
  let arguments = (ins NN_FloatTensor:$input, F64Attr:$min, F64Attr:$max);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `min` `=` $min `max` `=` $max attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
}

class NN_BroadcastBinaryOp<string mnemonic, string expr>
    : NN_Op<mnemonic, [Pure, Commutative]> {
  let summary = "Elementwise " # expr # " with size-1 broadcasting";
  let description = [{
    Both operands have the same rank; along each dim their sizes are equal or
    one of them is 1, which broadcasts (e.g. an SE-block's [N, C, 1, 1] scale
    times [N, C, H, W]). The result has the broadcast shape.
  }];
  let arguments = (ins NN_FloatTensor:$lhs, NN_FloatTensor:$rhs);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let hasVerifier = 1;
}

def NN_AddOp : NN_BroadcastBinaryOp<"add", "lhs + rhs">;
def NN_MulOp : NN_BroadcastBinaryOp<"mul", "lhs * rhs">;

//===----------------------------------------------------------------------===//
// Pooling and structural ops
//===----------------------------------------------------------------------===//

class NN_Pool2dOp<string mnemonic, string what> : NN_Op<mnemonic, [Pure]> {
  let summary = what # " pooling over the H and W axes of an NCHW tensor";
  let results = (outs NN_FloatTensor:$result);
  let hasVerifier = 1;
}

def NN_MaxPool2dOp : NN_Pool2dOp<"max_pool2d", "Max"> {
  let description = [{ Padding is (top, left, bottom, right) with -inf. }];
  let arguments = (ins
    NN_FloatTensor:$input,
    DenseI64ArrayAttr:$kernel,
    DefaultValuedAttr<DenseI64ArrayAttr, NN_Pair>:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding
  );
  let assemblyFormat = [{
    $input `kernel` `=` $kernel (`strides` `=` $strides^)?
    (`padding` `=` $padding^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_AvgPool2dOp : NN_Pool2dOp<"avg_pool2d", "Average"> {
  let description = [{
    Padding is (top, left, bottom, right) with zeros. With
    `count_include_pad` (PyTorch's default) every window divides by
    kH * kW; without it, by the number of unpadded elements in the window.
  }];
  let arguments = (ins
    NN_FloatTensor:$input,
    DenseI64ArrayAttr:$kernel,
    DefaultValuedAttr<DenseI64ArrayAttr, NN_Pair>:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
    DefaultValuedAttr<BoolAttr, "true">:$count_include_pad
  );
  let assemblyFormat = [{
    $input `kernel` `=` $kernel (`strides` `=` $strides^)?
    (`padding` `=` $padding^)? (`count_include_pad` `=` $count_include_pad^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def NN_GlobalAvgPool2dOp : NN_Op<"global_avg_pool2d", [Pure]> {
  let summary = "Mean over H and W: [N, C, H, W] -> [N, C, 1, 1]";
  let arguments = (ins NN_FloatTensor:$input);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_PadOp : NN_Op<"pad", [Pure]> {
  let summary = "Pad H and W of an NCHW tensor with one value per channel";
  let description = [{
    `result[n, c, h, w]` is `input[n, c, h - top, w - left]` inside and
    `values[c]` in the border. A batch_norm folded into the padded conv2d
    after it leaves one: the border then holds, per channel, the value the
    batch_norm maps to 0, which is what the conv's zero padding was.

    ```mlir
    %p = nn.pad %x, %v padding = [1, 1, 1, 1]
           : (tensor<1x3x8x8xf32>, tensor<3xf32>) -> tensor<1x3x10x10xf32>
    ```
  }];
  let arguments = (ins
    NN_FloatTensor:$input,
    NN_FloatTensor:$values,
    DenseI64ArrayAttr:$padding
  );
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $values `padding` `=` $padding attr-dict `:` functional-type(operands, results)
  }];
  let builders = [
    OpBuilder<(ins "Value":$input, "Value":$values,
                   "ArrayRef<int64_t>":$padding), [{
      build($_builder, $_state,
            getPaddedType(cast<RankedTensorType>(input.getType()), padding),
            input, values, padding);
    }]>
  ];
  let extraClassDeclaration = [{
    /// `type` (NCHW) with H grown by top + bottom and W by left + right, for
    /// `padding` = [top, left, bottom, right]; dynamic dims stay dynamic.
    static RankedTensorType getPaddedType(RankedTensorType type,
                                          ArrayRef<int64_t> padding);
  }];
  let hasVerifier = 1;
}

def NN_FlattenOp : NN_Op<"flatten", [Pure]> {
  let summary = "Collapse dims start_dim..rank-1 into one (torch.flatten(x, start_dim))";
  let arguments = (ins
    NN_FloatTensor:$input,
    DefaultValuedAttr<I64Attr, "1">:$start_dim
  );
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`start_dim` `=` $start_dim^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_TransposeOp : NN_Op<"transpose", [Pure]> {
  let summary = "Permute the dims: result dim i is input dim permutation[i]";
  let description = [{
    ```mlir
    %nhwc = nn.transpose %nchw permutation = [0, 2, 3, 1]
              : (tensor<1x8x4x4xf32>) -> tensor<1x4x4x8xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `permutation` `=` $permutation attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_ConcatOp : NN_Op<"concat", [Pure]> {
  let summary = "Concatenate same-rank tensors along `axis`";
  let arguments = (ins Variadic<NN_FloatTensor>:$inputs, I64Attr:$axis);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $inputs `axis` `=` $axis attr-dict `:` functional-type($inputs, results)
  }];
  let hasVerifier = 1;
}

#endif // NN_OPS_TD
