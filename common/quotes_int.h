/*
 * quotes_int.h - what the files of the English quote stage share: word
 * classes, the per-document context, token helpers and the functions one
 * file calls in another (docs/quotes.md). Internal to the quote stage.
 *
 *   quotes_words.c    the word classes (quote-words.tsv), noun phrases and cues;
 *   quotes_attrib.c   the speaker and cue of a quotation (rules 1-8);
 *   quotes_resolve.c  a speaker's entity, and the cited sources;
 *   quotes_indirect.c reported speech without quotation marks (indirect);
 *   quotes.c          kinds and the stage itself.
 */
#ifndef NEWSX_QUOTES_INT_H
#define NEWSX_QUOTES_INT_H

#include <stdint.h>
#include <string.h>

#include "quote_marks.h"
#include "quotes_lang.h"
#include "stage.h"
#include "u64map.h"

/* Word classes (a word may have several): the lexicon's classes, named in
 * config/lang/en/quote-words.tsv (nxq_init()). */
enum {
    W_SPEECH = 1 << 0,    /* speech verb: said, told, added, ... */
    W_REPORT = 1 << 1,    /* reporting verb: reported, reports */
    W_ING = 1 << 2,       /* participle cue: calling, saying, ... */
    W_READ = 1 << 3,      /* "read" (a cue after a statement-like noun) */
    W_AUX = 1 << 4,       /* skipped between subject and verb: has, also, ... */
    W_DET = 1 << 5,       /* determiner: the, a, its, ... */
    W_PRON = 1 << 6,      /* personal pronoun that can be a speaker */
    W_STOP = 1 << 7,      /* ends a noun phrase: in, of, and, that, ... */
    W_STMT = 1 << 8,      /* statement-like noun: statement, letter, ... */
    W_ORGH = 1 << 9,      /* organisation head noun: ministry, department, ... */
    W_ROLE = 1 << 10,     /* spokesperson-like noun: speaks for an organisation */
    W_PERH = 1 << 11,     /* person head noun: president, minister, ... */
    W_OUTLET = 1 << 12,   /* word of a news outlet's name: Reuters, News, ... */
    W_MEDIUM = 1 << 13,   /* statement/interview noun before "at/to/with OUTLET" */
    W_MALE = 1 << 14,     /* he/him/his */
    W_FEM = 1 << 15,      /* she/her */
    W_INVERT = 1 << 16,   /* speech verb that may come before its subject: "said Putin" */
    W_WORK = 1 << 17,     /* noun of a work whose title is quoted: book, film, ... */
    W_TIME = 1 << 18,     /* time word, never a speaker nor a speaker's head: monday, years */
    W_NOTSPK = 1 << 19,   /* never a one-word speaker: washington, former, later */
    W_PREP = 1 << 20,     /* opens a phrase between a cue and "that": in, on, last */
    W_FINITE = 1 << 21,   /* a finite be/have, no clause opens with it: was, has */
    W_NOCLAUSE = 1 << 22, /* opens a phrase, not a clause: by, of, from, with */
    W_BE = 1 << 23,       /* a form of "be": is, was, been, being */
    W_VPART = 1 << 24,    /* a particle that makes another verb: out, off, up, down */
    W_RELPREP = 1 << 25,  /* after a reduced relative clause's participle: to, for, as */
    W_POSS = 1 << 26,     /* a possessive determiner: his, her, its, their */
    W_COMPL = 1 << 27,    /* opens a noun cue's complement: of, about, against */
    W_OUTLETN = 1 << 28,  /* a noun naming a news outlet: agency, newspaper, daily */
    W_MEDPREP = 1 << 29,  /* between a medium noun and its outlet: at, to, with */
    W_NEUTER = 1 << 30    /* a pronoun resolved to an organisation: it, they, its, their */
};

#define LEX_LEN 32 /* bytes per lexicon word, with its NUL */
typedef struct lex_entry {
    char w[LEX_LEN]; /* lower case */
    uint8_t n;       /* strlen(w) */
    uint32_t cls;    /* W_* */
} lex_entry;

/* The other classes of config_dir/lang/en/quote-words.tsv: short lists the
 * rules test a token against (tok_in()). */
enum {
    QW_PARTICLE = 0, /* after a verb outside the lists: "screamed back" */
    QW_RELATIVE,     /* after a name and a comma: "Beck, who said" */
    QW_CONNECTOR,    /* between the capitals of a name: "Bank of England" */
    QW_COORD,        /* before a coordinated cue: "... and said" */
    QW_SUBJECT,      /* a pronoun that opens a sentence as a guessed speaker: he, she */
    QW_PERFECT,      /* before "learned" as a reporting verb: "CNN has learned" */
    QW_WORK_VERB,    /* a work noun that is also a verb: show, play */
    QW_CLASSES
};
#define QW_MAX 16 /* words per class */
#define QW_LEN 16 /* bytes per word, with its NUL */

/* The lexicon: sorted entries, one per word, and an open-addressing hash
 * of them, sized from the file (nxq_init()). */
typedef struct qstate {
    lex_entry *lex;
    size_t n;
    int32_t *slot;         /* index into lex, -1 when empty */
    size_t slot_mask;      /* number of slots - 1: a power of two, more than twice n */
    nx_qlang *other;       /* the other languages' speech data (quotes_lang.c) */
    struct nxq_cues *cues; /* English cues of indirect attributions (quotes_indirect.c) */
    char qw[QW_CLASSES][QW_MAX][QW_LEN]; /* quote-words.tsv by class, lower case */
    uint8_t qw_len[QW_CLASSES][QW_MAX];
    size_t n_qw[QW_CLASSES];
} qstate;

typedef struct qctx {
    nx_doc *doc;
    const qstate *st;
    uint32_t *cls;      /* word classes per token (W_*) */
    uint8_t *inq;       /* 1: the token is inside a top-level quotation (marks included) */
    uint32_t *tsent;    /* sentence index per token */
    uint8_t *is_source; /* per entity: cited as a source */
    nx_qspan *qs;
    size_t nq;
    /* per sentence, computed once (docs/quotes.md, "Complexity") */
    uint8_t *sq;       /* 1: the sentence has a token inside a top-level quotation */
    int8_t *head;      /* headline(): -1 not yet known, else 0 or 1 */
    uint8_t *as_known; /* nxq_attrib_sentence() of the sentence is in as_val */
    struct attrib *as_val;
    uint8_t *wk_known; /* nxq_walk_back() from the sentence is in wk_val */
    struct attrib *wk_val;
    uint8_t *sf_known;     /* the sentence's guess candidates are in sf_val */
    struct sguess *sf_val; /* per sentence, for nxq_guess_speaker() */
    struct qlazy *lz;      /* tables of full_name() and antecedent() */
} qctx;

/* Per-document tables built on first use (the context is const elsewhere). */
typedef struct qlazy {
    /* full_name(): a word of a longer entity name -> the first such entity */
    nx_u64map fn;
    int fn_built;
    /* antecedent(): chains, one per (type, wanted word, speaking) asked for */
    struct qchain *chains;
    size_t n_chains;
    /* add_source(): the (start, end) of the sources listed, a hash set */
    uint64_t *src_keys;
    size_t src_cap, src_n;
} qlazy;

/* For each mention index m (0..n_mentions), the nearest mention before m
 * that antecedent() would take for one (type, word, speaking), or UINT32_MAX. */
typedef struct qchain {
    int type, speaking;
    const char *word; /* in doc->text, or NULL */
    size_t word_n;
    uint32_t *prev;
} qchain;

/* At most this many chains per document: the wanted words are organisation
 * head words of the lexicon (W_ORGH), so a document asks for few; past it
 * antecedent() walks the mentions, each one a step of the budget. */
#define MAX_CHAINS 64

typedef struct tspan {
    size_t a, b; /* token range [a, b); a == b: none */
} tspan;

enum { CUE_NONE = 0, CUE_SPEECH, CUE_REPORT, CUE_ACCORDING, CUE_READ };

typedef struct attrib {
    int found;
    int no_cue; /* the speaker is known, the cue is not */
    int kind;   /* CUE_* */
    int basis;  /* nx_speaker_basis */
    nx_span cue;
    int has_speaker;
    nx_span speaker;
} attrib;

/* The candidates of nxq_guess_speaker() in a sentence, SIZE_MAX for none:
 * its first person and first organisation mention (mention indexes) and a
 * "he" or "she" before any such mention (a token index). */
typedef struct sguess {
    size_t per, org, pron;
} sguess;

/* A quotation already attributed, for antecedents. */
typedef struct spk {
    uint32_t pos;
    int32_t entity;
} spk;

/* ---- token helpers ---- */

static inline const nx_token *tk(const qctx *c, size_t i)
{
    return &c->doc->toks[i];
}

static inline size_t tlen(const qctx *c, size_t i)
{
    return tk(c, i)->end - tk(c, i)->start;
}

/* Token i is s[0, n), ASCII letters of the text folded to lower case. */
static inline int tok_eq_n(const qctx *c, size_t i, const char *s, size_t n)
{
    if (tlen(c, i) != n)
        return 0;
    const char *p = c->doc->text + tk(c, i)->start;
    for (size_t k = 0; k < n; k++) {
        char a = p[k];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != s[k])
            return 0;
    }
    return 1;
}

static inline int tok_eq(const qctx *c, size_t i, const char *s)
{
    return tok_eq_n(c, i, s, strlen(s));
}

/* Token i is a word of class cls of quote-words.tsv (QW_*). */
static inline int tok_in(const qctx *c, size_t i, int cls)
{
    size_t n = tlen(c, i);
    for (size_t k = 0; k < c->st->n_qw[cls]; k++)
        if (c->st->qw_len[cls][k] == n && tok_eq_n(c, i, c->st->qw[cls][k], n))
            return 1;
    return 0;
}

/* A possessive token ("’s" or "'s"). */
static inline int is_poss(const qctx *c, size_t i)
{
    return tok_eq(c, i, "’s") || tok_eq(c, i, "'s");
}

static inline int is_word(const qctx *c, size_t i)
{
    return tk(c, i)->kind == NX_TOK_WORD;
}

static inline int is_cap(const qctx *c, size_t i)
{
    return tk(c, i)->kind == NX_TOK_WORD && (tk(c, i)->flags & NX_TOKF_CAP);
}

/* Lower-case adverb in -ly (skipped like an auxiliary). */
static inline int is_ly(const qctx *c, size_t i)
{
    const nx_token *t = tk(c, i);
    size_t n = t->end - t->start;
    const char *p = c->doc->text + t->start;
    return t->kind == NX_TOK_WORD && !(t->flags & NX_TOKF_CAP) && n > 4 && p[n - 2] == 'l' &&
           p[n - 1] == 'y';
}

static inline int is_skip(const qctx *c, size_t i)
{
    return !c->inq[i] && ((c->cls[i] & W_AUX) || is_ly(c, i));
}

/* First token whose start is >= off. */
static inline size_t tok_at(const qctx *c, uint32_t off)
{
    size_t lo = 0, hi = c->doc->n_toks;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->doc->toks[mid].start < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- quotes_words.c ---- */

/* The stage's state: the words of config_dir/lang/en/quote-words.tsv (the
 * file is required: NX_ERR_CONFIG naming it when absent or malformed), the
 * other languages' speech data and the indirect cues; freed by nxq_free,
 * which takes NULL. */
nx_err nxq_init(const nx_core_opts *opts, void **state, char *errstr, size_t errstr_size);
void nxq_free(void *state);
int nxq_cue_at(const qctx *c, size_t i, size_t hi, size_t *cend);
tspan nxq_np_after(const qctx *c, size_t i, size_t hi);
tspan nxq_np_before(const qctx *c, size_t cue, size_t lo);
/* The noun phrase that ends at token i (not before lo). */
tspan nxq_np_ending_at(const qctx *c, size_t i, size_t lo);
/* Token i is a word in -ed or -ing (not -eed): a verb form, not a head noun. */
int nxq_verb_form(const qctx *c, size_t i);
void nxq_set_attrib(const qctx *c, attrib *a, int kind, size_t ca, size_t cb, tspan sp);
nx_span nxq_tspan_bytes(const qctx *c, tspan t);
/* The W_* classes of the word p[0, n) (ASCII letters folded), 0 for none. */
uint32_t nxq_word_class(const qstate *st, const char *p, size_t n);

/* ---- quotes_attrib.c ---- */

/* The noun phrase that opens the clause [lo, hi) when a verb follows it. */
tspan nxq_clause_subject(const qctx *c, size_t lo, size_t hi);
/* The clause's subject for a participle cue at token i in [lo, ...) that has
 * no comma and no subject of its own before it ("tweets early Friday
 * saying", "into the polls saying"); empty when none or not a participle. */
tspan nxq_participle_subject(const qctx *c, size_t lo, size_t i);
void nxq_attrib_colon_name(const qctx *c, size_t s, size_t open, attrib *a);
void nxq_attrib_headline(const qctx *c, size_t s, size_t open, attrib *a);
void nxq_attrib_title_colon(const qctx *c, size_t s, size_t open, attrib *a);
void nxq_attrib_own(const qctx *c, size_t qi, attrib *a, size_t *open_tok);
void nxq_attrib_sentence(const qctx *c, size_t s, attrib *a);
void nxq_attrib_subject(const qctx *c, size_t s, size_t hi, attrib *a);
size_t nxq_sent_end_tok(const qctx *c, size_t s);
int nxq_sent_ends_colon(const qctx *c, size_t s);
size_t nxq_sent_first_tok(const qctx *c, size_t s);
int nxq_sent_has_quote(const qctx *c, size_t s);
void nxq_walk_back(const qctx *c, size_t s_open, attrib *a);

/* ---- quotes_resolve.c ---- */

nx_err nxq_find_sources(qctx *c);
size_t nxq_mention_at_or_after(const nx_doc *doc, uint32_t off);
/* The entity of a speaker span, -1 for none; *how: nx_speaker_res. */
int32_t nxq_resolve(const qctx *c, nx_span sp, const spk *spks, size_t nspk, uint8_t *how);
/* A speaker for a quotation of sentence s, at byte pos, that the rules
 * leave without one (docs/quotes.md, section 4): "he" or "she" opening the
 * sentence before the quotation, else the first person of its sentence,
 * else its first organisation, else the nearest person before it, else the
 * nearest organisation. 0 when there is none; else *sp, *ent and *how are
 * set. */
int nxq_guess_speaker(const qctx *c, size_t s, uint32_t pos, const spk *spks, size_t nspk,
                      nx_span *sp, int32_t *ent, uint8_t *how);

/* ---- quotes_indirect.c ---- */

/* The cues of config_dir/lang/en/report-cues.tsv into *out (NULL, and no
 * indirect attributions, when the file is absent); freed by nxq_cues_free. */
nx_err nxq_cues_load(const char *config_dir, struct nxq_cues **out, char *errstr,
                     size_t errstr_size);
void nxq_cues_free(struct nxq_cues *cues);
/* Adds the document's indirect attributions to doc->quotes (unsorted);
 * spks[0, nspk): the speakers of the quotations, in text order. */
nx_err nxq_indirect(qctx *c, const spk *spks, size_t nspk);

/* ---- quotes.c ---- */

/* Sentence s is a headline: at least three words outside quotations, all
 * capitalized but function words (computed once per sentence). */
int nxq_headline(const qctx *c, size_t s);

int nxq_ends_with_full_stop(const nx_doc *doc, const nx_qspan *q);
int nxq_starts_upper(const nx_doc *doc, const nx_qspan *q);

#endif
