"""Backbones imported in f16: the folded f16 model is as close to the f32
model as the unfolded f16 model is (docs/Verification.md, "f16 models").

Both f16 models start from the f32 parameters rounded once to f16 and run in
f16 arithmetic. The fold, done in f64 from the f16 values, adds one rounding
to each folded weight and removes the batch norms' own roundings. Modelling
roundings as independent errors (variances add, to first order), the folded
model's error variance is at most the unfolded one's plus one more weight
rounding of the same size as the import's, so at most twice the unfolded
one: rms(folded error) <= sqrt(2) * rms(unfolded error). A fold that lost
precision (rounding to fewer bits, or twice with a bias) or changed the
function breaks that bound.
"""
import math

import numpy as np
import pytest

from conftest import reference_f64
from nn_mlir.torch_importer import import_model
from nn_mlir.torchvision_models import count_batch_norms, randomized

F16_UNIT_ROUNDOFF = 2.0 ** -11


def rms(values):
    return float(np.sqrt(np.mean(np.square(values))))


@pytest.mark.parametrize("name", ["resnet18", "mobilenet_v2"])
def test_folded_f16_model_is_as_close_to_f32_as_unfolded(name):
    model, x = randomized(name)
    x = x.half().float()  # an input both precisions hold exactly
    module = import_model(model, x, element_type="f16")
    folded, report = module.fold_batchnorm()
    assert report["batch_norms_after"] == 0
    assert report["batch_norms_before"] == count_batch_norms(model)

    inputs = x.numpy().astype(np.float16)
    (unfolded_out,) = module.compile()(inputs)
    (folded_out,) = folded.compile()(inputs)
    assert unfolded_out.dtype == folded_out.dtype == np.float16
    reference = reference_f64(model, x)  # the f32 model, computed in f64

    unfolded_error = rms(unfolded_out.astype(np.float64) - reference)
    folded_error = rms(folded_out.astype(np.float64) - reference)
    # The f16 runs are really f16: their error is many units of f16's
    # roundoff, so the ratio below compares rounding, not noise.
    assert unfolded_error > F16_UNIT_ROUNDOFF * rms(reference)
    assert folded_error <= math.sqrt(2) * unfolded_error, (
        f"folded f16 rms error {folded_error:.3e} vs unfolded {unfolded_error:.3e}")
