/*
 * quotes.c - the quote stage: quotations with their kind, speaker, cue and
 * the speaker's entity, and the outlets the article cites as sources.
 *
 * Quotations come from quote_marks.c; quotes_attrib.c attributes them
 * (quotes_int.h lists the files). Every rule
 * is written down in docs/quotes.md; the order of the steps is:
 *   1. word classes of every token (cue verbs, auxiliaries, determiners, ...);
 *   2. cited sources ("Reuters reported", "according to Bloomberg", ...);
 *   3. per top-level quotation: cue and speaker in its own sentence, after
 *      the quotation, then before it; else its sentence's subject when ':'
 *      or ',' introduces it; else the quotation it continues; else an
 *      introducing sentence ending in ':'; else the paragraph;
 *   4. its kind (direct, partial, scare);
 *   5. the speaker's entity (names, pronouns, "the ministry", ...).
 */
#include <stdlib.h>
#include <string.h>

#include "nx_alloc.h"
#include "quotes_int.h"

/* ---- kinds ---- */

/* First letter or digit inside the marks is upper case or a digit. */
int nxq_starts_upper(const nx_doc *doc, const nx_qspan *q)
{
    for (uint32_t i = q->cstart; i < q->cend; i++) {
        unsigned char ch = (unsigned char)doc->text[i];
        if (ch >= 'A' && ch <= 'Z')
            return 1;
        if (ch >= '0' && ch <= '9')
            return 1;
        if (ch >= 'a' && ch <= 'z')
            return 0;
        if (ch >= 0xC3 && ch < 0xE2) /* Latin-1/Cyrillic letters: by the next check */
            return ch == 0xC3 ? ((unsigned char)doc->text[i + 1] < 0x9F)
                              : (ch == 0xD0 && (unsigned char)doc->text[i + 1] < 0xB0);
    }
    return 0;
}

static int ends_with_punct(const nx_doc *doc, const nx_qspan *q)
{
    uint32_t e = q->cend;
    const unsigned char *t = (const unsigned char *)doc->text;
    /* skip spaces and the closing marks of nested quotations */
    for (;;) {
        if (e > q->cstart && (t[e - 1] == ' ' || t[e - 1] == '\'' || t[e - 1] == '"'))
            e--;
        else if (e >= q->cstart + 3 && t[e - 3] == 0xE2 && t[e - 2] == 0x80 &&
                 (t[e - 1] == 0x99 || t[e - 1] == 0x9D))
            e -= 3;
        else
            break;
    }
    if (e == q->cstart)
        return 0;
    unsigned char ch = (unsigned char)doc->text[e - 1];
    if (ch == '.' || ch == ',' || ch == '!' || ch == '?' || ch == ';' || ch == ':')
        return 1;
    return e >= q->cstart + 3 && (unsigned char)doc->text[e - 3] == 0xE2 &&
           (unsigned char)doc->text[e - 2] == 0x80 &&
           ((unsigned char)doc->text[e - 1] == 0xA6 || (unsigned char)doc->text[e - 1] == 0x94);
}

/* The text inside the marks ends with '.' (spaces and closing marks of
 * nested quotations skipped). */
int nxq_ends_with_full_stop(const nx_doc *doc, const nx_qspan *q)
{
    uint32_t e = q->cend;
    const unsigned char *t = (const unsigned char *)doc->text;
    while (e > q->cstart && (t[e - 1] == ' ' || t[e - 1] == '\'' || t[e - 1] == '"'))
        e--;
    return e > q->cstart && t[e - 1] == '.';
}

static size_t words_in(const qctx *c, const nx_qspan *q)
{
    size_t n = 0;
    for (size_t t = tok_at(c, q->cstart); t < c->doc->n_toks && tk(c, t)->start < q->cend; t++)
        n += tk(c, t)->kind == NX_TOK_WORD || tk(c, t)->kind == NX_TOK_NUM;
    return n;
}

/* A title or name in quotation marks: 2-8 words, every word but small
 * function words capitalized ("Fox News Sunday", "The Lead with Jake Tapper"). */
static int title_case(const qctx *c, const nx_qspan *q)
{
    size_t words = 0, caps = 0;
    for (size_t t = tok_at(c, q->cstart); t < c->doc->n_toks && tk(c, t)->start < q->cend; t++) {
        if (tk(c, t)->kind != NX_TOK_WORD)
            continue;
        const char *w = c->doc->text + tk(c, t)->start;
        if (w[0] == '\'' || strncmp(w, "’", 3) == 0 || strncmp(w, "n't", 3) == 0 ||
            strncmp(w, "n’t", 5) == 0)
            continue; /* the end of a contraction ("Isn't"): part of the word before */
        words++;
        if (is_cap(c, t))
            caps++;
        else if (!(c->cls[t] & (W_STOP | W_DET)))
            return 0;
    }
    return caps >= 2 && words <= 8;
}

/* Unattributed quotations of at most this many words are scare quotes. */
#define SCARE_WORDS 3

/* A noun of a work whose title is quoted ("his 2002 book, ''Make Your Kid a
 * Millionaire''", "the documentary “13th”"): class work of quote-words.tsv. */
static int work_word(const qctx *c, size_t i)
{
    return (c->cls[i] & W_WORK) != 0;
}

/* The quotation opening at token ot names a work or a term: right after a
 * work noun (a comma between allowed: "book, ''…''"), or after "known as"
 * or "so-called" (a comma and a determiner between allowed: "known as the
 * ''Buffett rule''", "so-called ‘…’"). "show" and "play" count only after a determiner, a
 * possessive or a capital inside the sentence (not the verbs: "Polls show “…”"). */
static int names_work(const qctx *c, size_t ot)
{
    if (ot == 0)
        return 0;
    size_t p = ot - 1;
    if (tok_eq(c, p, ",") && p > 0)
        p--;
    int det = (c->cls[p] & W_DET) && p > 0;
    if (det)
        p--;
    if (c->inq[p])
        return 0;
    if (tok_eq(c, p, "as") && p > 0 && tok_eq(c, p - 1, "known"))
        return 1;
    if (tok_eq(c, p, "so-called"))
        return 1;
    if (tok_eq(c, p, "called") && p > 1 && tok_eq(c, p - 1, "-") && tok_eq(c, p - 2, "so"))
        return 1;
    if (det || !work_word(c, p))
        return 0; /* "the article a “terrific piece”": a determiner opens a phrase of its own */
    if (tok_in(c, p, QW_WORK_VERB))
        return p > 0 && ((c->cls[p - 1] & W_DET) || is_poss(c, p - 1) ||
                         (is_cap(c, p - 1) && !(tk(c, p - 1)->flags & NX_TOKF_SENT_START)));
    return 1;
}

/* The sentence is a headline: at least three words outside quotations that
 * are not function words and all of them capitalized ("Obama Sees 'Personal
 * Insult' if Blacks Don't Rally ..." has one lower-case "if": a function
 * word). */
static int headline_scan(const qctx *c, size_t s)
{
    size_t words = 0;
    nx_spend(c->doc->budget, nxq_sent_end_tok(c, s) - nxq_sent_first_tok(c, s));
    for (size_t t = nxq_sent_first_tok(c, s); t < nxq_sent_end_tok(c, s) && t < c->doc->n_toks;
         t++) {
        if (!is_word(c, t) || c->inq[t] || (c->cls[t] & (W_STOP | W_DET | W_AUX)))
            continue;
        if (!is_cap(c, t) && tlen(c, t) > 1)
            return 0;
        words++;
    }
    return words >= 3;
}

int nxq_headline(const qctx *c, size_t s)
{
    if (c->head[s] < 0)
        c->head[s] = (int8_t)headline_scan(c, s);
    return c->head[s];
}

/* A quotation of a headline that quotes words: in a headline capital letters
 * say nothing about a quotation, and a quotation after the headline's first
 * words is the words of the people it names ("Black Lawmakers Rip Donald
 * Trump As A ‘Disgusting Fraud.’"). Not one that opens the headline, follows
 * a possessive or is followed by a capitalized word that is not a function
 * word: those name or qualify a thing ("‘Bloodline’ Star ...", "Ohio’s
 * ‘Golden Week’", "Republican ‘Unity’ Meeting"). */
static int headline_words(const qctx *c, size_t s, size_t ot, size_t ct)
{
    if (ot == nxq_sent_first_tok(c, s) || !nxq_headline(c, s))
        return 0;
    size_t p = ot - 1;
    int is_verb = p > 0 && (c->cls[p - 1] & W_PRON); /* "It’s": it is */
    if ((is_poss(c, p) && !is_verb) || (c->cls[p] & W_POSS))
        return 0;
    if (ct < nxq_sent_end_tok(c, s) && ct < c->doc->n_toks && is_cap(c, ct) &&
        !(c->cls[ct] & (W_STOP | W_DET | W_AUX)))
        return 0;
    return 1;
}

/* ---- the stage ---- */

/* Text order: by start, the longer first (an indirect attribution before
 * the quotations inside it). */
static int cmp_quote(const void *a, const void *b)
{
    const nx_quote *x = a, *y = b;
    if (x->start != y->start)
        return (x->start > y->start) - (x->start < y->start);
    return (x->end < y->end) - (x->end > y->end);
}

static nx_err add_quote(nx_doc *doc, const nx_qspan *q, int kind, const attrib *a, int32_t ent,
                        uint8_t how)
{
    if (nx_grow((void **)&doc->quotes, &doc->cap_quotes, doc->n_quotes + 1, sizeof(nx_quote)))
        return NX_ERR_NOMEM;
    nx_quote *o = &doc->quotes[doc->n_quotes++];
    memset(o, 0, sizeof(*o));
    o->start = q->start;
    o->end = q->end;
    o->kind = (uint8_t)kind;
    o->speaker_entity = -1;
    if (a && a->found) {
        o->has_cue = !a->no_cue;
        o->cue = a->cue;
        if (a->has_speaker) {
            o->has_speaker = 1;
            o->speaker = a->speaker;
            o->speaker_entity = ent;
            o->resolved_by = how;
            o->basis = (uint8_t)a->basis;
        }
    }
    return NX_OK;
}

static nx_err quotes_run(nx_doc *doc, const void *state, char *errstr, size_t errstr_size)
{
    const qstate *st = state;
    if (!st)
        return nx_seterr(errstr, errstr_size, NX_ERR_INTERNAL, "quote stage without lexicon");
    /* English keeps its own rules and built-in lexicon (records unchanged);
     * the other languages read their data files (quotes_lang.c). */
    if (doc->lang_code[0] && strcmp(doc->lang_code, "en") != 0)
        return nx_qlang_run(doc, st->other, errstr, errstr_size);
    doc->n_quotes = 0;
    doc->n_sources = 0;
    if (!doc->text || !doc->n_toks || !doc->n_sents)
        return NX_OK;
    qctx c = {0};
    qlazy lz = {0};
    c.lz = &lz;
    c.doc = doc;
    c.st = st;
    nx_err e = nx_quote_marks(doc, &c.qs, &c.nq);
    if (e)
        return nx_seterr(errstr, errstr_size, e, "out of memory finding quotations");
    size_t nt = doc->n_toks;
    c.cls = nx_malloc(nt * sizeof(*c.cls));
    c.inq = nx_calloc(nt, 1);
    c.tsent = nx_malloc(nt * sizeof(*c.tsent));
    c.is_source = doc->n_entities ? nx_calloc(doc->n_entities, 1) : NULL;
    spk *spks = nx_malloc((c.nq + 1) * sizeof(spk));
    attrib *done = nx_malloc((c.nq + 1) * sizeof(attrib));
    size_t ns = doc->n_sents;
    c.sq = nx_calloc(ns, 1);
    c.head = nx_malloc(ns);
    c.as_known = nx_calloc(ns, 1);
    c.as_val = nx_malloc(ns * sizeof(attrib));
    c.wk_known = nx_calloc(ns, 1);
    c.wk_val = nx_malloc(ns * sizeof(attrib));
    c.sf_known = nx_calloc(ns, 1);
    c.sf_val = nx_malloc(ns * sizeof(sguess));
    if (!c.cls || !c.inq || !c.tsent || (doc->n_entities && !c.is_source) || !spks || !done ||
        !c.sq || !c.head || !c.as_known || !c.as_val || !c.wk_known || !c.wk_val || !c.sf_known ||
        !c.sf_val) {
        e = nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory attributing quotations");
        goto out;
    }
    for (size_t i = 0; i < nt; i++) {
        const nx_token *t = &doc->toks[i];
        c.cls[i] = t->kind == NX_TOK_WORD
                       ? nxq_word_class(st, doc->text + t->start, t->end - t->start)
                       : 0;
        c.tsent[i] = 0;
    }
    for (size_t s = 0; s < doc->n_sents; s++)
        for (size_t i = doc->sents[s].tok_begin; i < doc->sents[s].tok_end && i < nt; i++)
            c.tsent[i] = (uint32_t)s;
    for (size_t k = 0; k < c.nq; k++) {
        if (c.qs[k].nested)
            continue;
        for (size_t i = tok_at(&c, c.qs[k].start); i < nt && doc->toks[i].start < c.qs[k].end; i++)
            c.inq[i] = 1;
    }
    memset(c.head, 0xff, ns);
    for (size_t s = 0; s < ns; s++)
        for (size_t i = doc->sents[s].tok_begin; i < doc->sents[s].tok_end && i < nt && !c.sq[s];
             i++)
            c.sq[s] = c.inq[i];
    nx_spend(doc->budget, 2 * nt + c.nq);
    if ((e = nxq_find_sources(&c))) {
        nx_seterr(errstr, errstr_size, e, "out of memory listing sources");
        goto out;
    }

    size_t nspk = 0;
    long prev = -1; /* previous top-level quotation with an attribution */
    for (size_t k = 0; k < c.nq; k++) {
        const nx_qspan *q = &c.qs[k];
        memset(&done[k], 0, sizeof(done[k]));
        if (nx_spend(doc->budget, 1))
            break; /* the core reports too_complex */
        if (q->nested) {
            if ((e = add_quote(doc, q, NX_QUOTE_SCARE, NULL, -1, 0)))
                goto nomem;
            continue;
        }
        attrib a;
        size_t ot;
        nxq_attrib_own(&c, k, &a, &ot);
        int own = a.found;
        size_t s_open = c.tsent[ot < nt ? ot : nt - 1];
        size_t para = doc->sents[s_open].para;
        int opens_sentence = ot == nxq_sent_first_tok(&c, s_open);
        size_t ct = tok_at(&c, q->end); /* the token after the quotation */
        int head = para == 0 && headline_words(&c, s_open, ot, ct);
        if (!own) {
            /* a quotation introduced by ':' or ',' inside the writer's sentence:
             * the sentence's subject ("his friends jeered, ''Do svidaniya!''") */
            if (!opens_sentence && ot > 0 && (tok_eq(&c, ot - 1, ":") || tok_eq(&c, ot - 1, ",")))
                nxq_attrib_subject(&c, s_open, ot, &a);
            /* the quotation it continues */
            if (!a.found && prev >= 0) {
                const nx_qspan *p = &c.qs[prev];
                size_t pe = tok_at(&c, p->end);
                size_t ps = c.tsent[pe > 0 ? pe - 1 : 0];
                size_t ppara = doc->sents[ps].para;
                int opens_para =
                    opens_sentence && (s_open == 0 || doc->sents[s_open - 1].para != para);
                int next_para_start = opens_para && ppara + 1 == para && ps + 1 == s_open;
                if ((ppara == para &&
                     (s_open == ps || (s_open == ps + 1 && nxq_starts_upper(doc, q)))) ||
                    next_para_start) {
                    a = done[prev];
                    a.basis = NX_BASIS_INHERITED;
                }
            }
            /* "Name: ‘…’" */
            if (!a.found)
                nxq_attrib_colon_name(&c, s_open, ot, &a);
            /* an introducing sentence ending in ':' (its cue, else its subject), or
             * the last sentence of the previous paragraph when the quotation
             * opens its paragraph */
            int opens_para = opens_sentence && (s_open == 0 || doc->sents[s_open - 1].para != para);
            if (!a.found && opens_sentence && s_open > 0 &&
                (doc->sents[s_open - 1].para == para || doc->sents[s_open - 1].para + 1 == para)) {
                int colon = nxq_sent_ends_colon(&c, s_open - 1);
                if (colon || (opens_para && !nxq_sent_has_quote(&c, s_open - 1))) {
                    nxq_attrib_sentence(&c, s_open - 1, &a);
                    /* not introduced by it: the previous paragraph's last sentence */
                    if (a.found && !colon)
                        a.basis = NX_BASIS_CONTEXT;
                }
                if (!a.found && colon)
                    nxq_attrib_subject(&c, s_open - 1, nt, &a);
                if (!a.found && colon)
                    nxq_attrib_colon_name(&c, s_open - 1, nxq_sent_end_tok(&c, s_open - 1), &a);
            }
            /* a sentence of the paragraph without quotations that names a speaker */
            if (!a.found && nxq_starts_upper(doc, q))
                nxq_walk_back(&c, s_open, &a);
            /* a fragment inside the writer's sentence: the sentence's subject */
            if (!a.found && !opens_sentence)
                nxq_attrib_subject(&c, s_open, ot, &a);
            if (!a.found && head)
                nxq_attrib_headline(&c, s_open, ot, &a);
            /* "A lesson from Loretta Lynch: ‘…’" in the title */
            if (!a.found)
                nxq_attrib_title_colon(&c, s_open, ot, &a);
        }
        /* an attribution of its own without a speaker (",” Tester said,
         * referring to ..., “…”"): the speaker of an earlier quotation that
         * ends in the same sentence */
        if (own && !a.has_speaker && prev >= 0) {
            size_t pe = tok_at(&c, c.qs[prev].end);
            if (c.tsent[pe > 0 ? pe - 1 : 0] == s_open) {
                a = done[prev];
                a.basis = NX_BASIS_INHERITED;
            }
        }
        /* kind */
        int kind;
        int upper = nxq_starts_upper(doc, q);
        int intro = opens_sentence;
        if (!intro && ot > 0) {
            size_t p = ot - 1;
            size_t cend;
            intro = tok_eq(&c, p, ":") || tok_eq(&c, p, ",") || tok_eq(&c, p, "that") ||
                    tok_eq(&c, p, "—") || nxq_cue_at(&c, p, nt, &cend) != CUE_NONE;
        }
        int closes =
            ends_with_punct(doc, q) || ct >= nt || c.tsent[ct] != c.tsent[ct - 1] ||
            (doc->toks[ct].kind == NX_TOK_PUNCT && !tok_eq(&c, ct, "(") && !is_poss(&c, ct));
        int after_prep =
            ot > 0 && !c.inq[ot - 1] && ((c.cls[ot - 1] & (W_STOP | W_DET)) || is_poss(&c, ot - 1));
        /* after a determiner and a lower-case modifier ("a bipartisan ''Grand
         * Bargain''"): inside a noun phrase too */
        if (!after_prep && ot > 1 && !c.inq[ot - 2] && (c.cls[ot - 2] & W_DET) &&
            is_word(&c, ot - 1) && !is_cap(&c, ot - 1) && !c.cls[ot - 1] && !is_ly(&c, ot - 1))
            after_prep = 1;
        /* a quotation alone in its paragraph, with no attribution of its
         * own: a subheading when it is in title case ('All Bets Are Off.') */
        int subhead = !own && ot < nt && (doc->toks[ot].flags & NX_TOKF_PARA_START) &&
                      (ct >= nt || (doc->toks[ct].flags & NX_TOKF_PARA_START));
        /* one capitalized word with no punctuation after a determiner or
         * possessive: a name ("the “Avatar” star", "NBC’s “Today”"; not
         * "another “Holocaust.”") */
        int one_name = !head && words_in(&c, q) == 1 && !ends_with_punct(doc, q) && ot > 0 &&
                       !c.inq[ot - 1] && ((c.cls[ot - 1] & W_DET) || is_poss(&c, ot - 1)) &&
                       ot < nt && is_cap(&c, ot + (tk(&c, ot)->kind == NX_TOK_PUNCT));
        if (names_work(&c, ot) || (subhead && title_case(&c, q)) || one_name)
            kind = NX_QUOTE_SCARE;
        else if (upper && intro && closes && words_in(&c, q) >= 1)
            kind = NX_QUOTE_DIRECT;
        else if (!head && title_case(&c, q) && (!own || after_prep))
            kind = NX_QUOTE_SCARE;
        else if (!head && !a.found && words_in(&c, q) <= SCARE_WORDS)
            kind = NX_QUOTE_SCARE;
        else
            kind = NX_QUOTE_PARTIAL;
        if (kind == NX_QUOTE_SCARE)
            memset(&a, 0, sizeof(a));
        int32_t ent = -1;
        uint8_t how = NX_RES_NONE;
        if (a.found && a.has_speaker)
            ent = nxq_resolve(&c, a.speaker, spks, nspk, &how);
        attrib g = a; /* with a guessed speaker (not inherited by later quotations) */
        if (!(a.found && a.has_speaker) && kind != NX_QUOTE_SCARE &&
            nxq_guess_speaker(&c, s_open, q->start, spks, nspk, &g.speaker, &ent, &how)) {
            if (!g.found)
                g.no_cue = 1;
            g.found = 1;
            g.has_speaker = 1;
            g.basis = NX_BASIS_GUESS;
        }
        if ((e = add_quote(doc, q, kind, &g, ent, how)))
            goto nomem;
        done[k] = a;
        if (a.found && a.has_speaker) {
            prev = (long)k;
            {
                spks[nspk].pos = a.speaker.start;
                spks[nspk++].entity = ent;
            }
        }
    }
    /* reported speech without marks, then every quotation in text order */
    if ((e = nxq_indirect(&c, spks, nspk)))
        goto nomem;
    if (doc->n_quotes > 1)
        qsort(doc->quotes, doc->n_quotes, sizeof(nx_quote), cmp_quote);
    e = NX_OK;
    goto out;
nomem:
    e = nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory adding quotations");
out:
    nx_free(c.qs);
    nx_free(c.cls);
    nx_free(c.inq);
    nx_free(c.tsent);
    nx_free(c.is_source);
    nx_free(spks);
    nx_free(done);
    nx_free(c.sq);
    nx_free(c.head);
    nx_free(c.as_known);
    nx_free(c.as_val);
    nx_free(c.wk_known);
    nx_free(c.wk_val);
    nx_free(c.sf_known);
    nx_free(c.sf_val);
    nx_u64map_free(&lz.fn);
    for (size_t k = 0; k < lz.n_chains; k++)
        nx_free(lz.chains[k].prev);
    nx_free(lz.chains);
    nx_free(lz.src_keys);
    return e;
}

const nx_stage nx_stage_quotes = {"quotes", nxq_init, quotes_run,
                                  nxq_free, NULL,     "en de fr es it pt nl"};
