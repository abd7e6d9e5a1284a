/*
 * quotes_resolve.c - a speaker's entity (names, pronouns, "the ministry",
 * "the spokesperson"; docs/quotes.md, section 4) and the outlets the
 * article cites as sources (section 5).
 */
#include <stdlib.h>
#include <string.h>

#include "nx_alloc.h"
#include "quotes_int.h"

size_t nxq_mention_at_or_after(const nx_doc *doc, uint32_t off)
{
    size_t lo = 0, hi = doc->n_mentions;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (doc->mentions[mid].start < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void ent_name(const nx_doc *doc, size_t e, const char **p, size_t *n)
{
    const nx_entity *en = &doc->entities[e];
    if (en->name.data) {
        *p = en->name.data;
        *n = en->name.len;
    } else {
        *p = doc->text + en->name_start;
        *n = en->name_end - en->name_start;
    }
}

/* Case-insensitive whole-word search of w[0..wn) in s[0..n). */
static int has_word(const char *s, size_t n, const char *w, size_t wn)
{
    if (!wn || wn > n)
        return 0;
    for (size_t i = 0; i + wn <= n; i++) {
        if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '-')
            continue;
        if (i + wn < n && s[i + wn] != ' ' && s[i + wn] != '-')
            continue;
        size_t k = 0;
        for (; k < wn; k++) {
            char a = s[i + k], b = w[k];
            if (a >= 'A' && a <= 'Z')
                a = (char)(a - 'A' + 'a');
            if (b >= 'A' && b <= 'Z')
                b = (char)(b - 'A' + 'a');
            if (a != b)
                break;
        }
        if (k == wn)
            return 1;
    }
    return 0;
}

static int mention_in_quote(const qctx *c, const nx_mention *m)
{
    size_t t = tok_at(c, m->start);
    return t < c->doc->n_toks && c->inq[t];
}

/* Is the mention the subject of a speech or reporting cue ("The US State
 * Department said")? */
static int mention_speaks(const qctx *c, const nx_mention *m)
{
    size_t t = tok_at(c, m->end);
    while (t < c->doc->n_toks && is_skip(c, t))
        t++;
    size_t cend;
    return t < c->doc->n_toks && nxq_cue_at(c, t, c->doc->n_toks, &cend) == CUE_SPEECH;
}

/* Does mention m pass antecedent()'s tests? Counts its work as steps. */
static int antecedent_ok(const qctx *c, size_t m, int type, const char *want_word, size_t want_n,
                         int speaking)
{
    const nx_doc *doc = c->doc;
    const nx_mention *mm = &doc->mentions[m];
    nx_spend(doc->budget, 1);
    if (mm->entity >= doc->n_entities)
        return 0;
    const nx_entity *en = &doc->entities[mm->entity];
    if (en->type != type || mention_in_quote(c, mm))
        return 0;
    if (c->is_source && c->is_source[mm->entity])
        return 0;
    if (want_word) {
        const char *p;
        size_t n;
        ent_name(doc, mm->entity, &p, &n);
        nx_spend(doc->budget, n + (mm->end - mm->start));
        if (!has_word(p, n, want_word, want_n) &&
            !has_word(doc->text + mm->start, mm->end - mm->start, want_word, want_n))
            return 0;
    }
    if (speaking && !mention_speaks(c, mm))
        return 0;
    return 1;
}

static int same_word(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return 1;
}

/* The chain of (type, word, speaking): found, or built in one pass over the
 * mentions; NULL when MAX_CHAINS are built or memory is short. */
static const uint32_t *antecedent_chain(const qctx *c, int type, const char *w, size_t wn,
                                        int speaking)
{
    qlazy *lz = c->lz;
    for (size_t k = 0; k < lz->n_chains; k++) {
        const qchain *q = &lz->chains[k];
        if (q->type == type && q->speaking == speaking && q->word_n == wn &&
            (!w || same_word(q->word, w, wn)))
            return q->prev;
    }
    if (lz->n_chains == MAX_CHAINS)
        return NULL;
    if (!lz->chains && !(lz->chains = nx_malloc(MAX_CHAINS * sizeof(qchain))))
        return NULL;
    size_t nm = c->doc->n_mentions;
    uint32_t *t = nx_malloc((nm + 1) * sizeof(*t));
    if (!t)
        return NULL;
    uint32_t last = UINT32_MAX;
    for (size_t m = 0; m < nm; m++) {
        t[m] = last;
        if (antecedent_ok(c, m, type, w, wn, speaking))
            last = (uint32_t)m;
    }
    t[nm] = last;
    lz->chains[lz->n_chains++] = (qchain){type, speaking, w, w ? wn : 0, t};
    return t;
}

/* Nearest antecedent entity of type `type` before byte `pos`:
 * want_word (may be NULL): the entity's name must contain it;
 * speaking: only mentions that are subjects of a cue, or earlier speakers. */
static int32_t antecedent(const qctx *c, uint32_t pos, int type, const char *want_word,
                          size_t want_n, int speaking, const spk *spks, size_t nspk)
{
    const nx_doc *doc = c->doc;
    size_t m = nxq_mention_at_or_after(doc, pos);
    int32_t best = -1;
    uint32_t best_pos = 0;
    const uint32_t *chain = antecedent_chain(c, type, want_word, want_n, speaking);
    if (chain) {
        /* the nearest mention before pos that passes: one look-up */
        if (chain[m] != UINT32_MAX) {
            best = (int32_t)doc->mentions[chain[m]].entity;
            best_pos = doc->mentions[chain[m]].start;
        }
    } else {
        while (m-- > 0) {
            if (doc->budget->steps > doc->budget->limit)
                break;
            if (!antecedent_ok(c, m, type, want_word, want_n, speaking))
                continue;
            best = (int32_t)doc->mentions[m].entity;
            best_pos = doc->mentions[m].start;
            break;
        }
    }
    if (speaking) {
        for (size_t k = nspk; k-- > 0;) {
            if (nx_spend(doc->budget, 1))
                break;
            if (spks[k].pos >= pos || spks[k].entity < 0)
                continue;
            if (doc->entities[spks[k].entity].type != type)
                continue;
            if (best < 0 || spks[k].pos > best_pos)
                best = spks[k].entity;
            break;
        }
    }
    return best;
}

/* Key of a word (case-insensitive) of an entity name of a type; never 0. */
static uint64_t word_key(const char *p, size_t n, unsigned type)
{
    uint64_t h = 1469598103934665603ull ^ type;
    for (size_t i = 0; i < n; i++) {
        char a = p[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        h = (h ^ (unsigned char)a) * 1099511628211ull;
    }
    return h | 1;
}

/* The map of full_name(): each word (split at ' ' and '-', as has_word()
 * sees words) of a name longer than the word -> the first such entity.
 * Built once per document, on the first one-word speaker: linear in the
 * names' length. */
static nx_err fn_build(const qctx *c)
{
    const nx_doc *doc = c->doc;
    size_t words = 0;
    for (size_t k = 0; k < doc->n_entities; k++) {
        const char *q;
        size_t qn;
        ent_name(doc, k, &q, &qn);
        words += qn / 2 + 1;
    }
    if (nx_u64map_init(&c->lz->fn, words))
        return NX_ERR_NOMEM;
    for (size_t k = 0; k < doc->n_entities; k++) {
        const char *q;
        size_t qn;
        ent_name(doc, k, &q, &qn);
        nx_spend(doc->budget, qn + 1);
        for (size_t i = 0; i < qn;) {
            size_t j = i;
            while (j < qn && q[j] != ' ' && q[j] != '-')
                j++;
            if (j > i && j - i < qn) {
                int found;
                uint64_t key = word_key(q + i, j - i, doc->entities[k].type);
                size_t slot = nx_u64map_slot(&c->lz->fn, key, &found);
                if (!found) {
                    c->lz->fn.keys[slot] = key;
                    c->lz->fn.vals[slot] = (uint32_t)k;
                }
            }
            i = j + 1;
        }
    }
    c->lz->fn_built = 1;
    return NX_OK;
}

/* A one-word name ("Mao") of an entity of its own maps to an earlier
 * entity of the same type whose name contains it ("Mao Ning"). */
static int32_t full_name(const qctx *c, int32_t e)
{
    const nx_doc *doc = c->doc;
    const char *p;
    size_t n;
    ent_name(doc, (size_t)e, &p, &n);
    if (memchr(p, ' ', n))
        return e;
    if (n && !memchr(p, '-', n) && (c->lz->fn_built || !fn_build(c))) {
        /* the map's candidate, checked (a hash collision falls back to the scan) */
        int found;
        size_t slot = nx_u64map_slot(&c->lz->fn, word_key(p, n, doc->entities[e].type), &found);
        if (!found)
            return e;
        int32_t k = (int32_t)c->lz->fn.vals[slot];
        const char *q;
        size_t qn;
        ent_name(doc, (size_t)k, &q, &qn);
        if (k >= e)
            return e;
        if (qn > n && has_word(q, qn, p, n))
            return k;
    }
    for (int32_t k = 0; k < e; k++) {
        if (nx_spend(doc->budget, 1))
            break;
        if (doc->entities[k].type != doc->entities[e].type)
            continue;
        const char *q;
        size_t qn;
        ent_name(doc, (size_t)k, &q, &qn);
        if (qn > n && has_word(q, qn, p, n))
            return k;
    }
    return e;
}

/* A one-word organisation or place ("Berg", a surname the tagger took for a
 * place) that is the last word of a person the article names ("Lena
 * Berg", also when a headline says "Berg" first) is that person. */
static int32_t surname_person(const qctx *c, int32_t e)
{
    const nx_doc *doc = c->doc;
    if (doc->entities[e].type != NX_ENT_LOC && doc->entities[e].type != NX_ENT_ORG)
        return e;
    const char *p;
    size_t n;
    ent_name(doc, (size_t)e, &p, &n);
    if (!n || memchr(p, ' ', n) || memchr(p, '-', n))
        return e;
    if (!c->lz->fn_built && fn_build(c))
        return e;
    /* full_name()'s map holds every word of every longer person name: a
     * word it lacks names no person; a hit is checked by the scan */
    int found;
    nx_u64map_slot(&c->lz->fn, word_key(p, n, NX_ENT_PER), &found);
    if (!found)
        return e;
    for (int32_t k = 0; k < (int32_t)doc->n_entities; k++) {
        if (nx_spend(doc->budget, 1))
            break;
        if (doc->entities[k].type != NX_ENT_PER)
            continue;
        const char *q;
        size_t qn;
        ent_name(doc, (size_t)k, &q, &qn);
        if (qn > n + 1 && q[qn - n - 1] == ' ' && same_word(q + qn - n, p, n))
            return k;
    }
    return e;
}

static const sguess *sent_candidates(const qctx *c, size_t s);

/* The entity of a speaker span (docs/quotes.md, "Speaker resolution");
 * *how receives the rule that found it (nx_speaker_res). */
static int32_t resolve_how(const qctx *c, nx_span sp, const spk *spks, size_t nspk, uint8_t *how)
{
    const nx_doc *doc = c->doc;
    *how = NX_RES_MENTION;
    /* "who" or "which" after a comma: the entity of the phrase before it
     * ("Beck, who said") */
    size_t rt = tok_at(c, sp.start);
    if (rt >= 2 && rt < doc->n_toks && tk(c, rt)->end == sp.end && tok_in(c, rt, QW_RELATIVE) &&
        tok_eq(c, rt - 1, ",")) {
        tspan np = nxq_np_ending_at(c, rt - 2, nxq_sent_first_tok(c, c->tsent[rt]));
        if (np.b > np.a) {
            int32_t e = resolve_how(c, nxq_tspan_bytes(c, np), spks, nspk, how);
            *how = NX_RES_PRONOUN;
            return e;
        }
    }
    /* 1. a mention inside the span: the last one (the head) */
    int32_t hit = -1;
    for (size_t m = nxq_mention_at_or_after(doc, sp.start);
         m < doc->n_mentions && doc->mentions[m].start < sp.end; m++)
        if (doc->mentions[m].end <= sp.end && doc->mentions[m].entity < doc->n_entities)
            hit = (int32_t)doc->mentions[m].entity;
    if (hit < 0) {
        /* a mention that overlaps the span */
        size_t m = nxq_mention_at_or_after(doc, sp.start);
        if (m > 0 && doc->mentions[m - 1].end > sp.start)
            hit = (int32_t)doc->mentions[m - 1].entity;
        else if (m < doc->n_mentions && doc->mentions[m].start < sp.end)
            hit = (int32_t)doc->mentions[m].entity;
        if (hit >= 0 && (size_t)hit >= doc->n_entities)
            hit = -1;
    }
    size_t ta = tok_at(c, sp.start), tb = tok_at(c, sp.end);
    if (tb <= ta)
        return hit;
    size_t head = tb - 1;
    uint32_t hk = c->cls[head];
    if (hit >= 0) {
        if (doc->entities[hit].type == NX_ENT_PER) {
            int32_t full = full_name(c, hit);
            if (full != hit)
                *how = NX_RES_NAME;
            return full;
        }
        if (is_cap(c, head) && tk(c, head)->end == sp.end) {
            int32_t per = surname_person(c, hit);
            if (per != hit) {
                *how = NX_RES_NAME;
                return per;
            }
        }
        if (!(hk & (W_STMT | W_ROLE | W_PERH)) || is_cap(c, head))
            return hit;
    }
    /* 2. pronouns */
    if (tb == ta + 1 &&
        (hk & (W_PRON | W_MALE | W_FEM) || (hk & (W_NEUTER | W_POSS)) == (W_NEUTER | W_POSS))) {
        *how = NX_RES_PRONOUN;
        if (hk & (W_MALE | W_FEM)) {
            /* the first person of the pronoun's own sentence, before it (its
             * subject: "Bush went after Trump ..., when he called ..."), else
             * the nearest person */
            const sguess *g = sent_candidates(c, c->tsent[ta]);
            if (g->per != SIZE_MAX && doc->mentions[g->per].end <= sp.start)
                return full_name(c, (int32_t)doc->mentions[g->per].entity);
            return antecedent(c, sp.start, NX_ENT_PER, NULL, 0, 0, spks, nspk);
        }
        if (hk & W_NEUTER)
            return antecedent(c, sp.start, NX_ENT_ORG, NULL, 0, 0, spks, nspk);
        return -1;
    }
    *how = NX_RES_ROLE;
    /* "officials", "sources" alone: people the article does not name */
    if (tb == ta + 1 && (hk & W_ROLE) && hit < 0 && tlen(c, head) > 1 &&
        c->doc->text[tk(c, head)->end - 1] == 's')
        return -1;
    /* 3. organisation words in the phrase: "the ministry", "the ministry statement" */
    for (size_t t = ta; t < tb; t++) {
        if (!(c->cls[t] & W_ORGH) || is_cap(c, t))
            continue;
        int32_t e = antecedent(c, sp.start, NX_ENT_ORG, c->doc->text + tk(c, t)->start, tlen(c, t),
                               0, spks, nspk);
        if (e >= 0)
            return e;
    }
    if (hit >= 0) {
        *how = NX_RES_MENTION;
        return hit;
    }
    /* 4. statements and spokespeople speak for the nearest speaking organisation */
    if (hk & (W_STMT | W_ROLE)) {
        int32_t e = antecedent(c, sp.start, NX_ENT_ORG, NULL, 0, 1, spks, nspk);
        if (e < 0)
            e = antecedent(c, sp.start, NX_ENT_ORG, NULL, 0, 0, spks, nspk);
        return e;
    }
    if (hk & W_ORGH)
        return antecedent(c, sp.start, NX_ENT_ORG, NULL, 0, 0, spks, nspk);
    if (hk & W_PERH)
        return antecedent(c, sp.start, NX_ENT_PER, NULL, 0, 0, spks, nspk);
    return -1;
}

int32_t nxq_resolve(const qctx *c, nx_span sp, const spk *spks, size_t nspk, uint8_t *how)
{
    int32_t e = resolve_how(c, sp, spks, nspk, how);
    if (e < 0)
        *how = NX_RES_NONE;
    return e;
}

/* ---- a speaker for a quotation the rules leave without one ---- */

/* A person or organisation mention outside quotations that is not a cited
 * outlet. */
static int guess_ok(const qctx *c, size_t m)
{
    const nx_doc *doc = c->doc;
    const nx_mention *mm = &doc->mentions[m];
    if (mm->entity >= doc->n_entities)
        return 0;
    int type = doc->entities[mm->entity].type;
    if (type != NX_ENT_PER && type != NX_ENT_ORG)
        return 0;
    if (c->is_source && c->is_source[mm->entity])
        return 0;
    return !mention_in_quote(c, mm);
}

/* The candidates of sentence s (sguess), computed once per sentence: its
 * mentions and the tokens before the first of them are walked once. */
static const sguess *sent_candidates(const qctx *c, size_t s)
{
    const nx_doc *doc = c->doc;
    sguess *g = &c->sf_val[s];
    if (c->sf_known[s])
        return g;
    c->sf_known[s] = 1;
    g->per = g->org = g->pron = SIZE_MAX;
    size_t a = nxq_sent_first_tok(c, s), b = nxq_sent_end_tok(c, s);
    if (a >= b || b > doc->n_toks)
        return g;
    uint32_t lo = tk(c, a)->start, hi = tk(c, b - 1)->end, first = hi;
    for (size_t m = nxq_mention_at_or_after(doc, lo);
         m < doc->n_mentions && doc->mentions[m].start < hi; m++) {
        nx_spend(doc->budget, 1);
        if (!guess_ok(c, m))
            continue;
        if (first == hi)
            first = doc->mentions[m].start;
        if (doc->entities[doc->mentions[m].entity].type == NX_ENT_PER) {
            if (g->per == SIZE_MAX)
                g->per = m;
        } else if (g->org == SIZE_MAX) {
            g->org = m;
        }
    }
    for (size_t t = a; t < b && tk(c, t)->start < first; t++) {
        nx_spend(doc->budget, 1);
        if (!c->inq[t] && tok_in(c, t, QW_SUBJECT)) {
            g->pron = t;
            break;
        }
    }
    return g;
}

int nxq_guess_speaker(const qctx *c, size_t s, uint32_t pos, const spk *spks, size_t nspk,
                      nx_span *sp, int32_t *ent, uint8_t *how)
{
    const nx_doc *doc = c->doc;
    const sguess *g = sent_candidates(c, s);
    if (g->pron != SIZE_MAX && tk(c, g->pron)->start < pos) {
        /* "he" or "she" before the quotation and before any name of the
         * sentence: its subject */
        *sp = (nx_span){tk(c, g->pron)->start, tk(c, g->pron)->end};
        *ent = nxq_resolve(c, *sp, spks, nspk, how);
        return 1;
    }
    size_t m = g->per != SIZE_MAX ? g->per : g->org;
    if (m == SIZE_MAX) {
        /* the nearest person before the quotation, else the nearest
         * organisation: one look-up in each chain of antecedent() */
        size_t k = nxq_mention_at_or_after(doc, pos);
        const uint32_t *cp = antecedent_chain(c, NX_ENT_PER, NULL, 0, 0);
        const uint32_t *co = antecedent_chain(c, NX_ENT_ORG, NULL, 0, 0);
        if (cp && co) {
            if (cp[k] != UINT32_MAX)
                m = cp[k];
            else if (co[k] != UINT32_MAX)
                m = co[k];
        } else {
            size_t org = SIZE_MAX;
            while (k-- > 0) {
                if (nx_spend(doc->budget, 1))
                    break;
                if (!guess_ok(c, k))
                    continue;
                if (doc->entities[doc->mentions[k].entity].type == NX_ENT_PER) {
                    m = k;
                    break;
                }
                if (org == SIZE_MAX)
                    org = k;
            }
            if (m == SIZE_MAX)
                m = org;
        }
    }
    if (m == SIZE_MAX)
        return 0;
    sp->start = doc->mentions[m].start;
    sp->end = doc->mentions[m].end;
    *ent = nxq_resolve(c, *sp, spks, nspk, how);
    return 1;
}

/* ---- sources ---- */

static int32_t entity_of(const qctx *c, nx_span sp)
{
    const nx_doc *doc = c->doc;
    for (size_t m = nxq_mention_at_or_after(doc, sp.start);
         m < doc->n_mentions && doc->mentions[m].start < sp.end; m++)
        if (doc->mentions[m].entity < doc->n_entities)
            return (int32_t)doc->mentions[m].entity;
    size_t m = nxq_mention_at_or_after(doc, sp.start);
    if (m > 0 && doc->mentions[m - 1].end > sp.start &&
        doc->mentions[m - 1].entity < doc->n_entities)
        return (int32_t)doc->mentions[m - 1].entity;
    return -1;
}

static int outlet_name(const qctx *c, tspan t)
{
    for (size_t i = t.a; i < t.b; i++)
        if ((c->cls[i] & W_OUTLET) && is_cap(c, i))
            return 1;
    /* "X, a Russian state-run news agency" */
    if (t.b + 1 < c->doc->n_toks && tok_eq(c, t.b, ",")) {
        for (size_t i = t.b + 1; i < c->doc->n_toks && i < t.b + 8; i++) {
            if (tok_eq(c, i, ",") || tok_eq(c, i, "."))
                break;
            if (c->cls[i] & W_OUTLETN)
                return 1;
        }
    }
    return 0;
}

static nx_err add_source(qctx *c, tspan name, size_t ca, size_t cb)
{
    nx_doc *doc = c->doc;
    nx_span sp = nxq_tspan_bytes(c, name);
    /* "the" is not part of the source's name */
    if ((c->cls[name.a] & W_DET) && name.b > name.a + 1)
        sp.start = tk(c, name.a + 1)->start;
    if (c->lz->src_n * 2 + 2 > c->lz->src_cap) {
        /* the set of spans listed so far, doubled and rehashed */
        size_t cap = c->lz->src_cap ? c->lz->src_cap * 2 : 64;
        uint64_t *keys = nx_calloc(cap, sizeof(*keys));
        if (!keys)
            return NX_ERR_NOMEM;
        for (size_t k = 0; k < c->lz->src_cap; k++) {
            uint64_t key = c->lz->src_keys[k];
            if (!key)
                continue;
            size_t i = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & (cap - 1);
            while (keys[i])
                i = (i + 1) & (cap - 1);
            keys[i] = key;
        }
        nx_spend(doc->budget, c->lz->src_cap);
        nx_free(c->lz->src_keys);
        c->lz->src_keys = keys;
        c->lz->src_cap = cap;
    }
    /* the same span is listed once */
    uint64_t key = (((uint64_t)sp.start << 32) | sp.end) + 1;
    size_t slot = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & (c->lz->src_cap - 1);
    while (c->lz->src_keys[slot] && c->lz->src_keys[slot] != key)
        slot = (slot + 1) & (c->lz->src_cap - 1);
    if (c->lz->src_keys[slot])
        return NX_OK;
    c->lz->src_keys[slot] = key;
    c->lz->src_n++;
    if (nx_grow((void **)&doc->sources, &doc->cap_sources, doc->n_sources + 1, sizeof(nx_source)))
        return NX_ERR_NOMEM;
    nx_source *s = &doc->sources[doc->n_sources++];
    memset(s, 0, sizeof(*s));
    s->start = sp.start;
    s->end = sp.end;
    s->entity = entity_of(c, sp);
    s->has_cue = 1;
    s->cue = (nx_span){tk(c, ca)->start, tk(c, cb - 1)->end};
    if (s->entity >= 0 && c->is_source)
        c->is_source[s->entity] = 1;
    return NX_OK;
}

static int cmp_source(const void *a, const void *b)
{
    const nx_source *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

nx_err nxq_find_sources(qctx *c)
{
    size_t n = c->doc->n_toks;
    nx_err e;
    for (size_t i = 0; i < n; i++) {
        if (c->inq[i] || !is_word(c, i))
            continue;
        size_t cend;
        int kind = nxq_cue_at(c, i, n, &cend);
        size_t lo = c->doc->sents ? c->doc->sents[c->tsent[i]].tok_begin : 0;
        if (kind == CUE_REPORT) {
            /* "Reuters reported", "The Post has learned" */
            tspan t = nxq_np_before(c, i, lo);
            if (t.b > t.a && is_cap(c, t.b - 1) && !(c->cls[t.a] & W_PRON)) {
                int32_t ent = entity_of(c, nxq_tspan_bytes(c, t));
                if (ent < 0 || c->doc->entities[ent].type != NX_ENT_PER)
                    if ((e = add_source(c, t, i, cend)))
                        return e;
            }
        } else if (kind == CUE_ACCORDING || tok_eq(c, i, "told")) {
            /* "according to Bloomberg", "told TIME" */
            tspan t = nxq_np_after(c, cend, n);
            if (t.b > t.a && is_cap(c, t.a + ((c->cls[t.a] & W_DET) ? 1 : 0)) &&
                t.a + ((c->cls[t.a] & W_DET) ? 1 : 0) < t.b && outlet_name(c, t))
                if ((e = add_source(c, t, i, cend)))
                    return e;
        } else if ((c->cls[i] & W_MEDIUM) && i + 2 < n && (c->cls[i + 1] & W_MEDPREP)) {
            /* "a statement at RIA News", "an interview with CNN" */
            tspan t = nxq_np_after(c, i + 2, n);
            size_t a = t.a + ((t.b > t.a && (c->cls[t.a] & W_DET)) ? 1 : 0);
            if (t.b > a && is_cap(c, a) && outlet_name(c, t))
                if ((e = add_source(c, t, i, i + 2)))
                    return e;
        }
    }
    if (c->doc->n_sources > 1)
        qsort(c->doc->sources, c->doc->n_sources, sizeof(nx_source), cmp_source);
    return NX_OK;
}
