/*
 * fuzz_props.c - libFuzzer target: the properties-file parser
 * (nx_props_parse) on arbitrary bytes.
 *
 * Checks beyond the sanitizers: every key is non-empty and line numbers
 * never go down; and escaping each parsed key and value with
 * nx_props_escape() and parsing "key=value" again gives back exactly that
 * key and value (the round trip the escape function promises).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nx_props.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct one {
    const char *key, *value;
    int seen;
} one;

static nx_err expect_one(const char *key, const char *value, unsigned line, void *ud, char *errstr,
                         size_t errstr_size)
{
    (void)line;
    (void)errstr;
    (void)errstr_size;
    one *o = ud;
    if (o->seen++ || strcmp(key, o->key) != 0 || strcmp(value, o->value) != 0)
        abort();
    return NX_OK;
}

static nx_err each(const char *key, const char *value, unsigned line, void *ud, char *errstr,
                   size_t errstr_size)
{
    unsigned *last = ud;
    if (key[0] == '\0' || line < *last || line == 0)
        abort();
    *last = line;
    nx_buf b;
    nx_buf_init(&b, 0);
    nx_props_escape(&b, key, 1);
    nx_buf_putc(&b, '=');
    nx_props_escape(&b, value, 0);
    if (b.err == NX_OK) {
        one o = {key, value, 0};
        char err2[256];
        if (nx_props_parse(b.data, b.len, expect_one, &o, err2, sizeof err2) != NX_OK ||
            o.seen != 1)
            abort();
    }
    nx_buf_free(&b);
    (void)errstr;
    (void)errstr_size;
    return NX_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned last = 0;
    char errstr[256];
    errstr[0] = '\0';
    nx_err e = nx_props_parse((const char *)data, size, each, &last, errstr, sizeof errstr);
    if (e != NX_OK && (e >= NX_ERR__COUNT || errstr[0] == '\0'))
        abort();
    return 0;
}
