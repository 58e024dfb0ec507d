// Every guard of fold-batchnorm: the remark names the reason code and the
// numbers, and the IR comes out exactly as it went in.
// RUN: nn-opt %s -split-input-file --fold-batchnorm="report=true" -verify-diagnostics
// RUN: nn-opt %s -split-input-file --fold-batchnorm -o %t.folded
// RUN: nn-opt %s -split-input-file -o %t.original
// RUN: diff %t.original %t.folded

// expected-remark@+1 {{fold-batchnorm folded 0 of 2 batch_norm ops; unsupported-producer: 2}}
module {
  func.func @block_argument(%x: tensor<1x2x4x4xf32>, %p: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
    // expected-remark@+1 {{batch_norm not folded [unsupported-producer]: input is a block argument, not the result of nn.conv2d or nn.dense}}
    %z = nn.batch_norm %x, %p, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    return %z : tensor<1x2x4x4xf32>
  }
  func.func @after_relu(%x: tensor<1x2x4x4xf32>, %p: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
    %r = nn.relu %x : tensor<1x2x4x4xf32>
    // expected-remark@+1 {{batch_norm not folded [unsupported-producer]: input is produced by 'nn.relu', not nn.conv2d or nn.dense}}
    %z = nn.batch_norm %r, %p, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    return %z : tensor<1x2x4x4xf32>
  }
}

// -----

// expected-remark@+1 {{fold-batchnorm folded 0 of 2 batch_norm ops; activation: 2}}
module {
  func.func @activation(%x: tensor<1x2x4x4xf32>, %xd: tensor<3x2xf32>) -> (tensor<1x2x4x4xf32>, tensor<3x2xf32>) {
    %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
    %wd = arith.constant dense<1.0> : tensor<2x2xf32>
    %p = arith.constant dense<1.0> : tensor<2xf32>
    %y = nn.conv2d %x, %w activation = relu : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
    // expected-remark@+1 {{batch_norm not folded [activation]: producer 'nn.conv2d' applies activation 'relu' before the batch_norm}}
    %z = nn.batch_norm %y, %p, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
    %yd = nn.dense %xd, %wd activation = relu6 : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
    // expected-remark@+1 {{batch_norm not folded [activation]: producer 'nn.dense' applies activation 'relu6' before the batch_norm}}
    %zd = nn.batch_norm %yd, %p, %p, %p, %p : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
    return %z, %zd : tensor<1x2x4x4xf32>, tensor<3x2xf32>
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
// expected-remark@+1 {{fold-batchnorm folded 0 of 4 batch_norm ops; overflow: 4}}
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
