/*
 * entities.c - the entity stage: tags named-entity mentions with the
 * two-pass perceptron of ner.c, groups them into one entity per referent,
 * resolves places against the gazetteer and scores salience. The rules are
 * written down in docs/entities.md.
 *
 * State (loaded once by entities_init, read-only afterwards, shared by all
 * threads): one model per language (config/models/ner.bin for English,
 * config/models/ner-<code>.bin for the others; the languages of
 * nx_core_opts.languages, by default every model shipped) and the
 * gazetteers under config/gazetteers/. An article in a language with no
 * loaded model is skipped ("skipped: language").
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "ner.h"
#include "nx_alloc.h"
#include "u64map.h"
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
    for (size_t i = 0; i < st->n_models; i++)
        nx_ner_model_free(&st->models[i].model);
    nx_gaz_free(st->gaz);
    nx_free(st->known);
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

/* ---- grouping ---- */

typedef struct ment {
    uint32_t start, end; /* bytes */
    uint32_t tb, te;     /* token range */
    uint8_t type;        /* tagged type */
    uint32_t entity;
} ment;

typedef struct ent {
    uint32_t votes[4];
    uint32_t best;  /* mention with the longest text */
    uint32_t first; /* first mention */
    uint32_t count;
    uint8_t lead;      /* a mention in the first paragraph or the name in the title */
    uint8_t multi_per; /* has a PERSON mention of two or more tokens */
} ent;

/* Entity index by key (u64map.h). */
typedef nx_u64map emap;

static uint32_t emap_get(const emap *m, uint64_t key)
{
    int found;
    size_t i = nx_u64map_slot(m, key | 1, &found);
    return found ? m->vals[i] : UINT32_MAX;
}

/* Set key -> v (the map is sized so that it never fills). */
static void emap_put(emap *m, uint64_t key, uint32_t v)
{
    int found;
    key |= 1;
    size_t i = nx_u64map_slot(m, key, &found);
    m->keys[i] = key;
    m->vals[i] = v;
}

enum { K_TEXT = 1, K_PER_PART, K_ACRO, K_COUNTRY };

static uint64_t kmix(unsigned kind, uint64_t h)
{
    h ^= (uint64_t)kind * 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static uint64_t text_key(const nx_doc *doc, uint32_t s, uint32_t e)
{
    return nx_gaz_key_add(NX_GAZ_KEY_INIT, doc->text + s, e - s);
}

static int is_upper_ascii(char c)
{
    return c >= 'A' && c <= 'Z';
}

/* Initials of the capitalized words of a mention ("North Atlantic Treaty
 * Organization" -> "NATO"); 0 when fewer than two. */
static uint64_t initials_key(const nx_doc *doc, const ment *m)
{
    char ini[16];
    size_t n = 0;
    for (uint32_t t = m->tb; t < m->te && n < sizeof(ini); t++) {
        const nx_token *tk = &doc->toks[t];
        if (tk->kind == NX_TOK_WORD && is_upper_ascii(doc->text[tk->start]))
            ini[n++] = doc->text[tk->start];
    }
    if (n < 2 || n >= sizeof(ini))
        return 0;
    return nx_gaz_key_add(NX_GAZ_KEY_INIT, ini, n);
}

/* The key of a mention that could be an acronym: 2-6 capitals, dots ignored. */
static uint64_t acronym_key(const nx_doc *doc, const ment *m)
{
    if (m->te - m->tb != 1)
        return 0;
    char a[8];
    size_t n = 0;
    for (uint32_t i = m->start; i < m->end; i++) {
        char c = doc->text[i];
        if (c == '.')
            continue;
        if (!is_upper_ascii(c) || n >= 6)
            return 0;
        a[n++] = c;
    }
    return n >= 2 ? nx_gaz_key_add(NX_GAZ_KEY_INIT, a, n) : 0;
}

/* ISO code of a mention naming a country, or NULL. */
static const nx_gaz_place *country_of(const nx_gaz *g, uint64_t key)
{
    uint32_t first;
    if (!(nx_gaz_lookup(g, key, &first) & NX_GAZ_COUNTRY))
        return NULL;
    for (uint32_t i = first; i != UINT32_MAX;) {
        const nx_gaz_place *p = nx_gaz_place_at(g, i);
        if (p->kind == NX_PLACE_COUNTRY)
            return p;
        i = p->next;
    }
    return NULL;
}

static uint64_t tok_key(const nx_doc *doc, uint32_t t)
{
    return text_key(doc, doc->toks[t].start, doc->toks[t].end);
}

static unsigned ent_type(const ent *e)
{
    unsigned best = 0;
    for (unsigned t = 1; t < 4; t++)
        if (e->votes[t] > e->votes[best])
            best = t;
    return best;
}

/* Best place among the mentions' gazetteer entries (see docs/entities.md). */
static int resolve_place(const nx_doc *doc, const nx_gaz *g, const ment *ms, const uint32_t *mine,
                         size_t n_mine, const char (*countries)[3], size_t n_countries,
                         nx_place *out)
{
    const nx_gaz_place *best = NULL;
    double best_score = -1;
    for (size_t o = 0; o < n_mine; o++) {
        size_t k = mine[o];
        uint32_t first;
        if (!nx_gaz_lookup(g, text_key(doc, ms[k].start, ms[k].end), &first))
            continue;
        for (uint32_t i = first; i != UINT32_MAX;) {
            const nx_gaz_place *p = nx_gaz_place_at(g, i);
            nx_spend(doc->budget, 1 + n_countries);
            double score = (double)p->population + 1.0;
            if (p->kind == NX_PLACE_COUNTRY)
                score *= 1e6;
            if (p->capital)
                score *= 100.0;
            for (size_t c = 0; c < n_countries; c++)
                if (!memcmp(countries[c], p->country, 2)) {
                    score *= 100.0;
                    break;
                }
            if (score > best_score) {
                best_score = score;
                best = p;
            }
            i = p->next;
        }
    }
    if (!best)
        return 0;
    memcpy(out->country, best->country, 3);
    out->lat = best->lat;
    out->lon = best->lon;
    out->kind = best->kind == NX_PLACE_COUNTRY  ? "country"
                : best->kind == NX_PLACE_REGION ? "region"
                                                : "city";
    return 1;
}

/* Rolling hash of bytes (Rabin-Karp, mod 2^64). */
#define RK_BASE 1099511628211ull

static uint64_t rk_hash(const char *p, size_t n)
{
    uint64_t h = 0;
    for (size_t i = 0; i < n; i++)
        h = h * RK_BASE + (unsigned char)p[i];
    return h;
}

static int cmp_u64(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;
    return (*x > *y) - (*x < *y);
}

/* in_title[i] = 1 when entity i's name (its longest mention) occurs in the
 * title as bytes (not lead already). The names are grouped by length; for each
 * length the title's windows are hashed once into a table and each name is
 * looked up and checked with memcmp: O(T * distinct lengths + names) for a
 * title of T bytes (capped at input, nx_input_cap_fields()), instead of a
 * comparison at every title offset for every entity. */
static nx_err title_hits(const nx_doc *doc, const ment *ms, const ent *es, size_t n_es,
                         uint8_t **out)
{
    *out = NULL;
    size_t tl = doc->title.data ? doc->title.len : 0;
    if (!tl || !n_es)
        return NX_OK;
    const char *t = doc->title.data;
    /* (length << 32 | entity) of the names to look for, sorted by length */
    uint64_t *want = nx_malloc(n_es * sizeof(*want));
    uint8_t *hit = nx_calloc(n_es, 1);
    size_t tsize = 64;
    while (tsize < tl * 2)
        tsize <<= 1;
    uint64_t *th = nx_malloc(tsize * sizeof(*th));
    uint32_t *tpos = nx_malloc(tsize * sizeof(*tpos));
    if (!want || !hit || !th || !tpos) {
        nx_free(want);
        nx_free(hit);
        nx_free(th);
        nx_free(tpos);
        return NX_ERR_NOMEM;
    }
    size_t nw = 0;
    for (size_t i = 0; i < n_es; i++) {
        size_t nl = ms[es[i].best].end - ms[es[i].best].start;
        if (!es[i].lead && nl && nl <= tl)
            want[nw++] = ((uint64_t)nl << 32) | i;
    }
    qsort(want, nw, sizeof(*want), cmp_u64);
    nx_spend(doc->budget, n_es + nw);
    for (size_t a = 0; a < nw;) {
        size_t nl = (size_t)(want[a] >> 32);
        size_t b = a;
        while (b < nw && (size_t)(want[b] >> 32) == nl)
            b++;
        /* the title's windows of nl bytes: hash -> first position (chained by probing) */
        memset(tpos, 0xff, tsize * sizeof(*tpos));
        nx_spend(doc->budget, tl + (b - a));
        uint64_t pow = 1;
        for (size_t k = 1; k < nl; k++)
            pow *= RK_BASE;
        uint64_t h = rk_hash(t, nl);
        for (size_t p = 0;; p++) {
            size_t s = (size_t)((h * 0x9e3779b97f4a7c15ull) >> 20) & (tsize - 1);
            while (tpos[s] != UINT32_MAX && th[s] != h)
                s = (s + 1) & (tsize - 1);
            if (tpos[s] == UINT32_MAX) {
                th[s] = h;
                tpos[s] = (uint32_t)p;
            }
            if (p + nl >= tl)
                break;
            h = (h - (unsigned char)t[p] * pow) * RK_BASE + (unsigned char)t[p + nl];
        }
        for (size_t w = a; w < b; w++) {
            size_t i = (size_t)(want[w] & 0xffffffffu);
            const char *name = doc->text + ms[es[i].best].start;
            uint64_t nh = rk_hash(name, nl);
            size_t s = (size_t)((nh * 0x9e3779b97f4a7c15ull) >> 20) & (tsize - 1);
            while (tpos[s] != UINT32_MAX && th[s] != nh)
                s = (s + 1) & (tsize - 1);
            if (tpos[s] == UINT32_MAX)
                continue;
            if (!memcmp(t + tpos[s], name, nl)) {
                hit[i] = 1;
                continue;
            }
            /* a hash collision: the plain scan decides (counted) */
            for (size_t p = 0; p + nl <= tl && !hit[i]; p++) {
                if (nx_spend(doc->budget, 1))
                    break;
                hit[i] = !memcmp(t + p, name, nl);
            }
        }
        a = b;
    }
    nx_free(want);
    nx_free(th);
    nx_free(tpos);
    *out = hit;
    return NX_OK;
}

static nx_err group(nx_doc *doc, const nx_gaz *g, ment *ms, size_t n_ms, char *errstr,
                    size_t errstr_size)
{
    nx_err e = NX_OK;
    uint32_t *mfirst = NULL, *morder = NULL;
    uint8_t *in_title = NULL;
    ent *es = nx_calloc(n_ms + 1, sizeof(*es));
    emap map = {0};
    char(*countries)[3] = nx_calloc(n_ms + 1, 3);
    if (!es || !countries || nx_u64map_init(&map, n_ms * 4 + 8)) {
        e = NX_ERR_NOMEM;
        goto out;
    }
    size_t n_es = 0;
    size_t n_countries = 0;
    const nx_span lead = doc->n_paras ? doc->paras[0] : (nx_span){0, 0};
    for (size_t k = 0; k < n_ms; k++) {
        ment *m = &ms[k];
        uint64_t tk = text_key(doc, m->start, m->end);
        /* the same text of the same type: one entity */
        uint64_t ttk = tk + (uint64_t)m->type * 0x9e3779b97f4a7c15ull;
        uint32_t ei = emap_get(&map, kmix(K_TEXT, ttk));
        const nx_gaz_place *cp = m->type == NX_ENT_LOC ? country_of(g, tk) : NULL;
        uint64_t acro = acronym_key(doc, m);
        if (ei == UINT32_MAX && cp)
            ei = emap_get(&map, kmix(K_COUNTRY, nx_gaz_key_add(NX_GAZ_KEY_INIT, cp->country, 2)));
        if (ei == UINT32_MAX && acro)
            ei = emap_get(&map, kmix(K_ACRO, acro));
        /* a part of a full person name seen before: "Xi" after "Xi Jinping" */
        int per_part = 0;
        if (ei == UINT32_MAX && m->te - m->tb <= 2 && m->type != NX_ENT_LOC) {
            ei = emap_get(&map, kmix(K_PER_PART, tk));
            per_part = ei != UINT32_MAX;
        }
        if (ei == UINT32_MAX) {
            ei = (uint32_t)n_es++;
            es[ei].first = (uint32_t)k;
            es[ei].best = (uint32_t)k;
        }
        ent *en = &es[ei];
        m->entity = ei;
        en->count++;
        en->votes[per_part ? NX_ENT_PER : m->type]++;
        if (m->end - m->start > ms[en->best].end - ms[en->best].start)
            en->best = (uint32_t)k;
        if (m->start >= lead.start && m->end <= lead.end)
            en->lead = 1;
        emap_put(&map, kmix(K_TEXT, ttk), ei);
        if (cp) {
            emap_put(&map, kmix(K_COUNTRY, nx_gaz_key_add(NX_GAZ_KEY_INIT, cp->country, 2)), ei);
            size_t c = 0;
            while (c < n_countries && memcmp(countries[c], cp->country, 2))
                c++;
            if (c == n_countries)
                memcpy(countries[n_countries++], cp->country, 3);
        }
        if (m->type == NX_ENT_ORG || m->type == NX_ENT_LOC || m->type == NX_ENT_MISC) {
            uint64_t ini = initials_key(doc, m);
            if (ini)
                emap_put(&map, kmix(K_ACRO, ini), ei);
        }
        if (m->type == NX_ENT_PER && m->te - m->tb >= 2) {
            en->multi_per = 1;
            /* first and last word, and the last two words of a longer name */
            emap_put(&map, kmix(K_PER_PART, tok_key(doc, m->tb)), ei);
            emap_put(&map, kmix(K_PER_PART, tok_key(doc, m->te - 1)), ei);
            if (m->te - m->tb >= 3)
                emap_put(&map, kmix(K_PER_PART, text_key(doc, doc->toks[m->te - 2].start, m->end)),
                         ei);
        }
    }

    /* the doc's arrays */
    if (nx_grow((void **)&doc->entities, &doc->cap_entities, n_es, sizeof(nx_entity)) ||
        nx_grow((void **)&doc->mentions, &doc->cap_mentions, n_ms, sizeof(nx_mention))) {
        e = NX_ERR_NOMEM;
        goto out;
    }
    uint32_t max_count = 1;
    for (size_t i = 0; i < n_es; i++)
        if (es[i].count > max_count)
            max_count = es[i].count;
    /* the mentions of each entity, in order (a counting sort), for the places */
    mfirst = nx_calloc(n_es + 2, sizeof(*mfirst));
    morder = nx_malloc((n_ms + 1) * sizeof(*morder));
    if (!mfirst || !morder) {
        e = NX_ERR_NOMEM;
        goto out;
    }
    for (size_t k = 0; k < n_ms; k++)
        mfirst[ms[k].entity + 2]++;
    for (size_t i = 2; i < n_es + 2; i++)
        mfirst[i] += mfirst[i - 1];
    for (size_t k = 0; k < n_ms; k++)
        morder[mfirst[ms[k].entity + 1]++] = (uint32_t)k;
    nx_spend(doc->budget, 2 * n_ms + n_es);
    if ((e = title_hits(doc, ms, es, n_es, &in_title)))
        goto out;
    for (size_t i = 0; i < n_es; i++) {
        nx_entity *x = &doc->entities[i];
        memset(x, 0, sizeof(*x));
        const ent *en = &es[i];
        x->type = (uint8_t)ent_type(en);
        x->name_start = ms[en->best].start;
        x->name_end = ms[en->best].end;
        x->count = en->count;
        int lead_hit = en->lead || (in_title && in_title[i]);
        double pos = doc->text_len ? (double)ms[en->first].start / (double)doc->text_len : 0.0;
        x->salience = 0.3 * (1.0 - pos) + 0.5 * (double)en->count / (double)max_count +
                      0.2 * (lead_hit ? 1.0 : 0.0);
        if (x->salience > 1.0)
            x->salience = 1.0;
        if (x->type == NX_ENT_LOC)
            x->has_place =
                (uint8_t)resolve_place(doc, g, ms, morder + mfirst[i], mfirst[i + 1] - mfirst[i],
                                       (const char(*)[3])countries, n_countries, &x->place);
    }
    for (size_t k = 0; k < n_ms; k++) {
        doc->mentions[k].start = ms[k].start;
        doc->mentions[k].end = ms[k].end;
        doc->mentions[k].entity = ms[k].entity;
    }
    doc->n_entities = n_es;
    doc->n_mentions = n_ms;
out:
    if (e == NX_ERR_NOMEM)
        nx_seterr(errstr, errstr_size, e, "out of memory grouping entities");
    nx_free(es);
    nx_free(countries);
    nx_free(mfirst);
    nx_free(morder);
    nx_free(in_title);
    nx_u64map_free(&map);
    return e;
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
    ment *ms = NULL;
    nx_err e = nx_ner_ctx_build(&ctx, st->gaz, doc->text, doc->toks, doc->n_toks, doc->sents,
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
        ms[n].entity = 0;
        n++;
    }
    e = group(doc, st->gaz, ms, n, errstr, errstr_size);
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
