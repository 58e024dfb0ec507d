"""The Python API and the importer's error paths."""
import copy

import numpy as np
import pytest
import torch

import nn_mlir
from conftest import assert_close_to_reference, randomized_batch_norm, reference_f64
from nn_mlir.torch_importer import UnsupportedNodeError, UntraceableModelError, import_model, import_to_text

CONV_BN = """
func.func @forward(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense_resource<w> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %y = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %z = nn.batch_norm %y, %p, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %r = nn.relu %z : tensor<1x2x4x4xf32>
  %q = nn.batch_norm %r, %p, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %q : tensor<1x2x4x4xf32>
}
"""
WEIGHT = np.array([1.0, 2.0, 3.0, -4.0], dtype=np.float32).reshape(2, 2, 1, 1)


def test_fold_report_names_what_stays():
    module = nn_mlir.Module.parse(CONV_BN, {"w": WEIGHT})
    folded, report = module.fold_batchnorm()
    assert (report["batch_norms_before"], report["batch_norms_after"]) == (2, 1)
    [kept] = report["not_folded"]
    assert kept["reason"] == "unsupported-producer"
    assert "nn.relu" in kept["detail"]


def test_numpy_in_numpy_out_and_compare():
    module = nn_mlir.Module.parse(CONV_BN, {"w": WEIGHT})
    folded, _ = module.fold_batchnorm()
    x = np.random.default_rng(0).uniform(-1, 1, (1, 2, 4, 4)).astype(np.float32)
    (a,) = module.compile()(x)
    (b,) = folded.compile()(x)
    assert a.dtype == np.float32 and a.shape == (1, 2, 4, 4)
    assert np.abs(a - b).max() <= 1e-5 * max(1.0, np.abs(a).max())
    result = nn_mlir.compare_folded(module, folded, [x])
    assert result["passed"] and result["batch_norms_after"] == 1


def test_wrong_inputs_are_rejected():
    compiled = nn_mlir.Module.parse(CONV_BN, {"w": WEIGHT}).compile()
    with pytest.raises(ValueError, match=r"input #0 must be tensor<1x2x4x4xf32>, got tensor<1x2x4x3xf32>"):
        compiled(np.zeros((1, 2, 4, 3), np.float32))
    with pytest.raises(ValueError, match=r"got tensor<1x2x4x4xf64>"):
        compiled(np.zeros((1, 2, 4, 4), np.float64))
    with pytest.raises(ValueError, match="takes 1 inputs, got 2"):
        compiled(np.zeros((1, 2, 4, 4), np.float32), np.zeros((1, 2, 4, 4), np.float32))


def test_perf_jitdump_only_when_asked(tmp_path, monkeypatch):
    # LLVM opens the process's jitdump file in $JITDUMPDIR at the first
    # compile that asks for one.
    monkeypatch.setenv("JITDUMPDIR", str(tmp_path))
    module = nn_mlir.Module.parse(CONV_BN, {"w": WEIGHT})
    module.compile()
    assert not list(tmp_path.rglob("jit-*.dump"))
    module.compile(perf_jitdump=True)
    [dump] = tmp_path.rglob("jit-*.dump")
    assert b"forward" in dump.read_bytes()


def test_zero_threads_are_rejected():
    with pytest.raises(RuntimeError, match="threads must be at least 1, got 0"):
        nn_mlir.Module.parse(CONV_BN, {"w": WEIGHT}).compile(threads=0)


def test_bad_modules_and_weights_are_rejected():
    with pytest.raises(ValueError, match="cannot parse"):
        nn_mlir.Module.parse("func.func @f(")
    with pytest.raises(ValueError, match="<text>:1:272: error: brackets nested more than 256 deep"):
        nn_mlir.Module.parse("func.func @f() {" + "[" * 100000)
    with pytest.raises(KeyError, match="no dense_resource named 'v'"):
        nn_mlir.Module.parse(CONV_BN, {"w": WEIGHT, "v": WEIGHT})
    with pytest.raises(ValueError, match="holds 4 bytes but its type tensor<2x2x1x1xf32> needs 16"):
        nn_mlir.Module.parse(CONV_BN, {"w": WEIGHT[:1, :1]})
    with pytest.raises(ValueError, match="dense_resource 'w' has no data"):
        nn_mlir.Module.parse(CONV_BN)


class _Block(torch.nn.Module):
    def __init__(self, tail):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(4)
        self.tail = tail

    def forward(self, x):
        return self.tail(self.bn(self.conv(x)))


def test_small_model_matches_pytorch():
    torch.manual_seed(0)
    model = _Block(torch.nn.Hardtanh(-1.0, 2.0)).eval()
    x = torch.rand(1, 3, 8, 8)
    (out,) = import_model(model, x).compile()(x.numpy())
    assert_close_to_reference(out, reference_f64(model, x))


class _Colliding(torch.nn.Module):
    """Parameter names that clash once made identifiers: "0.weight" starts
    with a digit, and "a_b.weight" and "a.b.weight" both become "a_b_weight"."""

    def __init__(self):
        super().__init__()
        self.a_b = torch.nn.Conv2d(3, 4, 1)
        self.a = torch.nn.Module()
        self.a.b = torch.nn.Conv2d(4, 4, 1)
        self.seq = torch.nn.Sequential(torch.nn.Conv2d(4, 4, 3), torch.nn.BatchNorm2d(4))

    def forward(self, x):
        return self.seq(self.a.b(self.a_b(x)))


def test_parameter_names_become_distinct_resources():
    torch.manual_seed(0)
    model = _Colliding().eval()
    top_level_sequential = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.BatchNorm2d(4)).eval()
    x = torch.rand(1, 3, 8, 8)
    for m in (model, top_level_sequential):
        module = import_model(m, x)
        folded, report = module.fold_batchnorm()
        assert report["batch_norms_after"] == 0
        for compiled in (module.compile(), folded.compile()):
            assert_close_to_reference(compiled(x.numpy())[0], reference_f64(m, x))


@pytest.mark.parametrize("tail, message", [
    (torch.nn.LeakyReLU(), r"cannot import node 'tail' \(call_module tail\): module type LeakyReLU is not supported"),
    (torch.nn.MaxPool2d(3, dilation=2), "dilation and return_indices are not supported"),
    (torch.nn.AdaptiveAvgPool2d(3), r"adaptive pooling from \[8, 8\] to \[3, 3\] is neither global nor the identity"),
    (torch.nn.Upsample(scale_factor=2), "module type Upsample is not supported"),
])
def test_unsupported_modules_name_the_node(tail, message):
    with pytest.raises(UnsupportedNodeError, match=message):
        import_to_text(_Block(tail).eval(), torch.rand(1, 3, 8, 8))


def test_unsupported_functions_name_the_node():
    class AddScalar(torch.nn.Module):
        def forward(self, x):
            return torch.tanh(x) + 1.0

    with pytest.raises(UnsupportedNodeError, match=r"cannot import node 'tanh' \(call_function tanh\)"):
        import_to_text(AddScalar().eval(), torch.rand(1, 3))


class UnpacksShape(torch.nn.Module):
    def forward(self, x):
        batch, channels = x.shape
        return x * channels


class BranchesOnValue(torch.nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x
        return -x


@pytest.mark.parametrize("model, line, why", [
    (UnpacksShape(), "batch, channels = x.shape", "Proxy object cannot be iterated"),
    (BranchesOnValue(), "if x.sum() > 0:", "cannot be used as inputs to control flow"),
])
def test_untraceable_models_name_the_line(model, line, why):
    with pytest.raises(UntraceableModelError) as refused:
        import_to_text(model.eval(), torch.rand(1, 3))
    message = str(refused.value)
    assert message.startswith(f"torch.fx cannot trace {type(model).__name__} at {__file__}:")
    assert f"({line}): " in message and why in message


def test_scalar_operands_are_refused():
    class AddScalar(torch.nn.Module):
        def forward(self, x):
            return x + 1.0

    with pytest.raises(UnsupportedNodeError, match="operand 1.0 is not a tensor"):
        import_to_text(AddScalar().eval(), torch.rand(1, 3))


def test_training_mode_and_reflect_padding_are_refused():
    with pytest.raises(ValueError, match="eval-mode"):
        import_to_text(_Block(torch.nn.ReLU()), torch.rand(1, 3, 8, 8))
    block = _Block(torch.nn.ReLU()).eval()
    block.conv.padding_mode = "reflect"
    with pytest.raises(UnsupportedNodeError, match="mode 'reflect'"):
        import_to_text(block, torch.rand(1, 3, 8, 8))


def test_f16_import_rounds_parameters_once():
    torch.manual_seed(0)
    model = _Block(torch.nn.ReLU()).eval()
    text, weights = import_to_text(model, torch.rand(1, 3, 8, 8), element_type="f16")
    assert "f32" not in text and "tensor<1x3x8x8xf16>" in text
    for array in weights.values():
        assert array.dtype == np.float16
    np.testing.assert_array_equal(weights["conv_weight"],
                                  model.conv.weight.detach().numpy().astype(np.float16))
    with pytest.raises(ValueError, match="element_type must be one of"):
        import_to_text(model, torch.rand(1, 3, 8, 8), element_type="bf16")


def test_repeated_runs_reuse_buffers_without_stale_data():
    # A compiled function keeps its intermediate buffers from one run to the
    # next; every run must still compute from its own input only.
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
        torch.nn.MaxPool2d(3, 2, 1), torch.nn.Conv2d(8, 16, 3, padding=1)).eval()
    inputs = [torch.randn(1, 3, 32, 32) for _ in range(3)]
    compiled = import_model(model, inputs[0]).compile(threads=2)
    first = [compiled(x.numpy())[0] for x in inputs]
    again = [compiled(x.numpy())[0] for x in reversed(inputs)][::-1]
    reference = copy.deepcopy(model)
    for x, y, y_again in zip(inputs, first, again):
        assert_close_to_reference(y, reference_f64(reference, x))
        np.testing.assert_array_equal(y, y_again)


def test_code_generated_on_one_thread_or_in_parts_computes_the_same():
    # With one code generation thread the module is compiled whole; with two
    # it is split into parts (the entry, its parallel regions) compiled on
    # two threads and linked. Both are the same code.
    torch.manual_seed(1)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(3, 16, 3, padding=1), randomized_batch_norm(16), torch.nn.ReLU(),
        torch.nn.Conv2d(16, 16, 3, padding=1)).eval()
    x = torch.randn(1, 3, 16, 16)
    graph = import_model(model, x)
    (whole,) = graph.compile(threads=2, codegen_threads=1)(x.numpy())
    (parts,) = graph.compile(threads=2, codegen_threads=2)(x.numpy())
    assert_close_to_reference(whole, reference_f64(model, x))
    np.testing.assert_array_equal(whole, parts)


@pytest.mark.parametrize("kernel, stride, dilation", [(3, 1, 1), (3, 2, 1), (5, 2, 2), (9, 1, 1)])
def test_depthwise_convolutions_match_pytorch(kernel, stride, dilation):
    # Up to 49 window taps lower to one elementwise sum over strided windows,
    # larger windows to a reduction: both against PyTorch's float64 result.
    torch.manual_seed(kernel * 10 + stride)
    model = torch.nn.Sequential(torch.nn.Conv2d(
        6, 6, kernel, stride=stride, dilation=dilation, padding=dilation * (kernel // 2),
        groups=6)).eval()
    x = torch.randn(1, 6, 23, 21)
    (out,) = import_model(model, x).compile()(x.numpy())
    assert_close_to_reference(out, reference_f64(copy.deepcopy(model), x))


@pytest.mark.parametrize("threads", [1, 2])
def test_one_column_edges_match_pytorch(threads):
    # 7x7 maps leave an edge of one output column (49 = 3 x 16 + 1), which
    # sums its products in 16 lanes along the reduction: 32 input channels
    # of a 1x1 convolution, 16 x 9 column-matrix rows of a 3x3 one, whose
    # 20 output channels also leave an edge of rows.
    torch.manual_seed(threads)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(32, 16, 1), torch.nn.ReLU(),
        torch.nn.Conv2d(16, 20, 3, padding=1)).eval()
    x = torch.randn(1, 32, 7, 7)
    (out,) = import_model(model, x).compile(threads=threads)(x.numpy())
    assert_close_to_reference(out, reference_f64(copy.deepcopy(model), x))


@pytest.mark.parametrize("threads", [1, 2])
def test_column_panels_match_pytorch(threads):
    # Output rows of 28 leave a 12-lane edge: the 3x3 convolution takes the
    # column matrix, which on two threads splits its reduction between them
    # (20 output channels: an edge of rows in each share); the 1x1 one runs
    # in parallel 16-column panels, each with all its 84 output channels
    # (again an edge of rows).
    torch.manual_seed(10 + threads)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(16, 20, 3, padding=1), randomized_batch_norm(20), torch.nn.ReLU(),
        torch.nn.Conv2d(20, 84, 1)).eval()
    x = torch.randn(1, 16, 28, 28)
    (out,) = import_model(model, x).compile(threads=threads)(x.numpy())
    assert_close_to_reference(out, reference_f64(copy.deepcopy(model), x))


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("kernel, width, dilation", [(7, 41, 1), (5, 40, 2)])
def test_strided_windows_split_by_column_parity_match_pytorch(threads, kernel, width, dilation):
    # Stride 2 over 3 input channels reads the input in place; windows of 5
    # or more taps along the rows are split into their even taps over a copy
    # of the input's even columns and their odd taps over its odd columns.
    # Odd and even input widths, rows dilated (columns cannot be), and 20
    # output channels that leave an edge of rows.
    torch.manual_seed(30 + threads + kernel)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(3, 20, kernel, stride=2, dilation=(dilation, 1),
                        padding=(dilation * (kernel // 2), kernel // 2)),
        randomized_batch_norm(20), torch.nn.ReLU()).eval()
    x = torch.randn(1, 3, 19, width)
    (out,) = import_model(model, x).compile(threads=threads)(x.numpy())
    assert_close_to_reference(out, reference_f64(copy.deepcopy(model), x))


class _ResidualConvolution(torch.nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = torch.nn.Conv2d(channels, channels, 3, padding=1)
        self.bn = randomized_batch_norm(channels)

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x)) + x)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("height, width", [(24, 24), (10, 56)])
def test_paired_output_rows_match_pytorch(threads, height, width):
    # Rows of 24 and 56 columns end in half a vector: with AVX-512's 32-column
    # tiles, two output rows make a register tile, and both rows' ends one
    # vector; with AVX2's 16-column tiles each tile holds 8 columns of both
    # rows. A 3x3 convolution with its residual add and relu on the tiles,
    # and a 1x1 one whose 20 output channels leave an edge of rows.
    torch.manual_seed(20 + threads + width)
    model = torch.nn.Sequential(_ResidualConvolution(16), torch.nn.Conv2d(16, 20, 1)).eval()
    x = torch.randn(1, 16, height, width)
    (out,) = import_model(model, x).compile(threads=threads)(x.numpy())
    assert_close_to_reference(out, reference_f64(copy.deepcopy(model), x))


def test_reductions_split_between_two_threads_match_pytorch():
    # Over 14x14 on two threads, the 3x3 convolutions' column matrices (576
    # rows) and the 256-to-64 1x1 convolution's input outweigh their outputs
    # and half their weights: each thread multiplies half of the reduction,
    # and the halves are added with the bias, the batch norm (unfolded), the
    # residual add and the ReLUs. Folded and unfolded, against PyTorch.
    from torchvision.models.resnet import BasicBlock
    torch.manual_seed(7)
    block = BasicBlock(64, 64)
    block.bn1, block.bn2 = randomized_batch_norm(64), randomized_batch_norm(64)
    model = torch.nn.Sequential(
        block, torch.nn.Conv2d(64, 256, 1), torch.nn.ReLU(),
        torch.nn.Conv2d(256, 64, 1)).eval()
    x = torch.randn(1, 64, 14, 14)
    reference = reference_f64(copy.deepcopy(model), x)
    module = import_model(model, x)
    for graph in (module, module.fold_batchnorm()[0]):
        (out,) = graph.compile(threads=2)(x.numpy())
        assert_close_to_reference(out, reference)


def test_fold_report_locates_kept_batch_norms_by_module_path():
    class ConcatThenNorm(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.left, self.right = torch.nn.Conv2d(3, 2, 1), torch.nn.Conv2d(3, 2, 1)
            self.head = torch.nn.Sequential(torch.nn.BatchNorm2d(4), torch.nn.ReLU())

        def forward(self, x):
            return self.head(torch.cat([self.left(x), self.right(x)], 1))

    module = import_model(ConcatThenNorm().eval(), torch.rand(1, 3, 4, 4))
    _, report = module.fold_batchnorm()
    [kept] = report["not_folded"]
    assert kept["reason"] == "unsupported-producer" and "'nn.concat'" in kept["detail"]
    assert kept["location"] == 'loc("head.0")'
