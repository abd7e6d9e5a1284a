/*
 * tone.c - the tone stage: GDELT-style document tone from the VADER
 * sentiment lexicon (config/lexicons/vader.tsv, see NOTICE), with negation.
 * The fields and rules are written down in docs/extras.md.
 *
 * State (loaded once by tone_init, read-only afterwards, shared by all
 * threads): an open-addressing table from the XXH3 hash of a lower-case word
 * to its mean valence (-4..+4).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extras.h"
#include "nx_alloc.h"
#include "stage.h"

#ifndef NEWSX_CONFIG_DIR
#define NEWSX_CONFIG_DIR "config"
#endif

/* VADER's scalar for a negated word (Hutto & Gilbert 2014). */
#define TONE_NEGATION_SCALAR (-0.74)
/* Words this long or longer are not looked up (no lexicon entry is). */
#define TONE_WORD_MAX 48
/* Tokens looked back for a negator, within the clause. */
#define TONE_NEGATION_WINDOW 3

/* One slot: a key and its valence side by side, one cache line access. */
typedef struct tone_slot {
    uint64_t key; /* 0 = empty; the word table's hash (never 0) */
    float val;
} tone_slot;

/* Bits of the lexicon's key filter (a one-hash Bloom filter): 8 KB that
 * stay in cache and turn away most words before the 256 KB table is read. */
#define TONE_FILTER_BITS 65536u

typedef struct tone_state {
    tone_slot *slots;
    size_t mask;
    uint64_t filter[TONE_FILTER_BITS / 64]; /* bit filter_bit(key) set for every word */
    size_t n_words;
    char version[64];
} tone_state;

static size_t filter_bit(uint64_t key)
{
    return (size_t)(key >> 40) & (TONE_FILTER_BITS - 1);
}

static size_t slot_of(const tone_state *st, uint64_t key)
{
    size_t i = (size_t)(key >> 7) & st->mask;
    while (st->slots[i].key && st->slots[i].key != key)
        i = (i + 1) & st->mask;
    return i;
}

static void tone_free(void *state)
{
    tone_state *st = state;
    if (!st)
        return;
    nx_free(st->slots);
    nx_free(st);
}

static nx_err load_lexicon(tone_state *st, const char *path, char *errstr, size_t errstr_size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "cannot read %s", path);
    /* Two passes: count, then fill a table at most half full. */
    char line[256];
    size_t n = 0;
    while (fgets(line, sizeof(line), f))
        n += line[0] != '#' && line[0] != '\n';
    size_t size = 1024;
    while (size < n * 2)
        size <<= 1;
    st->slots = nx_calloc(size, sizeof(*st->slots));
    st->mask = size - 1;
    if (!st->slots) {
        fclose(f);
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading %s", path);
    }
    rewind(f);
    nx_err e = NX_OK;
    size_t lineno = 0;
    while (!e && fgets(line, sizeof(line), f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *tab = strchr(line, '\t');
        char *end = NULL;
        double v = tab ? strtod(tab + 1, &end) : 0;
        if (!tab || tab == line || end == tab + 1 || v < -4.0 || v > 4.0) {
            e = nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "%s:%zu: expected word<TAB>valence",
                          path, lineno);
            break;
        }
        uint64_t key = nx_word_hash(line, (size_t)(tab - line)); /* the word table's key */
        size_t i = slot_of(st, key);
        if (!st->slots[i].key) {
            st->slots[i].key = key;
            st->slots[i].val = (float)v;
            st->n_words++;
            st->filter[filter_bit(key) / 64] |= 1ull << (filter_bit(key) % 64);
        }
    }
    fclose(f);
    if (!e && st->n_words == 0)
        e = nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "%s: no words", path);
    return e;
}

static nx_err tone_init(const nx_core_opts *opts, void **state, char *errstr, size_t errstr_size)
{
    const char *dir = opts && opts->config_dir ? opts->config_dir : NEWSX_CONFIG_DIR;
    tone_state *st = nx_calloc(1, sizeof(*st));
    if (!st)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading the lexicon");
    char path[4096];
    snprintf(path, sizeof(path), "%s/lexicons/vader.tsv", dir);
    nx_err e = load_lexicon(st, path, errstr, errstr_size);
    if (e) {
        tone_free(st);
        return e;
    }
    snprintf(st->version, sizeof(st->version), "vader-sentiment-1.1.3 (%zu words)", st->n_words);
    *state = st;
    return NX_OK;
}

static const char *tone_version(const void *state)
{
    const tone_state *st = state;
    return st ? st->version : NULL;
}

/* A clause boundary stops the negation look-back. */
static int is_clause_mark(const nx_doc *doc, const nx_token *t)
{
    if (t->kind != NX_TOK_PUNCT)
        return 0;
    const unsigned char *c = (const unsigned char *)doc->text + t->start;
    if (c[0] == ',' || c[0] == ';' || c[0] == ':' || c[0] == '.' || c[0] == '!' || c[0] == '?')
        return 1;
    /* En and em dashes (U+2013, U+2014); "--" is one token starting with '-'. */
    return (t->end - t->start == 3 && c[0] == 0xE2 && c[1] == 0x80 &&
            (c[2] == 0x93 || c[2] == 0x94)) ||
           (c[0] == '-' && t->end - t->start >= 2);
}

static nx_err tone_run(nx_doc *doc, const void *state, char *errstr, size_t errstr_size)
{
    nx_spend(doc->budget, doc->n_toks); /* one pass over the tokens, at least */
    const tone_state *st = state;
    nx_tone *tn = &doc->tone;
    memset(tn, 0, sizeof(*tn));
    const nx_tok_word *words = nx_doc_words(doc);
    if (!words && doc->n_toks)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory scoring tone");
    size_t m = 0; /* next entity mention */
    for (size_t s = 0; s < doc->n_sents; s++) {
        const nx_sentence *se = &doc->sents[s];
        /* Token index of the last negator in this clause, or none. */
        size_t last_neg = SIZE_MAX;
        for (size_t t = se->tok_begin; t < se->tok_end; t++) {
            const nx_token *tok = &doc->toks[t];
            if (is_clause_mark(doc, tok)) {
                last_neg = SIZE_MAX;
                continue;
            }
            if (tok->kind != NX_TOK_WORD)
                continue;
            const nx_tok_word *tw = &words[t];
            size_t n = tok->end - tok->start;
            if (!tw->hash || n >= TONE_WORD_MAX) {
                /* n’t with a typographic apostrophe is the one non-ASCII negator */
                const char *raw = doc->text + tok->start;
                if (n == 5 && (raw[0] == 'n' || raw[0] == 'N') &&
                    !memcmp(raw + 1, "\xE2\x80\x99", 3) && (raw[4] == 't' || raw[4] == 'T'))
                    last_neg = t;
                continue;
            }
            uint64_t key = tw->hash;
            unsigned cls = tw->cls;
            if (cls & NX_W_NEG) {
                last_neg = t;
                continue;
            }
            if (cls & NX_W_STOP)
                continue;
            while (m < doc->n_mentions && doc->mentions[m].end <= tok->start)
                m++;
            if (m < doc->n_mentions && doc->mentions[m].start <= tok->start)
                continue; /* part of a name: "United States", "Hope" */
            if (!(st->filter[filter_bit(key) / 64] >> (filter_bit(key) % 64) & 1))
                continue; /* not in the lexicon */
            size_t i = slot_of(st, key);
            if (!st->slots[i].key)
                continue;
            double v = st->slots[i].val;
            if (last_neg != SIZE_MAX && t - last_neg <= TONE_NEGATION_WINDOW)
                v *= TONE_NEGATION_SCALAR;
            if (v > 0)
                tn->pos_words++;
            else if (v < 0)
                tn->neg_words++;
        }
    }
    tn->words = (uint32_t)doc->n_words;
    if (tn->words) {
        tn->positive = 100.0 * tn->pos_words / tn->words;
        tn->negative = 100.0 * tn->neg_words / tn->words;
    }
    tn->tone = tn->positive - tn->negative;
    tn->polarity = tn->positive + tn->negative;
    doc->has_tone = 1;
    return NX_OK;
}

const nx_stage nx_stage_tone = {"tone", tone_init, tone_run, tone_free, tone_version, "en"};
