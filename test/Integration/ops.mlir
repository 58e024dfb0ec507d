// Each op lowered, JIT-compiled and run on small constant inputs, against
// values computed by hand (in the comments). Inputs are constants inside the
// functions, so every function takes no arguments.
// RUN: nn-run %s --function=conv_bias | FileCheck %s --check-prefix=CONV
// RUN: nn-run %s --function=conv_strided_padded_relu | FileCheck %s --check-prefix=CONV-PAD
// RUN: nn-run %s --function=conv_dilated | FileCheck %s --check-prefix=CONV-DIL
// RUN: nn-run %s --function=conv_wide_rows | FileCheck %s --check-prefix=CONV-WIDE
// RUN: nn-run %s --function=conv_strided_wide_rows | FileCheck %s --check-prefix=CONV-WIDE-S2
// RUN: nn-run %s --function=conv_grouped | FileCheck %s --check-prefix=GROUPED
// RUN: nn-run %s --function=conv_depthwise | FileCheck %s --check-prefix=DEPTHWISE
// RUN: nn-run %s --function=conv_channel_multiplier | FileCheck %s --check-prefix=MULTIPLIER
// RUN: nn-run %s --function=dense | FileCheck %s --check-prefix=DENSE
// RUN: nn-run %s --function=batch_norm | FileCheck %s --check-prefix=BN
// RUN: nn-run %s --function=activations | FileCheck %s --check-prefix=ACT
// RUN: nn-run %s --function=hard_activations | FileCheck %s --check-prefix=HARD
// RUN: nn-run %s --function=broadcast | FileCheck %s --check-prefix=BCAST
// RUN: nn-run %s --function=max_pool | FileCheck %s --check-prefix=MAXPOOL
// RUN: nn-run %s --function=max_pool_wide_stride | FileCheck %s --check-prefix=MAXPOOL-WIDE
// RUN: nn-run %s --function=avg_pool | FileCheck %s --check-prefix=AVGPOOL
// RUN: nn-run %s --function=structural | FileCheck %s --check-prefix=STRUCT
// RUN: nn-run %s --function=pad | FileCheck %s --check-prefix=PAD
// RUN: nn-run %s --function=half_and_double | FileCheck %s --check-prefix=TYPES

// x = [[1,2,3],[4,5,6],[7,8,9]], W = [[1,2],[3,4]], b = 0.5:
// 1+4+12+20, 2+6+15+24, 4+10+21+32, 5+12+24+36 (+0.5).
// CONV: output 0 tensor<1x1x2x2xf32>
// CONV-NEXT: values: 37.5 47.5 67.5 77.5{{$}}
func.func @conv_bias() -> tensor<1x1x2x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %b = arith.constant dense<0.5> : tensor<1xf32>
  %y = nn.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// Zero padding 1, stride 2: windows start at -1 and 1. Sums 1*4 = 4,
// 2*3+3*4 = 18, 4*2+7*4 = 36, 5+12+24+36 = 77; bias -20, relu.
// CONV-PAD: output 0 tensor<1x1x2x2xf32>
// CONV-PAD-NEXT: values: 0 0 16 57{{$}}
func.func @conv_strided_padded_relu() -> tensor<1x1x2x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %b = arith.constant dense<-20.0> : tensor<1xf32>
  %y = nn.conv2d %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] activation = relu : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// Dilation 2 spreads the 2x2 kernel over the corners: 1*1+3*2+7*3+9*4.
// CONV-DIL: output 0 tensor<1x1x1x1xf32>
// CONV-DIL-NEXT: values: 64{{$}}
func.func @conv_dilated() -> tensor<1x1x1x1xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %y = nn.conv2d %x, %w dilations = [2, 2] : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
  return %y : tensor<1x1x1x1xf32>
}

// Rows of 17 outputs, read in place (a 16-lane tile and a 1-lane edge):
// row 0 is x0[j] = j under taps [1, 2, 3], row 1 is ones under [0, 0, 10],
// width padding 1. j = 0: 3 + 10; j = 1..15: (j-1) + 2j + 3(j+1) + 10 =
// 6j + 12; j = 16: 15 + 32, its last taps in the padding.
// CONV-WIDE: output 0 tensor<1x1x1x17xf32>
// CONV-WIDE-NEXT: values: 13 18 24 30 36 42 48 54 60 66 72 78 84 90 96 102 47{{$}}
func.func @conv_wide_rows() -> tensor<1x1x1x17xf32> {
  %x = arith.constant dense<[[[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0],
                               [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]]]]> : tensor<1x1x2x17xf32>
  %w = arith.constant dense<[[[[1.0, 2.0, 3.0], [0.0, 0.0, 10.0]]]]> : tensor<1x1x2x3xf32>
  %y = nn.conv2d %x, %w padding = [0, 1, 0, 1] : (tensor<1x1x2x17xf32>, tensor<1x1x2x3xf32>) -> tensor<1x1x1x17xf32>
  return %y : tensor<1x1x1x17xf32>
}

// Stride 2 along a row x[i] = i, read in place (every other element of the
// tap's span): taps [1, 2, 4] give x[2j] + 2x[2j+1] + 4x[2j+2] = 14j + 10.
// CONV-WIDE-S2: output 0 tensor<1x1x1x16xf32>
// CONV-WIDE-S2-NEXT: values: 10 24 38 52 66 80 94 108 122 136 150 164 178 192 206 220{{$}}
func.func @conv_strided_wide_rows() -> tensor<1x1x1x16xf32> {
  %x = arith.constant dense<[[[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0,
                                17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0]]]]> : tensor<1x1x1x33xf32>
  %w = arith.constant dense<[[[[1.0, 2.0, 4.0]]]]> : tensor<1x1x1x3xf32>
  %y = nn.conv2d %x, %w strides = [2, 2] : (tensor<1x1x1x33xf32>, tensor<1x1x1x3xf32>) -> tensor<1x1x1x16xf32>
  return %y : tensor<1x1x1x16xf32>
}

// Two groups of two channels: [1,2] . [1,1] = 3 and [3,4] . [1,-1] = -1.
// GROUPED: output 0 tensor<1x2x1x1xf32>
// GROUPED-NEXT: values: 3 -1{{$}}
func.func @conv_grouped() -> tensor<1x2x1x1xf32> {
  %x = arith.constant dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]> : tensor<1x4x1x1xf32>
  %w = arith.constant dense<[[[[1.0]], [[1.0]]], [[[1.0]], [[-1.0]]]]> : tensor<2x2x1x1xf32>
  %y = nn.conv2d %x, %w groups = 2 : (tensor<1x4x1x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  return %y : tensor<1x2x1x1xf32>
}

// One 1x2 filter per channel, padding 1 left and right: channel 0 with
// w = [1, 1] gives [0+1, 1+2, 2+0]; channel 1 with w = [2, -1] gives
// [-10, 20-20, 40+0].
// DEPTHWISE: output 0 tensor<1x2x1x3xf32>
// DEPTHWISE-NEXT: values: 1 3 2 -10 0 40{{$}}
func.func @conv_depthwise() -> tensor<1x2x1x3xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0]], [[10.0, 20.0]]]]> : tensor<1x2x1x2xf32>
  %w = arith.constant dense<[[[[1.0, 1.0]]], [[[2.0, -1.0]]]]> : tensor<2x1x1x2xf32>
  %y = nn.conv2d %x, %w padding = [0, 1, 0, 1] groups = 2 : (tensor<1x2x1x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x1x3xf32>
  return %y : tensor<1x2x1x3xf32>
}

// groups = channels but two outputs per channel: [1*1, 1*2, 2*3, 2*4].
// MULTIPLIER: output 0 tensor<1x4x1x1xf32>
// MULTIPLIER-NEXT: values: 1 2 6 8{{$}}
func.func @conv_channel_multiplier() -> tensor<1x4x1x1xf32> {
  %x = arith.constant dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>
  %y = nn.conv2d %x, %w groups = 2 : (tensor<1x2x1x1xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x1x1xf32>
  return %y : tensor<1x4x1x1xf32>
}

// [1,2,3] . [1,0,-1] + 0.5 = -1.5 and [1,2,3] . [2,1,0] - 1 = 3; relu6
// of [-1.5, 3] with the weight scaled by 3: [-6.5 -> 0, 11 -> 6].
// DENSE: output 0 tensor<1x2xf32>
// DENSE-NEXT: values: -1.5 3{{$}}
// DENSE: output 1 tensor<1x2xf32>
// DENSE-NEXT: values: 0 6{{$}}
func.func @dense() -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %x = arith.constant dense<[[1.0, 2.0, 3.0]]> : tensor<1x3xf32>
  %w = arith.constant dense<[[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]]> : tensor<2x3xf32>
  %w3 = arith.constant dense<[[3.0, 0.0, -3.0], [6.0, 3.0, 0.0]]> : tensor<2x3xf32>
  %b = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.dense %x, %w, %b : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %z = nn.dense %x, %w3, %b activation = relu6 : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y, %z : tensor<1x2xf32>, tensor<1x2xf32>
}

// s = gamma / sqrt(var + 1) = [2/4, 1/1]: channel 0 (x - 2) * 0.5 + 0,
// channel 1 (x - 6) * 1 + 1.
// BN: output 0 tensor<1x2x1x2xf32>
// BN-NEXT: values: -0.5 0.5 0 2{{$}}
func.func @batch_norm() -> tensor<1x2x1x2xf32> {
  %x = arith.constant dense<[[[[1.0, 3.0]], [[5.0, 7.0]]]]> : tensor<1x2x1x2xf32>
  %gamma = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %var = arith.constant dense<[15.0, 0.0]> : tensor<2xf32>
  %y = nn.batch_norm %x, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<1x2x1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x1x2xf32>
  return %y : tensor<1x2x1x2xf32>
}

// x = [-1, 0, 3, 7] and [-ln 3, 0, ln 3, 0]: sigmoid = [0.25, 0.5, 0.75, 0.5],
// silu = x * sigmoid(x) = [-0.274653, 0, 0.823959, 0].
// ACT: output 0 tensor<4xf32>
// ACT-NEXT: values: 0 0 3 7{{$}}
// ACT: output 1 tensor<4xf32>
// ACT-NEXT: values: 0 0 3 6{{$}}
// ACT: output 2 tensor<4xf32>
// ACT-NEXT: values: 0.25 0.5 0.75 0.5{{$}}
// ACT: output 3 tensor<4xf32>
// ACT-NEXT: values: -0.274653 0 0.823959 0{{$}}
func.func @activations() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %x = arith.constant dense<[-1.0, 0.0, 3.0, 7.0]> : tensor<4xf32>
  %l = arith.constant dense<[-1.0986122886681098, 0.0, 1.0986122886681098, 0.0]> : tensor<4xf32>
  %r = nn.relu %x : tensor<4xf32>
  %c = nn.clamp %x min = 0.0 max = 6.0 : tensor<4xf32>
  %s = nn.sigmoid %l : tensor<4xf32>
  %si = nn.silu %l : tensor<4xf32>
  return %r, %c, %s, %si : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// x = [-4, -1.5, 0, 1.5, 3, 4]: relu6(x + 3) = [0, 1.5, 3, 4.5, 6, 6], so
// hardsigmoid = [0, 0.25, 0.5, 0.75, 1, 1] and hardswish = x * that =
// [-0, -0.375, 0, 1.125, 3, 4] (the multiply by 1/6 in f32 rounds to these).
// HARD: output 0 tensor<6xf32>
// HARD-NEXT: values: 0 0.25 0.5 0.75 1 1{{$}}
// HARD: output 1 tensor<6xf32>
// HARD-NEXT: values: -0 -0.375 0 1.125 3 4{{$}}
func.func @hard_activations() -> (tensor<6xf32>, tensor<6xf32>) {
  %x = arith.constant dense<[-4.0, -1.5, 0.0, 1.5, 3.0, 4.0]> : tensor<6xf32>
  %s = nn.hardsigmoid %x : tensor<6xf32>
  %w = nn.hardswish %x : tensor<6xf32>
  return %s, %w : tensor<6xf32>, tensor<6xf32>
}

// [N, C, 1, 1] against [N, C, 2, 1]: a = [10, 20], b = [[1, 2], [3, 4]].
// BCAST: output 0 tensor<1x2x2x1xf32>
// BCAST-NEXT: values: 11 12 23 24{{$}}
// BCAST: output 1 tensor<1x2x2x1xf32>
// BCAST-NEXT: values: 10 20 60 80{{$}}
func.func @broadcast() -> (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) {
  %a = arith.constant dense<[[[[10.0]], [[20.0]]]]> : tensor<1x2x1x1xf32>
  %b = arith.constant dense<[[[[1.0], [2.0]], [[3.0], [4.0]]]]> : tensor<1x2x2x1xf32>
  %s = nn.add %a, %b : tensor<1x2x1x1xf32>, tensor<1x2x2x1xf32> -> tensor<1x2x2x1xf32>
  %m = nn.mul %a, %b : tensor<1x2x1x1xf32>, tensor<1x2x2x1xf32> -> tensor<1x2x2x1xf32>
  return %s, %m : tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>
}

// x = -[1..9]; 3x3 windows, stride 2, padding 1. Padding is -inf, so each
// window's max is its largest real element: -1, -2, -4, -5 (zero padding
// would give 0).
// MAXPOOL: output 0 tensor<1x1x2x2xf32>
// MAXPOOL-NEXT: values: -1 -2 -4 -5{{$}}
func.func @max_pool() -> tensor<1x1x2x2xf32> {
  %x = arith.constant dense<[[[[-1.0, -2.0, -3.0], [-4.0, -5.0, -6.0], [-7.0, -8.0, -9.0]]]]> : tensor<1x1x3x3xf32>
  %y = nn.max_pool2d %x kernel = [3, 3] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// A row long enough for whole vector rows read with stride 2: x = 0..39,
// 1x3 windows at stride 2, so window j's max is its last element, 2j + 2.
// 19 outputs: one row of 16 lanes and a remainder of 3.
// MAXPOOL-WIDE: output 0 tensor<1x1x1x19xf32>
// MAXPOOL-WIDE-NEXT: values: 2 4 6 8 10 12 14 16 18 20 22 24 26 28 30 32 34 36 38{{$}}
func.func @max_pool_wide_stride() -> tensor<1x1x1x19xf32> {
  %x = arith.constant dense<[[[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0, 37.0, 38.0, 39.0]]]]> : tensor<1x1x1x40xf32>
  %y = nn.max_pool2d %x kernel = [1, 3] strides = [1, 2] : (tensor<1x1x1x40xf32>) -> tensor<1x1x1x19xf32>
  return %y : tensor<1x1x1x19xf32>
}

// x = [1..9], 2x2 windows, stride 2, padding 1: sums 1, 2+3, 4+7, 5+6+8+9.
// Counting padding: / 4; not counting it: / 1, 2, 2, 4.
// AVGPOOL: output 0 tensor<1x1x2x2xf32>
// AVGPOOL-NEXT: values: 0.25 1.25 2.75 7{{$}}
// AVGPOOL: output 1 tensor<1x1x2x2xf32>
// AVGPOOL-NEXT: values: 1 2.5 5.5 7{{$}}
// AVGPOOL: output 2 tensor<1x1x1x1xf32>
// AVGPOOL-NEXT: values: 5{{$}}
func.func @avg_pool() -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %a = nn.avg_pool2d %x kernel = [2, 2] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  %b = nn.avg_pool2d %x kernel = [2, 2] strides = [2, 2] padding = [1, 1, 1, 1] count_include_pad = false : (tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  %g = nn.global_avg_pool2d %x : (tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32>
  return %a, %b, %g : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>
}

// STRUCT: output 0 tensor<1x4xf32>
// STRUCT-NEXT: values: 1 2 3 4{{$}}
// STRUCT: output 1 tensor<1x3x1x2xf32>
// STRUCT-NEXT: values: 1 2 3 4 5 6{{$}}
func.func @structural() -> (tensor<1x4xf32>, tensor<1x3x1x2xf32>) {
  %x = arith.constant dense<[[[[1.0, 2.0]], [[3.0, 4.0]]]]> : tensor<1x2x1x2xf32>
  %y = arith.constant dense<[[[[5.0, 6.0]]]]> : tensor<1x1x1x2xf32>
  %f = nn.flatten %x : (tensor<1x2x1x2xf32>) -> tensor<1x4xf32>
  %c = nn.concat %x, %y axis = 1 : (tensor<1x2x1x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x3x1x2xf32>
  return %f, %c : tensor<1x4xf32>, tensor<1x3x1x2xf32>
}

// Channel 0 padded with 9, channel 1 with 8: one row on top, one column
// on the right.
// PAD: output 0 tensor<1x2x2x3xf32>
// PAD-NEXT: values: 9 9 9 1 2 9 8 8 8 3 4 8{{$}}
func.func @pad() -> tensor<1x2x2x3xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0]], [[3.0, 4.0]]]]> : tensor<1x2x1x2xf32>
  %v = arith.constant dense<[9.0, 8.0]> : tensor<2xf32>
  %p = nn.pad %x, %v padding = [1, 0, 0, 1] : (tensor<1x2x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x3xf32>
  return %p : tensor<1x2x2x3xf32>
}

// The same conv in f16 and f64.
// TYPES: output 0 tensor<1x1x2x2xf16>
// TYPES-NEXT: values: 37.5 47.5 67.5 77.5{{$}}
// TYPES: output 1 tensor<1x1x2x2xf64>
// TYPES-NEXT: values: 37.5 47.5 67.5 77.5{{$}}
func.func @half_and_double() -> (tensor<1x1x2x2xf16>, tensor<1x1x2x2xf64>) {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf16>
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf16>
  %b = arith.constant dense<0.5> : tensor<1xf16>
  %y = nn.conv2d %x, %w, %b : (tensor<1x1x3x3xf16>, tensor<1x1x2x2xf16>, tensor<1xf16>) -> tensor<1x1x2x2xf16>
  %xd = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf64>
  %wd = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf64>
  %bd = arith.constant dense<0.5> : tensor<1xf64>
  %yd = nn.conv2d %xd, %wd, %bd : (tensor<1x1x3x3xf64>, tensor<1x1x2x2xf64>, tensor<1xf64>) -> tensor<1x1x2x2xf64>
  return %y, %yd : tensor<1x1x2x2xf16>, tensor<1x1x2x2xf64>
}
