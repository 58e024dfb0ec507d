// RUN: nn-opt %s -split-input-file -verify-diagnostics

func.func @conv_input_rank(%x: tensor<1x3x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op expects input to have rank 4 (NCHW), got rank 3}}
  %r = nn.conv2d %x, %w : (tensor<1x3x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_weight_rank(%x: tensor<1x3x5x5xf32>, %w: tensor<4x27xf32>) {
  // expected-error@+1 {{'nn.conv2d' op expects weight to have rank 4 ([O, I/groups, kH, kW]), got rank 2}}
  %r = nn.conv2d %x, %w : (tensor<1x3x5x5xf32>, tensor<4x27xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_element_type(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf16>) {
  // expected-error@+1 {{'nn.conv2d' op operand #1 has element type 'f16' but the result has element type 'f32'}}
  %r = nn.conv2d %x, %w : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf16>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_integer(%x: tensor<1x3x5x5xi32>, %w: tensor<4x3x3x3xi32>) {
  // expected-error@+1 {{'nn.conv2d' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values}}
  %r = nn.conv2d %x, %w : (tensor<1x3x5x5xi32>, tensor<4x3x3x3xi32>) -> tensor<1x4x3x3xi32>
  return
}

// -----

func.func @conv_strides_count(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op expects 'strides' to have 2 values, got 1}}
  %r = nn.conv2d %x, %w strides = [1] : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_stride_zero(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op expects every 'strides' value to be in [1, 2147483648), got 0}}
  %r = nn.conv2d %x, %w strides = [0, 1] : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_padding_negative(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op expects every 'padding' value to be in [0, 2147483648), got -1}}
  %r = nn.conv2d %x, %w padding = [0, -1, 0, 0] : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_padding_huge(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op expects every 'padding' value to be in [0, 2147483648), got 9223372036854775807}}
  %r = nn.conv2d %x, %w padding = [0, 9223372036854775807, 0, 0] : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_padding_count(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op expects 'padding' to have 4 values, got 2}}
  %r = nn.conv2d %x, %w padding = [1, 1] : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_dilation_zero(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op expects every 'dilations' value to be in [1, 2147483648), got 0}}
  %r = nn.conv2d %x, %w dilations = [1, 0] : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_groups_zero(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op expects groups >= 1, got 0}}
  %r = nn.conv2d %x, %w groups = 0 : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_channels_not_divisible(%x: tensor<1x3x5x5xf32>, %w: tensor<4x1x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op input has 3 channels, which is not divisible by groups = 2}}
  %r = nn.conv2d %x, %w groups = 2 : (tensor<1x3x5x5xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_out_channels_not_divisible(%x: tensor<1x4x5x5xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op weight has 3 output channels, which is not divisible by groups = 2}}
  %r = nn.conv2d %x, %w groups = 2 : (tensor<1x4x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xf32>
  return
}

// -----

func.func @conv_channels_per_group(%x: tensor<1x64x5x5xf32>, %w: tensor<8x32x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op weight has 32 input channels per group but input has 64 channels and groups = 1}}
  %r = nn.conv2d %x, %w : (tensor<1x64x5x5xf32>, tensor<8x32x3x3xf32>) -> tensor<1x8x3x3xf32>
  return
}

// -----

func.func @conv_bias_rank(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<1x4xf32>) {
  // expected-error@+1 {{'nn.conv2d' op expects bias to have rank 1 ([out]), got rank 2}}
  %r = nn.conv2d %x, %w, %b : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>, tensor<1x4xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_bias_size(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<5xf32>) {
  // expected-error@+1 {{'nn.conv2d' op bias has 5 elements but weight has 4 output channels}}
  %r = nn.conv2d %x, %w, %b : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>, tensor<5xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_batch(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op result batch size 2 does not match input batch size 1}}
  %r = nn.conv2d %x, %w : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x3x3xf32>
  return
}

// -----

func.func @conv_result_channels(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op result has 5 channels but weight has 4 output channels}}
  %r = nn.conv2d %x, %w : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x5x3x3xf32>
  return
}

// -----

func.func @conv_kernel_too_large(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op effective kernel height 7 (kernel 3, dilation 3) exceeds the padded input height 5}}
  %r = nn.conv2d %x, %w dilations = [3, 1] : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x3xf32>
  return
}

// -----

func.func @conv_result_width(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op result width is 4 but input width 5, kernel 3, stride 2, dilation 1 and padding (1, 1) give 3}}
  %r = nn.conv2d %x, %w strides = [1, 2] padding = [0, 1, 0, 1] : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x4xf32>
  return
}

// -----

func.func @dense_input_rank(%x: tensor<8xf32>, %w: tensor<4x8xf32>) {
  // expected-error@+1 {{'nn.dense' op expects input to have rank 2 ([N, in]), got rank 1}}
  %r = nn.dense %x, %w : (tensor<8xf32>, tensor<4x8xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @dense_features(%x: tensor<2x8xf32>, %w: tensor<4x7xf32>) {
  // expected-error@+1 {{'nn.dense' op weight has 7 input features but input has 8}}
  %r = nn.dense %x, %w : (tensor<2x8xf32>, tensor<4x7xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @dense_bias(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<3xf32>) {
  // expected-error@+1 {{'nn.dense' op bias has 3 elements but weight has 4 output channels}}
  %r = nn.dense %x, %w, %b : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @dense_result_features(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) {
  // expected-error@+1 {{'nn.dense' op result has 5 features but weight has 4 output features}}
  %r = nn.dense %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @dense_batch(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) {
  // expected-error@+1 {{'nn.dense' op result batch size 3 does not match input batch size 2}}
  %r = nn.dense %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @bn_rank(%x: tensor<4xf32>, %p: tensor<4xf32>) {
  // expected-error@+1 {{'nn.batch_norm' op expects input to have rank >= 2, got rank 1}}
  %r = nn.batch_norm %x, %p, %p, %p, %p : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @bn_result(%x: tensor<2x4xf32>, %p: tensor<4xf32>) {
  // expected-error@+1 {{'nn.batch_norm' op result type 'tensor<1x4xf32>' does not match input type 'tensor<2x4xf32>'}}
  %r = nn.batch_norm %x, %p, %p, %p, %p : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @bn_param_rank(%x: tensor<2x4xf32>, %p: tensor<4xf32>, %q: tensor<1x4xf32>) {
  // expected-error@+1 {{'nn.batch_norm' op expects mean to have rank 1 ([C]), got rank 2}}
  %r = nn.batch_norm %x, %p, %p, %q, %p : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<1x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @bn_param_size(%x: tensor<1x4x2x2xf32>, %p: tensor<4xf32>, %q: tensor<5xf32>) {
  // expected-error@+1 {{'nn.batch_norm' op variance has 5 elements but input has 4 channels (dim 1)}}
  %r = nn.batch_norm %x, %p, %p, %p, %q : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<5xf32>) -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @bn_param_element_type(%x: tensor<2x4xf32>, %p: tensor<4xf32>, %q: tensor<4xf64>) {
  // expected-error@+1 {{'nn.batch_norm' op operand #2 has element type 'f64' but the result has element type 'f32'}}
  %r = nn.batch_norm %x, %p, %q, %p, %p : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf64>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @bn_epsilon(%x: tensor<2x4xf32>, %p: tensor<4xf32>) {
  // expected-error@+1 {{'nn.batch_norm' op expects a finite epsilon >= 0, got -1}}
  %r = nn.batch_norm %x, %p, %p, %p, %p epsilon = -1.0 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @clamp_bounds(%x: tensor<2x4xf32>) {
  // expected-error@+1 {{'nn.clamp' op expects min <= max, got min = 6.000000e+00 and max = 0.000000e+00}}
  %r = nn.clamp %x min = 6.0 max = 0.0 : tensor<2x4xf32>
  return
}

// -----

func.func @binary_rank(%x: tensor<1x4x1x1xf32>, %y: tensor<4x2x2xf32>) {
  // expected-error@+1 {{'nn.mul' op expects operands and result of the same rank, got ranks 4, 3 and 4}}
  %r = nn.mul %x, %y : tensor<1x4x1x1xf32>, tensor<4x2x2xf32> -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @binary_broadcast(%x: tensor<1x4x2x2xf32>, %y: tensor<1x3x2x2xf32>) {
  // expected-error@+1 {{'nn.add' op operand sizes 4 and 3 at dim 1 are neither equal nor 1}}
  %r = nn.add %x, %y : tensor<1x4x2x2xf32>, tensor<1x3x2x2xf32> -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @binary_result(%x: tensor<1x4x1x1xf32>, %y: tensor<1x4x2x2xf32>) {
  // expected-error@+1 {{'nn.mul' op result size 1 at dim 2 does not match the broadcast size 2}}
  %r = nn.mul %x, %y : tensor<1x4x1x1xf32>, tensor<1x4x2x2xf32> -> tensor<1x4x1x1xf32>
  return
}

// -----

func.func @pool_kernel_count(%x: tensor<1x4x8x8xf32>) {
  // expected-error@+1 {{'nn.max_pool2d' op expects 'kernel' to have 2 values, got 1}}
  %r = nn.max_pool2d %x kernel = [3] : (tensor<1x4x8x8xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @pool_padding(%x: tensor<1x4x8x8xf32>) {
  // expected-error@+1 {{'nn.max_pool2d' op padding 2 must be smaller than the kernel width 2}}
  %r = nn.max_pool2d %x kernel = [2, 2] padding = [0, 2, 0, 0] : (tensor<1x4x8x8xf32>) -> tensor<1x4x7x9xf32>
  return
}

// -----

func.func @pool_channels(%x: tensor<1x4x8x8xf32>) {
  // expected-error@+1 {{'nn.avg_pool2d' op result has 3 channels but input has 4}}
  %r = nn.avg_pool2d %x kernel = [2, 2] strides = [2, 2] : (tensor<1x4x8x8xf32>) -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @pool_height(%x: tensor<1x4x8x8xf32>) {
  // expected-error@+1 {{'nn.max_pool2d' op result height is 3 but input height 8, kernel 3, stride 2, dilation 1 and padding (1, 1) give 4}}
  %r = nn.max_pool2d %x kernel = [3, 3] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x4x8x8xf32>) -> tensor<1x4x3x4xf32>
  return
}

// -----

func.func @global_pool_result(%x: tensor<1x4x8x8xf32>) {
  // expected-error@+1 {{'nn.global_avg_pool2d' op expects result shape [N, 4, 1, 1], got 'tensor<1x4x2x2xf32>'}}
  %r = nn.global_avg_pool2d %x : (tensor<1x4x8x8xf32>) -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @flatten_start_dim(%x: tensor<2x4x3x3xf32>) {
  // expected-error@+1 {{'nn.flatten' op expects start_dim in [0, 4), got 4}}
  %r = nn.flatten %x start_dim = 4 : (tensor<2x4x3x3xf32>) -> tensor<2x36xf32>
  return
}

// -----

func.func @flatten_rank(%x: tensor<2x4x3x3xf32>) {
  // expected-error@+1 {{'nn.flatten' op expects a result of rank 2 (start_dim + 1), got rank 1}}
  %r = nn.flatten %x : (tensor<2x4x3x3xf32>) -> tensor<72xf32>
  return
}

// -----

func.func @flatten_leading(%x: tensor<2x4x3x3xf32>) {
  // expected-error@+1 {{'nn.flatten' op result size 2 at dim 1 does not match input size 4}}
  %r = nn.flatten %x start_dim = 2 : (tensor<2x4x3x3xf32>) -> tensor<2x2x18xf32>
  return
}

// -----

func.func @flatten_product(%x: tensor<2x4x3x3xf32>) {
  // expected-error@+1 {{'nn.flatten' op result size 35 at dim 1 does not match the product 36 of the collapsed input dims}}
  %r = nn.flatten %x : (tensor<2x4x3x3xf32>) -> tensor<2x35xf32>
  return
}

// -----

func.func @concat_axis(%x: tensor<2x4xf32>) {
  // expected-error@+1 {{'nn.concat' op expects axis in [0, 2), got 2}}
  %r = nn.concat %x axis = 2 : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @concat_rank(%x: tensor<2x4xf32>, %y: tensor<2x4x1xf32>) {
  // expected-error@+1 {{'nn.concat' op input #1 has rank 3 but the result has rank 2}}
  %r = nn.concat %x, %y axis = 1 : (tensor<2x4xf32>, tensor<2x4x1xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @concat_other_dim(%x: tensor<2x4xf32>, %y: tensor<3x4xf32>) {
  // expected-error@+1 {{'nn.concat' op input #1 has size 3 at dim 0 but the result has 2}}
  %r = nn.concat %x, %y axis = 1 : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @concat_total(%x: tensor<2x4xf32>, %y: tensor<2x3xf32>) {
  // expected-error@+1 {{'nn.concat' op result size 8 along axis 1 does not match the inputs' total 7}}
  %r = nn.concat %x, %y axis = 1 : (tensor<2x4xf32>, tensor<2x3xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @concat_empty() {
  // expected-error@+1 {{'nn.concat' op expects at least one input}}
  %r = nn.concat axis = 0 : () -> tensor<2xf32>
  return
}


// -----

func.func @conv_result_rank(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'nn.conv2d' op expects result to have rank 4 (NCHW), got rank 3}}
  %r = nn.conv2d %x, %w : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<4x3x3xf32>
  return
}

// -----

func.func @dense_weight_rank(%x: tensor<2x8xf32>, %w: tensor<4x8x1xf32>) {
  // expected-error@+1 {{'nn.dense' op expects weight to have rank 2 ([out, in]), got rank 3}}
  %r = nn.dense %x, %w : (tensor<2x8xf32>, tensor<4x8x1xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @dense_result_rank(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) {
  // expected-error@+1 {{'nn.dense' op expects result to have rank 2 ([N, out]), got rank 1}}
  %r = nn.dense %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @pool_input_rank(%x: tensor<4x8x8xf32>) {
  // expected-error@+1 {{'nn.max_pool2d' op expects input to have rank 4 (NCHW), got rank 3}}
  %r = nn.max_pool2d %x kernel = [2, 2] : (tensor<4x8x8xf32>) -> tensor<4x7x7xf32>
  return
}

// -----

func.func @pool_batch(%x: tensor<1x4x8x8xf32>) {
  // expected-error@+1 {{'nn.avg_pool2d' op result batch size 2 does not match input batch size 1}}
  %r = nn.avg_pool2d %x kernel = [2, 2] : (tensor<1x4x8x8xf32>) -> tensor<2x4x7x7xf32>
  return
}

// -----

func.func @global_pool_rank(%x: tensor<4x8x8xf32>) {
  // expected-error@+1 {{'nn.global_avg_pool2d' op expects input to have rank 4 (NCHW), got rank 3}}
  %r = nn.global_avg_pool2d %x : (tensor<4x8x8xf32>) -> tensor<4x1x1xf32>
  return
}

// -----

func.func @global_pool_batch(%x: tensor<1x4x8x8xf32>) {
  // expected-error@+1 {{'nn.global_avg_pool2d' op result batch size 2 does not match input batch size 1}}
  %r = nn.global_avg_pool2d %x : (tensor<1x4x8x8xf32>) -> tensor<2x4x1x1xf32>
  return
}

// -----

func.func @flatten_element_type(%x: tensor<2x4xf32>) {
  // expected-error@+1 {{'nn.flatten' op operand #0 has element type 'f32' but the result has element type 'f16'}}
  %r = nn.flatten %x : (tensor<2x4xf32>) -> tensor<2x4xf16>
  return
}

// -----

func.func @conv_transpose_weight_channels(%x: tensor<1x4x4x4xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error@+1 {{'nn.conv_transpose2d' op weight has 3 input channels but input has 4}}
  %r = nn.conv_transpose2d %x, %w : (tensor<1x4x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  return
}

// -----

func.func @conv_transpose_groups(%x: tensor<1x3x4x4xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error@+1 {{'nn.conv_transpose2d' op weight has 3 input channels, which is not divisible by groups = 2}}
  %r = nn.conv_transpose2d %x, %w groups = 2 : (tensor<1x3x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_transpose_result_channels(%x: tensor<1x4x4x4xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'nn.conv_transpose2d' op result has 3 channels but weight has 3 output channels per group and groups = 2}}
  %r = nn.conv_transpose2d %x, %w groups = 2 : (tensor<1x4x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @conv_transpose_output_padding(%x: tensor<1x4x4x4xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error@+1 {{'nn.conv_transpose2d' op output_padding 2 along height must be smaller than the stride (2) or the dilation (1)}}
  %r = nn.conv_transpose2d %x, %w strides = [2, 2] output_padding = [2, 0] : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x11x9xf32>
  return
}

// -----

func.func @conv_transpose_result_size(%x: tensor<1x4x4x4xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error@+1 {{'nn.conv_transpose2d' op result width is 8 but input width 4, kernel 3, stride 2, dilation 1, padding (1, 1) and output_padding 0 give 7}}
  %r = nn.conv_transpose2d %x, %w strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x7x8xf32>
  return
}

// -----

func.func @conv_transpose_no_output(%x: tensor<1x4x1x1xf32>, %w: tensor<4x2x1x1xf32>) {
  // expected-error@+1 {{'nn.conv_transpose2d' op padding removes the whole output height: input 1, kernel 1, stride 1 and dilation 1 give -1}}
  %r = nn.conv_transpose2d %x, %w padding = [1, 0, 1, 0] : (tensor<1x4x1x1xf32>, tensor<4x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  return
}

// -----

func.func @conv_transpose_bias(%x: tensor<1x4x4x4xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<3xf32>) {
  // expected-error@+1 {{'nn.conv_transpose2d' op bias has 3 elements but weight has 2 output channels}}
  %r = nn.conv_transpose2d %x, %w, %b : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>, tensor<3xf32>) -> tensor<1x2x6x6xf32>
  return
}

// -----

func.func @batch_norm_axis(%x: tensor<1x2x4x4xf32>, %p: tensor<2xf32>) {
  // expected-error@+1 {{'nn.batch_norm' op expects axis in [1, 4), got 4}}
  %r = nn.batch_norm %x, %p, %p, %p, %p axis = 4 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @batch_norm_axis_channels(%x: tensor<1x4x4x2xf32>, %p: tensor<4xf32>) {
  // expected-error@+1 {{'nn.batch_norm' op scale has 4 elements but input has 2 channels (dim 3)}}
  %r = nn.batch_norm %x, %p, %p, %p, %p axis = 3 : (tensor<1x4x4x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x2xf32>
  return
}

// -----

func.func @transpose_repeated(%x: tensor<1x2x3x4xf32>) {
  // expected-error@+1 {{'nn.transpose' op permutation 1 at position 2 is out of range or repeated}}
  %r = nn.transpose %x permutation = [0, 1, 1, 3] : (tensor<1x2x3x4xf32>) -> tensor<1x2x2x4xf32>
  return
}

// -----

func.func @transpose_shape(%x: tensor<1x2x3x4xf32>) {
  // expected-error@+1 {{'nn.transpose' op result dim 3 is 3 but input dim 1 is 2}}
  %r = nn.transpose %x permutation = [0, 2, 3, 1] : (tensor<1x2x3x4xf32>) -> tensor<1x3x4x3xf32>
  return
}

// -----

func.func @transpose_rank(%x: tensor<1x2x3x4xf32>) {
  // expected-error@+1 {{'nn.transpose' op expects a permutation of 4 dims and a result of rank 4, got 3 and 4}}
  %r = nn.transpose %x permutation = [0, 2, 1] : (tensor<1x2x3x4xf32>) -> tensor<1x3x2x4xf32>
  return
}

// -----

func.func @pad_values(%x: tensor<1x3x4x4xf32>, %v: tensor<2xf32>) {
  // expected-error@+1 {{'nn.pad' op has 2 values but the input has 3 channels}}
  %p = nn.pad %x, %v padding = [1, 1, 1, 1] : (tensor<1x3x4x4xf32>, tensor<2xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @pad_shape(%x: tensor<1x3x4x4xf32>, %v: tensor<3xf32>) {
  // expected-error@+1 {{'nn.pad' op result dim 3 is 6 but the padded input's is 7}}
  %p = nn.pad %x, %v padding = [1, 1, 1, 2] : (tensor<1x3x4x4xf32>, tensor<3xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @pad_negative(%x: tensor<1x3x4x4xf32>, %v: tensor<3xf32>) {
  // expected-error@+1 {{'nn.pad' op expects every 'padding' value to be in [0, 2147483648), got -1}}
  %p = nn.pad %x, %v padding = [-1, 1, 1, 1] : (tensor<1x3x4x4xf32>, tensor<3xf32>) -> tensor<1x3x4x6xf32>
  return
}

// -----

func.func @pad_values_rank(%x: tensor<1x3x4x4xf32>, %v: tensor<1x3xf32>) {
  // expected-error@+1 {{'nn.pad' op expects values to have rank 1 (one per channel), got rank 2}}
  %p = nn.pad %x, %v padding = [1, 1, 1, 1] : (tensor<1x3x4x4xf32>, tensor<1x3xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @hardswish_element_type(%x: tensor<2x4xi32>) {
  // expected-error@+1 {{'nn.hardswish' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values}}
  %r = nn.hardswish %x : tensor<2x4xi32>
  return
}

// -----

func.func @hardsigmoid_element_type(%x: tensor<2x4xi32>) {
  // expected-error@+1 {{'nn.hardsigmoid' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values}}
  %r = nn.hardsigmoid %x : tensor<2x4xi32>
  return
}
