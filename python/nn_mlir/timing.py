"""Wall-time measurement shared by the demo and the benchmark."""
import ctypes
import statistics
import time


def call_timer(call):
    """A timer for `interleaved_medians`: `runs` timed calls of `call`,
    after one warm-up call (as a compiled function's `time` does)."""
    def timer(runs):
        call()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        return times
    return timer


def median_seconds(call, runs):
    """Median wall time of `runs` calls of `call`, after one warm-up call."""
    return statistics.median(call_timer(call)(runs))


def interleaved_medians(timers, runs, rounds=5, settle_seconds=0.0, sleep=time.sleep):
    """Median seconds of each of `timers` (name -> function of a run count
    returning that many times) over `runs` runs, taken in `rounds` rounds
    that alternate between them. A machine whose speed swings for seconds
    at a time then slows every engine alike, and the ratios between them
    hold; timed one after the other, one engine alone took the slow spell.
    Each round starts one timer further along, so that no timer always
    follows the same one (and inherits what it left in the caches). Each
    round of a timer but the first waits `settle_seconds` first: an
    engine's thread pool (OpenMP's, ONNX Runtime's) keeps its workers
    spinning for a while after its last run, and would take a core from the
    next engine."""
    times = {name: [] for name in timers}
    names = list(timers)
    first = True
    for round_index in range(rounds):
        share = runs // rounds + (round_index < runs % rounds)
        start = round_index % len(names)
        for name in names[start:] + names[:start]:
            timer = timers[name]
            if share:
                if not first and settle_seconds:
                    sleep(settle_seconds)
                first = False
                times[name] += timer(share)
    return {name: statistics.median(samples) for name, samples in times.items()}


def set_torch_threads(threads):
    """Runs PyTorch on `threads` threads, its BLAS included. Debian's PyTorch
    computes linear layers and some 1x1 convolutions with OpenBLAS, whose
    own thread pool ignores torch.set_num_threads: with one thread set, a
    576-to-96 1x1 convolution still ran on both cores (0.14 ms, against
    0.23 ms on one)."""
    import torch
    torch.set_num_threads(threads)
    with open("/proc/self/maps") as maps:
        libraries = {line.split()[-1] for line in maps if "libopenblas" in line}
    for library in libraries:
        ctypes.CDLL(library).openblas_set_num_threads(threads)
