"""Wall-time measurement shared by the demo and the benchmark."""
import statistics
import time


def median_seconds(call, runs):
    """Median wall time of `runs` calls of `call`, after one warm-up call."""
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
