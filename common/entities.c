/*
 * entities.c - the entity stage: tags named-entity mentions with the
 * two-pass perceptron of ner.c, groups them into one entity per referent,
 * resolves places against the gazetteer and scores salience. The rules are
 * written down in docs/entities.md.
 *
 * State (loaded once by entities_init, read-only afterwards, shared by all
 * threads): the model file config/models/ner.bin, the gazetteers under
 * config/gazetteers/ and each language's forms and place names
 * (config/lang/<code>/, ent_lang.h). Grouping and places: ent_group.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ent_group.h"
#include "ent_lang.h"
#include "gazetteer.h"
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

typedef struct ent_state {
    nx_ner_model model;
    nx_gaz *gaz;
    known *known;
    size_t n_known;
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

static int known_type(const ent_state *st, uint64_t key)
{
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
    while (!e && fgets(line, sizeof(line), f)) {
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
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
    nx_ner_model_free(&st->model);
    nx_gaz_free(st->gaz);
    nx_free(st->known);
    nx_ent_langs_free(st->langs);
    nx_free(st);
}

static nx_err entities_init(const nx_core_opts *opts, void **state, char *errstr,
                            size_t errstr_size)
{
    const char *dir = opts && opts->config_dir ? opts->config_dir : NEWSX_CONFIG_DIR;
    ent_state *st = nx_calloc(1, sizeof(*st));
    if (!st)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading the NER model");
    char path[4096];
    snprintf(path, sizeof(path), "%s/models/ner.bin", dir);
    nx_err e = nx_ner_model_load(path, &st->model, errstr, errstr_size);
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
    snprintf(st->version, sizeof(st->version), "%s", st->model.version);
    *state = st;
    return NX_OK;
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

static void apply_rules(const ent_state *st, const nx_doc *doc, const nx_ner_ctx *ctx,
                        uint8_t *tags)
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
    for (size_t i = 0; i < n; i++) {
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
    if (!st || !doc->n_toks)
        return NX_OK;
    nx_ner_ctx ctx;
    uint8_t *tags = NULL;
    nx_ment *ms = NULL;
    nx_err e = nx_ner_ctx_build(&ctx, st->gaz, doc->text, doc->toks, doc->n_toks, doc->sents,
                                doc->n_sents);
    if (e)
        return nx_seterr(errstr, errstr_size, e, "out of memory tagging entities");
    tags = nx_malloc(doc->n_toks);
    ms = nx_malloc(doc->n_toks * sizeof(*ms));
    if (!tags || !ms || (e = nx_ner_tag(&st->model, &ctx, tags)) != NX_OK) {
        e = nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory tagging entities");
        goto out;
    }
    apply_rules(st, doc, &ctx, tags);
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
    e = nx_ent_group(doc, st->gaz, nx_ent_langs_find(st->langs, doc->lang_code), ms, n, errstr,
                     errstr_size);
out:
    nx_ner_ctx_free(&ctx);
    nx_free(tags);
    nx_free(ms);
    return e;
}

const nx_stage nx_stage_entities = {"entities",    entities_init,    entities_run,
                                    entities_free, entities_version, "en"};
