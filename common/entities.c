/*
 * entities.c - the entity stage: tags named-entity mentions with the
 * two-pass perceptron of ner.c, groups them into one entity per referent,
 * resolves places against the gazetteer and scores salience. The rules are
 * written down in docs/entities.md.
 *
 * State (loaded once by entities_init, read-only afterwards, shared by all
 * threads): one model per language (config/models/ner.bin for English,
 * config/models/ner-<code>.bin for the others; the languages of
 * nx_core_opts.languages, by default every model shipped), the gazetteers
 * under config/gazetteers/ and each language's forms and place names
 * (config/lang/<code>/, ent_lang.h). An article in a language with no
 * loaded model is skipped ("skipped: language"). Grouping and places:
 * ent_group.c.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ent_group.h"
#include "ent_lang.h"
#include "gazetteer.h"
#include "lang_pack.h"
#include "ner.h"
#include "nx_alloc.h"
#include "stage.h"

#ifndef NEWSX_CONFIG_DIR
#define NEWSX_CONFIG_DIR "config"
#endif

/* An entry of known-names.tsv: the hash of its tokens and its type. */
typedef struct known {
    uint64_t key;
    uint8_t type;
} known;

/* Entity models loaded at most (one per language). */
#define ENT_MODELS 32

typedef struct ent_model {
    char code[8]; /* ISO 639 code of its language */
    nx_ner_model model;
} ent_model;

typedef struct ent_state {
    ent_model models[ENT_MODELS]; /* English first when loaded, then by code */
    size_t n_models;
    nx_gaz *gaz;
    known *known;
    size_t n_known;
    uint64_t kfilter[64]; /* bit known_bit(key) set for every known key */
    nx_ent_langs *langs;
    char version[96];
} ent_state;

#define KNOWN_MAX_TOKS 4

/* Case-sensitive key of a token sequence: the bytes of each token, one 0x1f between tokens. */
static uint64_t seq_add(uint64_t h, const char *s, size_t n, int sep)
{
    if (sep) {
        h ^= 0x1f;
        h *= 0x100000001b3ull;
    }
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static int known_cmp(const void *a, const void *b)
{
    uint64_t x = ((const known *)a)->key, y = ((const known *)b)->key;
    return (x > y) - (x < y);
}

/* A key's bit in ent_state.kfilter: most sequences are no known name, and
 * the filter says so without the binary search. */
static unsigned known_bit(uint64_t key)
{
    return (unsigned)(key >> 52);
}

static int known_type(const ent_state *st, uint64_t key)
{
    unsigned b = known_bit(key);
    if (!(st->kfilter[b >> 6] & (1ull << (b & 63))))
        return -1;
    known k = {key, 0};
    const known *hit = bsearch(&k, st->known, st->n_known, sizeof(known), known_cmp);
    return hit ? hit->type : -1;
}

static nx_err load_known(ent_state *st, const char *path, char *errstr, size_t errstr_size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "cannot read %s", path);
    char line[512];
    size_t cap = 0;
    nx_err e = NX_OK;
    while (!e && nx_tsv_line(f, line, sizeof(line), NULL)) {
        char *tab = strchr(line, '\t');
        static const char *const names[] = {"PER", "ORG", "LOC", "MISC"};
        int type = -1;
        for (int t = 0; tab && t < 4; t++)
            if ((size_t)(tab - line) == strlen(names[t]) &&
                !strncmp(line, names[t], strlen(names[t])))
                type = t;
        if (type < 0) {
            e = nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "%s: bad line \"%s\"", path, line);
            break;
        }
        uint64_t h = 0xcbf29ce484222325ull;
        int sep = 0;
        for (char *w = tab + 1; *w;) {
            size_t len = strcspn(w, " ");
            if (len) {
                h = seq_add(h, w, len, sep);
                sep = 1;
            }
            w += len;
            while (*w == ' ')
                w++;
        }
        if (nx_grow((void **)&st->known, &cap, st->n_known + 1, sizeof(known))) {
            e = nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory reading %s", path);
            break;
        }
        st->known[st->n_known].key = h;
        st->known[st->n_known].type = (uint8_t)type;
        st->kfilter[known_bit(h) >> 6] |= 1ull << (known_bit(h) & 63);
        st->n_known++;
    }
    fclose(f);
    if (!e && st->n_known)
        qsort(st->known, st->n_known, sizeof(known), known_cmp);
    return e;
}

static void entities_free(void *state)
{
    ent_state *st = state;
    if (!st)
        return;
    for (size_t i = 0; i < st->n_models; i++)
        nx_ner_model_free(&st->models[i].model);
    nx_gaz_free(st->gaz);
    nx_free(st->known);
    nx_ent_langs_free(st->langs);
    nx_free(st);
}

/* The model file of language code under dir: models/ner.bin for English,
 * models/ner-<code>.bin for the others. */
static void model_path(char *path, size_t size, const char *dir, const char *code)
{
    if (!strcmp(code, "en"))
        snprintf(path, size, "%s/models/ner.bin", dir);
    else
        snprintf(path, size, "%s/models/ner-%s.bin", dir, code);
}

/* A language code: 2 or 3 lower-case ASCII letters. */
static int code_ok(const char *s, size_t n)
{
    if (n < 2 || n > 3)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 'a' || s[i] > 'z')
            return 0;
    return 1;
}

static int cmp_code(const void *a, const void *b)
{
    const char *x = a, *y = b;
    /* English first: its model is the stage's default version */
    int ex = !strcmp(x, "en"), ey = !strcmp(y, "en");
    if (ex != ey)
        return ey - ex;
    return strcmp(x, y);
}

/* The languages to load into codes (sorted, English first): those of the
 * space- or comma-separated list langs, or, when langs is NULL or empty,
 * every language with a model file under dir/models. */
static nx_err model_codes(const char *dir, const char *langs, char codes[][8], size_t *n,
                          char *errstr, size_t errstr_size)
{
    *n = 0;
    if (langs && langs[strspn(langs, " ,")]) {
        for (const char *p = langs; *p;) {
            p += strspn(p, " ,");
            size_t k = strcspn(p, " ,");
            if (!k)
                break;
            if (!code_ok(p, k))
                return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                                 "core.languages: \"%.*s\" is not a language code", (int)k, p);
            int dup = 0;
            for (size_t i = 0; i < *n; i++)
                dup |= strlen(codes[i]) == k && !memcmp(codes[i], p, k);
            if (!dup && *n == ENT_MODELS)
                return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                                 "core.languages: more than %d languages", ENT_MODELS);
            if (!dup)
                snprintf(codes[(*n)++], 8, "%.*s", (int)k, p);
            p += k;
        }
    } else {
        char path[4096];
        snprintf(path, sizeof(path), "%s/models", dir);
        DIR *d = opendir(path);
        if (!d)
            return nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "cannot read %s", path);
        struct dirent *de;
        while ((de = readdir(d))) {
            const char *nm = de->d_name;
            size_t len = strlen(nm);
            if (!strcmp(nm, "ner.bin")) {
                nm = "en";
                len = 2;
            } else if (len > 8 && !strncmp(nm, "ner-", 4) && !strcmp(nm + len - 4, ".bin") &&
                       code_ok(nm + 4, len - 8)) {
                nm += 4;
                len -= 8;
            } else {
                continue;
            }
            if (*n == ENT_MODELS) {
                closedir(d);
                return nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "more than %d models in %s",
                                 ENT_MODELS, path);
            }
            snprintf(codes[(*n)++], 8, "%.*s", (int)len, nm);
        }
        closedir(d);
        if (!*n)
            return nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "no entity model in %s", path);
    }
    qsort(codes, *n, 8, cmp_code);
    return NX_OK;
}

static nx_err entities_init(const nx_core_opts *opts, void **state, char *errstr,
                            size_t errstr_size)
{
    const char *dir = opts && opts->config_dir ? opts->config_dir : NEWSX_CONFIG_DIR;
    char codes[ENT_MODELS][8];
    size_t n_codes = 0;
    nx_err e =
        model_codes(dir, opts ? opts->languages : NULL, codes, &n_codes, errstr, errstr_size);
    if (e)
        return e;
    ent_state *st = nx_calloc(1, sizeof(*st));
    if (!st)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading the NER model");
    char path[4096];
    for (size_t i = 0; i < n_codes && !e; i++) {
        model_path(path, sizeof(path), dir, codes[i]);
        e = nx_ner_model_load(path, &st->models[i].model, errstr, errstr_size);
        if (!e) {
            memcpy(st->models[i].code, codes[i], sizeof(codes[i]));
            st->n_models++;
        }
    }
    if (!e) {
        snprintf(path, sizeof(path), "%s/gazetteers", dir);
        e = nx_gaz_load(path, &st->gaz, errstr, errstr_size);
    }
    if (!e) {
        snprintf(path, sizeof(path), "%s/gazetteers/known-names.tsv", dir);
        e = load_known(st, path, errstr, errstr_size);
    }
    if (!e)
        e = nx_ent_langs_load(dir, &st->langs, errstr, errstr_size);
    if (e) {
        entities_free(st);
        return e;
    }
    snprintf(st->version, sizeof(st->version), "%s", st->models[0].model.version);
    *state = st;
    return NX_OK;
}

/* The model of language code, NULL when none is loaded. */
static const nx_ner_model *model_of(const ent_state *st, const char *code)
{
    for (size_t i = 0; i < st->n_models; i++)
        if (!strcmp(st->models[i].code, code))
            return &st->models[i].model;
    return NULL;
}

static const char *entities_version(const void *state)
{
    const ent_state *st = state;
    return st ? st->version : NULL;
}

/* ---- rules over the tags (docs/entities.md, "Rules after tagging") ---- */

static int tok_is(const nx_doc *doc, size_t i, const char *w)
{
    size_t n = strlen(w);
    return doc->toks[i].end - doc->toks[i].start == n &&
           !memcmp(doc->text + doc->toks[i].start, w, n);
}

static void set_span(uint8_t *tags, size_t b, size_t e, unsigned type)
{
    for (size_t i = b; i < e; i++)
        tags[i] = (uint8_t)(i == b ? 1 + 2 * type : 2 + 2 * type);
}

/* Tags [b, e) form exactly one mention (or none at all, when empty_ok). */
static int one_mention(const uint8_t *tags, size_t n, size_t b, size_t e, int empty_ok)
{
    int empty = 1;
    for (size_t i = b; i < e; i++)
        if (tags[i])
            empty = 0;
    if (empty)
        return empty_ok;
    if (!NX_NER_TAG_IS_B(tags[b]))
        return 0;
    for (size_t i = b + 1; i < e; i++)
        if (tags[i] != tags[b] + 1)
            return 0;
    return e >= n || tags[e] != tags[b] + 1;
}

/* Head words of government bodies: "Russian" + "Foreign Ministry" is one ORG. */
static int body_head(const nx_doc *doc, size_t i)
{
    static const char *const heads[] = {
        "Ministry",   "Department", "Office", "Embassy",    "Agency", "Committee", "Council",
        "Commission", "Army",       "Navy",   "Parliament", "Police", "Ministries"};
    for (size_t k = 0; k < sizeof(heads) / sizeof(heads[0]); k++)
        if (tok_is(doc, i, heads[k]))
            return 1;
    return 0;
}

/* english: also the rules written for English words (2 and 3). */
static void apply_rules(const ent_state *st, const nx_doc *doc, const nx_ner_ctx *ctx,
                        uint8_t *tags, int english)
{
    size_t n = doc->n_toks;
    /* 1. known names (longest first, outside ALL-CAPS headlines) */
    for (size_t i = 0; i < n; i++) {
        if (!(doc->toks[i].flags & (NX_TOKF_CAP | NX_TOKF_ALLCAP)) ||
            (ctx->tok[i].doc & NX_NER_DOC_HEADLINE))
            continue;
        uint64_t h = 0xcbf29ce484222325ull;
        size_t best_e = 0;
        int best_t = -1;
        for (size_t j = i; j < n && j < i + KNOWN_MAX_TOKS && ctx->tsent[j] == ctx->tsent[i]; j++) {
            h = seq_add(h, doc->text + doc->toks[j].start, doc->toks[j].end - doc->toks[j].start,
                        j > i);
            int t = known_type(st, h);
            if (t >= 0) {
                best_e = j + 1;
                best_t = t;
            }
        }
        if (best_t >= 0 && (i == 0 || !tags[i] || NX_NER_TAG_IS_B(tags[i])) &&
            one_mention(tags, n, i, best_e, 1)) {
            set_span(tags, i, best_e, (unsigned)best_t);
            i = best_e - 1;
        }
    }
    for (size_t i = 0; english && i < n; i++) {
        /* 2. a nationality or country before a government body: one ORG */
        if (NX_NER_TAG_IS_B(tags[i]) &&
            (NX_NER_TAG_TYPE(tags[i]) == NX_ENT_MISC || NX_NER_TAG_TYPE(tags[i]) == NX_ENT_LOC)) {
            size_t k = i + 1;
            while (k < n && tags[k] == tags[i] + 1)
                k++;
            size_t j = k, head = 0;
            while (j < n && j < k + 3 && ctx->tsent[j] == ctx->tsent[i] &&
                   (doc->toks[j].flags & NX_TOKF_CAP) && doc->toks[j].kind == NX_TOK_WORD &&
                   (!tags[j] || NX_NER_TAG_TYPE(tags[j]) == NX_ENT_ORG)) {
                if (body_head(doc, j))
                    head = j + 1;
                j++;
            }
            if (head && (head >= n || tags[head] != 2 + 2 * NX_ENT_ORG))
                set_span(tags, i, head, NX_ENT_ORG);
        }
        /* 3. "the Biden administration": a person */
        if (i > 0 && i + 1 < n && tok_is(doc, i - 1, "the") &&
            tok_is(doc, i + 1, "administration") && (doc->toks[i].flags & NX_TOKF_CAP) &&
            doc->toks[i].kind == NX_TOK_WORD && (!tags[i] || NX_NER_TAG_IS_B(tags[i])) &&
            tags[i + 1] == 0)
            set_span(tags, i, i + 1, NX_ENT_PER);
    }
}

static nx_err entities_run(nx_doc *doc, const void *state, char *errstr, size_t errstr_size)
{
    nx_spend(doc->budget, doc->n_toks); /* one pass over the tokens, at least */
    const ent_state *st = state;
    doc->n_mentions = 0;
    doc->n_entities = 0;
    if (!st)
        return NX_OK;
    const nx_ner_model *model = model_of(st, doc->lang_code);
    if (!model) {
        doc->stage_skip = "skipped: language";
        return NX_OK;
    }
    doc->stage_model_used = model->version;
    if (!doc->n_toks)
        return NX_OK;
    nx_ner_ctx ctx;
    uint8_t *tags = NULL;
    nx_ment *ms = NULL;
    const nx_ent_lang *el = nx_ent_langs_find(st->langs, doc->lang_code);
    const nx_gaz *lg = model->feats & NX_NER_FEAT_LANG_PLACES ? nx_ent_lang_places(el) : NULL;
    nx_err e = nx_ner_ctx_build(&ctx, st->gaz, lg, doc->text, doc->toks, doc->n_toks, doc->sents,
                                doc->n_sents);
    if (e)
        return nx_seterr(errstr, errstr_size, e, "out of memory tagging entities");
    tags = nx_malloc(doc->n_toks);
    ms = nx_malloc(doc->n_toks * sizeof(*ms));
    if (!tags || !ms || (e = nx_ner_tag(model, &ctx, tags)) != NX_OK) {
        e = nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory tagging entities");
        goto out;
    }
    apply_rules(st, doc, &ctx, tags, !strcmp(doc->lang_code, "en"));
    size_t n = 0;
    for (size_t i = 0; i < doc->n_toks; i++) {
        if (!tags[i])
            continue;
        unsigned ty = NX_NER_TAG_TYPE(tags[i]);
        if (!NX_NER_TAG_IS_B(tags[i]) && n && ms[n - 1].te == i && ms[n - 1].type == ty &&
            ctx.tsent[i] == ctx.tsent[i - 1]) {
            ms[n - 1].end = doc->toks[i].end;
            ms[n - 1].te = (uint32_t)i + 1;
            continue;
        }
        ms[n].start = doc->toks[i].start;
        ms[n].end = doc->toks[i].end;
        ms[n].tb = (uint32_t)i;
        ms[n].te = (uint32_t)i + 1;
        ms[n].type = (uint8_t)ty;
        ms[n].infl = 0;
        ms[n].entity = 0;
        n++;
    }
    e = nx_ent_group(doc, st->gaz, el, ms, n, errstr, errstr_size);
out:
    nx_ner_ctx_free(&ctx);
    nx_free(tags);
    nx_free(ms);
    return e;
}

/* Every language with a loaded model: the stage itself skips the others
 * (doc->stage_skip), undetermined articles included. */
const nx_stage nx_stage_entities = {"entities",    entities_init,    entities_run,
                                    entities_free, entities_version, NULL};
