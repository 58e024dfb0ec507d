"""The benchmark's interleaved timing: every engine gets exactly `runs`
samples, taken in alternating rounds, and the median of its own samples;
PyTorch's thread count, its BLAS's included."""
import subprocess
import sys

import pytest

from nn_mlir.timing import call_timer, interleaved_medians


def test_rounds_alternate_start_one_further_along_and_split_the_runs():
    order = []

    def recorder(name, seconds):
        def timer(runs):
            order.append((name, runs))
            return [seconds] * runs
        return timer

    medians = interleaved_medians({"a": recorder("a", 1.0), "b": recorder("b", 3.0),
                                   "c": recorder("c", 2.0)}, runs=7, rounds=3)
    assert medians == {"a": 1.0, "b": 3.0, "c": 2.0}
    assert order == [("a", 3), ("b", 3), ("c", 3), ("b", 2), ("c", 2), ("a", 2),
                     ("c", 2), ("a", 2), ("b", 2)]


def test_median_of_each_engines_own_samples():
    samples = iter([5.0, 1.0, 2.0, 9.0, 3.0])
    medians = interleaved_medians({"only": lambda runs: [next(samples) for _ in range(runs)]},
                                  runs=5, rounds=2)
    assert medians == {"only": 3.0}


def test_fewer_runs_than_rounds_skip_empty_rounds():
    calls = []
    medians = interleaved_medians({"a": lambda runs: calls.append(runs) or [2.0] * runs},
                                  runs=2, rounds=5)
    assert calls == [1, 1] and medians == {"a": 2.0}


def test_each_round_but_the_first_settles_before_it_runs():
    events = []

    def timer(name):
        return lambda runs: events.append(name) or [1.0] * runs

    interleaved_medians({"a": timer("a"), "b": timer("b")}, runs=4, rounds=2,
                        settle_seconds=0.5, sleep=lambda s: events.append(s))
    assert events == ["a", 0.5, "b", 0.5, "b", 0.5, "a"]


def test_call_timer_warms_up_then_times_each_call():
    calls = []
    times = call_timer(lambda: calls.append(1))(4)
    assert len(calls) == 5 and len(times) == 4 and all(t >= 0 for t in times)


# In a fresh process: the thread counts are process-wide.
THREAD_COUNTS = """
import ctypes, torch
from nn_mlir.timing import set_torch_threads
blas = [l.split()[-1] for l in open("/proc/self/maps") if "libopenblas" in l]
set_torch_threads({threads})
print(torch.get_num_threads(), ctypes.CDLL(blas[0]).openblas_get_num_threads() if blas else "none")
"""


@pytest.mark.parametrize("threads", [1, 2])
def test_set_torch_threads_sets_torch_and_openblas(threads):
    out = subprocess.run([sys.executable, "-c", THREAD_COUNTS.format(threads=threads)],
                         check=True, capture_output=True, text=True).stdout.split()
    assert out[0] == str(threads)
    if out[1] == "none":
        pytest.skip("PyTorch's BLAS here is not OpenBLAS (bench/run.sh installs it)")
    assert out[1] == str(threads)
