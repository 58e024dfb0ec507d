// Every guard of fold-batchnorm: the remark names the reason code and the
// numbers, and the IR comes out exactly as it went in. Folds that do happen
// are in fold-batchnorm.mlir and fold-channel-ops.mlir.
// RUN: nn-opt %s -split-input-file --fold-batchnorm="report=true" -verify-diagnostics
// RUN: nn-opt %s -split-input-file --fold-batchnorm="report=true" -nn-fold-baseline-kernel -verify-diagnostics
// RUN: nn-opt %s -split-input-file --fold-batchnorm -o %t.folded
// RUN: nn-opt %s -split-input-file -o %t.original
// RUN: diff %t.original %t.folded

// expected-remark@+1 {{fold-batchnorm folded 0 of 2 batch_norm ops; unsupported-producer: 2}}
module {
  func.func @block_argument(%x: tensor<1x2x4x4xf32>, %p: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
    // expected-remark@+1 {{batch_norm not folded [unsupported-producer]: input is a block argument, not the result of a conv2d, conv_transpose2d or dense}}
    %z = nn.batch_norm %x, %p, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    return %z : tensor<1x2x4x4xf32>
  }
  func.func @after_relu(%x: tensor<1x2x4x4xf32>, %p: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
    %r = nn.relu %x : tensor<1x2x4x4xf32>
    // expected-remark@+1 {{batch_norm not folded [unsupported-producer]: input is produced by 'nn.relu', not a conv2d, conv_transpose2d or dense}}
    %z = nn.batch_norm %r, %p, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    return %z : tensor<1x2x4x4xf32>
  }
}

// -----

// Behind relu a scale moves through only when it is positive on every
// channel; behind relu6 never (relu6(x) * s is a relu6 only for s = 1).
// A constant add behind relu has no scale to move.
// expected-remark@+1 {{fold-batchnorm folded 0 of 2 batch_norm ops and 0 of 1 mul/add ops by a constant; activation: 2; non-positive-scale: 1}}
module {
  func.func @activation(%x: tensor<1x2x4x4xf32>, %xd: tensor<3x2xf32>) -> (tensor<1x2x4x4xf32>, tensor<3x2xf32>, tensor<1x2x4x4xf32>) {
    %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
    %wd = arith.constant dense<1.0> : tensor<2x2xf32>
    %p = arith.constant dense<1.0> : tensor<2xf32>
    %gamma = arith.constant dense<[2.0, -1.0]> : tensor<2xf32>
    %y = nn.conv2d %x, %w activation = relu : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
    // expected-remark@+1 {{batch_norm not folded [non-positive-scale]: producer 'nn.conv2d' applies relu before the 'nn.batch_norm'; relu(x) * s = relu(x * s) needs s > 0, but s = -0.999995 at channel 1}}
    %z = nn.batch_norm %y, %gamma, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    %yd = nn.dense %xd, %wd activation = relu6 : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
    // expected-remark@+1 {{batch_norm not folded [activation]: producer 'nn.dense' applies relu6 before the 'nn.batch_norm'; relu6(x) * s = relu6(x * s) only when s = 1, which leaves nothing to fold}}
    %zd = nn.batch_norm %yd, %p, %p, %p, %p : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
    %shift = arith.constant dense<[[[[0.5]], [[-0.5]]]]> : tensor<1x2x1x1xf32>
    %ya = nn.conv2d %x, %w activation = relu : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
    // expected-remark@+1 {{add not folded [activation]: producer 'nn.conv2d' applies relu before the 'nn.add'; only a scale moves through it, and every scale here is 1}}
    %za = nn.add %ya, %shift : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x4x4xf32>
    return %z, %zd, %za : tensor<1x2x4x4xf32>, tensor<3x2xf32>, tensor<1x2x4x4xf32>
  }
}

// -----

// expected-remark@+1 {{fold-batchnorm folded 0 of 1 batch_norm ops; multi-use: 1}}
module {
  func.func @multi_use(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
    %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
    %p = arith.constant dense<1.0> : tensor<2xf32>
    %y = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
    // expected-remark@+1 {{batch_norm not folded [multi-use]: the result of 'nn.conv2d' has 2 uses}}
    %z = nn.batch_norm %y, %p, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    return %z, %y : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
  }
}

// -----

// expected-remark@+1 {{fold-batchnorm folded 0 of 5 batch_norm ops; non-constant: 5}}
module {
  func.func @non_constant_weight(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
    %p = arith.constant dense<1.0> : tensor<2xf32>
    %y = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
    // expected-remark@+1 {{batch_norm not folded [non-constant]: weight is not a constant with readable values}}
    %z = nn.batch_norm %y, %p, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    return %z : tensor<1x2x4x4xf32>
  }
  func.func @non_constant_bias(%x: tensor<1x2x4x4xf32>, %b: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
    %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
    %p = arith.constant dense<1.0> : tensor<2xf32>
    %y = nn.conv2d %x, %w, %b : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    // expected-remark@+1 {{batch_norm not folded [non-constant]: bias is not a constant with readable values}}
    %z = nn.batch_norm %y, %p, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    return %z : tensor<1x2x4x4xf32>
  }
  func.func @non_constant_mean(%x: tensor<3x2xf32>, %mean: tensor<2xf32>) -> tensor<3x2xf32> {
    %w = arith.constant dense<1.0> : tensor<2x2xf32>
    %p = arith.constant dense<1.0> : tensor<2xf32>
    %y = nn.dense %x, %w : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
    // expected-remark@+1 {{batch_norm not folded [non-constant]: mean is not a constant with readable values}}
    %z = nn.batch_norm %y, %p, %p, %mean, %p : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
    return %z : tensor<3x2xf32>
  }
  // A blob whose values are not present (elided when printed) cannot be folded.
  func.func @elided_resource(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
    %w = arith.constant dense_resource<__elided__> : tensor<2x2xf32>
    %p = arith.constant dense<1.0> : tensor<2xf32>
    %y = nn.dense %x, %w : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
    // expected-remark@+1 {{batch_norm not folded [non-constant]: weight is not a constant with readable values}}
    %z = nn.batch_norm %y, %p, %p, %p, %p : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
    return %z : tensor<3x2xf32>
  }
  // A blob shorter than its type (one f32 for four elements) is not read.
  func.func @short_resource(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
    %w = arith.constant dense_resource<short_blob> : tensor<2x2xf32>
    %p = arith.constant dense<1.0> : tensor<2xf32>
    %y = nn.dense %x, %w : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
    // expected-remark@+1 {{batch_norm not folded [non-constant]: weight is not a constant with readable values}}
    %z = nn.batch_norm %y, %p, %p, %p, %p : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
    return %z : tensor<3x2xf32>
  }
}
{-#
  dialect_resources: {
    builtin: {
      short_blob: "0x040000000000803F"
    }
  }
#-}

// -----

// Dynamic channel dims get past the verifiers; the constants' sizes do not agree.
// expected-remark@+1 {{fold-batchnorm folded 0 of 1 batch_norm ops; channel-mismatch: 1}}
module {
  func.func @channel_mismatch(%x: tensor<1x2x4x4xf32>) -> tensor<1x?x4x4xf32> {
    %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
    %p = arith.constant dense<1.0> : tensor<3xf32>
    %y = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x?x4x4xf32>
    // expected-remark@+1 {{batch_norm not folded [channel-mismatch]: scale has 3 channels but the weight of 'nn.conv2d' has 2 output channels}}
    %z = nn.batch_norm %y, %p, %p, %p, %p : (tensor<1x?x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x?x4x4xf32>
    return %z : tensor<1x?x4x4xf32>
  }
}

// -----

// expected-remark@+1 {{fold-batchnorm folded 0 of 2 batch_norm ops; non-positive-variance: 2}}
module {
  func.func @negative_variance(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
    %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
    %p = arith.constant dense<1.0> : tensor<2xf32>
    %var = arith.constant dense<[1.0, -1.5]> : tensor<2xf32>
    %y = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
    // expected-remark@+1 {{batch_norm not folded [non-positive-variance]: variance + epsilon = -0.5 at channel 1 (variance = -1.5, epsilon = 1)}}
    %z = nn.batch_norm %y, %p, %p, %p, %var epsilon = 1.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    return %z : tensor<1x2x4x4xf32>
  }
  func.func @nan_variance(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
    %w = arith.constant dense<1.0> : tensor<2x2xf32>
    %p = arith.constant dense<1.0> : tensor<2xf32>
    %var = arith.constant dense<[0x7FC00000, 1.0]> : tensor<2xf32>
    %y = nn.dense %x, %w : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
    // expected-remark@+1 {{batch_norm not folded [non-positive-variance]: variance + epsilon = nan at channel 0}}
    %z = nn.batch_norm %y, %p, %p, %p, %var : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
    return %z : tensor<3x2xf32>
  }
}

// -----

// 60000 * s = 120000 exceeds f16's largest finite value, 65504; 3e38 * 2
// exceeds f32's, about 3.4e38; a NaN weight stays NaN in f64; an infinite
// mean makes the f32 bias infinite.
// bf16 has f32's range: 3e38 * 2 exceeds it too. In rows of 12 f32
// elements the middle ones are scaled four at a time (streaming stores),
// in rows of 40 sixteen at a time where the CPU has AVX-512: the overflow
// is found there as well.
// expected-remark@+1 {{fold-batchnorm folded 0 of 7 batch_norm ops; overflow: 7}}
module {
  func.func @overflow_weight(%x: tensor<1x1x2x2xf16>) -> tensor<1x2x2x2xf16> {
    %w = arith.constant dense<[[[[1.0]]], [[[60000.0]]]]> : tensor<2x1x1x1xf16>
    %gamma = arith.constant dense<2.0> : tensor<2xf16>
    %zero = arith.constant dense<0.0> : tensor<2xf16>
    %y = nn.conv2d %x, %w : (tensor<1x1x2x2xf16>, tensor<2x1x1x1xf16>) -> tensor<1x2x2x2xf16>
    // expected-remark@+1 {{batch_norm not folded [overflow]: folded weight element 1 (channel 1) = 120000 is not finite in f16}}
    %z = nn.batch_norm %y, %gamma, %zero, %zero, %zero epsilon = 1.0 : (tensor<1x2x2x2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x2x2x2xf16>
    return %z : tensor<1x2x2x2xf16>
  }
  func.func @overflow_weight_f32(%x: tensor<3x3xf32>) -> tensor<3x2xf32> {
    %w = arith.constant dense<[[1.0, 1.0, 1.0], [1.0, 3.0e38, 1.0]]> : tensor<2x3xf32>
    %gamma = arith.constant dense<2.0> : tensor<2xf32>
    %zero = arith.constant dense<0.0> : tensor<2xf32>
    %y = nn.dense %x, %w : (tensor<3x3xf32>, tensor<2x3xf32>) -> tensor<3x2xf32>
    // expected-remark@+1 {{batch_norm not folded [overflow]: folded weight element 4 (channel 1) = 6e+38 is not finite in f32}}
    %z = nn.batch_norm %y, %gamma, %zero, %zero, %zero epsilon = 1.0 : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
    return %z : tensor<3x2xf32>
  }
  func.func @overflow_weight_f32_vector(%x: tensor<3x12xf32>) -> tensor<3x2xf32> {
    %w = arith.constant dense<[[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
                               [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 3.0e38, 1.0, 1.0, 1.0, 1.0, 1.0]]> : tensor<2x12xf32>
    %gamma = arith.constant dense<2.0> : tensor<2xf32>
    %zero = arith.constant dense<0.0> : tensor<2xf32>
    %y = nn.dense %x, %w : (tensor<3x12xf32>, tensor<2x12xf32>) -> tensor<3x2xf32>
    // expected-remark@+1 {{batch_norm not folded [overflow]: folded weight element 18 (channel 1) = 6e+38 is not finite in f32}}
    %z = nn.batch_norm %y, %gamma, %zero, %zero, %zero epsilon = 1.0 : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
    return %z : tensor<3x2xf32>
  }
  func.func @overflow_weight_f32_long_rows(%x: tensor<3x40xf32>) -> tensor<3x2xf32> {
    %w = arith.constant dense<[[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
                               [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 3.0e38, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]]> : tensor<2x40xf32>
    %gamma = arith.constant dense<2.0> : tensor<2xf32>
    %zero = arith.constant dense<0.0> : tensor<2xf32>
    %y = nn.dense %x, %w : (tensor<3x40xf32>, tensor<2x40xf32>) -> tensor<3x2xf32>
    // expected-remark@+1 {{batch_norm not folded [overflow]: folded weight element 60 (channel 1) = 6e+38 is not finite in f32}}
    %z = nn.batch_norm %y, %gamma, %zero, %zero, %zero epsilon = 1.0 : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
    return %z : tensor<3x2xf32>
  }
  func.func @overflow_weight_bf16(%x: tensor<3x3xbf16>) -> tensor<3x2xbf16> {
    %w = arith.constant dense<[[1.0, 1.0, 1.0], [1.0, 3.0e38, 1.0]]> : tensor<2x3xbf16>
    %gamma = arith.constant dense<2.0> : tensor<2xbf16>
    %zero = arith.constant dense<0.0> : tensor<2xbf16>
    %y = nn.dense %x, %w : (tensor<3x3xbf16>, tensor<2x3xbf16>) -> tensor<3x2xbf16>
    // expected-remark@+1 {{batch_norm not folded [overflow]: folded weight element 4 (channel 1) = 6.00811e+38 is not finite in bf16}}
    %z = nn.batch_norm %y, %gamma, %zero, %zero, %zero epsilon = 1.0 : (tensor<3x2xbf16>, tensor<2xbf16>, tensor<2xbf16>, tensor<2xbf16>, tensor<2xbf16>) -> tensor<3x2xbf16>
    return %z : tensor<3x2xbf16>
  }
  func.func @nan_weight_f64(%x: tensor<3x2xf64>) -> tensor<3x2xf64> {
    %w = arith.constant dense<[[1.0, 1.0], [0x7FF8000000000000, 1.0]]> : tensor<2x2xf64>
    %p = arith.constant dense<1.0> : tensor<2xf64>
    %y = nn.dense %x, %w : (tensor<3x2xf64>, tensor<2x2xf64>) -> tensor<3x2xf64>
    // expected-remark@+1 {{batch_norm not folded [overflow]: folded weight element 2 (channel 1) = nan is not finite in f64}}
    %z = nn.batch_norm %y, %p, %p, %p, %p : (tensor<3x2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) -> tensor<3x2xf64>
    return %z : tensor<3x2xf64>
  }
  func.func @overflow_bias(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
    %w = arith.constant dense<1.0> : tensor<2x2xf32>
    %p = arith.constant dense<1.0> : tensor<2xf32>
    %mean = arith.constant dense<[0.0, 0x7F800000]> : tensor<2xf32>
    %y = nn.dense %x, %w : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
    // expected-remark@+1 {{batch_norm not folded [overflow]: folded bias at channel 1 = -inf is not finite in f32}}
    %z = nn.batch_norm %y, %p, %p, %mean, %p : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
    return %z : tensor<3x2xf32>
  }
}

// -----

// A mul/add constant folds only when it holds one value per channel (or one
// value for all): per-pixel constants, and constants that broadcast the
// conv's result to a larger shape, vary along other dims.
// expected-remark@+1 {{fold-batchnorm folded 0 of 0 batch_norm ops and 0 of 3 mul/add ops by a constant; not-per-channel: 3}}
module {
  func.func @not_per_channel(%x: tensor<1x2x4x4xf32>, %xd: tensor<3x2xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<3x2xf32>) {
    %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
    %wd = arith.constant dense<1.0> : tensor<2x2xf32>
    %pixels = arith.constant dense<2.0> : tensor<1x1x4x4xf32>
    %rows = arith.constant dense<[[1.0], [2.0], [3.0]]> : tensor<3x1xf32>
    %w1 = arith.constant dense<1.0> : tensor<1x2x1x1xf32>
    %channels = arith.constant dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>
    %y = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
    // expected-remark@+1 {{mul not folded [not-per-channel]: the constant operand of 'nn.mul' has type tensor<1x1x4x4xf32>; only a 1xCx1x1 or all-ones shape scales or shifts whole channels of a tensor<1x2x4x4xf32>}}
    %z = nn.mul %pixels, %y : tensor<1x1x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
    %y1 = nn.conv2d %x, %w1 : (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x4x4xf32>
    // expected-remark@+1 {{add not folded [not-per-channel]: the constant operand of 'nn.add' has type tensor<1x2x1x1xf32>; only a 1xCx1x1 or all-ones shape scales or shifts whole channels of a tensor<1x2x4x4xf32>}}
    %z1 = nn.add %y1, %channels : tensor<1x1x4x4xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x4x4xf32>
    %yd = nn.dense %xd, %wd : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
    // expected-remark@+1 {{mul not folded [not-per-channel]: the constant operand of 'nn.mul' has type tensor<3x1xf32>; only a 1xC or all-ones shape scales or shifts whole channels of a tensor<3x2xf32>}}
    %zd = nn.mul %yd, %rows : tensor<3x2xf32>, tensor<3x1xf32> -> tensor<3x2xf32>
    return %z, %z1, %zd : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<3x2xf32>
  }
}

// -----

// Into a padded conv after it, a batch_norm folds with the folded input
// padded by what the batch_norm maps to 0, -t / s per channel: with s = 0
// and t != 0 (gamma 0, offset 1 at channel 0) nothing maps to 0.
// expected-remark@+1 {{fold-batchnorm folded 0 of 3 batch_norm ops; unsupported-producer: 3}}
module {
  func.func @before_conv(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x3x3xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
    %wc = arith.constant dense<1.0> : tensor<2x2x3x3xf32>
    %p = arith.constant dense<1.0> : tensor<2xf32>
    %gamma = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
    %mean = arith.constant dense<[1.0, 0.5]> : tensor<2xf32>
    // expected-remark@+1 {{batch_norm not folded [unsupported-producer]: input is a block argument, not the result of a conv2d, conv_transpose2d or dense; nor into its user 'nn.conv2d' [padding]: 'nn.conv2d' pads its input with zeros, which the batch_norm maps to 1 at channel 0; with a scale of 0 there no input value maps to 0, so no padding of the folded input is exact}}
    %n = nn.batch_norm %x, %gamma, %p, %mean, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    %y = nn.conv2d %n, %wc padding = [1, 1, 1, 1] : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
    // expected-remark@+1 {{batch_norm not folded [unsupported-producer]: input is a block argument, not the result of a conv2d, conv_transpose2d or dense; nor into its user 'nn.conv2d' [non-constant]: the weight of 'nn.conv2d' is not a constant with readable values}}
    %n2 = nn.batch_norm %x, %p, %p, %mean, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    %y2 = nn.conv2d %n2, %w padding = [1, 1, 1, 1] : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
    // Two users: neither can take the batch_norm alone.
    // expected-remark@+1 {{batch_norm not folded [unsupported-producer]: input is a block argument, not the result of a conv2d, conv_transpose2d or dense}}
    %n3 = nn.batch_norm %x, %p, %p, %mean, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    %y3 = nn.conv2d %n3, %wc padding = [1, 1, 1, 1] : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
    %z3 = nn.add %y3, %n3 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
    return %y, %y2, %z3 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
  }
}

// -----

// In f16 the padding a padded conv would need, -t / s = -10 / 1.00017e-4
// (1e-4 as an f16), is
// beyond 65504.
// expected-remark@+1 {{fold-batchnorm folded 0 of 1 batch_norm ops; unsupported-producer: 1}}
module {
  func.func @before_conv_pad_overflow(%x: tensor<1x1x4x4xf16>) -> tensor<1x1x4x4xf16> {
    %w = arith.constant dense<1.0> : tensor<1x1x3x3xf16>
    %gamma = arith.constant dense<1.0e-04> : tensor<1xf16>
    %beta = arith.constant dense<10.0> : tensor<1xf16>
    %zero = arith.constant dense<0.0> : tensor<1xf16>
    %one = arith.constant dense<1.0> : tensor<1xf16>
    // expected-remark@+1 {{batch_norm not folded [unsupported-producer]: input is a block argument, not the result of a conv2d, conv_transpose2d or dense; nor into its user 'nn.conv2d' [overflow]: padding value at channel 0 = -99983.4 is not finite in f16}}
    %n = nn.batch_norm %x, %gamma, %beta, %zero, %one epsilon = 0.0 : (tensor<1x1x4x4xf16>, tensor<1xf16>, tensor<1xf16>, tensor<1xf16>, tensor<1xf16>) -> tensor<1x1x4x4xf16>
    %y = nn.conv2d %n, %w padding = [1, 1, 1, 1] : (tensor<1x1x4x4xf16>, tensor<1x1x3x3xf16>) -> tensor<1x1x4x4xf16>
    return %y : tensor<1x1x4x4xf16>
  }
}

// -----

// Into a conv_transpose2d after it, a batch_norm never folds: border
// outputs gather fewer taps, so its offset would not be a constant bias.
// expected-remark@+1 {{fold-batchnorm folded 0 of 1 batch_norm ops; unsupported-producer: 1}}
module {
  func.func @before_conv_transpose(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32> {
    %w = arith.constant dense<1.0> : tensor<2x2x3x3xf32>
    %p = arith.constant dense<1.0> : tensor<2xf32>
    // expected-remark@+1 {{batch_norm not folded [unsupported-producer]: input is a block argument, not the result of a conv2d, conv_transpose2d or dense}}
    %n = nn.batch_norm %x, %p, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    %y = nn.conv_transpose2d %n, %w : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x6x6xf32>
    return %y : tensor<1x2x6x6xf32>
  }
}
