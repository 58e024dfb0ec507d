"""Wall-time measurement shared by the demo and the benchmark."""
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
