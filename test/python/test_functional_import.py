"""Layers given bare (not inside a model) and parameters read by functions
(F.conv2d(x, self.weight), x * self.scale) import like the layers inside a
model, and what cannot be imported names its node."""
import pytest
import torch
import torch.nn.functional as F

from conftest import assert_close_to_reference, randomized_batch_norm, reference_f64, run_single_output
from nn_mlir.torch_importer import UnsupportedNodeError, import_model, import_to_text


@pytest.mark.parametrize("layer, shape, op", [
    (torch.nn.Conv2d(3, 4, 3, stride=2, padding=1), (1, 3, 9, 9), "nn.conv2d"),
    (torch.nn.Linear(5, 3), (2, 5), "nn.dense"),
    (randomized_batch_norm(4), (1, 4, 6, 6), "nn.batch_norm"),
    (torch.nn.ReLU6(), (1, 2, 3, 3), "nn.clamp"),
])
def test_a_bare_layer_imports_as_one_op(layer, shape, op):
    torch.manual_seed(0)
    layer = layer.eval()
    x = torch.randn(*shape)
    module = import_model(layer, x)
    assert {name: count for name, count in module.count_ops().items() if name.startswith("nn.")} == {op: 1}
    assert_close_to_reference(run_single_output(module, x), reference_f64(layer, x))


class _FunctionalBlock(torch.nn.Module):
    """A convolution, a dense layer and a layer scale written as functions
    of the module's own parameters, followed by a batch norm module."""

    def __init__(self):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.randn(6, 2, 3, 3) * 0.3)
        self.bias = torch.nn.Parameter(torch.randn(6))
        self.scale = torch.nn.Parameter(torch.rand(1, 6, 1, 1) + 0.5)
        self.bn = randomized_batch_norm(6)
        self.head = torch.nn.Parameter(torch.randn(3, 6 * 4 * 4) * 0.1)

    def forward(self, x):
        y = F.conv2d(x, self.weight, self.bias, stride=2, padding=(1, 0), groups=2)
        y = self.bn(y * self.scale)
        return F.linear(torch.flatten(F.relu(y), 1), self.head)


def test_functions_of_parameters_match_pytorch_and_fold():
    torch.manual_seed(0)
    model = _FunctionalBlock().eval()
    x = torch.randn(1, 4, 8, 9)
    module = import_model(model, x)
    text = module.text()
    assert "groups = 2" in text and "padding = [1, 0, 1, 0]" in text and "strides = [2, 2]" in text
    reference = reference_f64(model, x)
    folded, report = module.fold_batchnorm()
    # The batch norm follows the layer scale, a mul by a per-channel
    # constant behind the convolution: both fold into it.
    assert report["batch_norms_after"] == 0 and folded.count_ops().get("nn.mul", 0) == 0
    for graph in (module, folded):
        assert_close_to_reference(run_single_output(graph, x), reference)


def test_non_float_attributes_and_string_padding_name_the_node():
    class IntegerAttribute(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("steps", torch.arange(3))

        def forward(self, x):
            return x * self.steps

    class SamePadding(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = torch.nn.Parameter(torch.randn(2, 3, 3, 3))

        def forward(self, x):
            return F.conv2d(x, self.weight, padding="same")

    with pytest.raises(UnsupportedNodeError, match=r"node 'steps' \(get_attr steps\): only float32 tensors"):
        import_to_text(IntegerAttribute().eval(), torch.rand(1, 3))
    with pytest.raises(UnsupportedNodeError, match=r"\(call_function conv2d\): padding 'same'"):
        import_to_text(SamePadding().eval(), torch.rand(1, 3, 5, 5))


class _MeansAndHardActivations(torch.nn.Module):
    """x.mean over the spatial dims, kept (a squeeze-excitation's gate) and
    not (MNASNet's head), with the hard activations as functions."""

    def forward(self, x):
        gate = F.hardsigmoid(x.mean((2, 3), keepdim=True))
        return torch.mean(F.hardswish(x * gate), [-1, -2])


def test_spatial_means_and_hard_activations_match_pytorch():
    torch.manual_seed(0)
    model = _MeansAndHardActivations().eval()
    x = torch.randn(2, 3, 5, 4) * 4  # across both kinks of the hard activations
    module = import_model(model, x)
    ops = module.count_ops()
    assert (ops["nn.global_avg_pool2d"], ops["nn.flatten"], ops["nn.hardsigmoid"], ops["nn.hardswish"]) == (2, 1, 1, 1)
    assert_close_to_reference(run_single_output(module, x), reference_f64(model, x))


def test_other_means_name_the_node():
    class ChannelMean(torch.nn.Module):
        def forward(self, x):
            return x.mean(1)

    with pytest.raises(UnsupportedNodeError, match=r"\(call_method mean\): only the mean over dims \[2, 3\] "
                                                   r"of an NCHW tensor is imported, not over 1 of a rank-4"):
        import_to_text(ChannelMean().eval(), torch.rand(1, 3, 4, 4))


@pytest.mark.parametrize("kernel, stride, padding, size", [
    (3, 2, 0, 8), (3, 2, 0, 9), (2, 2, 0, 7), (3, 2, 1, 10),
    (2, 3, 1, 4),  # rounding up would start a window in the right padding: PyTorch drops it
])
def test_ceil_mode_max_pools_match_pytorch(kernel, stride, padding, size):
    pool = torch.nn.MaxPool2d(kernel, stride, padding, ceil_mode=True).eval()
    x = torch.randn(1, 2, size, size + 1)
    module = import_model(pool, x)
    assert_close_to_reference(run_single_output(module, x), reference_f64(pool, x))


class _FunctionalPools(torch.nn.Module):
    """Inception v3's pools, written as functions."""

    def forward(self, x):
        y = F.avg_pool2d(x, kernel_size=3, stride=1, padding=1)
        return F.max_pool2d(y, 3, stride=2, ceil_mode=True) + F.max_pool2d(x, 3, 2, 0, 1, True)


def test_functional_pools_match_pytorch():
    model = _FunctionalPools().eval()
    x = torch.randn(1, 3, 8, 8)
    module = import_model(model, x)
    assert module.count_ops()["nn.max_pool2d"] == 2 and module.count_ops()["nn.avg_pool2d"] == 1
    assert_close_to_reference(run_single_output(module, x), reference_f64(model, x))


class _FunctionalBatchNorm(torch.nn.Module):
    """A convolution and a batch norm, both functions of buffers and
    parameters; the second batch norm has no affine parameters."""

    def __init__(self):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.randn(4, 3, 3, 3) * 0.3)
        bn = randomized_batch_norm(4)
        self.register_buffer("mean", bn.running_mean.clone())
        self.register_buffer("var", bn.running_var.clone())
        self.gamma = torch.nn.Parameter(bn.weight.detach().clone())
        self.beta = torch.nn.Parameter(bn.bias.detach().clone())

    def forward(self, x):
        y = F.batch_norm(F.conv2d(x, self.weight), self.mean, self.var, self.gamma, self.beta, False, 0.1, 1e-3)
        return F.batch_norm(y, self.mean, self.var, eps=0.5)


def test_functional_batch_norms_match_pytorch_and_fold():
    torch.manual_seed(0)
    model = _FunctionalBatchNorm().eval()
    x = torch.randn(1, 3, 6, 6)
    module = import_model(model, x)
    assert "epsilon = 1.000000e-03" in module.text() and "epsilon = 5.000000e-01" in module.text()
    reference = reference_f64(model, x)
    folded, report = module.fold_batchnorm()
    assert (report["batch_norms_before"], report["batch_norms_after"]) == (2, 0)
    for graph in (module, folded):
        assert_close_to_reference(run_single_output(graph, x), reference)


def test_training_mode_functional_batch_norm_names_the_node():
    class Training(torch.nn.Module):
        def forward(self, x):
            return F.batch_norm(x, None, None, training=True)

    with pytest.raises(UnsupportedNodeError, match=r"\(call_function batch_norm\): only eval-mode batch norm"):
        import_to_text(Training().eval(), torch.rand(2, 3, 4, 4))


def test_max_pool_propagates_nan_and_keeps_the_first_of_equal_values():
    """As PyTorch's max pool: a NaN in a window is the window's max, and of
    -0 and +0 the one the window reaches first stays (reaching -0 first,
    IEEE maximum would give +0)."""
    pool = torch.nn.MaxPool2d(3, 2, 1).eval()
    x = -torch.rand(1, 2, 8, 8) - 1
    x[0, 0, 0, 0], x[0, 0, 0, 1], x[0, 0, 1, 0] = -0.0, 0.0, 0.0
    x[0, 1, 4, 5] = float("nan")
    expected = pool(x).numpy()
    assert expected[0, 0, 0, 0] == 0 and torch.tensor(expected[0, 0, 0, 0]).signbit()
    got = run_single_output(import_model(pool, x), x)
    assert (torch.tensor(got).isnan() == torch.tensor(expected).isnan()).all()
    assert torch.equal(torch.tensor(got).nan_to_num(), torch.tensor(expected).nan_to_num())
    assert (torch.tensor(got).signbit() == torch.tensor(expected).signbit()).all()
