import math

import numpy as np
import torch

# f32 unit roundoff; the tolerance rule is the one nn-run uses
# (docs/Verification.md): rounding stays far below sqrt(u) * max|reference|,
# a wrong graph far above it.
F32_TOLERANCE = math.sqrt(2.0 ** -24)
F32_TINY = float(np.finfo(np.float32).tiny)  # the absolute part of the rule


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
