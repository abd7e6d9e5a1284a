#include "nx_alloc.h"

#include <stdlib.h>
#include <string.h>

static unsigned long fail_at;
static unsigned long count;

static int should_fail(void)
{
    count++;
    return fail_at != 0 && count == fail_at;
}

void *nx_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *nx_calloc(size_t nmemb, size_t n)
{
    if (should_fail())
        return NULL;
    return calloc(nmemb ? nmemb : 1, n ? n : 1);
}

void *nx_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
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
