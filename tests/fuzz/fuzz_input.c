/*
 * fuzz_input.c - libFuzzer target: envelope and header parsing
 * (nx_input_parse) on arbitrary bytes, format detected as in production,
 * with two field aliases so the alias path runs too.
 *
 * Checks beyond the sanitizers: on success the body lies inside the input
 * (or in memory the doc owns), the header junk span lies inside the input,
 * and the published date, when set, is normalized (starts with YYYY-MM-DD).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "nx_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const nx_field_alias aliases[] = {{"headline", "title"}, {"story", "text"}};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nx_core_opts opts;
    nx_core_opts_init(&opts);
    opts.aliases = aliases;
    opts.n_aliases = 2;
    nx_doc doc;
    nx_doc_init(&doc, NULL, &opts);
    doc.input = (const char *)data;
    doc.input_len = size;
    nx_span junk = {0, 0};
    char errstr[256];
    nx_err e = nx_input_parse(&doc, &junk, errstr, sizeof errstr);
    if (e == NX_OK) {
        if (junk.start > junk.end || junk.end > size)
            abort();
        if (doc.raw_len && !doc.raw)
            abort();
        if (!doc.raw_owned && doc.raw &&
            (doc.raw < doc.input || doc.raw + doc.raw_len > doc.input + size))
            abort();
        const char *p = doc.published.data;
        if (p && (doc.published.len < 10 || !is_digit(p[0]) || !is_digit(p[3]) || p[4] != '-' ||
                  p[7] != '-' || !is_digit(p[9])))
            abort();
    } else if (e >= NX_ERR__COUNT || errstr[0] == '\0') {
        abort();
    }
    nx_doc_free(&doc);
    return 0;
}
