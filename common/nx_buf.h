/*
 * nx_buf.h - a growable byte buffer with a hard cap (after curl's dynbuf).
 *
 * The buffer owns its memory. Appending past the cap or failing to grow frees
 * the contents and puts the buffer in a failed state: every later append
 * returns the same error, so a writer can append many pieces and check once.
 * The contents are always NUL-terminated (the NUL is not counted in len).
 */
#ifndef NX_BUF_H
#define NX_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "nx_err.h"

typedef struct nx_buf {
    char *data;  /* owned; NULL until the first append */
    size_t len;  /* bytes used, excluding the terminating NUL */
    size_t size; /* bytes allocated */
    size_t cap;  /* maximum len; 0 means SIZE_MAX */
    nx_err err;  /* sticky error: NX_OK or the first failure */
} nx_buf;

void nx_buf_init(nx_buf *b, size_t cap);
void nx_buf_free(nx_buf *b);
/* Drop the contents, keep the memory and the cap, clear the error. */
void nx_buf_reset(nx_buf *b);
nx_err nx_buf_reserve(nx_buf *b, size_t extra);
/* nx_buf_append when the bytes may not fit the memory it has: grows it, or
 * fails. The inline appenders below call it; use them. */
nx_err nx_buf_append_grow(nx_buf *b, const void *p, size_t n);

/* Append n bytes (p may be NULL when n is 0). Inline: the record writer
 * appends a few bytes at a time, hundreds of times per article. */
static inline nx_err nx_buf_append(nx_buf *b, const void *p, size_t n)
{
    if (!b->err && n < b->size - b->len && n <= b->cap - b->len) {
        if (n)
            memcpy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = '\0';
        return NX_OK;
    }
    return nx_buf_append_grow(b, p, n);
}

static inline nx_err nx_buf_putc(nx_buf *b, char c)
{
    return nx_buf_append(b, &c, 1);
}

static inline nx_err nx_buf_puts(nx_buf *b, const char *s)
{
    return nx_buf_append(b, s, strlen(s));
}

nx_err nx_buf_printf(nx_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Take ownership of the contents (NUL-terminated, may be NULL when empty);
 * the buffer is left empty. The caller frees the result with nx_free(). */
char *nx_buf_steal(nx_buf *b, size_t *len);

#endif
