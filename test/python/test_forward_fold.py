"""A BatchNorm2d before a Conv2d (nothing before it to fold into) folds
forward into the conv, through the user's path: import, fold, run, against
PyTorch's own BatchNorm2d + Conv2d in float64. A padded conv gets its input
padded with -t/s per channel, the value the batch norm maps to 0."""
import copy

import pytest
import torch

from conftest import (assert_close_to_reference, assert_the_batch_norm_folds_exactly,
                      randomized_batch_norm, reference_f64, run_single_output)
from nn_mlir.torch_importer import import_model

# (in, out, kernel, stride, padding, dilation, groups)
CASES = {
    "unpadded": (4, 6, 3, 1, 0, 1, 1),
    "padded": (4, 6, 3, 1, 1, 1, 1),
    "strided": (4, 6, 3, 2, 2, 1, 1),
    "grouped_dilated": (4, 6, 3, 1, 2, 2, 2),
    "depthwise": (4, 8, 3, 2, 1, 1, 4),
}


def _model(case, seed, zero_gamma=False):
    cin, cout, kernel, stride, padding, dilation, groups = CASES[case]
    torch.manual_seed(seed)
    bn = randomized_batch_norm(cin)
    if zero_gamma:
        # Channel 0 maps every input to beta - 0 = 0.5: with a padded conv
        # after it no padding value reproduces the zero border.
        with torch.no_grad():
            bn.weight[0] = 0.0
            bn.bias[0] = 0.5
    conv = torch.nn.Conv2d(cin, cout, kernel, stride=stride, padding=padding,
                           dilation=dilation, groups=groups)
    return torch.nn.Sequential(bn, conv).eval(), torch.randn(2, cin, 9, 8)


@pytest.mark.parametrize("case", sorted(CASES))
def test_batch_norm_folds_forward_into_the_conv_after_it(case):
    model, x = _model(case, seed=len(case))
    folded = assert_the_batch_norm_folds_exactly(model, x)
    assert folded.count_ops().get("nn.pad", 0) == (1 if CASES[case][4] else 0)


def test_zero_scale_before_a_padded_conv_stays_unfolded_and_exact():
    model, x = _model("padded", seed=3, zero_gamma=True)
    reference = reference_f64(copy.deepcopy(model), x)
    folded, report = import_model(model, x).fold_batchnorm()
    assert report["batch_norms_after"] == 1
    # The code is the producer's (a block argument); the detail says why the
    # user, the padded conv, cannot take it either.
    (entry,) = report["not_folded"]
    assert entry["reason"] == "unsupported-producer"
    assert "[padding]" in entry["detail"], entry["detail"]
    assert_close_to_reference(run_single_output(folded, x), reference)
