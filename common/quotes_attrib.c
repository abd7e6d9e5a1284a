/*
 * quotes_attrib.c - the speaker and cue of a quotation (docs/quotes.md,
 * section 2): in its own sentence after and before the quotation, an
 * introducing or speaking sentence, a sentence's subject, a headline.
 */
#include <stdlib.h>
#include <string.h>

#include "nx_alloc.h"
#include "quotes_int.h"

static int inverting(const qctx *c, size_t i);
static size_t skip_opening(const qctx *c, size_t s, size_t hi);

static int is_dash(const qctx *c, size_t i)
{
    return tk(c, i)->kind == NX_TOK_PUNCT &&
           (tok_eq(c, i, "—") || tok_eq(c, i, "–") || tok_eq(c, i, "―") || tok_eq(c, i, "-") ||
            tok_eq(c, i, "--"));
}

/* `,” she elaborated.`: a speaker and a verb outside the cue lists (a
 * lower-case word in -ed or -s, perhaps with a particle: back, out, up,
 * off) that end the sentence or the clause right after the quotation. */
static int after_verb(const qctx *c, size_t start, size_t hi, attrib *out)
{
    if (start == 0 || !c->inq[start - 1] || start >= hi)
        return 0;
    tspan sp = nxq_np_after(c, start, hi);
    if (sp.b <= sp.a || sp.a != start)
        return 0;
    size_t v = sp.b;
    while (v < hi && is_skip(c, v))
        v++;
    if (v >= hi || !is_word(c, v) || is_cap(c, v) || c->inq[v] || (c->cls[v] & (W_STOP | W_DET)))
        return 0;
    const char *p = c->doc->text + tk(c, v)->start;
    size_t n = tlen(c, v);
    if (n < 4 || !((p[n - 2] == 'e' && p[n - 1] == 'd') || (p[n - 1] == 's' && p[n - 2] != 's')))
        return 0;
    /* a particle may follow the verb (`” the audience screamed back.`) */
    size_t w = v + 1;
    if (w < hi && tok_in(c, w, QW_PARTICLE))
        w++;
    if (w < hi && !tok_eq(c, w, ",") && !tok_eq(c, w, ".") && !tok_eq(c, w, "!") &&
        !tok_eq(c, w, "?"))
        return 0;
    nxq_set_attrib(c, out, CUE_SPEECH, v, v + 1, sp);
    if (out->has_speaker)
        return 1;
    memset(out, 0, sizeof(*out));
    return 0;
}

static void attrib_after(const qctx *c, size_t first, size_t hi, attrib *out)
{
    size_t i = first;
    size_t dash = hi; /* a dash right after the quotation */
    while (i < hi && tk(c, i)->kind == NX_TOK_PUNCT && !c->inq[i] &&
           (tok_eq(c, i, ",") || is_dash(c, i))) {
        if (is_dash(c, i) && dash == hi)
            dash = i;
        i++;
    }
    size_t start = i;
    /* “…” ― Sonya Herridge: a name after a dash, ending the sentence or
     * followed by a comma */
    if (dash < hi) {
        tspan sp = nxq_np_after(c, start, hi);
        if (sp.b > sp.a && is_cap(c, sp.a) && !(c->cls[sp.a] & (W_PRON | W_DET)) &&
            (sp.b >= hi || tok_eq(c, sp.b, ",") || (tok_eq(c, sp.b, ".") && sp.b + 1 >= hi) ||
             memchr(c->doc->text + tk(c, sp.b - 1)->end, '\n',
                    tk(c, sp.b)->start - tk(c, sp.b - 1)->end))) {
            nxq_set_attrib(c, out, CUE_SPEECH, dash, dash + 1, sp);
            if (out->has_speaker)
                return;
            memset(out, 0, sizeof(*out));
        }
    }
    if (after_verb(c, start, hi, out))
        return;
    for (size_t n = 0; i < hi && n < 25; i++, n++) {
        if (c->inq[i])
            return;
        if (tok_eq(c, i, "(")) {
            /* a parenthesis: "Rep. John Mica (R-Fla.) said" */
            size_t j = i + 1;
            while (j < hi && j < i + 12 && !c->inq[j] && !tok_eq(c, j, ")"))
                j++;
            if (j >= hi || !tok_eq(c, j, ")"))
                return;
            n += j - i;
            i = j;
            continue;
        }
        /* punctuation ends the tag, but for ’s, commas, abbreviations,
         * hyphens and apostrophes inside or after a word ("Sanders' campaign
         * manager") */
        if (tk(c, i)->kind == NX_TOK_PUNCT && !is_poss(c, i) && !tok_eq(c, i, ",") &&
            !(tok_eq(c, i, ".") && i + 1 < hi) &&
            !(tok_eq(c, i, "-") && tk(c, i)->start == tk(c, i - 1)->end) &&
            !((tok_eq(c, i, "'") || tok_eq(c, i, "’")) && tk(c, i)->start == tk(c, i - 1)->end))
            return;
        size_t cend;
        int kind = nxq_cue_at(c, i, hi, &cend);
        if (!kind)
            continue;
        tspan sp;
        if (i == start)
            sp = inverting(c, i) || kind == CUE_ACCORDING || kind == CUE_REPORT
                     ? nxq_np_after(c, kind == CUE_ACCORDING ? cend : i + 1, hi)
                     : (tspan){0, 0};
        else
            sp = nxq_np_before(c, i, start);
        /* “…” if she did not win, said David Wasserman, an analyst */
        if (sp.b <= sp.a && i > start && tok_eq(c, i - 1, ",") && inverting(c, i))
            sp = nxq_np_after(c, i + 1, hi);
        if (sp.b > sp.a || i == start) {
            nxq_set_attrib(c, out, kind, i, cend, sp);
            return;
        }
    }
}

/* Speech verbs that may come before their subject ("said Putin"): the
 * class invert of quote-words.tsv. */
static int inverting(const qctx *c, size_t i)
{
    return (c->cls[i] & W_INVERT) != 0;
}

/* The noun phrase that opens the clause [lo, hi) when a verb follows it
 * ("Hayek confirmed she had been and said, “…”"). */
tspan nxq_clause_subject(const qctx *c, size_t lo, size_t hi)
{
    tspan none = {0, 0};
    while (lo < hi && (c->inq[lo] || tk(c, lo)->kind == NX_TOK_PUNCT))
        lo++;
    lo = skip_opening(c, lo, hi); /* "When asked ..., Ms. Sherry smiled and said" */
    if (lo >= hi || (c->cls[lo] & W_STOP))
        return none;
    tspan sp = nxq_np_after(c, lo, hi);
    if (sp.b <= sp.a || sp.b >= hi || c->inq[sp.b])
        return none;
    size_t v = sp.b;
    /* an appositive between commas: "Clinton, the former secretary, said" */
    if (tok_eq(c, v, ",")) {
        size_t k = v + 1;
        while (k < hi && k < v + 12 && !c->inq[k] && !tok_eq(c, k, ","))
            k++;
        if (k < hi && tok_eq(c, k, ",") && k > v + 1)
            v = k + 1;
    }
    while (v < hi && is_skip(c, v))
        v++;
    /* a verb follows: a lower-case word that is not a function word (a
     * speech verb counts: "Roberts said ... but said “…”") */
    if (v >= hi || !is_word(c, v) || is_cap(c, v) ||
        ((c->cls[v] & (W_STOP | W_DET)) && !(c->cls[v] & W_SPEECH)))
        return none;
    return sp;
}

/* A word in -ing ("Citing", "Weighing"). */
static int participle(const qctx *c, size_t i)
{
    const char *p = c->doc->text + tk(c, i)->start;
    size_t n = tlen(c, i);
    return is_word(c, i) && n > 4 && p[n - 3] == 'i' && p[n - 2] == 'n' && p[n - 1] == 'g';
}

tspan nxq_participle_subject(const qctx *c, size_t lo, size_t i)
{
    tspan none = {0, 0};
    if (!participle(c, i) || i <= lo + 1 || tok_eq(c, i - 1, ",") ||
        (c->cls[i - 1] & (W_AUX | W_DET | W_STOP)))
        return none;
    tspan subj = nxq_clause_subject(c, lo, i);
    return subj.b > subj.a && subj.b < i && !(c->cls[subj.a] & W_STOP) ? subj : none;
}

/* The token after an opening phrase that starts at s with a preposition,
 * a conjunction or a participle and ends at a comma before hi ("During a
 * speech, Trump attacked ...", "Citing the attack, Will urged ..."); s
 * itself otherwise. */
static size_t skip_opening(const qctx *c, size_t s, size_t hi)
{
    if (s >= hi || !((c->cls[s] & W_STOP) || participle(c, s)))
        return s;
    size_t k = s;
    while (k < hi && k < s + 20 && !tok_eq(c, k, ",") && !c->inq[k])
        k++;
    return k + 1 < hi && tok_eq(c, k, ",") ? k + 1 : s;
}

/* A mention of the entity stage lies inside the phrase. */
static int names_entity(const qctx *c, tspan sp)
{
    const nx_doc *doc = c->doc;
    uint32_t a = tk(c, sp.a)->start, b = tk(c, sp.b - 1)->end;
    size_t m = nxq_mention_at_or_after(doc, a);
    return m < doc->n_mentions && doc->mentions[m].start < b &&
           doc->mentions[m].entity < doc->n_entities;
}

/* Cue before the quotation in the same sentence: `Putin said: “…”`,
 * `according to X, “…”`, `Mao denied ..., calling ... ‘paranoia’`. */
static void attrib_before(const qctx *c, size_t slo, size_t lo, size_t open, attrib *out,
                          int want_report)
{
    for (size_t i = open; i-- > lo;) {
        if (c->inq[i])
            continue;
        size_t cend;
        int kind = nxq_cue_at(c, i, open, &cend);
        if (!kind || kind == CUE_READ)
            continue;
        if ((kind == CUE_REPORT) != (want_report != 0))
            continue;
        tspan sp = {0, 0};
        if (kind == CUE_ACCORDING) {
            sp = nxq_np_after(c, cend, open);
        } else if ((c->cls[i] & W_ING) && i > slo && (tok_eq(c, i - 1, ",") || c->inq[i - 1])) {
            /* participle: the subject of the sentence, also before an
             * earlier quotation (“…” Graham said, adding, “…”) */
            size_t s = slo;
            while (s < i && (c->inq[s] || tk(c, s)->kind == NX_TOK_PUNCT))
                s++;
            sp = nxq_np_after(c, skip_opening(c, s, i), i);
            if (sp.b > sp.a && c->cls[sp.a] & W_STOP)
                sp.b = sp.a;
        } else {
            sp = nxq_np_before(c, i, lo);
            /* "yelling at people on their way into the polls saying “…”": a
             * participle with no comma and no subject of its own takes the
             * clause's */
            if (i > lo && !c->inq[i - 1]) {
                tspan subj = nxq_participle_subject(c, lo, i);
                if (subj.b > subj.a)
                    sp = subj;
            }
            /* "Beck, who has described Trump as “…”": the speaker is the
             * text's own word, "who", resolved to the name before it
             * (section 4) when that names an entity; else the phrase */
            if (sp.b > sp.a) {
                size_t w = i;
                while (w > lo && is_skip(c, w - 1))
                    w--;
                if (w >= lo + 3 && tok_in(c, w - 1, QW_RELATIVE) && tok_eq(c, w - 2, ",") &&
                    names_entity(c, sp))
                    sp = (tspan){w - 1, w};
            }
            /* "said Putin: “…”" (only verbs that invert; after "told" comes
             * the listener; after "and" the verb is coordinated, "... and
             * said she has": its subject is the clause's) */
            int coordinated = i > lo && tok_in(c, i - 1, QW_COORD);
            if (sp.b <= sp.a && inverting(c, i) && !coordinated)
                sp = nxq_np_after(c, cend, open);
            if (sp.b <= sp.a)
                sp = nxq_clause_subject(c, lo, i);
            /* "Lynch said she recalled thinking, “…”": the speech the
             * nearer cue is reported in speaks */
            if (sp.b > sp.a && sp.a > lo) {
                size_t k = sp.a;
                if (k > lo + 1 && tok_eq(c, k - 1, "that"))
                    k--;
                size_t oend;
                if (nxq_cue_at(c, k - 1, open, &oend) == CUE_SPEECH && !(c->cls[k - 1] & W_ING)) {
                    tspan osp = nxq_np_before(c, k - 1, lo);
                    if (osp.b > osp.a) {
                        i = k - 1;
                        cend = oend;
                        sp = osp;
                    }
                }
            }
        }
        nxq_set_attrib(c, out, kind, i, cend, sp);
        return;
    }
}

/* ---- entity resolution ---- */

size_t nxq_sent_first_tok(const qctx *c, size_t s)
{
    return c->doc->sents[s].tok_begin;
}

size_t nxq_sent_end_tok(const qctx *c, size_t s)
{
    return c->doc->sents[s].tok_end;
}

/* Attribution of quotation qi in its own sentence. */
/* The end of q's content before its closing marks and spaces (any byte of
 * a multi-byte mark, ' and "): its last character is t[k - 1] when
 * k > q->cstart. */
static uint32_t inner_end(const nx_doc *doc, const nx_qspan *q)
{
    const char *t = doc->text;
    uint32_t k = q->cend;
    while (k > q->cstart && (t[k - 1] == ' ' || (unsigned char)t[k - 1] >= 0x80 ||
                             t[k - 1] == '\'' || t[k - 1] == '"'))
        k--;
    return k;
}

void nxq_attrib_own(const qctx *c, size_t qi, attrib *a, size_t *open_tok)
{
    const nx_qspan *q = &c->qs[qi];
    size_t nt = c->doc->n_toks;
    size_t ot = tok_at(c, q->start), ct = tok_at(c, q->end);
    *open_tok = ot;
    memset(a, 0, sizeof(*a));
    if (ot >= nt)
        return;
    size_t s_open = c->tsent[ot];
    size_t s_close = ct > 0 ? c->tsent[ct - 1] : s_open;
    size_t lo = nxq_sent_first_tok(c, s_open), hi = nxq_sent_end_tok(c, s_close);
    /* a previous top-level quotation in the sentence bounds the search */
    for (size_t k = qi; k-- > 0;) {
        if (c->qs[k].nested)
            continue;
        size_t e = tok_at(c, c->qs[k].end);
        if (e > lo && e <= ot)
            lo = e;
        break;
    }
    attrib after = {0}, before = {0}, rep_after = {0}, rep_before = {0};
    /* the after-part stops at the next quotation; a next sentence of the paragraph that opens with
     * a lower-case word continues this one (the segmenter ended it after an abbreviation: "Rep.
     * John Mica (R-Fla.) said"), and so does one that opens with a dash right after the quotation
     * (“…” ― Carla Sanchez.) */
    size_t ahi = hi;
    if (s_close + 1 < c->doc->n_sents &&
        c->doc->sents[s_close + 1].para == c->doc->sents[s_close].para && hi < nt &&
        ((is_word(c, hi) && !is_cap(c, hi)) || (ct == hi && is_dash(c, hi))))
        ahi = nxq_sent_end_tok(c, s_close + 1);
    attrib_after(c, ct, ahi, &after);
    if (!after.found && ct == hi && s_close + 1 < c->doc->n_sents &&
        c->doc->sents[s_close + 1].para == c->doc->sents[s_close].para && q->cend > q->cstart) {
        /* “… do you need?” Weaver said. — the segmenter ends the sentence
         * after ?” and !” before a capital */
        uint32_t k = inner_end(c->doc, q);
        if (k > q->cstart && (c->doc->text[k - 1] == '?' || c->doc->text[k - 1] == '!'))
            attrib_after(c, hi, nxq_sent_end_tok(c, s_close + 1), &after);
        if (after.found && after.kind == CUE_REPORT)
            memset(&after, 0, sizeof(after));
    }
    /* “… wheelhouse.” He said, twice, that ...: after a full stop inside the
     * marks a capital opens a new sentence, not the quotation's tag */
    if (after.found && ct < nt && is_cap(c, ct) && tk(c, ct)->kind == NX_TOK_WORD &&
        nxq_ends_with_full_stop(c->doc, q))
        memset(&after, 0, sizeof(after));
    if (after.found && after.kind == CUE_REPORT) {
        rep_after = after;
        memset(&after, 0, sizeof(after));
    }
    attrib_before(c, nxq_sent_first_tok(c, s_open), lo, ot, &before, 0);
    attrib_before(c, nxq_sent_first_tok(c, s_open), lo, ot, &rep_before, 1);
    int direct_like = nxq_starts_upper(c->doc, q);
    /* “states were hemorrhaging money. They needed it,” DeSantis said: a
     * quotation of more than one sentence that closes on a comma inside its
     * marks is the after-tag's, whatever cue the sentence has before it (a
     * one-clause one, "later said he was “very tired,” friends recalled",
     * is the nearer speaker's) */
    if (!direct_like && after.found && after.has_speaker && q->cend > q->cstart) {
        const char *t = c->doc->text;
        uint32_t k = inner_end(c->doc, q);
        int inner_stop = 0;
        for (uint32_t j = q->cstart; j + 2 < k && !inner_stop; j++)
            inner_stop = (t[j] == '.' || t[j] == '?' || t[j] == '!') && t[j + 1] == ' ' &&
                         t[j + 2] >= 'A' && t[j + 2] <= 'Z';
        direct_like = k > q->cstart && t[k - 1] == ',' && inner_stop;
    }
    if (direct_like && after.found && after.has_speaker)
        *a = after;
    else if (before.found && before.has_speaker)
        *a = before;
    else if (after.found && after.has_speaker)
        *a = after;
    else if (rep_after.found && rep_after.has_speaker && direct_like)
        *a = rep_after;
    else if (rep_before.found && rep_before.has_speaker)
        *a = rep_before;
    else if (rep_after.found && rep_after.has_speaker)
        *a = rep_after;
    else if (after.found)
        *a = after;
    else if (before.found)
        *a = before;
}

/* An introducing sentence ("He said:") or a sentence of the paragraph with
 * a cue and a speaker outside quotations. */
static void attrib_sentence_scan(const qctx *c, size_t s, attrib *a)
{
    size_t lo = nxq_sent_first_tok(c, s), hi = nxq_sent_end_tok(c, s);
    memset(a, 0, sizeof(*a));
    nx_spend(c->doc->budget, hi - lo);
    for (size_t i = lo; i < hi; i++) {
        if (c->inq[i])
            continue;
        size_t cend;
        int kind = nxq_cue_at(c, i, hi, &cend);
        if (kind != CUE_SPEECH && kind != CUE_ACCORDING)
            continue;
        tspan sp = kind == CUE_ACCORDING ? nxq_np_after(c, cend, hi) : nxq_np_before(c, i, lo);
        if (sp.b <= sp.a && kind == CUE_SPEECH && inverting(c, i))
            sp = nxq_np_after(c, cend, hi);
        if (sp.b <= sp.a && kind == CUE_SPEECH)
            sp = nxq_clause_subject(c, lo, i);
        if (sp.b > sp.a) {
            nxq_set_attrib(c, a, kind, i, cend, sp);
            return;
        }
    }
}

void nxq_attrib_sentence(const qctx *c, size_t s, attrib *a)
{
    if (!c->as_known[s]) {
        attrib_sentence_scan(c, s, &c->as_val[s]);
        c->as_known[s] = 1;
    }
    *a = c->as_val[s];
}

/* The nearest earlier sentence of s_open's paragraph without quotations that
 * names a speaker (nxq_attrib_sentence()); a->found 0 when none. Remembered per
 * s_open, and a walk stops at a sentence whose walk is known: over the
 * quotations of a document (s_open never decreases) each sentence is walked
 * over once. */
void nxq_walk_back(const qctx *c, size_t s_open, attrib *a)
{
    size_t para = c->doc->sents[s_open].para;
    memset(a, 0, sizeof(*a));
    if (c->wk_known[s_open]) {
        *a = c->wk_val[s_open];
        return;
    }
    for (size_t s = s_open; s-- > 0 && c->doc->sents[s].para == para;) {
        nx_spend(c->doc->budget, 1);
        if (s + 1 < s_open && c->wk_known[s + 1]) {
            *a = c->wk_val[s + 1];
            break;
        }
        if (c->sq[s])
            continue;
        nxq_attrib_sentence(c, s, a);
        if (a->found)
            break;
    }
    if (!a->found)
        memset(a, 0, sizeof(*a));
    else
        a->basis = NX_BASIS_CONTEXT; /* a cue of another sentence */
    c->wk_known[s_open] = 1;
    c->wk_val[s_open] = *a;
}

/* "Issa: Hillary Clinton’s ‘Honesty Is In Question.’": a name of at most
 * five capitalized words that opens the sentence, then ':' before the quotation. */
void nxq_attrib_colon_name(const qctx *c, size_t s, size_t open, attrib *a)
{
    size_t lo = nxq_sent_first_tok(c, s);
    size_t i = lo;
    while (i < open && i - lo < 8 && !c->inq[i] &&
           (is_word(c, i) || tok_eq(c, i, ".") || tok_eq(c, i, "’s"))) {
        if ((c->cls[i] & (W_STOP | W_PRON | W_SPEECH | W_REPORT)) && !tok_eq(c, i, "and"))
            return;
        i++;
    }
    if (i == lo || i >= open || !tok_eq(c, i, ":"))
        return;
    size_t e = i;
    while (e > lo && tok_eq(c, e - 1, "."))
        e--;
    if (e == lo || !is_cap(c, e - 1) || !is_cap(c, lo))
        return;
    nxq_set_attrib(c, a, CUE_SPEECH, i, i + 1, (tspan){lo, e});
}

/* The subject that opens sentence s (a name, a pronoun or a noun phrase),
 * not reaching token hi. */
void nxq_attrib_subject(const qctx *c, size_t s, size_t hi, attrib *a)
{
    if (hi > nxq_sent_end_tok(c, s))
        hi = nxq_sent_end_tok(c, s);
    size_t lo = skip_opening(c, nxq_sent_first_tok(c, s), hi);
    if (lo >= hi || c->inq[lo] || (c->cls[lo] & W_STOP))
        return;
    tspan sp = nxq_np_after(c, lo, hi);
    if (sp.b <= sp.a || sp.b >= hi || c->inq[sp.b])
        return;
    /* a verb must follow: a lower-case word that is not a function word */
    size_t v = sp.b;
    while (v < hi && is_skip(c, v))
        v++;
    if (v >= hi || !is_word(c, v) || is_cap(c, v) || (c->cls[v] & (W_STOP | W_DET)))
        return;
    memset(a, 0, sizeof(*a));
    a->found = 1;
    a->no_cue = 1;
    a->has_speaker = 1;
    a->basis = NX_BASIS_CONTEXT;
    a->speaker = nxq_tspan_bytes(c, sp);
}

/* A mention of the entity stage starts at token i. */
static int mention_starts(const qctx *c, size_t i)
{
    size_t m = nxq_mention_at_or_after(c->doc, tk(c, i)->start);
    return m < c->doc->n_mentions && c->doc->mentions[m].start == tk(c, i)->start;
}

/* The name phrase that opens a Title-Case headline when the tagger names no
 * person or organisation there: capitalized words (at most six) up to a
 * function word ("Obama on Climate Change: ..."), a colon, a speech verb
 * ("... Says") or the start of a mention the tagger gives after them (the
 * headline's verb is capitalized too: "Black Lawmakers Rip Donald Trump ..."
 * → Black Lawmakers; two words at least there). Returns the end token, or lo
 * when there is none. */
static size_t headline_name(const qctx *c, size_t lo, size_t open)
{
    if (!is_word(c, lo) || !is_cap(c, lo) || (c->cls[lo] & (W_STOP | W_DET | W_AUX | W_PRON)))
        return lo;
    size_t i = lo + 1;
    while (i < open && i - lo < 6 && !c->inq[i] && is_word(c, i) && is_cap(c, i) &&
           !(c->cls[i] & (W_STOP | W_DET | W_AUX | W_PRON | W_SPEECH | W_REPORT)) &&
           !mention_starts(c, i))
        i++;
    if (i >= open || c->inq[i])
        return lo;
    if (tok_eq(c, i, ":") || (c->cls[i] & (W_STOP | W_SPEECH | W_REPORT)))
        return i;
    /* before a mention, one word is its title or modifier ("Former Ted Cruz") */
    if (i > lo + 1 && is_word(c, i) && is_cap(c, i) && mention_starts(c, i))
        return i;
    return lo;
}

/* A headline's quotation with no attribution: the person or organisation
 * named at the start of the headline ("Hillary Clinton Calls ISIS Violence
 * Against Yazidis ‘Genocide.’" → Hillary Clinton), else the name phrase that
 * opens it (above), no cue. */
void nxq_attrib_headline(const qctx *c, size_t s, size_t open, attrib *a)
{
    size_t lo = nxq_sent_first_tok(c, s);
    if (lo >= open || open >= c->doc->n_toks || c->inq[lo])
        return;
    const nx_doc *doc = c->doc;
    size_t m = nxq_mention_at_or_after(doc, tk(c, lo)->start);
    nx_span sp;
    if (m < doc->n_mentions && doc->mentions[m].start == tk(c, lo)->start &&
        doc->mentions[m].end <= tk(c, open)->start &&
        (doc->entities[doc->mentions[m].entity].type == NX_ENT_PER ||
         doc->entities[doc->mentions[m].entity].type == NX_ENT_ORG)) {
        sp = (nx_span){doc->mentions[m].start, doc->mentions[m].end};
    } else if (m < doc->n_mentions && doc->mentions[m].start == tk(c, lo)->start &&
               doc->mentions[m].end > tk(c, open)->start && open > lo + 1 &&
               (doc->entities[doc->mentions[m].entity].type == NX_ENT_PER ||
                doc->entities[doc->mentions[m].entity].type == NX_ENT_ORG)) {
        /* a mention that runs into the quotation ("Obama Sees 'Personal" from
         * "Obama Sees 'Personal Insult' if ...") is cut at its mark */
        sp = (nx_span){doc->mentions[m].start, tk(c, open - 1)->end};
    } else {
        size_t e = headline_name(c, lo, open);
        if (e == lo)
            return;
        sp = nxq_tspan_bytes(c, (tspan){lo, e});
    }
    memset(a, 0, sizeof(*a));
    a->found = 1;
    a->no_cue = 1;
    a->has_speaker = 1;
    a->basis = NX_BASIS_CONTEXT;
    a->speaker = sp;
}

/* "A lesson from Loretta Lynch: ‘…’": in the document's first sentence (its
 * title), a person or organisation mention right before the colon that
 * introduces the quotation is its speaker; cue ":". */
void nxq_attrib_title_colon(const qctx *c, size_t s, size_t open, attrib *a)
{
    size_t lo = nxq_sent_first_tok(c, s);
    if (s != 0 || open < lo + 2 || open >= c->doc->n_toks || !tok_eq(c, open - 1, ":") ||
        c->inq[open - 2])
        return;
    const nx_doc *doc = c->doc;
    uint32_t end = tk(c, open - 2)->end;
    size_t m = nxq_mention_at_or_after(doc, tk(c, lo)->start);
    while (m < doc->n_mentions && doc->mentions[m].end < end)
        m++;
    if (m >= doc->n_mentions || doc->mentions[m].end != end)
        return;
    nx_ent_type ty = doc->entities[doc->mentions[m].entity].type;
    if (ty != NX_ENT_PER && ty != NX_ENT_ORG)
        return;
    size_t b = open - 2;
    while (b > lo && tk(c, b)->start > doc->mentions[m].start)
        b--;
    if (tk(c, b)->start != doc->mentions[m].start)
        return;
    nxq_set_attrib(c, a, CUE_SPEECH, open - 1, open, (tspan){b, open - 1});
}

int nxq_sent_ends_colon(const qctx *c, size_t s)
{
    size_t e = nxq_sent_end_tok(c, s);
    return e > nxq_sent_first_tok(c, s) && tok_eq(c, e - 1, ":");
}

int nxq_sent_has_quote(const qctx *c, size_t s)
{
    return c->sq[s];
}
