/*
 * quotes_indirect.c - reported speech without quotation marks, the
 * `indirect` quotations of the record (docs/quotes.md, "Indirect
 * attributions"): "according to X, ...", "X said (that) ...", "X denied ...",
 * "X told reporters ...", "X's spokesman said ...", "..., X said.", "X
 * said:" before the sentence it introduces, "Trump's claim that ...",
 * "Lynch: ..." and a partial quotation's clause. The cue words are data,
 * config/lang/en/report-cues.tsv, read once when the core is created.
 *
 * One pass over each sentence's tokens; the searches around a cue are
 * bounded (a few tokens, clauses of at most CLAUSE_MAX), so the work is
 * linear in the article.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang_pack.h"
#include "nx_alloc.h"
#include "quotes_int.h"

/* Classes of report-cues.tsv (a phrase may have several). */
enum {
    RC_VERB = 1 << 0,   /* subject before, reported clause after: said, denied */
    RC_TELL = 1 << 1,   /* a listener first: told reporters (that) */
    RC_SOURCE = 1 << 2, /* the speaker follows: according to */
    RC_SKIP = 1 << 3,   /* between a cue and its clause: said Tuesday that */
    RC_NOUN = 1 << 5,   /* a noun after its source's possessive: Trump's claim that */
    RC_POLL = 1 << 6,   /* a poll the clause is read from: In the latest poll, X leads */
    RC_TOP = 1 << 7,    /* no attribution inside an earlier one's clause (learned) */
    RC_SUBJ = 1 << 8,   /* its subject is reported too: X appears to be ... */
    RC_PART = 1 << 9,   /* a participle after a noun: the countries credited to */
    RC_LABEL = 1 << 10, /* a label before a colon, no speaker: Correction: */
    RC_FIRST = 1 << 4   /* first word of a phrase of several words */
};

#define RC_WORD_MAX 64 /* bytes of a folded phrase */
#define CLAUSE_MAX  60 /* tokens of a reported clause, at most (bounds the work per cue) */
#define RC_WORDS    3  /* words of a phrase, at most */

typedef struct rc_slot {
    uint64_t key; /* 0: empty */
    unsigned cls;
} rc_slot;

struct nxq_cues {
    rc_slot *slots;
    size_t cap, n;
};

static nx_err cue_add(struct nxq_cues *q, const char *low, size_t n, unsigned cls)
{
    if (nx_lang_slots_reserve((void **)&q->slots, &q->cap, q->n, sizeof(rc_slot)))
        return NX_ERR_NOMEM;
    uint64_t key = nx_lang_word_key(low, n);
    rc_slot *s = nx_lang_slot(q->slots, q->cap, sizeof(rc_slot), key);
    if (!s->key) {
        s->key = key;
        q->n++;
    }
    s->cls |= cls;
    return NX_OK;
}

/* The cues of one file into q: phrase<TAB>class, and in the learned file
 * two more columns (matched and predicted attributions on PolNeAR train,
 * which the code does not read). A missing file is no error. */
static nx_err cues_file(struct nxq_cues *q, const char *path, char *errstr, size_t errstr_size)
{
    static const struct {
        const char *name;
        unsigned cls;
    } names[] = {{"verb", RC_VERB},  {"tell", RC_TELL},    {"source", RC_SOURCE},
                 {"skip", RC_SKIP},  {"noun", RC_NOUN},    {"poll", RC_POLL},
                 {"top", RC_TOP},    {"subject", RC_SUBJ}, {"participle", RC_PART},
                 {"label", RC_LABEL}};
    FILE *fp = fopen(path, "r");
    if (!fp)
        return NX_OK;
    nx_err e = NX_OK;
    char line[512];
    unsigned lineno = 0;
    while (!e && nx_tsv_line(fp, line, sizeof(line), &lineno)) {
        char *f[3];
        size_t nf = nx_tsv_split(line, f, 3);
        unsigned cls = 0;
        for (size_t k = 0; nf >= 2 && k < sizeof(names) / sizeof(names[0]); k++)
            if (!strcmp(f[1], names[k].name))
                cls = names[k].cls;
        char low[RC_WORD_MAX];
        size_t n = cls ? nx_lang_lower(f[0], strlen(f[0]), low, sizeof(low)) : 0;
        size_t words = 1;
        for (size_t k = 0; k < n; k++)
            words += low[k] == ' ';
        if (!n || words > RC_WORDS || low[0] == ' ' || low[n - 1] == ' ' || strstr(low, "  ")) {
            e = nx_seterr(
                errstr, errstr_size, NX_ERR_CONFIG,
                "quote stage: %s:%u: want phrase<TAB>verb|tell|source|noun|poll|skip|top|subject",
                path, lineno);
            break;
        }
        e = cue_add(q, low, n, cls);
        if (!e && words > 1)
            e = cue_add(q, low, strcspn(low, " "), RC_FIRST);
        if (e == NX_ERR_NOMEM)
            nx_seterr(errstr, errstr_size, e, "out of memory loading %s", path);
    }
    fclose(fp);
    return e;
}

nx_err nxq_cues_load(const char *config_dir, struct nxq_cues **out, char *errstr,
                     size_t errstr_size)
{
    /* the hand-written cues, then those learned from PolNeAR train */
    static const char *const files[] = {"report-cues.tsv", "report-cues-learned.tsv"};
    *out = NULL;
    struct nxq_cues *q = nx_calloc(1, sizeof(*q));
    if (!q)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading the cues");
    nx_err e = NX_OK;
    for (size_t k = 0; !e && k < sizeof(files) / sizeof(files[0]); k++) {
        char path[4096];
        if (snprintf(path, sizeof(path), "%s/lang/en/%s", config_dir, files[k]) >=
            (int)sizeof(path))
            continue;
        e = cues_file(q, path, errstr, errstr_size);
    }
    if (e || !q->n) {
        nxq_cues_free(q); /* no data: quotations only, as for a language without cues */
        return e;
    }
    *out = q;
    return NX_OK;
}

void nxq_cues_free(struct nxq_cues *q)
{
    if (!q)
        return;
    nx_free(q->slots);
    nx_free(q);
}

/* nx_lang_lower, with a fast path for ASCII words (most of them). */
static size_t fold(const char *p, size_t n, char *out, size_t cap)
{
    if (n >= cap)
        return 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char ch = (unsigned char)p[k];
        if (ch >= 0x80)
            return nx_lang_lower(p, n, out, cap);
        out[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch);
    }
    out[n] = '\0';
    return n;
}

/* Classes of the phrase of `words` tokens from token i, 0 when unknown. */
static unsigned phrase_class(const qctx *c, size_t i, size_t words)
{
    const struct nxq_cues *q = c->st->cues;
    char low[RC_WORD_MAX];
    size_t n = 0;
    for (size_t k = 0; k < words; k++) {
        if (i + k >= c->doc->n_toks || !is_word(c, i + k) || c->inq[i + k])
            return 0;
        if (k) {
            if (n + 1 >= sizeof(low))
                return 0;
            low[n++] = ' ';
        }
        size_t m =
            fold(c->doc->text + tk(c, i + k)->start, tlen(c, i + k), low + n, sizeof(low) - n);
        if (!m)
            return 0;
        n += m;
    }
    const rc_slot *s = nx_lang_slot(q->slots, q->cap, sizeof(rc_slot), nx_lang_word_key(low, n));
    return s->key ? s->cls : 0;
}

/* The cue at token i: its classes, and *cend the token after it (the
 * longest phrase first). */
static unsigned cue_here(const qctx *c, size_t i, size_t hi, size_t *cend)
{
    unsigned one = phrase_class(c, i, 1);
    *cend = i + 1;
    if (one & RC_FIRST) {
        for (size_t w = RC_WORDS; w > 1; w--) {
            if (i + w > hi)
                continue;
            unsigned k = phrase_class(c, i, w);
            if (k & (RC_VERB | RC_TELL | RC_SOURCE | RC_NOUN)) {
                *cend = i + w;
                return k;
            }
        }
    }
    return one & (RC_VERB | RC_TELL | RC_SOURCE | RC_SKIP | RC_NOUN | RC_TOP | RC_SUBJ | RC_PART);
}

/* Prepositions that open a phrase between a cue and "that" ("said in a
 * statement that", "told CNN on Sunday that"). */
static int prep(const qctx *c, size_t i)
{
    return (c->cls[i] & W_PREP) != 0;
}

/* Sentence-ending punctuation and marks dropped from a clause's end. */
static int trailing(const qctx *c, size_t i)
{
    return tk(c, i)->kind == NX_TOK_PUNCT && !c->inq[i] &&
           (tok_eq(c, i, ".") || tok_eq(c, i, "!") || tok_eq(c, i, "?") || tok_eq(c, i, ":") ||
            tok_eq(c, i, ";") || tok_eq(c, i, ",") || tok_eq(c, i, "—") || tok_eq(c, i, "-"));
}

/* The first token of the reported clause after a cue ending at cend, hi
 * when there is none: a listener after "told", then times, commas and a
 * short phrase before "that" ("said Tuesday in a statement that"). */
static size_t clause_after(const qctx *c, size_t cend, size_t hi, unsigned cls)
{
    size_t j = cend;
    if (cls & RC_TELL) {
        tspan l = nxq_np_after(c, j, hi);
        /* "told reporters the unions had ...": a determiner opens the clause */
        for (size_t k = l.a + 1; k < l.b; k++)
            if (c->cls[k] & W_DET) {
                l.b = k;
                break;
            }
        if (l.b > l.a)
            j = l.b;
    }
    for (size_t n = 0; j < hi && n < 8; n++) {
        size_t k;
        if (tok_eq(c, j, ",") || (phrase_class(c, j, 1) & RC_SKIP)) {
            j++;
            continue;
        }
        if (!prep(c, j))
            break;
        /* a phrase of up to six words, then "that" */
        for (k = j + 1; k < hi && k < j + 7 && !c->inq[k] && !tok_eq(c, k, "that"); k++)
            if (tk(c, k)->kind == NX_TOK_PUNCT && !tok_eq(c, k, ","))
                break;
        /* "said in a report.": no clause */
        if (k < hi && tok_eq(c, k, "that"))
            j = k;
        else if (k + 1 >= hi && !tok_eq(c, j, "to"))
            j = hi; /* but "declined to comment.": an infinitive is the clause */
        break;
    }
    if (j < hi && tok_eq(c, j, ":"))
        j++;
    return j;
}

/* The clause [a, b) without its closing punctuation; b <= a when empty. A
 * quotation at its start belongs to the quotation's own attribution. */
static int clause(const qctx *c, size_t a, size_t *b)
{
    if (*b > a + CLAUSE_MAX)
        *b = a + CLAUSE_MAX;
    if (*b > a)
        nx_spend(c->doc->budget, *b - a);
    /* "...: “We will not accept ...”": the quotation after a colon is
     * attributed on its own */
    for (size_t k = a; k + 1 < *b; k++)
        if (c->inq[k + 1] && !c->inq[k] && tok_eq(c, k, ":")) {
            *b = k;
            break;
        }
    while (*b > a && trailing(c, *b - 1))
        (*b)--;
    if (*b <= a || c->inq[a] || *b - a < (tok_eq(c, a, "to") ? 2u : 3u))
        return 0;
    /* "three states were on their way": a clause opens with its subject */
    if (c->cls[a] & W_FINITE)
        return 0;
    /* "reported by The Post", "known for its ...": a phrase, not a clause */
    if ((c->cls[a] & W_NOCLAUSE) || tk(c, a)->kind == NX_TOK_PUNCT)
        return 0;
    /* mostly quoted: a quotation's own attribution */
    size_t quoted = 0;
    for (size_t k = a; k < *b; k++)
        quoted += c->inq[k];
    return quoted * 2 < *b - a;
}

/* The clause [a, b) around a partial quotation: its closing punctuation
 * dropped, at least three tokens, not opening inside a quotation. */
static int clause_around(const qctx *c, size_t a, size_t *b)
{
    if (*b > a + CLAUSE_MAX)
        *b = a + CLAUSE_MAX;
    if (*b > a)
        nx_spend(c->doc->budget, *b - a);
    while (*b > a && trailing(c, *b - 1))
        (*b)--;
    return *b > a + 2 && !c->inq[a] && tk(c, a)->kind != NX_TOK_PUNCT;
}

static int by_start(const void *x, const void *y)
{
    uint32_t a = ((const nx_quote *)x)->start, b = ((const nx_quote *)y)->start;
    return (a > b) - (a < b);
}

/* An indirect attribution [a, b) with the speaker and cue of quotation q. */
static nx_err add_span(qctx *c, size_t a, size_t b, const nx_quote *q)
{
    nx_doc *doc = c->doc;
    nx_quote src = *q;
    if (nx_grow((void **)&doc->quotes, &doc->cap_quotes, doc->n_quotes + 1, sizeof(nx_quote)))
        return NX_ERR_NOMEM;
    nx_quote *o = &doc->quotes[doc->n_quotes++];
    *o = src;
    o->start = tk(c, a)->start;
    o->end = tk(c, b - 1)->end;
    o->kind = NX_QUOTE_INDIRECT;
    return NX_OK;
}

/* An indirect attribution [a, b) with the cue [ca, cb) and the speaker sp,
 * when *room (the clause tokens its sentence may still write) holds it:
 * each clause's text is written in full, so a sentence made of nothing but
 * cues would otherwise repeat its words once per cue. */
static nx_err add(qctx *c, size_t a, size_t b, size_t ca, size_t cb, tspan sp, const spk *spks,
                  size_t nspk, size_t *room)
{
    nx_doc *doc = c->doc;
    if (b - a > *room)
        return NX_OK;
    attrib at = {0};
    nxq_set_attrib(c, &at, CUE_SPEECH, ca, cb, sp);
    if (!at.has_speaker)
        return NX_OK; /* no speaker: nothing to say who said it */
    if (nx_grow((void **)&doc->quotes, &doc->cap_quotes, doc->n_quotes + 1, sizeof(nx_quote)))
        return NX_ERR_NOMEM;
    *room -= b - a;
    /* the speakers of quotations before this one */
    uint8_t how = NX_RES_NONE;
    int32_t ent = nxq_resolve(c, at.speaker, spks, nspk, &how);
    nx_quote *o = &doc->quotes[doc->n_quotes++];
    memset(o, 0, sizeof(*o));
    o->start = tk(c, a)->start;
    o->end = tk(c, b - 1)->end;
    o->kind = NX_QUOTE_INDIRECT;
    o->has_cue = 1;
    o->cue = at.cue;
    o->has_speaker = 1;
    o->speaker = at.speaker;
    o->speaker_entity = ent;
    o->resolved_by = how;
    return NX_OK;
}

/* A tail attribution (", X said." or ", according to X.") at the comma
 * token `comma` ends the clauses found before it in the sentence (from
 * quote index *first, which then moves past them): they do not run over
 * the tail. Each clause is cut at most once. */
static void cut_at_tail(qctx *c, size_t *first, size_t comma)
{
    nx_doc *doc = c->doc;
    uint32_t at = tk(c, comma)->start;
    for (size_t k = *first; k < doc->n_quotes; k++) {
        nx_quote *o = &doc->quotes[k];
        if (o->start < at && o->end > at) {
            size_t b = comma;
            while (b > 0 && trailing(c, b - 1))
                b--;
            o->end = tk(c, b > 0 ? b - 1 : 0)->end;
            if (o->end <= o->start)
                o->end = o->start; /* emptied: dropped below */
        }
    }
    /* they all end before the comma now: a later tail needs only the later ones */
    *first = doc->n_quotes;
}

/* "In the latest CNN/ORC poll", "In a more-recent survey from ...": the
 * end of the poll noun of the phrase after "In" at token i, 0 when none. */
static size_t poll_after(const qctx *c, size_t i, size_t hi)
{
    for (size_t k = i + 1; k < hi && k < i + 9 && !c->inq[k]; k++) {
        if (phrase_class(c, k, 1) & RC_POLL)
            return k + 1;
        if (tk(c, k)->kind == NX_TOK_PUNCT && !tok_eq(c, k, "/") && !tok_eq(c, k, "-"))
            return 0;
        if ((c->cls[k] & (W_STOP | W_PRON | W_SPEECH | W_AUX)) && !tok_eq(c, k, "of"))
            return 0;
    }
    return 0;
}

/* The first token of sentence s's clause: past leading punctuation and a
 * dateline ("MIAMI, Sept. 14 (Wire) - A powerful storm ..."). */
static size_t first_word(const qctx *c, size_t lo, size_t hi)
{
    while (lo < hi && tk(c, lo)->kind == NX_TOK_PUNCT && !c->inq[lo])
        lo++;
    if (lo < hi && (tk(c, lo)->flags & NX_TOKF_ALLCAP) && tlen(c, lo) > 2)
        for (size_t k = lo + 1; k < hi && k < lo + 12 && !c->inq[k]; k++)
            if (tok_eq(c, k, "-") || tok_eq(c, k, "—") || tok_eq(c, k, "–")) {
                for (lo = k + 1; lo < hi && tk(c, lo)->kind == NX_TOK_PUNCT && !c->inq[lo];)
                    lo++;
                break;
            }
    return lo;
}

/* A form of "be" at token i. */
static int is_be(const qctx *c, size_t i)
{
    return (c->cls[i] & W_BE) != 0;
}

/* The cue at token i follows a form of "be", an adverb or "not" allowed
 * between ("is widely seen", "was not named"): a passive. */
static int is_passive(const qctx *c, size_t i, size_t start)
{
    size_t p = i - 1;
    if (p > start && !c->inq[p] &&
        (tok_eq(c, p, "not") ||
         (tlen(c, p) > 3 && !memcmp(c->doc->text + tk(c, p)->end - 2, "ly", 2))))
        p--;
    return p >= start && !c->inq[p] && is_be(c, p);
}

/* A capitalized name of at most five words that opens the sentence at
 * start, then ':': the colon's token, else 0 ("Sanders: Clinton Email
 * Story Has Moved.", "FALLIN: Well, I think ..."). */
static size_t colon_name(const qctx *c, size_t start, size_t hi)
{
    size_t k = start;
    while (k < hi && k < start + 6 && !c->inq[k] &&
           ((is_cap(c, k) && !(c->cls[k] & (W_DET | W_PRON | W_STOP))) || tok_eq(c, k, ".") ||
            is_poss(c, k) || tok_eq(c, k, "of")))
        k++;
    if (k == start || k + 1 >= hi || !tok_eq(c, k, ":") || c->inq[k + 1] || !is_cap(c, start))
        return 0;
    /* "Correction:", "Editor’s Note:", "Paid Notice:": a label, not a name */
    if (phrase_class(c, k - 1, 1) & RC_LABEL)
        return 0;
    return k;
}

nx_err nxq_indirect(qctx *c, const spk *spks, size_t nspk)
{
    nx_doc *doc = c->doc;
    if (!c->st->cues || !c->st->cues->n)
        return NX_OK;
    size_t sp_n = 0;                /* speakers of quotations before the cue */
    size_t n_marks = doc->n_quotes; /* the quotations in marks, in text order */
    nx_err e;
    for (size_t s = 0; s < doc->n_sents; s++) {
        size_t lo = nxq_sent_first_tok(c, s), hi = nxq_sent_end_tok(c, s);
        if (hi > doc->n_toks)
            hi = doc->n_toks;
        nx_spend(doc->budget, hi - lo);
        size_t start = first_word(c, lo, hi);
        size_t done = lo;             /* the clause found so far ends here: one per stretch */
        size_t first = doc->n_quotes; /* this sentence's indirect attributions */
        size_t sfirst = first;        /* the same, not moved by a tail */
        size_t colon = colon_name(c, start, hi);
        /* clause tokens this sentence may write: twice its own, at least
         * one clause (docs/quotes.md, "Record size") */
        size_t room = 3 * (hi - lo) > CLAUSE_MAX ? 3 * (hi - lo) : CLAUSE_MAX;
        if (colon) {
            /* "Lynch: No outside influence on FBI probe." (a headline), "TAPPER:
             * Do you think ...?" (a transcript's turn: its paragraph) */
            size_t b = hi;
            int turn = (tk(c, start)->flags & NX_TOKF_ALLCAP) &&
                       (tk(c, start)->flags & NX_TOKF_PARA_START);
            size_t s2 = s;
            while (turn && s2 + 1 < doc->n_sents && doc->sents[s2 + 1].para == doc->sents[s].para &&
                   s2 < s + 20)
                s2++;
            if (s2 > s)
                b = nxq_sent_end_tok(c, s2) < doc->n_toks ? nxq_sent_end_tok(c, s2) : doc->n_toks;
            if (b - colon <= CLAUSE_MAX && clause(c, colon + 1, &b)) {
                while (sp_n < nspk && spks[sp_n].pos < tk(c, start)->start)
                    sp_n++;
                if ((e = add(c, colon + 1, b, colon, colon + 1, (tspan){start, colon}, spks, sp_n,
                             &room)))
                    return e;
                done = hi;
            }
        }
        for (size_t i = lo; i < hi; i++) {
            if (c->inq[i] || !is_word(c, i) || i < done)
                continue;
            /* "the United States": a name, not the verb; but in a headline
             * every word is capitalized ("Trump Says His ...") */
            if (is_cap(c, i) && !(tk(c, i)->flags & NX_TOKF_SENT_START) &&
                (doc->sents[s].para != 0 || !nxq_headline(c, s)))
                continue;
            if (i == start && tok_eq(c, i, "in")) {
                /* "In an early-October CBS News poll, she led ...": the poll
                 * is the source (the same phrase inside the sentence, "leads
                 * in the polls", was measured and left out) */
                size_t pe = poll_after(c, i, hi), k = pe;
                if (!pe)
                    continue;
                while (k < hi && k < pe + 12 && !c->inq[k] && !tok_eq(c, k, ","))
                    k++;
                if (k >= hi || k >= pe + 12 || !tok_eq(c, k, ","))
                    continue;
                size_t b = hi;
                while (sp_n < nspk && spks[sp_n].pos < tk(c, i)->start)
                    sp_n++;
                if (!clause(c, k + 1, &b))
                    continue;
                if ((e = add(c, k + 1, b, i, i + 1, (tspan){i + 1, pe}, spks, sp_n, &room)))
                    return e;
                done = k + 1;
                continue;
            }
            size_t cend;
            unsigned cls = cue_here(c, i, hi, &cend);
            if (!(cls & (RC_VERB | RC_TELL | RC_SOURCE | RC_NOUN)))
                continue;
            /* "Trump said voters want change": a cue that PolNeAR train
             * rarely marks inside another's clause (RC_TOP) starts none there */
            if (cls & RC_TOP) {
                uint32_t at = tk(c, i)->start;
                size_t k = sfirst;
                while (k < doc->n_quotes &&
                       !(doc->quotes[k].start <= at && at < doc->quotes[k].end))
                    k++;
                if (k < doc->n_quotes)
                    continue;
            }
            /* "knocked out power", "made up": a particle the phrase lacks
             * makes another verb */
            if (cend < hi && !c->inq[cend] && (c->cls[cend] & W_VPART))
                continue;
            /* "one of the countries credited to keep ...", "a class named for
             * Ali": a participle right after a common noun and before a
             * preposition is a reduced relative clause, not the noun's verb */
            if ((cls & RC_PART) && cend == i + 1 && i > start && cend < hi && is_word(c, i - 1) &&
                !is_cap(c, i - 1) && !c->cls[i - 1] && !c->inq[i - 1] && (c->cls[cend] & W_RELPREP))
                continue;
            while (sp_n < nspk && spks[sp_n].pos < tk(c, i)->start)
                sp_n++;
            if (!(cls & (RC_VERB | RC_TELL | RC_SOURCE))) {
                /* "Trump’s claim that ...", "his criticism of ...": the
                 * possessor speaks, the noun's complement is the clause */
                tspan sp = {0, 0};
                size_t p = i > start && is_word(c, i - 1) && !is_cap(c, i - 1) && !c->cls[i - 1] &&
                                   !c->inq[i - 1]
                               ? i - 1
                               : i; /* one modifier: "his repeated claim" */
                if (p > start && is_poss(c, p - 1) && !c->inq[p - 1])
                    sp = nxq_np_before(c, p, start);
                else if (p > start && !c->inq[p - 1] && (c->cls[p - 1] & W_POSS))
                    sp = (tspan){p - 1, p};
                /* "In its statement on Monday’s meeting, the ministry ...": a
                 * phrase after a preposition says where, not what */
                if (sp.b <= sp.a ||
                    (sp.a > start && (c->cls[sp.a - 1] & W_STOP) && !tok_eq(c, sp.a - 1, "that")))
                    continue;
                /* a complement must follow ("In its statement, the ministry
                 * ..." is a phrase, not a claim) */
                size_t a = cend;
                if (a < hi && (c->cls[a] & W_COMPL))
                    a++;
                else if (a >= hi || !(tok_eq(c, a, "that") || tok_eq(c, a, "to")))
                    continue;
                size_t b = hi;
                if (!clause(c, a, &b))
                    continue;
                if ((e = add(c, a, b, i, cend, sp, spks, sp_n, &room)))
                    return e;
                done = cend;
                continue;
            }
            if (cls & RC_SOURCE) {
                tspan sp = nxq_np_after(c, cend, hi);
                if (sp.b <= sp.a)
                    continue;
                size_t a, b;
                if (i == start || (i == start + 1 && (c->cls[start] & W_STOP))) {
                    /* According to X, the talks failed. */
                    a = sp.b;
                    /* "According to early results of exit polls conducted
                     * by ..., Trump won": the source runs to its comma */
                    if (a < hi && !tok_eq(c, a, ",")) {
                        size_t k = a;
                        while (k < hi && k < a + 25 && !c->inq[k] &&
                               (tk(c, k)->kind != NX_TOK_PUNCT || tok_eq(c, k, "-") ||
                                tok_eq(c, k, ".")))
                            k++;
                        if (k < hi && k < a + 25 && tok_eq(c, k, ","))
                            a = k;
                    }
                    while (a < hi && tok_eq(c, a, ","))
                        a++;
                    b = hi;
                } else if (i > start && tok_eq(c, i - 1, ",")) {
                    /* The talks failed, according to X. (The talks, according
                     * to X, failed: the sentence around it.) */
                    a = start;
                    b = sp.b < hi && tok_eq(c, sp.b, ",") && sp.b + 2 < hi ? hi : i - 1;
                    cut_at_tail(c, &first, i - 1);
                } else {
                    continue;
                }
                if (!clause(c, a, &b))
                    continue;
                if ((e = add(c, a, b, i, cend, sp, spks, sp_n, &room)))
                    return e;
                done = b > sp.b ? b : sp.b;
                continue;
            }
            /* ", claiming it is neutral" (also right after a quotation:
             * `her “50-state strategy,” promising to`): a participle's
             * subject is the clause's, not the phrase before the comma */
            if (i > start && (tok_eq(c, i - 1, ",") || c->inq[i - 1]) && tlen(c, i) > 4 &&
                !memcmp(doc->text + tk(c, i)->end - 3, "ing", 3)) {
                tspan subj = nxq_clause_subject(c, start, i);
                size_t a = clause_after(c, cend, hi, cls), b = hi;
                if (subj.b > subj.a && !(c->cls[subj.a] & W_STOP) && clause(c, a, &b)) {
                    if ((e = add(c, a, b, i, cend, subj, spks, sp_n, &room)))
                        return e;
                    done = cend;
                }
                continue;
            }
            /* "Pigs are considered unclean by ...", "Ginsburg was appointed to
             * the Court": a passive reports its subject too (as PolNeAR marks
             * it); the agent after "by" speaks, else the subject as before */
            int raise = (cls & RC_SUBJ) && i > start;
            if (raise || (i > start + 1 && is_passive(c, i, start) &&
                          !(tlen(c, i) > 4 && !memcmp(doc->text + tk(c, i)->end - 3, "ing", 3)))) {
                size_t p = i - 1;
                while (!raise && p > start && !is_be(c, p))
                    p--;
                if (raise)
                    p = i;
                tspan subj = nxq_np_before(c, p, start);
                size_t a = subj.b > subj.a ? subj.a : start, b = hi;
                if (subj.b > subj.a && !(c->cls[subj.a] & W_STOP) && clause(c, a, &b) && b > cend) {
                    tspan sp2 = subj;
                    for (size_t k = cend; k < b && k < cend + 8 && !c->inq[k]; k++)
                        if (tok_eq(c, k, "by")) {
                            tspan ag = nxq_np_after(c, k + 1, hi);
                            if (ag.b > ag.a)
                                sp2 = ag;
                            break;
                        }
                    if ((e = add(c, a, b, i, cend, sp2, spks, sp_n, &room)))
                        return e;
                    done = cend;
                    continue;
                }
            }
            /* a verb: its subject before it, or after it when it inverts */
            tspan sp = nxq_np_before(c, i, start);
            /* "Hillary Clinton on Tuesday said that": a time phrase between */
            if (i > start + 2 && (sp.b <= sp.a || (c->cls[sp.a] & W_STOP) ||
                                  (phrase_class(c, sp.b - 1, 1) & RC_SKIP))) {
                size_t k = i;
                while (k > start + 1 && k + 3 > i && (phrase_class(c, k - 1, 1) & RC_SKIP))
                    k--;
                if (k < i && k > start + 1 && (tok_eq(c, k - 1, "on") || tok_eq(c, k - 1, "in")))
                    sp = nxq_np_before(c, k - 1, start);
            }
            /* "Marley Anderson, 21, a junior from Las Vegas, said": an age
             * between commas after the name */
            if (sp.b <= sp.a && i > start + 3 && tok_eq(c, i - 1, ",")) {
                size_t j = i - 1;
                if (!(tk(c, i - 2)->kind == NX_TOK_NUM && tok_eq(c, i - 3, ",")))
                    while (j > start + 2 && i - j < 25 && !c->inq[j - 1] && !tok_eq(c, j - 1, ","))
                        j--;
                else
                    j = i - 2;
                /* j: the number, or the token after the appositive's comma */
                if (j > start + 2 && tok_eq(c, j - 1, ",") && j < i - 1 &&
                    tk(c, j - 2)->kind == NX_TOK_NUM && j > start + 3 && tok_eq(c, j - 3, ","))
                    sp = nxq_np_before(c, j - 3, start);
                else if (j == i - 2 && tk(c, j)->kind == NX_TOK_NUM)
                    sp = nxq_np_before(c, i - 3, start);
            }
            /* "Trump unleashed a series of tweets early Friday saying that
             * ...": a participle with no subject of its own takes the
             * clause's */
            tspan part = nxq_participle_subject(c, start, i);
            if (part.b > part.a)
                sp = part;
            /* "..., the race will be tight, said Dan Gerstein, director of
             * ...": a name right after a speech verb, then a comma or the
             * end, inverts the cue whatever phrase stands before it */
            int inv_name = 0;
            if (sp.b > sp.a && (c->cls[i] & (W_SPEECH | W_REPORT)) && cend == i + 1 && i > start &&
                tok_eq(c, i - 1, ",") && cend < hi && is_word(c, cend) && is_cap(c, cend) &&
                !c->inq[cend] && !(c->cls[cend] & (W_DET | W_PRON)) &&
                !(phrase_class(c, cend, 1) & RC_SKIP)) {
                size_t k = cend;
                while (k < hi && k < cend + 5 && !c->inq[k] &&
                       ((is_word(c, k) && is_cap(c, k)) || tok_eq(c, k, ".")))
                    k++;
                inv_name = k >= hi || (trailing(c, k) && (tok_eq(c, k, ",") || k + 1 >= hi));
            }
            if ((sp.b <= sp.a || inv_name) && i > start && tok_eq(c, i - 1, ",")) {
                /* The talks failed, said X. */
                tspan inv = nxq_np_after(c, cend, hi);
                size_t b = i - 1;
                if (inv.b > inv.a && !(c->cls[inv.a] & W_PRON) && clause(c, start, &b)) {
                    cut_at_tail(c, &first, i - 1);
                    if ((e = add(c, start, b, i, cend, inv, spks, sp_n, &room)))
                        return e;
                    done = hi;
                }
                continue;
            }
            /* "... and said allies wanted": a coordinated verb's subject is
             * the clause's; "voters who said": the phrase before "who" */
            if (sp.b <= sp.a && i > start + 1 && tok_in(c, i - 1, QW_COORD))
                sp = nxq_clause_subject(c, start, i - 1);
            if (sp.b <= sp.a && i > start + 1 && tok_eq(c, i - 1, "who")) {
                size_t k = i - 2;
                while (k > start && tok_eq(c, k, ","))
                    k--;
                tspan ant = nxq_np_before(c, k + 1, start);
                if (ant.b > ant.a && !(c->cls[ant.a] & W_STOP))
                    sp = ant;
            }
            /* "the areas of the network that were hacked suggested": the
             * word before the cue is a verb, the subject is the clause's */
            if (sp.b <= sp.a && i > start + 1 && is_word(c, i - 1) && !is_cap(c, i - 1) &&
                nxq_verb_form(c, i - 1)) {
                tspan subj = nxq_clause_subject(c, start, i - 1);
                if (subj.b > subj.a && !(c->cls[subj.a] & W_STOP))
                    sp = subj;
            }
            if (sp.b <= sp.a || (c->cls[sp.a] & W_STOP))
                continue;
            /* "The mayor of Drammen, Ingrid Sætre, said": the name between
             * the commas speaks */
            if (i > start + 2 && tok_eq(c, i - 1, ",") && sp.b < i - 1) {
                size_t k = i - 2;
                while (k > start && i - 2 - k < 5 && is_cap(c, k) && !c->inq[k])
                    k--;
                if (k < i - 2 && tok_eq(c, k, ",") && is_cap(c, k + 1) &&
                    !(c->cls[k + 1] & (W_DET | W_PRON)))
                    sp = (tspan){k + 1, i - 1};
            }
            /* The talks failed, X said (on Monday). */
            size_t rest = cend;
            while (rest < hi && !c->inq[rest] && rest < cend + 6 && !tok_eq(c, rest, "that") &&
                   !tok_eq(c, rest, ","))
                rest++;
            int tail = rest >= hi || (trailing(c, rest) && rest + 1 >= hi);
            /* "In a statement, the ministry said the talks failed.": a
             * clause after the cue, however short, is what was said */
            if (tail && clause_after(c, cend, hi, cls) < hi) {
                size_t b2 = hi;
                if (clause(c, clause_after(c, cend, hi, cls), &b2))
                    tail = 0;
            }
            if (sp.a > start && tok_eq(c, sp.a - 1, ",") && tail) {
                size_t b = sp.a - 1;
                if (clause(c, start, &b)) {
                    cut_at_tail(c, &first, sp.a - 1);
                    if ((e = add(c, start, b, i, cend, sp, spks, sp_n, &room)))
                        return e;
                    done = hi;
                }
                continue;
            }
            /* "Kasich's campaign, he says, is different.", "Since November,
             * AP reported, freight companies have ...": a parenthetical cue;
             * the clause is the sentence around it (the part before is
             * reported too) */
            if (sp.a > start + 1 && tok_eq(c, sp.a - 1, ",") && rest < hi && tok_eq(c, rest, ",") &&
                !c->inq[start]) {
                size_t a = start, b = hi;
                if (clause(c, a, &b) && b > rest) {
                    cut_at_tail(c, &first, sp.a - 1);
                    if ((e = add(c, a, b, i, cend, sp, spks, sp_n, &room)))
                        return e;
                    done = hi;
                }
                continue;
            }
            size_t a = clause_after(c, cend, hi, cls);
            size_t b = hi;
            if (a >= hi && hi > lo && tok_eq(c, hi - 1, ":") && s + 1 < doc->n_sents &&
                doc->sents[s + 1].para == doc->sents[s].para) {
                /* X said: the next sentence is what was said */
                size_t nlo = nxq_sent_first_tok(c, s + 1), nhi = nxq_sent_end_tok(c, s + 1);
                if (nhi > doc->n_toks)
                    nhi = doc->n_toks;
                a = first_word(c, nlo, nhi);
                b = nhi;
            }
            if (!clause(c, a, &b))
                continue;
            if ((e = add(c, a, b, i, cend, sp, spks, sp_n, &room)))
                return e;
            done = cend;
        }
    }
    /* a partial quotation with a speaker and no reported clause around it:
     * the clause from its cue when the cue stands before it in its sentence
     * ("Trump favors a “strongman approach.”"), else its whole sentence
     * ("Mao dismissed the claims as “paranoia.”", a fragment whose cue
     * follows it or lies in another sentence) */
    size_t n_before = doc->n_quotes;
    if (n_before > n_marks + 1)
        qsort(doc->quotes + n_marks, n_before - n_marks, sizeof(nx_quote), by_start);
    /* clause tokens these may write: twice the article's (record size) */
    size_t proom = 2 * doc->n_toks;
    /* the quotations with a cue first, then those with a speaker entity and
     * no cue where no clause of the first pass holds them */
    size_t n_cued = n_before;
    for (int pass = 0; pass < 2; pass++) {
        uint32_t ind_end = 0, part_end = 0;
        size_t ind = n_marks, cued = n_before;
        for (size_t k = 0; k < n_marks; k++) {
            const nx_quote *q = &doc->quotes[k];
            /* a speaker without a cue (a fragment's sentence subject, rule
             * 7 of section 2) only when it names an entity */
            if (q->kind != NX_QUOTE_PARTIAL || !q->has_speaker || q->has_cue == pass ||
                (!q->has_cue && q->speaker_entity < 0))
                continue;
            size_t qt = tok_at(c, q->start);
            if (qt >= doc->n_toks)
                continue;
            size_t ca = q->has_cue ? tok_at(c, q->cue.start) : doc->n_toks;
            size_t cb = q->has_cue ? tok_at(c, q->cue.end) : doc->n_toks;
            int before = q->has_cue && q->cue.end <= q->start && ca < doc->n_toks &&
                         c->tsent[ca] == c->tsent[qt];
            /* the indirect ones (in text order) that start before it: the
             * farthest end among them (one pass over both lists) */
            while (ind < n_before && doc->quotes[ind].start <= q->start) {
                if (doc->quotes[ind].end > ind_end)
                    ind_end = doc->quotes[ind].end;
                ind++;
            }
            if (ind_end >= q->end)
                continue;
            size_t hi = nxq_sent_end_tok(c, c->tsent[qt]);
            if (hi > doc->n_toks)
                hi = doc->n_toks;
            size_t a = before ? clause_after(c, cb, hi, phrase_class(c, ca, 1))
                              : first_word(c, nxq_sent_first_tok(c, c->tsent[qt]), hi);
            size_t b = hi;
            /* "... “a bad joke,” Dahl said.": the tail is not reported */
            if (!before && q->has_cue && q->cue.start >= q->end && ca < hi &&
                c->tsent[ca] == c->tsent[qt]) {
                b = ca;
                if (q->speaker.start >= q->end && tok_at(c, q->speaker.start) < b)
                    b = tok_at(c, q->speaker.start);
            }
            /* a clause of an earlier partial quotation of the sentence holds
             * it already ("the “fair” and “final” offer") */
            if (a > qt || tk(c, a)->start < part_end || !clause_around(c, a, &b) || b - a > proom)
                continue;
            /* ... or one of the first pass (in text order, one walk) */
            while (cued < n_cued && doc->quotes[cued].end <= tk(c, a)->start)
                cued++;
            if (cued < n_cued && doc->quotes[cued].start < tk(c, b - 1)->end)
                continue;
            part_end = tk(c, b - 1)->end;
            if ((e = add_span(c, a, b, q)))
                return e;
            proom -= b - a;
        }
        if (!pass)
            n_cued = doc->n_quotes;
    }
    /* clauses emptied by a tail */
    size_t w = 0;
    for (size_t k = 0; k < doc->n_quotes; k++)
        if (doc->quotes[k].end > doc->quotes[k].start)
            doc->quotes[w++] = doc->quotes[k];
    doc->n_quotes = w;
    return NX_OK;
}
