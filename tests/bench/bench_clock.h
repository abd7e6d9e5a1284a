/*
 * bench_clock.h - the clock the benchmarks read. Header-only: each benchmark
 * is one program.
 */
#ifndef NX_BENCH_CLOCK_H
#define NX_BENCH_CLOCK_H

#include <time.h>

/* Seconds on clock clk (CLOCK_MONOTONIC for wall time,
 * CLOCK_THREAD_CPUTIME_ID or CLOCK_PROCESS_CPUTIME_ID for CPU time). */
static inline double bench_secs(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
