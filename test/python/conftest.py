import copy
import math

import numpy as np
import torch

from nn_mlir.torch_importer import import_model

# f32 unit roundoff; the tolerance rule is the one nn-run uses
# (docs/Verification.md): rounding stays far below sqrt(u) * max|reference|,
# a wrong graph far above it.
F32_TOLERANCE = math.sqrt(2.0 ** -24)
F32_TINY = float(np.finfo(np.float32).tiny)  # the absolute part of the rule


def randomized_batch_norm(channels):
    """A BatchNorm2d with random statistics and signed scales, so that a
    fold changes every weight and flips some."""
    bn = torch.nn.BatchNorm2d(channels)
    with torch.no_grad():
        bn.running_mean.uniform_(-0.5, 0.5)
        bn.running_var.uniform_(0.5, 2.0)
        bn.weight.uniform_(-1.5, 1.5)
        bn.bias.uniform_(-0.5, 0.5)
    return bn


def reference_f64(model, example_input):
    """The model's own output computed by PyTorch in float64."""
    with torch.no_grad():
        return model.double()(example_input.double()).numpy()


def assert_close_to_reference(output, reference):
    scale = float(np.abs(reference).max())
    error = float(np.abs(output.astype(np.float64) - reference).max())
    tolerance = F32_TOLERANCE * scale + F32_TINY
    assert error <= tolerance, (
        f"max abs error {error:.3e} exceeds sqrt(u) * max|reference| + tiny = {tolerance:.3e}")
    return error / scale


def run_single_output(module, example_input):
    """`module`'s forward function compiled and run on `example_input`."""
    (output,) = module.compile()(example_input.numpy())
    return output


def assert_the_batch_norm_folds_exactly(model, example_input):
    """Imports `model`, which has one batch norm, folds it away and checks
    the unfolded and the folded outputs against PyTorch's float64 output.
    Returns the folded module."""
    reference = reference_f64(copy.deepcopy(model), example_input)
    module = import_model(model, example_input)
    folded, report = module.fold_batchnorm()
    assert (report["batch_norms_before"], report["batch_norms_after"]) == (1, 0)
    for graph in (module, folded):
        output = run_single_output(graph, example_input)
        assert output.shape == reference.shape
        assert_close_to_reference(output, reference)
    return folded
