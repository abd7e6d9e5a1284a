/*
 * fuzz_clean_segment.c - libFuzzer target: clean text (nx_clean) then
 * segmentation (nx_segment) on arbitrary bytes as the raw body.
 *
 * Checks beyond the sanitizers: the clean text is valid UTF-8 without NUL
 * bytes; the offset map is non-decreasing and inside the raw body; tokens,
 * sentences and paragraphs are non-empty, ordered, inside the text, and the
 * sentences' token ranges are inside the token list.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clean.h"
#include "nx_doc.h"
#include "segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, min = 0x10000;
    else
        return 0;
    if (len > n)
        return 0;
    unsigned cp = c & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

static void check(const nx_doc *d, size_t raw_len)
{
    const unsigned char *t = (const unsigned char *)d->text;
    if (!t || t[d->text_len] != '\0')
        abort();
    for (size_t i = 0; i < d->text_len;) {
        size_t l = utf8_len(t + i, d->text_len - i);
        if (l == 0 || t[i] == 0)
            abort();
        i += l;
    }
    for (size_t i = 0; i <= d->text_len; i++)
        if (d->text_map[i] > raw_len || (i && d->text_map[i] < d->text_map[i - 1]))
            abort();
    for (size_t i = 0; i < d->n_toks; i++) {
        const nx_token *k = &d->toks[i];
        if (k->start >= k->end || k->end > d->text_len || (i && k->start < d->toks[i - 1].end))
            abort();
    }
    for (size_t i = 0; i < d->n_sents; i++) {
        const nx_sentence *s = &d->sents[i];
        if (s->start >= s->end || s->end > d->text_len || s->tok_begin > s->tok_end ||
            s->tok_end > d->n_toks || s->para >= d->n_paras ||
            (i && s->start < d->sents[i - 1].end))
            abort();
    }
    for (size_t i = 0; i < d->n_paras; i++) {
        const nx_span *p = &d->paras[i];
        if (p->start >= p->end || p->end > d->text_len || (i && p->start < d->paras[i - 1].end))
            abort();
    }
    if (d->n_words > d->n_toks)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nx_core_opts opts;
    nx_core_opts_init(&opts);
    /* The last byte picks the UTF-8 policy, so both paths are explored. */
    opts.strict_utf8 = size > 0 && (data[size - 1] & 1);
    nx_doc doc;
    nx_doc_init(&doc, NULL, &opts);
    doc.input = (const char *)data;
    doc.input_len = size;
    doc.raw = (const char *)data;
    doc.raw_len = size;
    char errstr[256];
    nx_err e = nx_clean(&doc, errstr, sizeof errstr);
    if (e == NX_OK) {
        e = nx_segment(&doc, errstr, sizeof errstr);
        if (e != NX_OK)
            abort();
        check(&doc, size);
    } else if (e >= NX_ERR__COUNT || doc.text) {
        abort();
    }
    nx_doc_free(&doc);
    return 0;
}
