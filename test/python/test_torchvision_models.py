"""Real backbones: import, run, fold, run again; compare with PyTorch in f64."""
import pytest

from conftest import assert_close_to_reference, reference_f64
from nn_mlir.torch_importer import import_model
from nn_mlir.torchvision_models import count_batch_norms, randomized


@pytest.mark.parametrize("name", ["resnet18", "resnet50", "resnext50_32x4d", "regnet_y_400mf",
                                  "mobilenet_v2", "mobilenet_v3_small",
                                  "mobilenet_v3_large", "mnasnet0_5", "googlenet", "inception_v3",
                                  "efficientnet_b0", "vgg11_bn"])
def test_import_fold_and_run_match_pytorch(name):
    model, x = randomized(name)
    batch_norms = count_batch_norms(model)
    module = import_model(model, x)
    assert module.count_ops()["nn.batch_norm"] == batch_norms

    folded, report = module.fold_batchnorm()
    assert report["not_folded"] == []
    assert report["batch_norms_before"] == batch_norms
    assert report["batch_norms_after"] == 0
    assert "nn.batch_norm" not in folded.count_ops()

    inputs = x.numpy()
    (unfolded_out,) = module.compile()(inputs)
    (folded_out,) = folded.compile()(inputs)
    reference = reference_f64(model, x)  # after the runs: this makes the model f64
    assert_close_to_reference(unfolded_out, reference)
    assert_close_to_reference(folded_out, reference)
