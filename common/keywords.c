/*
 * keywords.c - the keywords stage: the article's key phrases by YAKE
 * (Campos et al., Information Sciences 509, 2020), unsupervised and from the
 * one document alone, with phrases that name an entity merged into one
 * keyword per entity. The rules are written down in docs/extras.md.
 *
 * No state (but a table of YAKE's position feature, built once): everything
 * is computed from the doc's tokens, their word hashes (nx_doc_words),
 * sentences and entity mentions. Working memory is allocated per call and
 * freed before the stage returns.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "extras.h"
#include "lang_pack.h"
#include "nx_alloc.h"
#include "u64map.h"
#include "stage.h"

#define KW_MAX_NGRAM 3 /* words per phrase */
#define KW_TOP       10
#define KW_FILL      5 /* fewer recurring phrases than this: add single words */

/* log(log(3 + med)), YAKE's position feature, for the median sentence
 * index med = k / 2 (a whole or half number), k < KW_TPOS_TABLE: computed
 * once (pthread_once), read-only afterwards; the same doubles as computing
 * it each time. */
#define KW_TPOS_TABLE 1024
static double tpos_table[KW_TPOS_TABLE];
static pthread_once_t tpos_once = PTHREAD_ONCE_INIT;

static void tpos_build(void)
{
    for (size_t k = 0; k < KW_TPOS_TABLE; k++)
        tpos_table[k] = log(log(3.0 + 0.5 * (double)k));
}

/* Term, pair and candidate indices by key (u64map.h). */
typedef nx_u64map kmap;

typedef struct term {
    uint32_t tf, tf_upper, tf_cap, sf;
    uint32_t last_sent;           /* last sentence seen + 1 */
    uint32_t left_all, right_all; /* co-occurrences with the neighbour word */
    uint32_t left_dist, right_dist;
    uint32_t occ_begin; /* into the sentence-index list */
    uint32_t single;    /* the one-word candidate of this term, UINT32_MAX before it is added */
    uint8_t stop;
    double h; /* YAKE term score: lower is more important */
} term;

typedef struct cand {
    uint32_t tb, te; /* token range of the first occurrence */
    uint32_t tf;
    uint32_t n; /* words */
    uint32_t terms[KW_MAX_NGRAM];
    int32_t entity;
    double score;
} cand;

typedef struct kw_work {
    uint32_t *tok_term; /* per token: term id, UINT32_MAX for a delimiter */
    int32_t *tok_ment;  /* per token: mention index, -1 for none */
    term *terms;
    size_t n_terms;
    uint32_t *occ; /* sentence index of every occurrence, grouped by term */
    cand *cands;
    size_t n_cands, cap_cands;
    kmap tmap, pairs, cmap; /* terms by key, adjacent term pairs, candidates of 2+ words */
} kw_work;

static void work_free(kw_work *w)
{
    nx_free(w->tok_term);
    nx_free(w->tok_ment);
    nx_free(w->terms);
    nx_free(w->occ);
    nx_free(w->cands);
    nx_u64map_free(&w->tmap);
    nx_u64map_free(&w->pairs);
    nx_u64map_free(&w->cmap);
}

/* A term starts with a letter and is not a clitic (n't). */
static inline __attribute__((always_inline)) int is_term_token(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (n < 2)
        return 0;
    if ((c == 'n' || c == 'N') && n <= 5 && (s[1] == '\'' || (unsigned char)s[1] == 0xE2))
        return 0;
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp) <= 0)
        return 0;
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

/* Hash of the lower-cased token (ASCII folding; other bytes as they are;
 * at most the first 128 bytes) for a token without a word hash
 * (nx_doc_words: not ASCII, or longer than NX_TOK_WORD_MAX). */
static uint64_t term_key(const char *s, size_t n)
{
    char low[128];
    if (n > sizeof(low))
        n = sizeof(low);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return nx_word_hash(low, n);
}

/* The bytes of an elided function word at the start of s[0, n) in the
 * pack's language ("l'" of "l'année", "dell'" of "dell'Unione", with ' or
 * U+2019): a stopword of at most five bytes, an apostrophe, then a letter;
 * 0 when there is none (or no pack). */
__attribute__((noinline)) static size_t elision(const nx_lang_pack *pack, const char *s, size_t n)
{
    for (size_t k = 1; pack && k <= 5 && k + 1 < n; k++) {
        size_t a = s[k] == '\'' ? 1 : k + 3 < n && !memcmp(s + k, "\xE2\x80\x99", 3) ? 3 : 0;
        if (!a)
            continue;
        return is_term_token(s + k + a, n - k - a) &&
                       nx_lang_pack_word_class(pack, s, k, NX_LW_STOP, NULL)
                   ? k + a
                   : 0;
    }
    return 0;
}

static int is_of(const char *s, size_t n)
{
    return n == 2 && (s[0] == 'o' || s[0] == 'O') && (s[1] == 'f' || s[1] == 'F');
}

/* Count one occurrence of term b right after term a: a's right neighbour
 * and b's left neighbour, each counted once more as a distinct neighbour
 * when the pair is new. */
static void add_pair(kw_work *w, uint32_t a, uint32_t b)
{
    uint64_t key = (((uint64_t)a << 32) | b) + 1u; /* never 0: a is below UINT32_MAX */
    int found;
    size_t i = nx_u64map_slot(&w->pairs, key, &found);
    if (!found) {
        w->pairs.keys[i] = key;
        w->pairs.vals[i] = 1;
        w->terms[a].right_dist++;
        w->terms[b].left_dist++;
    }
    w->terms[a].right_all++;
    w->terms[b].left_all++;
}

/* The sort key of a candidate: score, then first token, then the order of
 * discovery (what a stable sort by score and first token keeps). */
typedef struct rank {
    double score;
    uint32_t tb, idx;
} rank;

static int rank_before(const rank *x, const rank *y)
{
    if (x->score != y->score)
        return x->score < y->score;
    if (x->tb != y->tb)
        return x->tb < y->tb;
    return x->idx < y->idx;
}

/* Restore the min-heap order (rank_before) of h[0, n) below slot i. */
static void heap_down(rank *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        if (l < n && rank_before(&h[l], &h[m]))
            m = l;
        if (l + 1 < n && rank_before(&h[l + 1], &h[m]))
            m = l + 1;
        if (m == i)
            return;
        rank tmp = h[i];
        h[i] = h[m];
        h[m] = tmp;
        i = m;
    }
}

/* All terms of the shorter phrase occur in the longer one. */
static int contained(const cand *a, const cand *b)
{
    const cand *s = a->n <= b->n ? a : b, *l = a->n <= b->n ? b : a;
    for (uint32_t i = 0; i < s->n; i++) {
        int hit = 0;
        for (uint32_t j = 0; j < l->n && !hit; j++)
            hit = s->terms[i] == l->terms[j];
        if (!hit)
            return 0;
    }
    return 1;
}

/* 1 when token range [a, b) cuts through an entity mention. */
static int cuts_mention(const nx_doc *doc, const kw_work *w, uint32_t a, uint32_t b)
{
    int32_t ma = w->tok_ment[a], mb = w->tok_ment[b - 1];
    if (ma >= 0 && doc->mentions[ma].start < doc->toks[a].start)
        return 1;
    if (mb >= 0 && doc->mentions[mb].end > doc->toks[b - 1].end)
        return 1;
    return 0;
}

/* The entity a token range [a, b) names, or -1: the range ends with a whole
 * mention (the name itself, or the name after a title or description such as
 * "leader Xi Jinping", "President Putin"), and names no other entity. */
static int32_t mention_entity(const nx_doc *doc, const kw_work *w, uint32_t a, uint32_t b)
{
    int32_t mb = w->tok_ment[b - 1];
    if (mb < 0 || doc->mentions[mb].end != doc->toks[b - 1].end)
        return -1;
    for (uint32_t t = a; t < b; t++)
        if (w->tok_ment[t] >= 0 && w->tok_ment[t] != mb)
            return -1;
    return (int32_t)doc->mentions[mb].entity;
}

/* A new candidate for token range [a, b); its index, or UINT32_MAX when out
 * of memory. */
static uint32_t new_cand(kw_work *w, uint32_t a, uint32_t b, int32_t ent)
{
    if (w->n_cands == w->cap_cands &&
        nx_grow((void **)&w->cands, &w->cap_cands, w->n_cands + 1, sizeof(cand)))
        return UINT32_MAX;
    cand *c = &w->cands[w->n_cands];
    memset(c, 0, sizeof(*c));
    c->tb = a;
    c->te = b;
    c->tf = 1;
    c->n = b - a;
    for (uint32_t t = a; t < b; t++)
        c->terms[t - a] = w->tok_term[t];
    c->entity = ent;
    return (uint32_t)w->n_cands++;
}

/* One more occurrence of an existing candidate. */
static void count_cand(kw_work *w, uint32_t c, int32_t ent)
{
    cand *cd = &w->cands[c];
    cd->tf++;
    if (cd->entity < 0)
        cd->entity = ent;
}

static nx_err add_cand(nx_doc *doc, kw_work *w, uint32_t a, uint32_t b)
{
    int32_t ent = mention_entity(doc, w, a, b);
    if (b - a == 1) { /* one word: the term's own slot */
        term *tm = &w->terms[w->tok_term[a]];
        if (tm->single != UINT32_MAX) {
            count_cand(w, tm->single, ent);
            return NX_OK;
        }
        tm->single = new_cand(w, a, b, ent);
        return tm->single == UINT32_MAX ? NX_ERR_NOMEM : NX_OK;
    }
    uint64_t key = 0x51ed270b27e1f2b3ull;
    for (uint32_t t = a; t < b; t++)
        key = (key ^ (w->tok_term[t] + 1u)) * 0x9e3779b97f4a7c15ull;
    key = (key ^ (key >> 29)) | 1u;
    int found;
    size_t i = nx_u64map_slot(&w->cmap, key, &found);
    if (found) {
        count_cand(w, w->cmap.vals[i], ent);
        return NX_OK;
    }
    uint32_t c = new_cand(w, a, b, ent);
    if (c == UINT32_MAX)
        return NX_ERR_NOMEM;
    w->cmap.keys[i] = key;
    w->cmap.vals[i] = c;
    return NX_OK;
}

static nx_err keywords_compute(nx_doc *doc, kw_work *w)
{
    size_t nt = doc->n_toks;
    /* Working memory is sized by what can become a term (a word token of
     * two or more bytes), not by all tokens. */
    size_t nw = 0;
    for (size_t t = 0; t < nt; t++)
        nw += doc->toks[t].kind == NX_TOK_WORD && doc->toks[t].end - doc->toks[t].start >= 2;
    w->tok_term = nx_malloc((nt + 1) * sizeof(*w->tok_term));
    w->tok_ment = nx_malloc((nt + 1) * sizeof(*w->tok_ment));
    w->terms = nx_malloc((nw + 1) * sizeof(*w->terms)); /* each zeroed when added */
    const nx_tok_word *words = nx_doc_words(doc);
    if (!w->tok_term || !w->tok_ment || !w->terms || !words || nx_u64map_init(&w->tmap, nw))
        return NX_ERR_NOMEM;

    /* The function words: English's word table (doc->words, from
     * config/lang/en/stopwords.tsv and word-classes.tsv), another language's
     * stopwords.tsv (config/lang/<code>/, from Snowball). */
    const nx_lang_pack *pack =
        doc->lang_pack && strcmp(doc->lang_code, "en") != 0 ? doc->lang_pack : NULL;
    /* Terms: every word token of two or more bytes that starts with a letter
     * and is not part of a time expression ("on Monday" is no key phrase). */
    size_t m = 0, x = 0, n_starts = 0, n_adjacent = 0;
    for (size_t t = 0; t < nt; t++) {
        const nx_token *tok = &doc->toks[t];
        while (m < doc->n_mentions && doc->mentions[m].end <= tok->start)
            m++;
        w->tok_ment[t] =
            m < doc->n_mentions && doc->mentions[m].start <= tok->start ? (int32_t)m : -1;
        while (x < doc->n_timexes && doc->timexes[x].end <= tok->start)
            x++;
        const char *s = doc->text + tok->start;
        size_t len = tok->end - tok->start;
        w->tok_term[t] = UINT32_MAX;
        if (tok->kind != NX_TOK_WORD || !is_term_token(s, len))
            continue;
        if (x < doc->n_timexes && doc->timexes[x].start <= tok->start)
            continue;
        /* "l'année" is the term "année" (French, Italian) */
        size_t el = pack ? elision(pack, s, len) : 0;
        s += el;
        len -= el;
        uint64_t key = words[t].hash && !el ? words[t].hash : term_key(s, len);
        int found;
        size_t i = nx_u64map_slot(&w->tmap, key, &found);
        if (!found) {
            w->tmap.keys[i] = key;
            w->tmap.vals[i] = (uint32_t)w->n_terms;
            memset(&w->terms[w->n_terms], 0, sizeof(term));
            w->terms[w->n_terms].single = UINT32_MAX;
            /* Function words and number words are no key phrases. The word
             * table holds ASCII words shorter than NX_WORD_CLASS_MAX bytes;
             * every ASCII word token that short has its classes in words. */
            if (pack) {
                /* function words, scale and currency words, calendar words ("Montag")
                 * and abbreviations ("Dr.") are no key phrases */
                w->terms[w->n_terms].stop =
                    nx_lang_pack_word_class(pack, s, len,
                                            NX_LW_STOP | NX_LW_SCALE | NX_LW_CURRENCY |
                                                NX_LW_MONTH | NX_LW_WEEKDAY | NX_LW_REL_DAY,
                                            NULL) != 0 ||
                    nx_lang_pack_abbrev(pack, s, len) != 0;
            } else {
                /* vague plural numbers too: "hundreds", "millions" */
                unsigned cls = words[t].hash && len < NX_WORD_CLASS_MAX ? words[t].cls : 0;
                w->terms[w->n_terms].stop =
                    (cls & (NX_W_STOP | NX_W_NUM | NX_W_SCALE | NX_W_VAGUE)) != 0;
            }
            w->n_terms++;
        }
        w->tok_term[t] = w->tmap.vals[i];
        n_starts += !w->terms[w->tok_term[t]].stop;
        n_adjacent += t > 0 && w->tok_term[t - 1] != UINT32_MAX;
    }
    /* At most one pair key per adjacent pair of terms; candidates of two or
     * more words start at a term that is no function word, at most
     * KW_MAX_NGRAM - 1 of them at each. */
    if (nx_u64map_init(&w->pairs, n_adjacent) ||
        nx_u64map_init(&w->cmap, n_starts * (KW_MAX_NGRAM - 1)))
        return NX_ERR_NOMEM;

    /* Term statistics per sentence. */
    for (size_t s = 0; s < doc->n_sents; s++) {
        const nx_sentence *se = &doc->sents[s];
        for (uint32_t t = se->tok_begin; t < se->tok_end; t++) {
            uint32_t id = w->tok_term[t];
            if (id == UINT32_MAX)
                continue;
            term *tm = &w->terms[id];
            const nx_token *tok = &doc->toks[t];
            tm->tf++;
            if (tok->flags & NX_TOKF_ALLCAP && tok->end - tok->start > 1)
                tm->tf_upper++;
            else if ((tok->flags & NX_TOKF_CAP) && t != se->tok_begin)
                tm->tf_cap++;
            if (tm->last_sent != s + 1) {
                tm->sf++;
                tm->last_sent = (uint32_t)s + 1;
            }
            if (t > se->tok_begin && w->tok_term[t - 1] != UINT32_MAX)
                add_pair(w, w->tok_term[t - 1], id);
        }
    }
    /* Sentence index of each occurrence, grouped by term, for the median. */
    size_t total = 0;
    for (size_t i = 0; i < w->n_terms; i++) {
        w->terms[i].occ_begin = (uint32_t)total;
        total += w->terms[i].tf;
        w->terms[i].last_sent = 0; /* reused as a fill counter */
    }
    w->occ = nx_malloc((total + 1) * sizeof(*w->occ));
    if (!w->occ)
        return NX_ERR_NOMEM;
    for (size_t s = 0; s < doc->n_sents; s++)
        for (uint32_t t = doc->sents[s].tok_begin; t < doc->sents[s].tok_end; t++) {
            uint32_t id = w->tok_term[t];
            if (id != UINT32_MAX) {
                term *tm = &w->terms[id];
                w->occ[tm->occ_begin + tm->last_sent++] = (uint32_t)s;
            }
        }

    /* YAKE term features. */
    double sum = 0, sum2 = 0, max_tf = 1;
    size_t valid = 0;
    for (size_t i = 0; i < w->n_terms; i++) {
        const term *tm = &w->terms[i];
        if (tm->stop || !tm->tf)
            continue;
        sum += tm->tf;
        sum2 += (double)tm->tf * tm->tf;
        if (tm->tf > max_tf)
            max_tf = tm->tf;
        valid++;
    }
    double mean = valid ? sum / (double)valid : 0;
    double sd = valid ? sqrt(fmax(0, sum2 / (double)valid - mean * mean)) : 0;
    double nsent = doc->n_sents ? (double)doc->n_sents : 1;
    for (size_t i = 0; i < w->n_terms; i++) {
        term *tm = &w->terms[i];
        if (!tm->tf)
            continue;
        uint32_t *o = w->occ + tm->occ_begin;
        /* Occurrences were filled in sentence order: already sorted. */
        double med = tm->tf % 2 ? o[tm->tf / 2] : 0.5 * (o[tm->tf / 2 - 1] + o[tm->tf / 2]);
        double tcase = (double)(tm->tf_upper > tm->tf_cap ? tm->tf_upper : tm->tf_cap) /
                       (tm->tf == 1 ? 1.0 : 1.0 + log((double)tm->tf)); /* log(1) = 0 */
        double tpos =
            2.0 * med < KW_TPOS_TABLE ? tpos_table[(size_t)(2.0 * med)] : log(log(3.0 + med));
        double tfnorm = (double)tm->tf / (mean + sd > 0 ? mean + sd : 1);
        double wl = tm->left_all ? (double)tm->left_dist / tm->left_all : 0;
        double wr = tm->right_all ? (double)tm->right_dist / tm->right_all : 0;
        double trel = 1.0 + (wl + wr) * (double)tm->tf / max_tf;
        double tsent = (double)tm->sf / nsent;
        tm->h = tpos * trel / (tcase + tfnorm / trel + tsent / trel);
    }

    /* Candidate phrases: 1..3 consecutive terms inside a sentence, neither
     * first nor last a function word, not cutting through a name. */
    for (size_t s = 0; s < doc->n_sents; s++) {
        const nx_sentence *se = &doc->sents[s];
        for (uint32_t a = se->tok_begin; a < se->tok_end; a++) {
            if (w->tok_term[a] == UINT32_MAX || w->terms[w->tok_term[a]].stop)
                continue;
            for (uint32_t b = a + 1; b <= se->tok_end && b - a <= KW_MAX_NGRAM; b++) {
                if (w->tok_term[b - 1] == UINT32_MAX)
                    break;
                /* Inside a phrase only "of" of the function words: "Bank of Japan". */
                if (b - 1 > a && w->terms[w->tok_term[b - 1]].stop &&
                    !is_of(doc->text + doc->toks[b - 1].start,
                           doc->toks[b - 1].end - doc->toks[b - 1].start))
                    break;
                if (w->terms[w->tok_term[b - 1]].stop || cuts_mention(doc, w, a, b))
                    continue;
                if (add_cand(doc, w, a, b))
                    return NX_ERR_NOMEM;
            }
        }
    }
    /* A phrase of several words must recur, unless it names an entity: drop
     * the others before scoring. */
    size_t kept = 0;
    for (size_t c = 0; c < w->n_cands; c++) {
        const cand *cd = &w->cands[c];
        if (cd->n == 1 || cd->tf >= 2 || cd->entity >= 0)
            w->cands[kept++] = *cd;
    }
    w->n_cands = kept;
    for (size_t c = 0; c < w->n_cands; c++) {
        cand *cd = &w->cands[c];
        double prod = 1, sumh = 0;
        for (uint32_t k = 0; k < cd->n; k++) {
            const term *tm = &w->terms[cd->terms[k]];
            if (tm->stop)
                continue;
            prod *= tm->h;
            sumh += tm->h;
        }
        cd->score = prod / ((double)cd->tf * (1.0 + sumh));
    }

    /* The best KW_TOP, one per entity, none inside another. First phrases
     * that recur or name an entity; a short text with fewer than KW_FILL of
     * those is filled with its best single words. An entity's keyword counts
     * the entity's mentions. Each pass takes its candidates best first from
     * a heap: only the few chosen are ever put in order. */
    rank *heap = nx_malloc((w->n_cands + 1) * sizeof(*heap));
    if (!heap)
        return NX_ERR_NOMEM;
    rank chosen[KW_TOP];
    size_t n_chosen = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1 && n_chosen >= KW_FILL)
            break;
        size_t n = 0;
        for (size_t c = 0; c < w->n_cands; c++) {
            const cand *cd = &w->cands[c];
            int recurs = cd->tf >= 2 || cd->entity >= 0;
            if (pass == 0 ? !recurs : recurs || cd->n > 1)
                continue;
            heap[n].score = cd->score;
            heap[n].tb = cd->tb;
            heap[n++].idx = (uint32_t)c;
        }
        for (size_t i = n / 2; i-- > 0;)
            heap_down(heap, n, i);
        while (n && n_chosen < KW_TOP) {
            rank top = heap[0];
            heap[0] = heap[--n];
            heap_down(heap, n, 0);
            const cand *cd = &w->cands[top.idx];
            int dup = 0;
            for (size_t k = 0; k < n_chosen && !dup; k++) {
                const cand *o = &w->cands[chosen[k].idx];
                dup = (cd->entity >= 0 && cd->entity == o->entity) || contained(cd, o);
            }
            if (!dup)
                chosen[n_chosen++] = top;
        }
    }
    nx_free(heap);
    /* Best first over both passes. */
    for (size_t i = 1; i < n_chosen; i++)
        for (size_t k = i; k > 0 && rank_before(&chosen[k], &chosen[k - 1]); k--) {
            rank tmp = chosen[k];
            chosen[k] = chosen[k - 1];
            chosen[k - 1] = tmp;
        }
    if (nx_grow((void **)&doc->keywords, &doc->cap_keywords, n_chosen ? n_chosen : 1,
                sizeof(nx_keyword)))
        return NX_ERR_NOMEM;
    for (size_t k = 0; k < n_chosen; k++) {
        const cand *cd = &w->cands[chosen[k].idx];
        nx_keyword *kw = &doc->keywords[k];
        const nx_token *ft = &doc->toks[cd->tb];
        kw->first.start =
            ft->start +
            (uint32_t)(pack ? elision(pack, doc->text + ft->start, ft->end - ft->start) : 0);
        kw->first.end = doc->toks[cd->te - 1].end;
        /* An entity's keyword is written under the entity's name: point at
         * its first mention, so that text[start:end] is a mention of it. */
        for (size_t mi = 0; cd->entity >= 0 && mi < doc->n_mentions; mi++) {
            if (doc->mentions[mi].entity == (uint32_t)cd->entity) {
                kw->first.start = doc->mentions[mi].start;
                kw->first.end = doc->mentions[mi].end;
                break;
            }
        }
        kw->count = cd->entity >= 0 && (size_t)cd->entity < doc->n_entities
                        ? doc->entities[cd->entity].count
                        : cd->tf;
        kw->score = cd->score;
        kw->entity = cd->entity;
    }
    doc->n_keywords = n_chosen;
    return NX_OK;
}

static nx_err keywords_run(nx_doc *doc, const void *state, char *errstr, size_t errstr_size)
{
    nx_spend(doc->budget, doc->n_toks); /* one pass over the tokens, at least */
    (void)state;
    doc->n_keywords = 0;
    /* another language without its pack loaded: no English function words
     * on its text, so no keywords, and the record says the stage was skipped */
    if (doc->lang_code[0] && strcmp(doc->lang_code, "en") != 0 && !doc->lang_pack) {
        doc->stage_skip = "skipped: language";
        return NX_OK;
    }
    if (!doc->n_toks)
        return NX_OK;
    pthread_once(&tpos_once, tpos_build);
    kw_work w;
    memset(&w, 0, sizeof(w));
    nx_err e = keywords_compute(doc, &w);
    work_free(&w);
    if (e)
        return nx_seterr(errstr, errstr_size, e, "out of memory finding keywords");
    return NX_OK;
}

const nx_stage nx_stage_keywords = {"keywords", NULL, keywords_run,
                                    NULL,       NULL, "en de fr es it pt nl"};
