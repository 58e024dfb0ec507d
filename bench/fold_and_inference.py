"""Benchmark, measured side by side in one run (not a test):

1. fold time on resnet50: nn-mlir's fold-batchnorm (cloning the module and
   running the pass, as Module.fold_batchnorm does; and the whole Python
   call with its report) vs torch.fx's fuse on the same model (with the
   deepcopy it makes unless inplace);
2. inference time, one thread each, of resnet18 and mobilenet_v2 at
   224x224: nn-mlir folded, nn-mlir unfolded and PyTorch eager.

Prints a table of medians and ratios. Run with bench/run.sh, which installs
OpenBLAS so that PyTorch's linear layers are not on the reference BLAS.
"""
import argparse
import copy
import platform
import statistics
import time

import torch
from torch.fx.experimental.optimization import fuse

from nn_mlir.timing import median_seconds
from nn_mlir.torch_importer import import_model
from nn_mlir.torchvision_models import randomized


def fold_times(runs):
    model, x = randomized("resnet50")
    module = import_model(model, x)
    reports = [module.fold_batchnorm()[1] for _ in range(runs)]
    ours = [report["seconds"] for report in reports]
    ours_wall = median_seconds(module.fold_batchnorm, runs)
    theirs = median_seconds(lambda: fuse(copy.deepcopy(model)), runs)
    copy_time = median_seconds(lambda: copy.deepcopy(model), runs)
    return reports[0]["batch_norms_before"], statistics.median(ours), ours_wall, theirs, copy_time


def inference_times(name, runs):
    model, x = randomized(name, input_size=224)
    module = import_model(model, x)
    folded, _ = module.fold_batchnorm()
    inputs = [x.numpy()]
    unfolded_time = statistics.median(module.compile().time(inputs, runs))
    folded_time = statistics.median(folded.compile().time(inputs, runs))
    with torch.no_grad():
        torch_time = median_seconds(lambda: model(x), runs)
    return folded_time, unfolded_time, torch_time


def main():
    parser = argparse.ArgumentParser(description="fold and inference benchmark")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"{time.strftime('%Y-%m-%d')}, {platform.machine()}, {torch.get_num_threads()} thread, "
          f"torch {torch.__version__}, median of {args.runs} runs")

    batch_norms, ours, ours_wall, theirs, copy_time = fold_times(args.runs)
    print(f"\nresnet50 batch-norm folding ({batch_norms} batch norms)")
    print(f"  nn-mlir clone + fold-batchnorm    {ours * 1e3:9.1f} ms")
    print(f"  nn-mlir Module.fold_batchnorm()   {ours_wall * 1e3:9.1f} ms   (the whole call, with its report)")
    print(f"  torch.fx fuse (incl. deepcopy)    {theirs * 1e3:9.1f} ms   (deepcopy alone {copy_time * 1e3:.1f} ms)")
    print(f"  fuse / fold-batchnorm             {theirs / ours:9.2f}")

    print(f"\ninference, 1x3x224x224, one thread   {'folded':>10} {'unfolded':>10} {'PyTorch':>10}"
          f" {'folded/unfolded':>16} {'folded/PyTorch':>15}")
    for name in ("resnet18", "mobilenet_v2"):
        folded, unfolded, eager = inference_times(name, args.runs)
        print(f"  {name:34} {folded * 1e3:8.1f}ms {unfolded * 1e3:8.1f}ms {eager * 1e3:8.1f}ms"
              f" {folded / unfolded:16.2f} {folded / eager:15.2f}")


if __name__ == "__main__":
    main()
