/*
 * quotes_lang.c - the quote stage for languages other than English
 * (quotes_lang.h; the rules are in docs/quotes.md, "Other languages").
 *
 * One pass over the tokens pairs the quotation marks of the article's
 * language and finds the paragraphs opened by a dash; then each top-level
 * quotation looks for its cue right after it (", sagte Merz", ", a déclaré
 * le ministre") or before it in its sentence ("Merz sagte: „…“"), the
 * speaker being the noun phrase next to the cue. Every word list is data:
 * config/lang/<code>/speech-verbs.tsv and speaker-words.tsv. Each token is
 * looked at a bounded number of times, so the stage is linear in the input.
 */
#include "quotes_lang.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>
#include <xxhash.h>

#include "lang_pack.h"
#include "nx_alloc.h"

#define QL_LANGS       16
#define QL_PHRASE_MAX  3   /* words in a cue phrase ("ha detto", "de acordo com") */
#define QL_WORD_MAX    128 /* bytes of a looked-up phrase */
#define QL_DEPTH       8   /* nesting of quotation marks */
#define QL_NAME_WORDS  6   /* capitalized words in a speaker's name */
#define QL_BACK_TOKENS 40  /* tokens searched before a quotation for its cue */

/* Word classes of the data files. */
enum {
    C_VERB = 1 << 0,     /* speech verb or phrase: sagte, a déclaré, dijo */
    C_SOURCE = 1 << 1,   /* the speaker follows: selon, según, laut, volgens */
    C_TAG = 1 << 2,      /* like C_SOURCE, only right after a quotation: so, aldus */
    C_DET = 1 << 3,      /* determiner opening a speaker phrase: der, le, el */
    C_PRON = 1 << 4,     /* pronoun that can be a speaker: er, il, ella */
    C_PARTICLE = 1 << 5, /* inside a name: von, de, da, van */
    C_STOP = 1 << 6,     /* ends a speaker phrase: nach, lors, en, tras */
    C_INNER = 1 << 7     /* a particle only after another: der (von der), la (de la) */
};

static const struct {
    const char *name;
    unsigned cls;
} class_names[] = {
    {"verb", C_VERB},    {"source", C_SOURCE},     {"tag", C_TAG},   {"determiner", C_DET},
    {"pronoun", C_PRON}, {"particle", C_PARTICLE}, {"stop", C_STOP}, {"inner-particle", C_INNER},
};

typedef struct ql_slot {
    uint64_t key; /* 0: empty */
    unsigned cls;
} ql_slot;

typedef struct ql_lang {
    char code[8];
    ql_slot *slots;
    size_t cap, n;
} ql_lang;

struct nx_qlang {
    ql_lang langs[QL_LANGS];
    size_t n;
};

/* ---- data ---- */

static ql_slot *slot_of(const ql_lang *l, uint64_t key)
{
    return nx_lang_slot(l->slots, l->cap, sizeof(*l->slots), key);
}

static nx_err grow(ql_lang *l)
{
    return nx_lang_slots_reserve((void **)&l->slots, &l->cap, l->n, sizeof(*l->slots));
}

/* Read one file of phrase<TAB>class lines into l. */
static nx_err load_file(ql_lang *l, const char *path, char *errstr, size_t errstr_size)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "quote stage: cannot open %s", path);
    char line[512];
    unsigned lineno = 0;
    nx_err e = NX_OK;
    while (!e && nx_tsv_line(fp, line, sizeof(line), &lineno)) {
        char *tab = strchr(line, '\t');
        unsigned cls = 0;
        for (size_t c = 0; tab && c < sizeof(class_names) / sizeof(class_names[0]); c++)
            if (!strcmp(tab + 1, class_names[c].name))
                cls = class_names[c].cls;
        char low[QL_WORD_MAX];
        size_t n = cls ? nx_lang_lower(line, (size_t)(tab - line), low, sizeof(low)) : 0;
        if (!n) {
            e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                          "quote stage: %s:%u: want phrase<TAB>class", path, lineno);
            break;
        }
        if (grow(l)) {
            e = nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading %s", path);
            break;
        }
        ql_slot *s = slot_of(l, nx_lang_word_key(low, n));
        if (!s->key) {
            s->key = nx_lang_word_key(low, n);
            l->n++;
        }
        s->cls |= cls;
    }
    fclose(fp);
    return e;
}

nx_err nx_qlang_load(const char *config_dir, nx_qlang **out, char *errstr, size_t errstr_size)
{
    *out = NULL;
    nx_qlang *q = nx_calloc(1, sizeof(*q));
    if (!q)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading speech data");
    char path[4096];
    snprintf(path, sizeof(path), "%s/lang", config_dir);
    DIR *d = opendir(path);
    nx_err e = NX_OK;
    struct dirent *de;
    while (d && !e && (de = readdir(d))) {
        char verbs[4096 + 512], words[4096 + 512];
        if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(q->langs[0].code) ||
            snprintf(verbs, sizeof(verbs), "%s/%s/speech-verbs.tsv", path, de->d_name) >=
                (int)sizeof(verbs) ||
            access(verbs, R_OK))
            continue;
        snprintf(words, sizeof(words), "%s/%s/speaker-words.tsv", path, de->d_name);
        if (q->n == QL_LANGS) {
            e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "more than %d speech data folders",
                          QL_LANGS);
            break;
        }
        ql_lang *l = &q->langs[q->n++];
        strcpy(l->code, de->d_name);
        if (!(e = load_file(l, verbs, errstr, errstr_size)))
            e = load_file(l, words, errstr, errstr_size);
    }
    if (d)
        closedir(d);
    if (e) {
        nx_qlang_free(q);
        return e;
    }
    *out = q;
    return NX_OK;
}

void nx_qlang_free(nx_qlang *q)
{
    for (size_t i = 0; q && i < q->n; i++)
        nx_free(q->langs[i].slots);
    nx_free(q);
}

/* ---- per-document context ---- */

/* A quotation: its marks (or its dash) and the tokens around them. */
typedef struct lspan {
    uint32_t start, end; /* bytes, marks included; end 0: not closed (dropped) */
    uint32_t ot;         /* token of the opening mark or dash */
    uint32_t after;      /* first token after the quotation */
    uint8_t nested, dash;
} lspan;

typedef struct lattr {
    int found, has_speaker;
    int basis; /* nx_speaker_basis: a cue, or inherited */
    nx_span cue, speaker;
} lattr;

typedef struct lctx {
    nx_doc *doc;
    const ql_lang *lang; /* NULL: no data for the language */
    uint8_t *cls;        /* one-word class per token */
    uint32_t *para_end;  /* per token: first token of the next paragraph */
    uint64_t *work;      /* tokens visited by the searches, spent on the budget */
} lctx;

static const nx_token *tk(const lctx *c, size_t i)
{
    return &c->doc->toks[i];
}

static unsigned lookup(const lctx *c, const char *s, size_t n)
{
    char low[QL_WORD_MAX];
    size_t k = c->lang && c->lang->cap ? nx_lang_lower(s, n, low, sizeof(low)) : 0;
    if (!k)
        return 0;
    return slot_of(c->lang, nx_lang_word_key(low, k))->cls;
}

/* The code point of a one-character punctuation token, else 0. */
static int32_t mark_of(const lctx *c, size_t i)
{
    const nx_token *t = tk(c, i);
    if (t->kind != NX_TOK_PUNCT || t->end - t->start > 3)
        return 0;
    utf8proc_int32_t cp;
    utf8proc_ssize_t m = utf8proc_iterate((const utf8proc_uint8_t *)c->doc->text + t->start,
                                          (utf8proc_ssize_t)(t->end - t->start), &cp);
    return m == (utf8proc_ssize_t)(t->end - t->start) ? cp : 0;
}

static int is_word(const lctx *c, size_t i)
{
    return tk(c, i)->kind == NX_TOK_WORD;
}

static int is_dash_cp(int32_t cp)
{
    return cp == 0x2014 || cp == 0x2013;
}

/* A cue phrase (speech verb, source or tag) starting at token i, before hi:
 * its length in tokens (longest first), 0 for none; *cls receives its class. */
static size_t cue_at(const lctx *c, size_t i, size_t hi, unsigned *cls)
{
    if (!c->lang || i >= hi || !is_word(c, i))
        return 0;
    for (size_t k = QL_PHRASE_MAX; k >= 1; k--) {
        if (i + k > hi)
            continue;
        char buf[QL_WORD_MAX];
        size_t n = 0, ok = 1;
        for (size_t j = i; j < i + k && ok; j++) {
            const nx_token *t = tk(c, j);
            size_t len = t->end - t->start;
            if (!is_word(c, j) || n + len + 1 >= sizeof(buf))
                ok = 0;
            else {
                if (n)
                    buf[n++] = ' ';
                memcpy(buf + n, c->doc->text + t->start, len);
                n += len;
            }
        }
        unsigned w = ok ? lookup(c, buf, n) & (C_VERB | C_SOURCE | C_TAG) : 0;
        if (w) {
            *cls = w;
            return k;
        }
    }
    return 0;
}

/* A capitalized word that can be part of a name: not a word of the data's
 * classes, not a month or weekday of the language pack. */
static int name_word(const lctx *c, size_t i)
{
    const nx_token *t = tk(c, i);
    if (t->kind != NX_TOK_WORD || !(t->flags & NX_TOKF_CAP) ||
        (c->cls[i] & (C_DET | C_PRON | C_PARTICLE | C_INNER | C_STOP | C_VERB | C_SOURCE)))
        return 0;
    if (c->doc->lang_pack &&
        (nx_lang_pack_word(c->doc->lang_pack, c->doc->text + t->start, t->end - t->start, NULL) &
         (NX_LW_MONTH | NX_LW_WEEKDAY)))
        return 0;
    return 1;
}

static int lower_word(const lctx *c, size_t i)
{
    const nx_token *t = tk(c, i);
    return t->kind == NX_TOK_WORD && !(t->flags & NX_TOKF_CAP) &&
           !(c->cls[i] &
             (C_DET | C_PRON | C_PARTICLE | C_INNER | C_STOP | C_VERB | C_SOURCE | C_TAG));
}

/* A particle inside a name (von, de, da); an inner particle (der, la)
 * only after another particle at prev ("von der Leyen", "de la Fuente"). */
static int particle(const lctx *c, size_t i, size_t prev)
{
    if (c->cls[i] & C_PARTICLE)
        return 1;
    return (c->cls[i] & C_INNER) && prev != SIZE_MAX && (c->cls[prev] & C_PARTICLE);
}

static nx_span toks_span(const lctx *c, size_t a, size_t b)
{
    nx_span s = {tk(c, a)->start, tk(c, b - 1)->end};
    return s;
}

/* The speaker phrase starting at token i (before hi): a pronoun; or an
 * optional determiner, up to two lower-case words after it, then
 * capitalized words (particles between them); or a determiner and one or
 * two lower-case words ("el ministro"). Returns its end token, 0 for none. */
static size_t np_after(const lctx *c, size_t i, size_t hi)
{
    if (i >= hi || !is_word(c, i))
        return 0;
    if (c->cls[i] & C_PRON)
        return i + 1;
    size_t j = i, det = 0, nl = 0, ncap = 0, last = 0;
    if (c->cls[j] & C_DET) {
        det = 1;
        j++;
        while (j < hi && nl < 2 && lower_word(c, j)) {
            j++;
            nl++;
        }
    }
    while (j < hi && ncap < QL_NAME_WORDS) {
        if (name_word(c, j)) {
            ncap++;
            last = ++j;
        } else if (ncap && particle(c, j, j > i ? j - 1 : SIZE_MAX) && j + 1 < hi &&
                   (name_word(c, j + 1) ||
                    (particle(c, j + 1, j) && j + 2 < hi && name_word(c, j + 2)))) {
            j++;
        } else {
            break;
        }
    }
    if (ncap)
        return last;
    return det && nl ? i + 2 : 0; /* "el ministro": one word after the determiner */
}

/* The speaker phrase ending just before token i (not before lo), read
 * backwards by the same rules; returns its first token or SIZE_MAX. */
static size_t np_before(const lctx *c, size_t i, size_t lo)
{
    if (i <= lo || !is_word(c, i - 1))
        return SIZE_MAX;
    if (c->cls[i - 1] & C_PRON)
        return i - 1;
    size_t j = i, first = SIZE_MAX, ncap = 0;
    while (j > lo && ncap < QL_NAME_WORDS) {
        if (name_word(c, j - 1)) {
            ncap++;
            first = --j;
        } else if (ncap && j - 1 > lo &&
                   ((particle(c, j - 1, SIZE_MAX) && name_word(c, j - 2)) ||
                    (j - 2 > lo && particle(c, j - 2, SIZE_MAX) && particle(c, j - 1, j - 2) &&
                     name_word(c, j - 3)))) {
            j -= particle(c, j - 1, SIZE_MAX) ? 1 : 2;
        } else {
            break;
        }
    }
    size_t k = j, nl = 0;
    while (k > lo && nl < 2 && lower_word(c, k - 1)) {
        k--;
        nl++;
    }
    size_t start = SIZE_MAX;
    if (k > lo && (c->cls[k - 1] & C_DET) && (ncap || nl == 1))
        start = k - 1;
    else if (ncap)
        start = first;
    /* a phrase after a phrase-ending word is an object or a second subject
     * ("Ein Anwohner aus Grünau sagte", "in sein Urteil schrieb"): no
     * speaker rather than a wrong one */
    if (start != SIZE_MAX && start > lo && (c->cls[start - 1] & C_STOP))
        return SIZE_MAX;
    if (ncap && j > lo && (c->cls[j - 1] & C_STOP))
        return SIZE_MAX;
    return start;
}

static void set_attr(const lctx *c, lattr *a, size_t ca, size_t cb, size_t sa, size_t sb)
{
    a->found = 1;
    a->basis = NX_BASIS_CUE;
    a->cue = toks_span(c, ca, cb);
    if (sb > sa) {
        a->has_speaker = 1;
        a->speaker = toks_span(c, sa, sb);
    }
}

static int punct_is(const lctx *c, size_t i, int32_t cp)
{
    return mark_of(c, i) == cp;
}

/* The cue and speaker after the quotation: ", sagte Merz", ", so Merz",
 * ", el ministro dijo". */
static void attr_after(const lctx *c, size_t u, size_t hi, lattr *a)
{
    if (u < hi && (tk(c, u)->flags & (NX_TOKF_SENT_START | NX_TOKF_PARA_START)))
        return;
    int comma = u < hi && punct_is(c, u, ',');
    if (comma)
        u++;
    unsigned cls = 0;
    size_t k = cue_at(c, u, hi, &cls);
    if (k) {
        size_t e = np_after(c, u + k, hi);
        if (e || (cls & C_VERB))
            set_attr(c, a, u, u + k, u + k, e ? e : u + k);
        return;
    }
    size_t e = comma ? np_after(c, u, hi) : 0;
    if (e && cue_at(c, e, hi, &cls) && (cls & C_VERB)) {
        k = cue_at(c, e, hi, &cls);
        set_attr(c, a, e, e + k, u, e);
    }
}

/* The nearest cue before token ot, not before lo: its speaker after it when
 * the phrase ends at the quotation, ':' or ',' ("Am Montag sagte Merz:"),
 * else before it ("Merz sagte:"). Returns the cue's last token + 1, or 0. */
static size_t attr_before(const lctx *c, size_t lo, size_t ot, lattr *a)
{
    for (size_t i = ot; i > lo;) {
        i--;
        (*c->work)++;
        unsigned cls = 0;
        size_t k = cue_at(c, i, ot, &cls);
        if (!k || !(cls & (C_VERB | C_SOURCE)))
            continue;
        size_t e = np_after(c, i + k, ot);
        /* after a verb only when ':' or ',' ends it ("sagte Merz:"); a phrase
         * running into the quotation is the verb's object ("sprach das
         * Thema „…“") */
        if (e && (cls & C_VERB) && (e >= ot || (!punct_is(c, e, ':') && !punct_is(c, e, ','))))
            e = 0;
        if (e) {
            set_attr(c, a, i, i + k, i + k, e);
        } else {
            size_t s = (cls & C_VERB) ? np_before(c, i, lo) : SIZE_MAX;
            /* "Un médecin de Lyon, Marc Lefèvre, a déclaré": the name between commas */
            if (s == SIZE_MAX && (cls & C_VERB) && i > lo + 1 && punct_is(c, i - 1, ',')) {
                s = np_before(c, i - 1, lo);
                if (s != SIZE_MAX && (s == lo || !punct_is(c, s - 1, ',') || !name_word(c, i - 2)))
                    s = SIZE_MAX;
                if (s != SIZE_MAX) {
                    set_attr(c, a, i, i + k, s, i - 1);
                    return i + k;
                }
            }
            set_attr(c, a, i, i + k, s == SIZE_MAX ? i : s, s == SIZE_MAX ? i : i);
            if (s != SIZE_MAX) {
                a->has_speaker = 1;
                a->speaker = toks_span(c, s, i);
            }
        }
        return i + k;
    }
    return 0;
}

/* ---- quotations ---- */

/* Does mark cp (an opening mark) close with mark m? */
static int closes(int32_t open, int32_t m)
{
    switch (open) {
    case 0x201E: /* „ */
        return m == 0x201C || m == 0x201D;
    case 0x201C: /* “ */
        return m == 0x201D;
    case 0xAB: /* « */
        return m == 0xBB;
    case 0xBB: /* » */
        return m == 0xAB;
    case 0x2039: /* ‹ */
        return m == 0x203A;
    case 0x203A: /* › */
        return m == 0x2039;
    case 0x201A: /* ‚ */
        return m == 0x2018 || m == 0x2019;
    case 0x2018: /* ‘ */
        return m == 0x2019;
    case '"':
        return m == '"';
    default:
        return 0;
    }
}

static int opens(const lctx *c, size_t i, size_t pend, int32_t m)
{
    if (i + 1 >= pend)
        return 0;
    int tight = tk(c, i + 1)->start == tk(c, i)->end; /* no space after the mark */
    switch (m) {
    case 0x201E:
    case 0x201C:
    case 0xAB:
    case 0x2039:
    case '"':
        return 1;
    case 0xBB:   /* »…« (German): the text follows the mark */
    case 0x203A: /* ›…‹ */
    case 0x201A:
    case 0x2018:
        return tight && (i == 0 || tk(c, i - 1)->end < tk(c, i)->start ||
                         tk(c, i - 1)->kind == NX_TOK_PUNCT);
    default:
        return 0;
    }
}

static nx_err push_span(lspan **arr, size_t *n, size_t *cap, lspan s)
{
    if (nx_grow((void **)arr, cap, *n + 1, sizeof(lspan)))
        return NX_ERR_NOMEM;
    (*arr)[(*n)++] = s;
    return NX_OK;
}

/* The quotation of a paragraph opened by a dash at token t (paragraph ends
 * before pend): up to an incise with a cue ("— Nous …, a déclaré X." or
 * "—No … —dijo la ministra—."), else the whole paragraph when the previous
 * sentence ends with ':' and names a cue. Returns 0 when it is no quotation. */
static int dash_quote(const lctx *c, size_t t, size_t pend, lspan *q, lspan *cont, lattr *a)
{
    memset(a, 0, sizeof(*a));
    memset(cont, 0, sizeof(*cont));
    for (size_t u = t + 1; u + 1 < pend; u++) {
        (*c->work)++;
        int32_t m = mark_of(c, u);
        if (!((m == ',' || is_dash_cp(m)) && u > t + 1))
            continue;
        unsigned cls = 0;
        size_t k = cue_at(c, u + 1, pend, &cls);
        if (!k || !(cls & C_VERB))
            continue;
        attr_after(c, m == ',' ? u : u + 1, pend, a);
        if (!a->found || (m == ',' && !a->has_speaker)) {
            memset(a, 0, sizeof(*a));
            continue;
        }
        q->start = tk(c, t)->start;
        q->end = tk(c, u - 1)->end;
        q->ot = (uint32_t)t;
        q->after = (uint32_t)u;
        /* "—No … —aseguró Romero—. Las ayudas …": the words after the
         * closing dash of the incise go on with the quotation */
        uint32_t from = a->has_speaker ? a->speaker.end : a->cue.end;
        for (size_t v = u + 1; is_dash_cp(m) && v < pend && v < u + 16; v++) {
            if (tk(c, v)->start < from || !is_dash_cp(mark_of(c, v)))
                continue;
            size_t w = v + 1;
            while (w < pend && tk(c, w)->kind == NX_TOK_PUNCT && !is_dash_cp(mark_of(c, w)))
                w++;
            if (w < pend && tk(c, w)->kind != NX_TOK_PUNCT) {
                cont->start = tk(c, w)->start;
                cont->end = tk(c, pend - 1)->end;
                cont->ot = (uint32_t)(w - 1);
                cont->after = (uint32_t)pend;
                cont->dash = 1;
            }
            break;
        }
        return 1;
    }
    /* "Le ministre a déclaré :" then the dash paragraph */
    if (t == 0 || !punct_is(c, t - 1, ':'))
        return 0;
    size_t lo = t - 1;
    while (lo > 0 && !(tk(c, lo)->flags & (NX_TOKF_SENT_START | NX_TOKF_PARA_START)) &&
           t - lo < QL_BACK_TOKENS)
        lo--;
    if (!attr_before(c, lo, t - 1, a) || !a->has_speaker) {
        memset(a, 0, sizeof(*a));
        return 0;
    }
    q->start = tk(c, t)->start;
    q->end = tk(c, pend - 1)->end;
    q->ot = (uint32_t)t;
    q->after = (uint32_t)pend;
    return 1;
}

/* The quotations of the doc in start order (marks and dash paragraphs). */
static nx_err find_spans(const lctx *c, lspan **out, size_t *n_out, lattr **dattr)
{
    const nx_doc *doc = c->doc;
    size_t n = 0, cap = 0, nt = doc->n_toks;
    lspan *arr = NULL;
    size_t stack[QL_DEPTH], depth = 0;
    int32_t smark[QL_DEPTH];
    size_t dash_idx = SIZE_MAX; /* the current paragraph's dash quotation */
    *dattr = NULL;
    size_t dcap = 0, dn = 0;
    lattr *dl = NULL;
    for (size_t i = 0; i < nt; i++) {
        const nx_token *t = tk(c, i);
        int32_t m = mark_of(c, i);
        size_t pend = c->para_end[i];
        if (t->flags & NX_TOKF_PARA_START || i == 0) {
            dash_idx = SIZE_MAX;
            if (depth == 1 && m == smark[0]) {
                continue; /* the quotation goes on in this paragraph */
            }
            depth = 0;
            lspan q = {0}, cont;
            lattr a;
            if (is_dash_cp(m) && dash_quote(c, i, pend, &q, &cont, &a)) {
                q.dash = 1;
                if (push_span(&arr, &n, &cap, q) ||
                    nx_grow((void **)&dl, &dcap, dn + 2, sizeof(lattr)))
                    goto nomem;
                dl[dn++] = a;
                dash_idx = n - 1;
                if (cont.end) {
                    if (push_span(&arr, &n, &cap, cont))
                        goto nomem;
                    dl[dn++] = a;
                }
                continue;
            }
        }
        if (!m)
            continue;
        if (depth && closes(smark[depth - 1], m)) {
            lspan *q = &arr[stack[--depth]];
            q->end = t->end;
            q->after = (uint32_t)(i + 1);
            for (size_t d = dash_idx; !depth && d != SIZE_MAX && d < n && arr[d].dash; d++)
                if (q->start >= arr[d].start && q->end <= arr[d].end)
                    q->nested = 1; /* inside the dash quotation or its continuation */
        } else if (depth < QL_DEPTH && opens(c, i, pend, m)) {
            lspan q = {0};
            q.start = t->start;
            q.ot = (uint32_t)i;
            q.nested = depth > 0;
            if (push_span(&arr, &n, &cap, q))
                goto nomem;
            stack[depth] = n - 1;
            smark[depth++] = m;
        }
    }
    /* drop what was never closed; dash quotations carry their attribution */
    size_t w = 0, d = 0;
    lattr *attrs = n ? nx_calloc(n, sizeof(lattr)) : NULL;
    if (n && !attrs)
        goto nomem;
    for (size_t k = 0; k < n; k++) {
        if (!arr[k].end)
            continue;
        if (arr[k].dash)
            attrs[w] = dl[d++];
        arr[w++] = arr[k];
    }
    nx_free(dl);
    *out = arr;
    *n_out = w;
    *dattr = attrs;
    return NX_OK;
nomem:
    nx_free(arr);
    nx_free(dl);
    return NX_ERR_NOMEM;
}

/* ---- the stage ---- */

static int final_punct(int32_t m)
{
    return m == '.' || m == '!' || m == '?' || m == 0x2026 || m == ',' || m == ';';
}

/* Does the quotation open its sentence or follow ':' ',' a dash or its cue? */
static int introduced(const lctx *c, const lspan *q, size_t cue_end)
{
    size_t ot = q->ot;
    if (ot == 0 || (tk(c, ot)->flags & (NX_TOKF_SENT_START | NX_TOKF_PARA_START)))
        return 1;
    int32_t m = mark_of(c, ot - 1);
    return m == ':' || m == ',' || m == '-' || is_dash_cp(m) || m == '.' || m == '!' || m == '?' ||
           (cue_end && cue_end == ot);
}

static int starts_upper(const lctx *c, const lspan *q)
{
    size_t i = q->ot + 1;
    if (i >= c->doc->n_toks || tk(c, i)->start >= q->end)
        return 0;
    return tk(c, i)->kind == NX_TOK_NUM ||
           (tk(c, i)->kind == NX_TOK_WORD && (tk(c, i)->flags & NX_TOKF_CAP));
}

static int complete(const lctx *c, const lspan *q)
{
    size_t last = q->after - 1; /* the closing mark */
    if (last > q->ot + 1 && final_punct(mark_of(c, last - 1)))
        return 1;
    return q->after >= c->para_end[q->ot] || tk(c, q->after)->kind == NX_TOK_PUNCT;
}

static size_t words_in(const lctx *c, const lspan *q)
{
    size_t n = 0;
    for (size_t i = q->ot + 1; i + 1 < q->after && n < 4; i++)
        n += tk(c, i)->kind == NX_TOK_WORD || tk(c, i)->kind == NX_TOK_NUM;
    return n;
}

static nx_err add(nx_doc *doc, const lspan *q, int kind, const lattr *a)
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
        o->has_cue = 1;
        o->cue = a->cue;
        o->has_speaker = (uint8_t)a->has_speaker;
        o->speaker = a->speaker;
        o->basis = (uint8_t)a->basis;
    }
    return NX_OK;
}

nx_err nx_qlang_run(nx_doc *doc, const nx_qlang *ql, char *errstr, size_t errstr_size)
{
    doc->n_quotes = 0;
    doc->n_sources = 0;
    size_t nt = doc->n_toks;
    if (!doc->text || !nt)
        return NX_OK;
    uint64_t work = 0;
    lctx c = {doc, NULL, NULL, NULL, &work};
    for (size_t i = 0; ql && i < ql->n; i++)
        if (!strcmp(ql->langs[i].code, doc->lang_code))
            c.lang = &ql->langs[i];
    c.cls = nx_malloc(nt);
    c.para_end = nx_malloc(nt * sizeof(uint32_t));
    lspan *qs = NULL;
    lattr *attrs = NULL;
    size_t nq = 0;
    nx_err e = NX_ERR_NOMEM;
    if (!c.cls || !c.para_end)
        goto out;
    nx_spend(doc->budget, nt);
    for (size_t i = 0, pe = nt; i < nt; i++) {
        size_t j = nt - 1 - i;
        c.para_end[j] = (uint32_t)pe;
        if (tk(&c, j)->flags & NX_TOKF_PARA_START)
            pe = j;
        const nx_token *t = tk(&c, i);
        c.cls[i] = t->kind == NX_TOK_WORD
                       ? (uint8_t)lookup(&c, doc->text + t->start, t->end - t->start)
                       : 0;
    }
    if (find_spans(&c, &qs, &nq, &attrs))
        goto out;
    nx_spend(doc->budget, work + nq);
    work = 0;
    /* per top-level quotation: the next top-level one bounds the search after it */
    size_t prev = SIZE_MAX; /* previous top-level quotation */
    for (size_t k = 0; k < nq; k++) {
        lspan *q = &qs[k];
        lattr *a = &attrs[k];
        if (q->nested) {
            if (add(doc, q, NX_QUOTE_SCARE, NULL))
                goto out;
            continue;
        }
        size_t pe = c.para_end[q->ot], hi = pe;
        for (size_t n = k + 1; n < nq; n++, work++)
            if (!qs[n].nested) {
                if (qs[n].ot < hi)
                    hi = qs[n].ot;
                break;
            }
        int same_para = prev != SIZE_MAX && c.para_end[qs[prev].ot] == pe;
        size_t cue_end = 0;
        if (!q->dash) {
            /* "„… Ende.“ Selon …": a new sentence, not a tag */
            size_t last = q->after - 1;
            int ended = last > q->ot + 1 && final_punct(mark_of(&c, last - 1)) &&
                        mark_of(&c, last - 1) != ',' && mark_of(&c, last - 1) != ';';
            if (!(ended && q->after < hi && is_word(&c, q->after) &&
                  (tk(&c, q->after)->flags & NX_TOKF_CAP)))
                attr_after(&c, q->after, hi, a);
            if (!a->found) {
                size_t bound = same_para ? qs[prev].after : 0, lo = q->ot;
                while (lo > bound &&
                       !(tk(&c, lo)->flags & (NX_TOKF_SENT_START | NX_TOKF_PARA_START)) &&
                       q->ot - lo < QL_BACK_TOKENS)
                    lo--;
                cue_end = attr_before(&c, lo, q->ot, a);
            }
        }
        int upper = starts_upper(&c, q);
        int intro = introduced(&c, q, cue_end);
        /* a quotation that opens its sentence after an attributed one of the
         * paragraph goes on with its speaker */
        /* (not when a comma and a lower-case word follow it: a cue outside
         * the data, "„…“, pediu aos iraquianos") */
        int tagged = q->after + 1 < pe && punct_is(&c, q->after, ',') &&
                     is_word(&c, q->after + 1) && !(tk(&c, q->after + 1)->flags & NX_TOKF_CAP);
        if (!a->found && !tagged && same_para && attrs[prev].has_speaker && upper &&
            (tk(&c, q->ot)->flags & NX_TOKF_SENT_START)) {
            *a = attrs[prev];
            a->basis = NX_BASIS_INHERITED;
        }
        int kind;
        if (q->dash || (upper && intro && complete(&c, q)))
            kind = NX_QUOTE_DIRECT;
        else if (!a->found && words_in(&c, q) <= 3)
            kind = NX_QUOTE_SCARE;
        else
            kind = NX_QUOTE_PARTIAL;
        if (add(doc, q, kind, kind == NX_QUOTE_SCARE ? NULL : a))
            goto out;
        prev = k;
    }
    nx_spend(doc->budget, work);
    e = NX_OK;
out:
    nx_free(c.cls);
    nx_free(c.para_end);
    nx_free(qs);
    nx_free(attrs);
    if (e)
        return nx_seterr(errstr, errstr_size, e, "out of memory finding quotations");
    return NX_OK;
}
