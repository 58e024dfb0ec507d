// What a line last written by the other core costs. Two OpenMP threads each
// copy into and sum a buffer: one only they ever touch, or one the other
// thread wrote last; and an empty parallel region. Prints microseconds per
// region, per 2 s window, so that spells of a slow machine show as runs.
//   cc -O3 -march=native -ffast-math -fopenmp bench/cross_core.c -o cross_core
//   ./cross_core 60 50000   # seconds, floats per buffer (200 KB)
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static float copyAndSum(float *buffer, const float *source, long n) {
  memcpy(buffer, source, n * sizeof(float));
  float sum = 0;
  for (int pass = 0; pass < 2; ++pass)
    for (long i = 0; i < n; ++i)
      sum += buffer[i];
  return sum;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s seconds floats-per-buffer\n", argv[0]);
    return 1;
  }
  double seconds = atof(argv[1]);
  long n = atol(argv[2]);
  float *own[2], *source[2], *swapped[2];
  // Each thread first-touches its own buffers.
#pragma omp parallel num_threads(2)
  {
    int t = omp_get_thread_num();
    own[t] = aligned_alloc(64, n * sizeof(float));
    source[t] = aligned_alloc(64, n * sizeof(float));
    for (long i = 0; i < n; ++i)
      own[t][i] = source[t][i] = i * 1e-6f;
  }
  for (int t = 0; t < 2; ++t)
    swapped[t] = calloc(n, sizeof(float));
  volatile float sink = 0;
  int flip = 0;
  printf("us per region: own buffers / buffers the other thread wrote last"
         " / empty region\n");
  for (double start = now(); now() - start < seconds;) {
    double own_us = 0, swapped_us = 0, empty_us = 0;
    int rounds = 0;
    for (double window = now(); now() - window < 2; ++rounds) {
      double t0 = now();
#pragma omp parallel num_threads(2)
      {
        int t = omp_get_thread_num();
        sink += copyAndSum(own[t], source[t], n);
      }
      double t1 = now();
      flip ^= 1;
#pragma omp parallel num_threads(2)
      {
        int t = omp_get_thread_num();
        sink += copyAndSum(swapped[t ^ flip], source[t], n);
      }
      double t2 = now();
#pragma omp parallel num_threads(2)
      { sink += 1; }
      double t3 = now();
      own_us += (t1 - t0) * 1e6;
      swapped_us += (t2 - t1) * 1e6;
      empty_us += (t3 - t2) * 1e6;
    }
    printf("%.1f / %.1f / %.1f\n", own_us / rounds, swapped_us / rounds,
           empty_us / rounds);
    fflush(stdout);
  }
  return 0;
}
