#include "nx_alloc.h"

#include <stdlib.h>
#include <string.h>

static unsigned long fail_at;
static _Thread_local unsigned long count; /* per thread: no shared cache line */
static _Thread_local unsigned long failures;

static int should_fail(void)
{
    count++;
    if (fail_at != 0 && count == fail_at) {
        failures++;
        return 1;
    }
    return 0;
}

static void *counted(void *p)
{
    if (!p)
        failures++;
    return p;
}

void *nx_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return counted(malloc(n ? n : 1));
}

void *nx_calloc(size_t nmemb, size_t n)
{
    if (should_fail())
        return NULL;
    return counted(calloc(nmemb ? nmemb : 1, n ? n : 1));
}

void *nx_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return counted(realloc(p, n ? n : 1));
}

unsigned long nx_alloc_failures(void)
{
    return failures;
}

void nx_free(void *p)
{
    free(p);
}

char *nx_strndup(const char *s, size_t n)
{
    char *d = nx_malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void nx_alloc_fail_at(unsigned long n)
{
    fail_at = n;
    count = 0;
}

unsigned long nx_alloc_count(void)
{
    return count;
}
