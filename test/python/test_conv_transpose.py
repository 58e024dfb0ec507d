"""ConvTranspose2d, and BatchNorm2d folded into it, against PyTorch.

The reference is PyTorch's own ConvTranspose2d + BatchNorm2d in float64,
not a fuser: the weight is [in, out/groups, kH, kW], so the BN scale runs
along dim 1 within each group.
"""
import pytest
import torch

from conftest import assert_the_batch_norm_folds_exactly, randomized_batch_norm

# (in, out, kernel, stride, padding, output_padding, dilation, groups)
CASES = {
    "plain": (6, 4, 3, 1, 0, 0, 1, 1),
    "strided": (6, 4, 3, 2, 1, 1, 1, 1),
    "groups2": (6, 8, 3, 2, 1, 1, 1, 2),
    "depthwise": (6, 12, 3, 2, 0, 1, 1, 6),
    "dilated": (4, 6, 3, 2, 2, 1, 2, 2),
    # Padding beyond dilation * (kernel - 1) crops the result.
    "cropped": (4, 4, 3, 2, 3, 0, 1, 1),
}


def _model(case, seed):
    cin, cout, kernel, stride, padding, output_padding, dilation, groups = CASES[case]
    torch.manual_seed(seed)
    bn = randomized_batch_norm(cout)
    conv = torch.nn.ConvTranspose2d(cin, cout, kernel, stride=stride, padding=padding,
                                    output_padding=output_padding, dilation=dilation,
                                    groups=groups)
    return torch.nn.Sequential(conv, bn).eval(), torch.randn(2, cin, 7, 6)


@pytest.mark.parametrize("case", sorted(CASES))
def test_conv_transpose_and_its_folded_batch_norm_match_pytorch(case):
    model, x = _model(case, seed=len(case))
    assert_the_batch_norm_folds_exactly(model, x)
