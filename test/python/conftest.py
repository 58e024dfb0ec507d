import math

import numpy as np
import torch

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
