/*
 * quotes_words.c - the English quote stage's words: the lexicon of word
 * classes read from config/lang/en/quote-words.tsv (cue verbs,
 * auxiliaries, determiners, head nouns, outlets, ...), noun phrases around
 * a cue and the cues themselves (docs/quotes.md, section 2).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lang_pack.h"
#include "nx_alloc.h"
#include "quotes_int.h"

/* The classes of quote-words.tsv: a lexicon class (bit, W_*), or a short
 * list of st->qw (qw, QW_*; bit 0). */
static const struct {
    const char *name;
    uint32_t bit;
    int qw;
} qw_classes[] = {{"speech", W_SPEECH, -1},
                  {"ing", W_ING, -1},
                  {"report", W_REPORT, -1},
                  {"read", W_READ, -1},
                  {"aux", W_AUX, -1},
                  {"det", W_DET, -1},
                  {"pron", W_PRON, -1},
                  {"stop", W_STOP, -1},
                  {"stmt", W_STMT, -1},
                  {"orgh", W_ORGH, -1},
                  {"role", W_ROLE, -1},
                  {"perh", W_PERH, -1},
                  {"outlet", W_OUTLET, -1},
                  {"medium", W_MEDIUM, -1},
                  {"male", W_MALE, -1},
                  {"female", W_FEM, -1},
                  {"invert", W_INVERT, -1},
                  {"particle", 0, QW_PARTICLE},
                  {"relative", 0, QW_RELATIVE},
                  {"work", W_WORK, -1},
                  {"time", W_TIME, -1},
                  {"not-speaker", W_NOTSPK, -1},
                  {"prep", W_PREP, -1},
                  {"finite", W_FINITE, -1},
                  {"not-clause", W_NOCLAUSE, -1},
                  {"be", W_BE, -1},
                  {"verb-particle", W_VPART, -1},
                  {"reduced-prep", W_RELPREP, -1},
                  {"possessive", W_POSS, -1},
                  {"complement", W_COMPL, -1},
                  {"outlet-noun", W_OUTLETN, -1},
                  {"medium-prep", W_MEDPREP, -1},
                  {"neuter", W_NEUTER, -1},
                  {"connector", 0, QW_CONNECTOR},
                  {"coordinator", 0, QW_COORD},
                  {"subject", 0, QW_SUBJECT},
                  {"perfect", 0, QW_PERFECT},
                  {"work-verb", 0, QW_WORK_VERB}};
#define N_QW_CLASSES (sizeof(qw_classes) / sizeof(qw_classes[0]))

static uint32_t lex_hash(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t k = 0; k < n; k++)
        h = (h ^ (unsigned char)w[k]) * 16777619u;
    return h;
}

static int cmp_lex(const void *a, const void *b)
{
    return strcmp(((const lex_entry *)a)->w, ((const lex_entry *)b)->w);
}

void nxq_free(void *state)
{
    qstate *st = state;
    if (!st)
        return;
    nx_free(st->lex);
    nx_free(st->slot);
    nx_qlang_free(st->other);
    nxq_cues_free(st->cues);
    nx_free(st);
}

/* Line lineno of path names no class of qw_classes: the error, listing them. */
static nx_err bad_class(const char *path, unsigned lineno, char *errstr, size_t errstr_size)
{
    char names[512] = "";
    for (size_t k = 0; k < N_QW_CLASSES; k++) {
        size_t len = strlen(names);
        snprintf(names + len, sizeof(names) - len, "%s%s", k ? "|" : "", qw_classes[k].name);
    }
    return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "quote stage: %s:%u: want word<TAB>%s",
                     path, lineno, names);
}

/* Adds the word low[0, n) of class k to st->lex (grown as needed, *cap
 * entries) or to st->qw. */
static nx_err add_word(qstate *st, size_t *cap, size_t k, const char *low, size_t n,
                       const char *path, unsigned lineno, char *errstr, size_t errstr_size)
{
    int qw = qw_classes[k].qw;
    if (qw >= 0) {
        if (n >= QW_LEN || st->n_qw[qw] == QW_MAX)
            return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                             "quote stage: %s:%u: at most %d %s words of at most %d bytes", path,
                             lineno, QW_MAX, qw_classes[k].name, QW_LEN - 1);
        st->qw_len[qw][st->n_qw[qw]] = (uint8_t)n;
        memcpy(st->qw[qw][st->n_qw[qw]++], low, n + 1);
        return NX_OK;
    }
    if (st->n == *cap) {
        size_t ncap = *cap ? 2 * *cap : 1024;
        lex_entry *lex = nx_realloc(st->lex, ncap * sizeof(*lex));
        if (!lex)
            return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading %s", path);
        st->lex = lex;
        *cap = ncap;
    }
    lex_entry *e = &st->lex[st->n++];
    memcpy(e->w, low, n + 1);
    e->n = (uint8_t)n;
    e->cls = qw_classes[k].bit;
    return NX_OK;
}

/* The words of path (word<TAB>class, one pass) into st->lex, unsorted and
 * perhaps repeated, and st->qw. */
static nx_err words_load(const char *path, qstate *st, char *errstr, size_t errstr_size)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                         "quote stage: cannot open %s: %s (the English quote stage's words)", path,
                         strerror(errno));
    nx_err e = NX_OK;
    size_t cap = 0;
    char line[256];
    unsigned lineno = 0;
    while (!e && nx_tsv_line(fp, line, sizeof(line), &lineno)) {
        char *f[3];
        size_t nf = nx_tsv_split(line, f, 3), k = 0;
        while (nf == 2 && k < N_QW_CLASSES && strcmp(f[1], qw_classes[k].name))
            k++;
        char low[LEX_LEN];
        size_t n = 0;
        if (nf != 2 || k == N_QW_CLASSES)
            e = bad_class(path, lineno, errstr, errstr_size);
        else if (!(n = nx_lang_lower(f[0], strlen(f[0]), low, sizeof(low))) || strchr(low, ' '))
            e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                          "quote stage: %s:%u: want one UTF-8 word of at most %d bytes", path,
                          lineno, LEX_LEN - 1);
        else
            e = add_word(st, &cap, k, low, n, path, lineno, errstr, errstr_size);
    }
    fclose(fp);
    return e;
}

/* Sorts st->lex, merges a word's entries into one with all its classes and
 * hashes the entries into a table more than twice their number. */
static nx_err lex_index(qstate *st, char *errstr, size_t errstr_size)
{
    if (st->n)
        qsort(st->lex, st->n, sizeof(lex_entry), cmp_lex);
    size_t w = 0;
    for (size_t i = 0; i < st->n; i++) {
        if (w && strcmp(st->lex[w - 1].w, st->lex[i].w) == 0)
            st->lex[w - 1].cls |= st->lex[i].cls;
        else
            st->lex[w++] = st->lex[i];
    }
    st->n = w;
    size_t slots = 16;
    while (slots <= 2 * st->n)
        slots *= 2;
    if (st->n > INT32_MAX || !(st->slot = nx_malloc(slots * sizeof(*st->slot))))
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading quote lexicon");
    st->slot_mask = slots - 1;
    for (size_t k = 0; k < slots; k++)
        st->slot[k] = -1;
    for (size_t k = 0; k < st->n; k++) {
        size_t h = lex_hash(st->lex[k].w, st->lex[k].n) & st->slot_mask;
        while (st->slot[h] >= 0)
            h = (h + 1) & st->slot_mask;
        st->slot[h] = (int32_t)k;
    }
    return NX_OK;
}

#ifndef NEWSX_CONFIG_DIR
#define NEWSX_CONFIG_DIR "config"
#endif

nx_err nxq_init(const nx_core_opts *opts, void **state, char *errstr, size_t errstr_size)
{
    qstate *st = nx_calloc(1, sizeof(*st));
    if (!st)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading quote lexicon");
    const char *dir = opts && opts->config_dir ? opts->config_dir : NEWSX_CONFIG_DIR;
    char path[4096];
    nx_err e;
    if (snprintf(path, sizeof(path), "%s/lang/en/quote-words.tsv", dir) >= (int)sizeof(path))
        e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "quote stage: config path too long: %s",
                      dir);
    else
        e = words_load(path, st, errstr, errstr_size);
    if (!e)
        e = lex_index(st, errstr, errstr_size);
    if (!e)
        e = nx_qlang_load(dir, &st->other, errstr, errstr_size);
    if (!e)
        e = nxq_cues_load(dir, &st->cues, errstr, errstr_size);
    if (e) {
        nxq_free(st);
        return e;
    }
    *state = st;
    return NX_OK;
}

uint32_t nxq_word_class(const qstate *st, const char *p, size_t n)
{
    char buf[LEX_LEN];
    if (n == 0 || n >= sizeof(buf))
        return 0;
    for (size_t k = 0; k < n; k++) {
        char a = p[k];
        buf[k] = (a >= 'A' && a <= 'Z') ? (char)(a - 'A' + 'a') : a;
    }
    for (size_t h = lex_hash(buf, n) & st->slot_mask; st->slot[h] >= 0;
         h = (h + 1) & st->slot_mask) {
        const lex_entry *e = &st->lex[st->slot[h]];
        if (e->n == n && memcmp(e->w, buf, n) == 0)
            return e->cls;
    }
    return 0;
}

static int connector(const qctx *c, size_t i)
{
    return tok_in(c, i, QW_CONNECTOR) || is_poss(c, i) || tok_eq(c, i, "&");
}

/* A lower-case word in -ed or -ing (not -eed: "speed", "greed"). */
int nxq_verb_form(const qctx *c, size_t i)
{
    const char *p = c->doc->text + tk(c, i)->start;
    size_t n = tlen(c, i);
    return (n > 4 && p[n - 2] == 'e' && p[n - 1] == 'd' && p[n - 3] != 'e') ||
           (n > 4 && p[n - 3] == 'i' && p[n - 2] == 'n' && p[n - 1] == 'g');
}

/* The noun phrase that ends at token i (inclusive), not before lo. */
static tspan np_ending_at(const qctx *c, size_t i, size_t lo)
{
    tspan none = {0, 0};
    if (i < lo || c->inq[i] || !is_word(c, i))
        return none;
    uint32_t k = c->cls[i];
    if (k & W_PRON)
        return (tspan){i, i + 1};
    if ((k & (W_STOP | W_DET | W_AUX | W_SPEECH | W_REPORT)) && !(k & (W_STMT | W_ORGH)))
        return none;
    size_t a = i;
    if (is_cap(c, i)) {
        while (a > lo && !c->inq[a - 1]) {
            size_t p = a - 1;
            if (is_cap(c, p) && !(c->cls[p] & (W_DET | W_STOP | W_PRON)))
                a = p;
            else if (p > lo && connector(c, p) && is_cap(c, p - 1) &&
                     !(c->cls[p - 1] & (W_STOP | W_PRON)))
                a = p - 1;
            else
                break;
        }
    } else {
        /* a lower-case head: modifiers back to a determiner, at most 5 words */
        while (a > lo && i - a < 5 && !c->inq[a - 1]) {
            size_t p = a - 1;
            if (!is_word(c, p) && !is_poss(c, p) && tk(c, p)->kind != NX_TOK_NUM)
                break;
            if (c->cls[p] & (W_STOP | W_PRON | W_SPEECH | W_REPORT))
                break;
            if ((c->cls[p] & W_AUX) && !is_poss(c, p))
                break;
            a = p;
            if (c->cls[p] & W_DET)
                break;
        }
    }
    if (a < i + 1 && (c->cls[a] & W_DET) == 0 && a > lo && (c->cls[a - 1] & W_DET) &&
        !c->inq[a - 1] && !(c->cls[a - 1] & W_PRON) && !tok_eq(c, a - 1, "that"))
        a--; /* "the" before a name: the US State Department */
    /* a lower-case head in -ed or -ing with no determiner, no name and no
     * possessive before it is a verb, not a noun ("the network that were
     * hacked suggested", "could be celebrating being dubbed"); "the
     * meeting", "Thursday’s meeting", "Exit polling" are nouns */
    if (!is_cap(c, i) && !(c->cls[a] & W_DET) && nxq_verb_form(c, i)) {
        size_t m = a;
        while (m < i && !is_cap(c, m) && !is_poss(c, m))
            m++;
        if (m == i)
            return none;
    }
    return (tspan){a, i + 1};
}

tspan nxq_np_ending_at(const qctx *c, size_t i, size_t lo)
{
    return np_ending_at(c, i, lo);
}

/* The subject before cue token `cue`: skips auxiliaries and adverbs, and an
 * appositive between commas ("Mao Ning, spokesman for ..., said"). */
tspan nxq_np_before(const qctx *c, size_t cue, size_t lo)
{
    tspan none = {0, 0};
    if (cue == 0 || cue <= lo)
        return none;
    size_t i = cue - 1;
    while (i > lo && is_skip(c, i))
        i--;
    if (i < lo || c->inq[i])
        return none;
    /* "Mr. Ekovich, who noted": the phrase before the relative pronoun */
    if (tok_in(c, i, QW_RELATIVE) && i >= lo + 2 && tok_eq(c, i - 1, ","))
        return np_ending_at(c, i - 2, lo);
    if (tok_eq(c, i, ",") || tok_eq(c, i, ")") || tok_eq(c, i, "—")) {
        size_t j = i;
        int found = 0;
        while (j > lo && i - j < 25) {
            j--;
            if (c->inq[j])
                return none;
            if (tok_eq(c, j, ",") || tok_eq(c, j, "(") || tok_eq(c, j, "—")) {
                found = 1;
                break;
            }
        }
        if (!found || j == 0 || j <= lo)
            return none;
        i = j - 1;
        /* a parenthesis before the appositive: "Rep. Jim Jordan (R-Ohio), an
         * oversight panel member, said" */
        if (tok_eq(c, j, ",") && tok_eq(c, i, ")")) {
            size_t k = i;
            while (k > lo && i - k < 12 && !c->inq[k] && !tok_eq(c, k, "("))
                k--;
            if (k > lo && tok_eq(c, k, "("))
                i = k - 1;
        }
    }
    return np_ending_at(c, i, lo);
}

/* The noun phrase that starts at token i, before hi. */
tspan nxq_np_after(const qctx *c, size_t i, size_t hi)
{
    tspan none = {0, 0};
    while (i < hi && (tok_eq(c, i, ",") || is_skip(c, i)))
        i++;
    if (i < hi && tk(c, i)->kind == NX_TOK_NUM && i + 1 < hi && is_word(c, i + 1) &&
        !is_cap(c, i + 1) && !c->inq[i + 1] && !(c->cls[i + 1] & (W_STOP | W_SPEECH | W_AUX))) {
        tspan rest = nxq_np_after(c, i + 1, hi);
        return rest.b > rest.a ? (tspan){i, rest.b} : none;
    }
    if (i >= hi || c->inq[i] || !is_word(c, i))
        return none;
    uint32_t k = c->cls[i];
    if (k & W_PRON)
        return (tspan){i, i + 1};
    if (tok_eq(c, i, "that"))
        return none; /* a clause: "insisted that his party was" */
    size_t b = i + 1;
    if (k & W_DET) {
        while (b < hi && b - i < 7 && !c->inq[b] &&
               (is_word(c, b) || tk(c, b)->kind == NX_TOK_NUM || is_poss(c, b)) &&
               !(c->cls[b] & (W_STOP | W_SPEECH | W_REPORT | W_PRON | W_AUX)))
            b++;
        return b > i + 1 ? (tspan){i, b} : none;
    }
    if (k & (W_STOP | W_AUX | W_SPEECH | W_REPORT))
        return none;
    if (is_cap(c, i)) {
        while (b < hi && !c->inq[b]) {
            if (is_cap(c, b) && !(c->cls[b] & W_STOP))
                b++;
            else if (b + 1 < hi && connector(c, b) && is_cap(c, b + 1))
                b += 2;
            else
                break;
        }
        return (tspan){i, b};
    }
    while (b < hi && b - i < 3 && is_word(c, b) && !c->inq[b] &&
           !(c->cls[b] & (W_STOP | W_SPEECH | W_REPORT | W_AUX)))
        b++;
    /* lower-case modifiers before a name: "said 9/11 widow Terry Strada" */
    if (b < hi && !c->inq[b] && is_cap(c, b) && !(c->cls[b] & (W_STOP | W_PRON | W_DET))) {
        tspan name = nxq_np_after(c, b, hi);
        if (name.b > name.a)
            b = name.b;
    }
    return (tspan){i, b};
}

/* The cue that starts at token i, if any; *cend receives its end token. */
int nxq_cue_at(const qctx *c, size_t i, size_t hi, size_t *cend)
{
    *cend = i + 1;
    if (c->inq[i] || !is_word(c, i))
        return CUE_NONE;
    if (is_cap(c, i) && !(tk(c, i)->flags & NX_TOKF_SENT_START) && !(i > 0 && c->inq[i - 1]))
        return CUE_NONE;
    uint32_t k = c->cls[i];
    if (tok_eq(c, i, "according")) {
        if (i + 1 < hi && tok_eq(c, i + 1, "to")) {
            *cend = i + 2;
            return CUE_ACCORDING;
        }
        return CUE_NONE;
    }
    if (tok_eq(c, i, "put")) {
        /* "as he put it" */
        if (i + 1 < hi && tok_eq(c, i + 1, "it")) {
            *cend = i + 1;
            return CUE_SPEECH;
        }
        return CUE_NONE;
    }
    if (k & W_SPEECH)
        return CUE_SPEECH;
    if (k & W_REPORT) {
        if (tok_eq(c, i, "learned"))
            return (i > 0 && tok_in(c, i - 1, QW_PERFECT)) ? CUE_REPORT : CUE_NONE;
        return CUE_REPORT;
    }
    if (k & W_READ) {
        /* "the statement read", "a sign reading" */
        size_t j = i;
        while (j > 0 && is_skip(c, j - 1))
            j--;
        if (j > 0 && (c->cls[j - 1] & W_STMT))
            return CUE_READ;
    }
    return CUE_NONE;
}

nx_span nxq_tspan_bytes(const qctx *c, tspan t)
{
    return (nx_span){tk(c, t.a)->start, tk(c, t.b - 1)->end};
}

/* Words that never head or open a speaker: times and dates, and a
 * capitalized participle opening the sentence ("Speaking to ..."). */
static int bad_speaker(const qctx *c, tspan sp)
{
    if (sp.b <= sp.a)
        return 0;
    /* a phrase headed by a time word, or a one-word phrase of class not-speaker */
    uint32_t last = c->cls[sp.b - 1];
    if ((last & W_TIME) || ((last & W_NOTSPK) && sp.b == sp.a + 1))
        return 1;
    const nx_token *t = tk(c, sp.a);
    size_t n = t->end - t->start;
    const char *p = c->doc->text + t->start;
    /* a lone capitalized participle opening the sentence ("Speaking"), not
     * a name in -ing after the quotation (",” Ebeling said") */
    return sp.b == sp.a + 1 && (t->flags & NX_TOKF_CAP) && (t->flags & NX_TOKF_SENT_START) &&
           n > 4 && p[n - 3] == 'i' && p[n - 2] == 'n' && p[n - 1] == 'g';
}

void nxq_set_attrib(const qctx *c, attrib *a, int kind, size_t ca, size_t cb, tspan sp)
{
    if (bad_speaker(c, sp))
        sp.b = sp.a;
    a->found = 1;
    a->kind = kind;
    a->basis = NX_BASIS_CUE;
    a->cue = (nx_span){tk(c, ca)->start, tk(c, cb - 1)->end};
    a->has_speaker = sp.b > sp.a;
    if (a->has_speaker)
        a->speaker = nxq_tspan_bytes(c, sp);
}
