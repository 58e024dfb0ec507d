"""Benchmark, measured side by side in one run (not a test).

1. Folding: nn-mlir's fold-batchnorm on resnet50 (each run on a freshly
   imported model, as a compiler pipeline folds once; the first run in the
   process separately, since it alone writes into new memory) against torch.fx's
   fuse (as users call it, with its deepcopy, and in place on a copy), and
   against copying the folded weights' bytes once; then the fold time on a
   chain of conv+BN blocks and on one 8x longer (a linear fold is 8x).
2. Inference, batch 1, 224x224, on 1 and 2 threads: nn-mlir folded and
   unfolded (JIT-compiled, compile time reported), ONNX Runtime with graph
   optimizations disabled and all (which fuses BN itself), PyTorch eager as
   given and after torch.fx's fuse (its own conv+BN folding), all timed
   in alternating rounds.

Prints tables and writes bench/results/bench.csv and
bench/results/inference.png. Run with bench/run.sh, which installs what the
anchors need.
"""
import argparse
import copy
import csv
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time

import numpy as np
import torch
from torch.fx.experimental.optimization import fuse

from nn_mlir.timing import call_timer, interleaved_medians, median_seconds, set_torch_threads
from nn_mlir.torch_importer import import_model
from nn_mlir.torchvision_models import randomized

MODELS = ("resnet18", "resnet50", "mobilenet_v2", "efficientnet_b0")
THREADS = (1, 2)
SIZE = 224
# Longer than any engine's workers spin after a run (OpenMP's default wait
# is 200 ms).
SETTLE_SECONDS = 0.3
HERE = os.path.dirname(os.path.abspath(__file__))


def fold_seconds(model, x, runs):
    """(first, median of the `runs` after it) fold times, each on a fresh
    import. The first fold in the process writes into new memory; later ones
    reuse what the previous folded modules held, as the baselines reuse
    malloc's memory, and are timed after that warm-up like them."""
    times = []
    for _ in range(runs + 1):
        module = import_model(model, x)
        times.append(module.fold_batchnorm()[1]["seconds"])
        del module
    return times[0], statistics.median(times[1:])


def fuse_in_place_seconds(model, runs):
    times = []
    for _ in range(runs):
        victim = copy.deepcopy(model)
        start = time.perf_counter()
        fuse(victim, inplace=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def folded_weight_copy_seconds(model, runs):
    """Copying the bytes of every weight and bias the fold rewrites, once,
    into buffers written before (so neither allocation nor first-touch page
    faults count: the pure copy, the strictest baseline; a.copy() into new
    arrays measured 8 to 26 ms here, depending on what malloc reused)."""
    arrays = [p.detach().numpy() for m in model.modules()
              if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)) for p in m.parameters()]
    targets = [np.empty_like(a) for a in arrays]
    return median_seconds(lambda: [np.copyto(t, a) for t, a in zip(targets, arrays)], runs)


def conv_bn_chain(blocks):
    layers = []
    for _ in range(blocks):
        layers += [torch.nn.Conv2d(16, 16, 3, padding=1), torch.nn.BatchNorm2d(16)]
    return torch.nn.Sequential(*layers).eval()


def fold_section(runs, rows):
    model, x = randomized("resnet50")
    first, ours = fold_seconds(model, x, runs)
    theirs = median_seconds(lambda: fuse(model), runs)
    theirs_in_place = fuse_in_place_seconds(model, runs)
    copy_once = folded_weight_copy_seconds(model, runs)
    print("\nresnet50 batch-norm folding (53 batch norms, 25.6 M parameters)")
    print(f"  nn-mlir fold-batchnorm            {ours * 1e3:9.1f} ms")
    print(f"  the same, first in the process    {first * 1e3:9.1f} ms   (new memory: page faults)")
    print(f"  torch.fx fuse (with its deepcopy) {theirs * 1e3:9.1f} ms   fuse / fold {theirs / ours:6.1f}")
    print(f"  torch.fx fuse, in place           {theirs_in_place * 1e3:9.1f} ms   fuse / fold {theirs_in_place / ours:6.1f}")
    print(f"  copy the folded weights once      {copy_once * 1e3:9.1f} ms   fold / copy {ours / copy_once:6.1f}")
    rows += [("fold", "resnet50", 1, "nn-mlir fold-batchnorm", ours),
             ("fold", "resnet50", 1, "nn-mlir fold-batchnorm first in process", first),
             ("fold", "resnet50", 1, "torch.fx fuse", theirs),
             ("fold", "resnet50", 1, "torch.fx fuse in place", theirs_in_place),
             ("fold", "resnet50", 1, "copy folded weights once", copy_once)]

    x = torch.rand(1, 16, 16, 16)
    short, long = (fold_seconds(conv_bn_chain(n), x, runs)[1] for n in (32, 256))
    print(f"  chain of 32 conv+BN blocks        {short * 1e3:9.1f} ms")
    print(f"  chain of 256 conv+BN blocks       {long * 1e3:9.1f} ms   8x blocks -> {long / short:.1f}x time")
    rows += [("fold", "chain32", 1, "nn-mlir fold-batchnorm", short),
             ("fold", "chain256", 1, "nn-mlir fold-batchnorm", long)]


class OrtSession:
    """An ONNX Runtime session in a node process (bench/ort), timed on
    request: a timer for `interleaved_medians`."""

    def __init__(self, onnx_path, level, threads):
        script = os.path.join(HERE, "ort", "time_session.js")
        self.process = subprocess.Popen(["node", script, onnx_path, level, str(threads), str(SIZE)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def __call__(self, runs):
        self.process.stdin.write(f"{runs}\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"ONNX Runtime session exited with {self.process.wait()}")
        return [ms / 1e3 for ms in json.loads(line)]

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def inference_section(runs, rows, workdir):
    header = (f"{'model':16} {'thr':>3} {'folded':>9} {'unfolded':>9} {'ORT none':>9} {'ORT all':>9} "
              f"{'PyTorch':>9} {'PT fused':>9} {'fold/unf':>8} {'PTf/PT':>8} {'fold/PT':>8} {'fold/PTf':>8} "
              f"{'fold/ORT':>8} {'compile':>8}")
    print(f"\ninference, 1x3x{SIZE}x{SIZE}, median of {runs} runs, times in ms\n{header}")
    for name in MODELS:
        model, x = randomized(name, input_size=SIZE)
        module = import_model(model, x)
        folded, _ = module.fold_batchnorm()
        fused_model = fuse(model)
        onnx_path = os.path.join(workdir, f"{name}.onnx")
        # PRESERVE keeps the BN nodes so that ONNX Runtime's own fusion has
        # something to do.
        torch.onnx.export(model, x, onnx_path, training=torch.onnx.TrainingMode.PRESERVE,
                          do_constant_folding=False, opset_version=13)
        inputs = [x.numpy()]
        for threads in THREADS:
            set_torch_threads(threads)
            start = time.perf_counter()
            folded_fn = folded.compile(threads=threads)
            compile_seconds = time.perf_counter() - start
            unfolded_fn = module.compile(threads=threads)
            # All engines alternate, so that no ratio depends on which of
            # them the machine's slow spells hit.
            sessions = {level: OrtSession(onnx_path, level, threads) for level in ("disabled", "all")}
            with torch.no_grad():
                t = interleaved_medians({"folded": lambda n: folded_fn.time(inputs, n),
                                         "unfolded": lambda n: unfolded_fn.time(inputs, n),
                                         "ORT disabled": sessions["disabled"],
                                         "ORT all": sessions["all"],
                                         "PyTorch": call_timer(lambda: model(x)),
                                         "PyTorch fused": call_timer(lambda: fused_model(x))},
                                        runs, settle_seconds=SETTLE_SECONDS)
            for session in sessions.values():
                session.close()
            ms = {k: v * 1e3 for k, v in t.items()}
            print(f"{name:16} {threads:>3} {ms['folded']:9.1f} {ms['unfolded']:9.1f} {ms['ORT disabled']:9.1f} "
                  f"{ms['ORT all']:9.1f} {ms['PyTorch']:9.1f} {ms['PyTorch fused']:9.1f} "
                  f"{t['folded'] / t['unfolded']:8.2f} {t['PyTorch fused'] / t['PyTorch']:8.2f} "
                  f"{t['folded'] / t['PyTorch']:8.2f} {t['folded'] / t['PyTorch fused']:8.2f} "
                  f"{t['folded'] / t['ORT all']:8.2f} {compile_seconds:7.1f}s")
            rows += [("inference", name, threads, engine, seconds) for engine, seconds in t.items()]
            rows.append(("compile", name, threads, "nn-mlir JIT compile (folded)", compile_seconds))


def write_results(rows, stamp):
    out_dir = os.path.join(HERE, "results")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "bench.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["# " + stamp])
        writer.writerow(["section", "model", "threads", "engine", "seconds"])
        writer.writerows(rows)

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    engines = ["folded", "unfolded", "ORT disabled", "ORT all", "PyTorch", "PyTorch fused"]
    times = {(m, t, e): s for section, m, t, e, s in rows if section == "inference"}
    fig, axes = plt.subplots(1, len(THREADS), figsize=(12, 4.5), sharey=True)
    width = 0.13
    for ax, threads in zip(axes, THREADS):
        for i, engine in enumerate(engines):
            ax.bar(np.arange(len(MODELS)) + (i - 2.5) * width,
                   [times[(m, threads, engine)] * 1e3 for m in MODELS], width,
                   label=engine if engine not in ("folded", "unfolded") else f"nn-mlir {engine}")
        ax.set_xticks(np.arange(len(MODELS)), MODELS)
        ax.set_title(f"{threads} thread{'s' if threads > 1 else ''}")
        ax.set_ylabel("ms per inference (batch 1, 224x224)")
    axes[0].legend()
    fig.suptitle(stamp, fontsize=9)
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "inference.png"), dpi=110)
    print(f"\nwrote {out_dir}/bench.csv and {out_dir}/inference.png")


def cpu_description():
    """The CPU's model name and widest vector extension, which decide what
    the JIT's code (targeting the host) can use: the figures of one machine
    say little of another."""
    try:
        with open("/proc/cpuinfo") as f:
            info = f.read()
    except OSError:
        return platform.machine()
    fields = {key.strip(): value for key, value in
              (line.split(":", 1) for line in info.splitlines() if ":" in line)}
    name = fields.get("model name", platform.machine()).strip()
    flags = fields.get("flags", "").split()
    vectors = next((v for v in ("avx512f", "avx2", "sse2") if v in flags), "no SIMD")
    return f"{name} ({vectors.upper()})"


def main():
    parser = argparse.ArgumentParser(description="fold and inference benchmark")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    stamp = (f"{time.strftime('%Y-%m-%d')}, {cpu_description()}, "
             f"{os.cpu_count()} cores, torch {torch.__version__}, median of {args.runs} runs")
    print(stamp)
    rows = []
    set_torch_threads(1)
    fold_section(args.runs, rows)
    with tempfile.TemporaryDirectory() as workdir:
        inference_section(args.runs, rows, workdir)
    write_results(rows, stamp)


if __name__ == "__main__":
    main()
