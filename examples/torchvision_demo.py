"""Fold a torchvision backbone's batch norms and prove it by execution.

Builds the model with random weights and random BN statistics, imports it
into the nn dialect, folds every BatchNorm, JIT-compiles the folded and the
unfolded module, runs both and PyTorch on the same input, and prints errors
against PyTorch's float64 output and wall times side by side.

usage: python3 examples/torchvision_demo.py [--model resnet18] [--size 224] [--runs 5]
"""
import argparse
import math
import statistics
import sys
import time

import numpy as np
import torch

from nn_mlir.timing import median_seconds, set_torch_threads
from nn_mlir.torch_importer import import_model
from nn_mlir.torchvision_models import INPUT_SIZES, count_batch_norms, randomized


def step(message, action):
    """Runs `action`, reporting the step and its wall time."""
    print(f"  {message} ...", end="", flush=True)
    start = time.perf_counter()
    result = action()
    print(f" {time.perf_counter() - start:.2f} s", flush=True)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="resnet18", choices=sorted(INPUT_SIZES))
    parser.add_argument("--size", type=int, default=224, help="input height and width")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per engine")
    args = parser.parse_args()
    # The JIT-compiled code runs on one thread; PyTorch gets the same.
    set_torch_threads(1)

    print(f"{args.model}, input 1x3x{args.size}x{args.size}, random weights and BN statistics")
    model, x = randomized(args.model, input_size=args.size)
    inputs = x.numpy()
    module = step("import (torch.fx -> nn dialect)", lambda: import_model(model, x))
    folded, report = step("fold-batchnorm", module.fold_batchnorm)
    unfolded_fn = step("JIT-compile unfolded", module.compile)
    folded_fn = step("JIT-compile folded", folded.compile)

    (unfolded_out,) = step("run unfolded", lambda: unfolded_fn(inputs))
    (folded_out,) = step("run folded", lambda: folded_fn(inputs))
    with torch.no_grad():
        torch_out = step("run PyTorch f32", lambda: model(x).numpy())
        t_torch = step(f"time PyTorch ({args.runs} runs)", lambda: median_seconds(lambda: model(x), args.runs))
        reference = step("run PyTorch f64 (reference)", lambda: model.double()(x.double()).numpy())
    t_unfolded = step(f"time unfolded ({args.runs} runs)",
                      lambda: statistics.median(unfolded_fn.time([inputs], args.runs)))
    t_folded = step(f"time folded ({args.runs} runs)",
                    lambda: statistics.median(folded_fn.time([inputs], args.runs)))

    scale = float(np.abs(reference).max())
    tolerance = math.sqrt(2.0 ** -24) * scale
    rows = [("PyTorch f32", count_batch_norms(model), torch_out, t_torch),
            ("nn-mlir unfolded", report["batch_norms_before"], unfolded_out, t_unfolded),
            ("nn-mlir folded", report["batch_norms_after"], folded_out, t_folded)]
    print()
    print(f"{'':18} {'batch norms':>11} {'max err vs f64':>15} {'median time':>12} {'time / PyTorch':>15}")
    for name, batch_norms, output, seconds in rows:
        error = float(np.abs(output.astype(np.float64) - reference).max())
        print(f"{name:18} {batch_norms:>11} {error:>15.3e} {seconds * 1e3:>9.1f} ms {seconds / t_torch:>15.2f}")
    print()
    print(f"fold-batchnorm: {report['batch_norms_before']} -> {report['batch_norms_after']} batch norms "
          f"in {report['seconds'] * 1e3:.0f} ms; not folded: {len(report['not_folded'])}")
    print(f"folded / unfolded time: {t_folded / t_unfolded:.2f}")
    worst = max(np.abs(o.astype(np.float64) - reference).max() for o in (unfolded_out, folded_out))
    verdict = "PASS" if worst <= tolerance else "FAIL"
    print(f"{verdict}: both nn-mlir outputs within sqrt(u) * max|f64| = {tolerance:.3e} of PyTorch's f64 output")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
