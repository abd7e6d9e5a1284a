#include "nx_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nx_alloc.h"

void nx_buf_init(nx_buf *b, size_t cap)
{
    memset(b, 0, sizeof(*b));
    b->cap = cap ? cap : SIZE_MAX - 1;
}

void nx_buf_free(nx_buf *b)
{
    nx_free(b->data);
    b->data = NULL;
    b->len = b->size = 0;
}

void nx_buf_reset(nx_buf *b)
{
    b->len = 0;
    b->err = NX_OK;
    if (b->data)
        b->data[0] = '\0';
}

static nx_err buf_fail(nx_buf *b, nx_err err)
{
    nx_buf_free(b);
    b->err = err;
    return err;
}

nx_err nx_buf_reserve(nx_buf *b, size_t extra)
{
    if (b->err)
        return b->err;
    if (extra > b->cap - b->len)
        return buf_fail(b, NX_ERR_RECORD_TOO_LARGE);
    size_t need = b->len + extra + 1;
    if (need <= b->size)
        return NX_OK;
    size_t nsize = b->size ? b->size : 256;
    while (nsize < need)
        nsize = nsize > SIZE_MAX / 2 ? need : nsize * 2;
    char *p = nx_realloc(b->data, nsize);
    if (!p)
        return buf_fail(b, NX_ERR_NOMEM);
    b->data = p;
    b->size = nsize;
    return NX_OK;
}

nx_err nx_buf_append_grow(nx_buf *b, const void *p, size_t n)
{
    nx_err e = nx_buf_reserve(b, n);
    if (e)
        return e;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return NX_OK;
}

nx_err nx_buf_printf(nx_buf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0)
        return buf_fail(b, NX_ERR_INTERNAL);
    if ((size_t)n < sizeof(tmp))
        return nx_buf_append(b, tmp, (size_t)n);
    nx_err e = nx_buf_reserve(b, (size_t)n);
    if (e)
        return e;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return NX_OK;
}

char *nx_buf_steal(nx_buf *b, size_t *len)
{
    char *p = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->size = 0;
    return p;
}
