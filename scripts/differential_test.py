#!/usr/bin/env python3
"""Differential test of fold-batchnorm on random graphs.

For each seed, test/Integration/Inputs/random_graph.py writes a random valid
nn module; `nn-run --compare-folded` folds it (verifying the IR), runs it
folded, unfolded and in f64, and compares both f32 runs with the f64 one
under the derived tolerance. The number of batch norms folded must be the
number the generator expects, and so must the number of mul/add ops by a constant
left after folding. Every tenth seed is instead a graph whose
batch norms have invalid parameters: none may fold, the report must name
the reason, and the module must come out unchanged.

A mismatch (wrong result, wrong fold count, changed invalid graph) or a
crash (signal, sanitizer report, abnormal exit, hang) saves the module and
the tool output as a reproducer. The last line is the summary:
  differential: N graphs tried, F folds done, M mismatches, C crashes
and the exit status is 1 unless both M and C are 0.

usage: differential_test.py --graphs N [--seed S] [--jobs J] --bin-dir DIR
                            [--failures DIR]
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "test", "Integration", "Inputs"))
from random_graph import invalid_graph, random_graph  # noqa: E402

TIMEOUT_SECONDS = 300
CRASH_MARKERS = ("Stack dump", "Sanitizer", "runtime error:", "LLVM ERROR")


def run(command):
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return None
    return done


def crashed(done):
    """Why `done` is a crash, or None."""
    if done is None:
        return f"hang: no exit within {TIMEOUT_SECONDS} s"
    if done.returncode < 0:
        return f"killed by signal {-done.returncode}"
    if done.returncode not in (0, 1) or any(m in done.stderr for m in CRASH_MARKERS):
        return f"abnormal exit {done.returncode}"
    return None


def check_valid(bin_dir, path, expected):
    """(outcome, folds, detail): outcome is 'ok', 'mismatch' or 'crash'."""
    expected_folds, expected_channel_ops = expected
    done = run([os.path.join(bin_dir, "nn-run"), path, "--compare-folded"])
    why = crashed(done)
    if why:
        return "crash", 0, why + "\n" + (done.stdout + done.stderr if done else "")
    counts = re.search(r"as given \((\d+) batch_norm\) vs folded \((\d+) batch_norm\)", done.stdout)
    if done.returncode != 0 or not counts or "PASS:" not in done.stdout:
        return "mismatch", 0, done.stdout + done.stderr
    folds = int(counts.group(1)) - int(counts.group(2))
    if folds != expected_folds:
        return "mismatch", folds, f"folded {folds} batch norms, expected {expected_folds}\n{done.stdout}"
    channel_ops = re.search(r"mul/add by a constant: as given (\d+), folded (\d+)", done.stdout)
    if not channel_ops or int(channel_ops.group(2)) != expected_channel_ops:
        return "mismatch", folds, f"expected {expected_channel_ops} constant mul/add ops left\n{done.stdout}"
    return "ok", folds, ""


def check_invalid(bin_dir, path, reason):
    opt = os.path.join(bin_dir, "nn-opt")
    original, folded, report = (run([opt, path] + flags) for flags in (
        [], ["--fold-batchnorm"], ["--fold-batchnorm=report=true", "-o", os.devnull]))
    for done in (original, folded, report):
        why = crashed(done)
        if why or done.returncode != 0:
            return "crash" if why else "mismatch", 0, (why or "") + "\n" + (done.stderr if done else "")
    if folded.stdout != original.stdout:
        return "mismatch", 0, "the module changed although no batch norm may fold"
    if f"batch_norm not folded [{reason}]" not in report.stderr:
        return "mismatch", 0, f"no refusal with reason {reason}:\n{report.stderr}"
    return "ok", 0, ""


def check_seed(seed, bin_dir, failures):
    invalid = seed % 10 == 9
    text, expectation = (invalid_graph if invalid else random_graph)(seed)
    with tempfile.NamedTemporaryFile("w", suffix=".mlir", delete=False) as f:
        f.write(text)
        path = f.name
    try:
        outcome, folds, detail = (check_invalid if invalid else check_valid)(bin_dir, path, expectation)
    finally:
        os.unlink(path)
    if outcome != "ok":
        os.makedirs(failures, exist_ok=True)
        stem = os.path.join(failures, f"seed-{seed}")
        with open(stem + ".mlir", "w") as f:
            f.write(f"// {outcome}: {os.path.basename(__file__)} seed {seed}"
                    f"{' (invalid graph)' if invalid else ''}\n{text}")
        with open(stem + ".log", "w") as f:
            f.write(detail)
    return seed, outcome, folds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graphs", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--bin-dir", required=True, help="where nn-opt and nn-run are")
    parser.add_argument("--failures", default="differential-failures",
                        help="where reproducers of mismatches and crashes go")
    args = parser.parse_args()

    totals = {"ok": 0, "mismatch": 0, "crash": 0}
    folds = 0
    seeds = range(args.seed, args.seed + args.graphs)
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for seed, outcome, done_folds in pool.map(
                lambda s: check_seed(s, args.bin_dir, args.failures), seeds):
            totals[outcome] += 1
            folds += done_folds
            if outcome != "ok":
                print(f"{outcome}: seed {seed}, reproducer in {args.failures}/seed-{seed}.mlir", flush=True)
    print(f"differential: {args.graphs} graphs tried, {folds} folds done, "
          f"{totals['mismatch']} mismatches, {totals['crash']} crashes")
    return 1 if totals["mismatch"] or totals["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
