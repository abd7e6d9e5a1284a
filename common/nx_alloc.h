/*
 * nx_alloc.h - the allocator every core allocation goes through.
 *
 * A thin wrapper over malloc/realloc/free with one test hook: tests can make
 * allocation number n (counted from nx_alloc_fail_at()) fail, to prove the core
 * returns a named error and leaks nothing. The hook is process-global and meant
 * for single-threaded tests only; with no hook armed the cost is one branch.
 */
#ifndef NX_ALLOC_H
#define NX_ALLOC_H

#include <stddef.h>

void *nx_malloc(size_t n);
void *nx_calloc(size_t count, size_t n);
void *nx_realloc(void *p, size_t n);
void nx_free(void *p);
char *nx_strndup(const char *s, size_t n);

/* Allocations that failed in this thread so far (real or injected). Lets a
 * caller of a library that reports out-of-memory as some other error (jansson's
 * parser does) tell the two apart: compare the count before and after. */
unsigned long nx_alloc_failures(void);

/* Make the n-th allocation from now (1-based) fail; 0 disarms. */
void nx_alloc_fail_at(unsigned long n);
/* Number of allocations this thread made since its last nx_alloc_fail_at() call. */
unsigned long nx_alloc_count(void);

#endif
