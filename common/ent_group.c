/*
 * ent_group.c - one entity per referent: mentions grouped by text, country,
 * acronym and person-name parts (and, for languages with data in
 * config/lang/<code>/, by their uninflected form and their place names in the
 * language), places resolved against the gazetteers, salience scored. The
 * rules are written down in docs/entities.md.
 */
#include "ent_group.h"

#include <stdlib.h>
#include <string.h>

#include "nx_alloc.h"
#include "u64map.h"

typedef nx_ment ment;

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

enum { K_TEXT = 1, K_PER_PART, K_ACRO, K_COUNTRY, K_STEM };

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
    if (!g || !(nx_gaz_lookup(g, key, &first) & NX_GAZ_COUNTRY))
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

/* The key of a mention's uninflected form ("Merkels" -> "merkel"), 0 when
 * the language knows no ending of it. */
static uint64_t stem_key(const nx_doc *doc, const nx_ent_lang *lang, const ment *m)
{
    if (!lang)
        return 0;
    size_t cut = nx_ent_lang_suffix(lang, doc->text + m->start, m->end - m->start);
    return cut ? text_key(doc, m->start, m->end - (uint32_t)cut) : 0;
}

/* A country of the gazetteer or of the language's names. */
static const nx_gaz_place *country_any(const nx_gaz *g, const nx_gaz *lp, uint64_t key)
{
    const nx_gaz_place *p = country_of(g, key);
    return p ? p : country_of(lp, key);
}

typedef struct place_pick {
    const nx_gaz_place *best;
    double score;
} place_pick;

/* Score the entries of key in g (see docs/entities.md); 0 when it has none. */
static int place_consider(const nx_doc *doc, const nx_gaz *g, uint64_t key,
                          const char (*countries)[3], size_t n_countries, place_pick *pk)
{
    uint32_t first;
    if (!g || !nx_gaz_lookup(g, key, &first) || first == UINT32_MAX)
        return 0;
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
        if (score > pk->score) {
            pk->score = score;
            pk->best = p;
        }
        i = p->next;
    }
    return 1;
}

/* Best place among the mentions' gazetteer entries (see docs/entities.md):
 * the gazetteer's and the language's names, then the uninflected forms of
 * the mentions that have neither. */
static int resolve_place(const nx_doc *doc, const nx_gaz *g, const nx_ent_lang *lang,
                         const ment *ms, const uint32_t *mine, size_t n_mine,
                         const char (*countries)[3], size_t n_countries, nx_place *out)
{
    const nx_gaz *lp = nx_ent_lang_places(lang);
    place_pick pk = {NULL, -1};
    for (size_t o = 0; o < n_mine; o++) {
        const ment *m = &ms[mine[o]];
        uint64_t key = text_key(doc, m->start, m->end);
        int found = place_consider(doc, g, key, countries, n_countries, &pk);
        found |= place_consider(doc, lp, key, countries, n_countries, &pk);
        uint64_t sk = found ? 0 : stem_key(doc, lang, m);
        if (sk) {
            place_consider(doc, g, sk, countries, n_countries, &pk);
            place_consider(doc, lp, sk, countries, n_countries, &pk);
        }
    }
    const nx_gaz_place *best = pk.best;
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

/* The language's forms at a mention's start: lead words written in lower
 * case ("der Bundesregierung", "de la Bavière") and elided articles
 * ("l'Allemagne") are not part of the name. */
static void trim_lead(const nx_doc *doc, const nx_ent_lang *lang, ment *m)
{
    while (m->te - m->tb > 1) {
        const nx_token *t = &doc->toks[m->tb];
        uint32_t drop = 0;
        /* a two-word lead ("de la"): its words one space apart */
        if (m->te - m->tb > 2 && doc->toks[m->tb + 1].start == t->end + 1 &&
            doc->text[t->end] == ' ' &&
            nx_ent_lang_lead(lang, doc->text + t->start, doc->toks[m->tb + 1].end - t->start))
            drop = 2;
        else if (nx_ent_lang_lead(lang, doc->text + t->start, t->end - t->start))
            drop = 1;
        if (!drop)
            break;
        m->tb += drop;
        m->start = doc->toks[m->tb].start;
    }
    const nx_token *t = &doc->toks[m->tb];
    size_t p = nx_ent_lang_prefix(lang, doc->text + m->start, t->end - m->start);
    unsigned char c = p ? (unsigned char)doc->text[m->start + p] : 0;
    if (p && (is_upper_ascii((char)c) || c >= 0x80))
        m->start += (uint32_t)p;
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

nx_err nx_ent_group(nx_doc *doc, const nx_gaz *g, const nx_ent_lang *lang, ment *ms, size_t n_ms,
                    char *errstr, size_t errstr_size)
{
    const nx_gaz *lp = nx_ent_lang_places(lang);
    /* a LOC mention may be part of a person's name (rule 4): not in English */
    const int loc_part = nx_ent_lang_has_forms(lang);
    nx_err e = NX_OK;
    uint32_t *mfirst = NULL, *morder = NULL;
    uint8_t *in_title = NULL;
    ent *es = nx_calloc(n_ms + 1, sizeof(*es));
    emap map = {0};
    char(*countries)[3] = nx_calloc(n_ms + 1, 3);
    if (!es || !countries || nx_u64map_init(&map, n_ms * (lang ? 5 : 4) + 8)) {
        e = NX_ERR_NOMEM;
        goto out;
    }
    size_t n_es = 0;
    size_t n_countries = 0;
    const nx_span lead = doc->n_paras ? doc->paras[0] : (nx_span){0, 0};
    for (size_t k = 0; k < n_ms; k++) {
        ment *m = &ms[k];
        m->infl = 0;
        if (lang) {
            nx_spend(doc->budget, 1);
            trim_lead(doc, lang, m);
        }
        uint64_t tk = text_key(doc, m->start, m->end);
        uint64_t sk = stem_key(doc, lang, m);
        /* the same text of the same type: one entity */
        uint64_t ttk = tk + (uint64_t)m->type * 0x9e3779b97f4a7c15ull;
        uint32_t ei = emap_get(&map, kmix(K_TEXT, ttk));
        const nx_gaz_place *cp = m->type == NX_ENT_LOC ? country_any(g, lp, tk) : NULL;
        if (!cp && sk && m->type == NX_ENT_LOC) {
            cp = country_any(g, lp, sk); /* "Deutschlands" */
            m->infl = cp != NULL;
        }
        uint64_t acro = acronym_key(doc, m);
        if (ei == UINT32_MAX && cp)
            ei = emap_get(&map, kmix(K_COUNTRY, nx_gaz_key_add(NX_GAZ_KEY_INIT, cp->country, 2)));
        if (ei == UINT32_MAX && acro)
            ei = emap_get(&map, kmix(K_ACRO, acro));
        /* a part of a full person name seen before: "Xi" after "Xi Jinping" */
        int per_part = 0;
        if (ei == UINT32_MAX && m->te - m->tb <= 2 && (m->type != NX_ENT_LOC || loc_part)) {
            ei = emap_get(&map, kmix(K_PER_PART, tk));
            per_part = ei != UINT32_MAX;
        }
        /* an inflected form of a name seen before: "Merkels" after "Merkel" */
        if (ei == UINT32_MAX && sk) {
            ei = emap_get(&map, kmix(K_TEXT, sk + (uint64_t)m->type * 0x9e3779b97f4a7c15ull));
            if (ei == UINT32_MAX && m->te - m->tb <= 2 && m->type != NX_ENT_LOC) {
                ei = emap_get(&map, kmix(K_PER_PART, sk));
                per_part = ei != UINT32_MAX;
            }
            m->infl |= ei != UINT32_MAX;
        }
        /* a name seen before in an inflected form: "Merkel" after "Merkels" */
        if (ei == UINT32_MAX && lang) {
            uint32_t x = emap_get(&map, kmix(K_STEM, ttk));
            if (x != UINT32_MAX) {
                ei = ms[x].entity;
                ms[x].infl = 1;
            }
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
        if (m->start >= lead.start && m->end <= lead.end)
            en->lead = 1;
        emap_put(&map, kmix(K_TEXT, ttk), ei);
        if (sk)
            emap_put(&map, kmix(K_STEM, sk + (uint64_t)m->type * 0x9e3779b97f4a7c15ull),
                     (uint32_t)k);
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

    /* the name: the longest mention (the first of equal length), an
     * uninflected one when there is one */
    for (size_t k = 0; k < n_ms; k++) {
        ent *en = &es[ms[k].entity];
        const ment *b = &ms[en->best];
        if ((b->infl && !ms[k].infl) ||
            (b->infl == ms[k].infl && ms[k].end - ms[k].start > b->end - b->start))
            en->best = (uint32_t)k;
    }
    nx_spend(doc->budget, n_ms);

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
            x->has_place = (uint8_t)resolve_place(
                doc, g, lang, ms, morder + mfirst[i], mfirst[i + 1] - mfirst[i],
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
