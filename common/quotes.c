/*
 * quotes.c - the quote stage: quotations with their kind, speaker, cue and
 * the speaker's entity, and the outlets the article cites as sources.
 *
 * Quotations come from quote_marks.c; this file attributes them. Every rule
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
#include "quote_marks.h"
#include "quotes_lang.h"
#include "stage.h"
#include "u64map.h"

/* Word classes (a word may have several). */
enum {
    W_SPEECH = 1 << 0,  /* speech verb: said, told, added, ... */
    W_REPORT = 1 << 1,  /* reporting verb: reported, reports */
    W_ING = 1 << 2,     /* participle cue: calling, saying, ... */
    W_READ = 1 << 3,    /* "read" (a cue after a statement-like noun) */
    W_AUX = 1 << 4,     /* skipped between subject and verb: has, also, ... */
    W_DET = 1 << 5,     /* determiner: the, a, its, ... */
    W_PRON = 1 << 6,    /* personal pronoun that can be a speaker */
    W_STOP = 1 << 7,    /* ends a noun phrase: in, of, and, that, ... */
    W_STMT = 1 << 8,    /* statement-like noun: statement, letter, ... */
    W_ORGH = 1 << 9,    /* organisation head noun: ministry, department, ... */
    W_ROLE = 1 << 10,   /* spokesperson-like noun: speaks for an organisation */
    W_PERH = 1 << 11,   /* person head noun: president, minister, ... */
    W_OUTLET = 1 << 12, /* word of a news outlet's name: Reuters, News, ... */
    W_MEDIUM = 1 << 13, /* statement/interview noun before "at/to/with OUTLET" */
    W_MALE = 1 << 14,   /* he/him/his */
    W_FEM = 1 << 15     /* she/her */
};

typedef struct lex_entry {
    const char *w;
    uint16_t cls;
} lex_entry;

static const char *const speech_words[] = {
    "said",        "says",         "say",          "saying",      "told",          "tells",
    "tell",        "telling",      "added",        "adds",        "adding",        "wrote",
    "writes",      "writing",      "write",        "stated",      "states",        "declared",
    "declares",    "declaring",    "announced",    "announces",   "explained",     "explains",
    "explaining",  "noted",        "notes",        "noting",      "insisted",      "insists",
    "insisting",   "argued",       "argues",       "arguing",     "claimed",       "claims",
    "claiming",    "asked",        "asks",         "asking",      "answered",      "replied",
    "replies",     "responded",    "responds",     "continued",   "continues",     "recalled",
    "recalls",     "recalling",    "warned",       "warns",       "warning",       "stressed",
    "stresses",    "stressing",    "emphasized",   "emphasised",  "emphasizes",    "emphasising",
    "emphasizing", "acknowledged", "acknowledges", "admitted",    "admits",        "denied",
    "denies",      "denying",      "tweeted",      "tweets",      "tweeting",      "posted",
    "suggested",   "suggests",     "predicted",    "concluded",   "observed",      "remarked",
    "commented",   "complained",   "complains",    "called",      "calls",         "calling",
    "described",   "describes",    "describing",   "quipped",     "joked",         "shouted",
    "yelled",      "urged",        "urges",        "urging",      "promised",      "promises",
    "vowed",       "vows",         "pledged",      "asserted",    "asserts",       "contended",
    "maintained",  "maintains",    "agreed",       "confirmed",   "confirms",      "testified",
    "recounted",   "boasted",      "lamented",     "mused",       "conceded",      "countered",
    "charged",     "accused",      "accusing",     "blasted",     "slammed",       "praised",
    "thundered",   "whispered",    "cried",        "exclaimed",   "reiterated",    "wondered",
    "demanded",    "proclaimed",   "labeled",      "labelled",    "dubbed",        "termed",
    "branded",     "echoed",       "texted",       "emailed",     "responded",     "retorted",
    "snapped",     "explained",    "speculated",   "estimated",   "cautioned",     "advised",
    "promised",    "assured",      "indicated",    "hinted",      "predicted",     "repeated",
    "put",         "thought",      "believes",     "believed",    "wanted",        "worried",
    "anticipated", "chanted",      "barked",       "echoing",     "endorsing",     "reveals",
    "revealed",    "derided",      "insulted",     "interrupted", "mouthing",      "referred",
    "referring",   "boasted",      "inviting",     "chanting",    "shouting",      "touted",
    "touting",     "argue",        "insist",       "claim",       "deny",          "warn",
    "wrote",       "pointed",      "vowing",       "pledging",    "predicting",    "joking",
    "quipping",    "explain",      "mocked",       "mocking",     "criticized",    "criticised",
    "attacked",    "praising",     "lauded",       "hailed",      "decried",       "according",
    "agrees",      "agree",        "sighed",       "laughed",     "beamed",        "scolded",
    "griped",      "fumed",        "grumbled",     "muttered",    "pleaded",       "protested",
    "objected",    "interjected",  "sang",         "sings",       "observes",      "concedes",
    "recounts",    "asserting",    "contending",   "conceding",   "questioned",    "wonders",
    "reiterating", "remarked",     "remarks",      "counters",    "replying",      "responding",
    "answering",   "continuing",   "announcing",   "confirming",  "acknowledging", "likened",
    "likening",    "likens"};
static const char *const ing_words[] = {
    "saying",     "telling",     "adding",      "declaring", "explaining", "noting",
    "insisting",  "arguing",     "claiming",    "asking",    "recalling",  "warning",
    "stressing",  "emphasising", "emphasizing", "denying",   "tweeting",   "calling",
    "describing", "urging",      "accusing",    "writing"};
static const char *const report_words[] = {"reported", "reports", "reporting", "learned"};
static const char *const read_words[] = {"read", "reads", "reading"};
static const char *const aux_words[] = {
    "has",   "had",    "have", "was",          "is",         "were",    "are",
    "also",  "later",  "then", "again",        "once",       "would",   "will",
    "could", "did",    "does", "do",           "even",       "further", "earlier",
    "first", "had",    "just", "recently",     "never",      "often",   "still",
    "since", "simply", "once", "’d",           "'d",         "’s",      "'s",
    "not",   "n't",    "n’t",  "subsequently", "ultimately", "finally"};
static const char *const det_words[] = {"the",   "a",    "an",    "its",     "his",  "her",
                                        "their", "this", "these", "those",   "our",  "another",
                                        "one",   "two",  "some",  "several", "many", "that"};
static const char *const pron_words[] = {"he", "she", "they", "it", "we", "i", "you"};
static const char *const stop_words[] = {
    "in",        "on",      "at",        "of",         "for",     "to",       "from",   "with",
    "by",        "and",     "or",        "but",        "that",    "which",    "who",    "whom",
    "as",        "than",    "if",        "when",       "while",   "because",  "after",  "before",
    "since",     "is",      "are",       "was",        "were",    "be",       "been",   "not",
    "meanwhile", "however", "also",      "still",      "yet",     "now",      "then",   "later",
    "earlier",   "today",   "yesterday", "separately", "instead", "so",       "though", "although",
    "where",     "what",    "how",       "why",        "about",   "into",     "over",   "under",
    "said",      "says",    "told",      "during",     "against", "between",  "like",   "via",
    "there",     "here",    "this",      "thus",       "indeed",  "moreover", "nor",    "either",
    "whether"};
static const char *const stmt_words[] = {
    "statement", "statements", "release",      "letter",    "message",  "post",    "tweet",
    "note",      "communique", "communiqué",   "document",  "report",   "email",   "memo",
    "notice",    "text",       "sign",         "banner",    "headline", "filing",  "complaint",
    "ruling",    "order",      "announcement", "editorial", "article",  "website", "ad"};
static const char *const orgh_words[] = {
    "ministry",     "department",   "government", "company", "agency",      "office",
    "campaign",     "committee",    "embassy",    "council", "party",       "administration",
    "organisation", "organization", "group",      "bank",    "court",       "commission",
    "firm",         "institute",    "university", "union",   "authority",   "authorities",
    "police",       "military",     "army",       "kremlin", "foundation",  "board",
    "team",         "network",      "newspaper",  "paper",   "corporation", "club",
    "league",       "federation",   "service",    "bureau",  "house",       "senate",
    "congress",     "parliament",   "cabinet",    "state",   "country",     "city",
    "association",  "alliance",     "coalition",  "council", "center",      "centre"};
static const char *const role_words[] = {
    "spokesperson", "spokesman", "spokeswoman", "spokespeople", "representative",
    "official",     "officials", "source",      "sources",      "aide",
    "aides",        "staff",     "staffer",     "press",        "secretary"};
static const char *const perh_words[] = {
    "president",     "minister",    "senator",       "leader",    "candidate",   "governor",
    "mayor",         "chairman",    "chairwoman",    "ceo",       "chief",       "director",
    "premier",       "chancellor",  "king",          "queen",     "prince",      "general",
    "lawmaker",      "congressman", "congresswoman", "nominee",   "man",         "woman",
    "father",        "mother",      "actor",         "actress",   "author",      "professor",
    "judge",         "ambassador",  "diplomat",      "coach",     "manager",     "founder",
    "analyst",       "expert",      "economist",     "lawyer",    "attorney",    "doctor",
    "officer",       "commander",   "envoy",         "sheriff",   "emperor",     "pope",
    "speaker",       "boss",        "owner",         "executive", "billionaire", "businessman",
    "businesswoman", "democrat",    "republican"};
static const char *const outlet_words[] = {
    "reuters",    "bloomberg",   "afp",      "ap",         "xinhua",    "tass",      "ria",
    "interfax",   "bbc",         "cnn",      "nbc",        "cbs",       "abc",       "msnbc",
    "npr",        "politico",    "axios",    "breitbart",  "news",      "times",     "post",
    "journal",    "press",       "agency",   "tribune",    "herald",    "gazette",   "telegraph",
    "guardian",   "daily",       "magazine", "television", "tv",        "radio",     "wire",
    "channel",    "newspaper",   "examiner", "observer",   "chronicle", "economist", "izvestia",
    "kommersant", "novosti",     "nikkei",   "yonhap",     "kyodo",     "sputnik",   "rt",
    "al-jazeera", "jazeera",     "newsweek", "forbes",     "vox",       "slate",     "buzzfeed",
    "huffpost",   "usa",         "today",    "fox",        "pbs",       "cnbc",      "dpa",
    "efe",        "ansa",        "yomiuri",  "asahi",      "haaretz",   "spiegel",   "monde",
    "figaro",     "independent", "mirror",   "sun",        "express",   "standard",  "globe",
    "inquirer",   "bulletin",    "dispatch", "courier",    "star",      "ft",        "wsj",
    "nyt",        "time",        "insider",  "hill",       "intercept", "atlantic",  "yorker",
    "broadcaster"};
static const char *const medium_words[] = {"statement",  "interview", "comments",  "remarks",
                                           "report",     "article",   "broadcast", "op-ed",
                                           "appearance", "briefing",  "address",   "post"};
static const char *const male_words[] = {"he", "him", "his"};
static const char *const fem_words[] = {"she", "her"};

/* The lexicon: sorted entries and an open-addressing hash of them. */
#define LEX_HASH 2048 /* power of two, more than twice the number of words */
typedef struct qstate {
    lex_entry *lex;
    size_t n;
    int16_t slot[LEX_HASH]; /* index into lex, -1 when empty */
    nx_qlang *other;        /* the other languages' speech data (quotes_lang.c) */
} qstate;

static uint32_t lex_hash(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t k = 0; k < n; k++)
        h = (h ^ (unsigned char)w[k]) * 16777619u;
    return h;
}

static int cmp_lex(const void *a, const void *b)
{
    return strcmp(((const lex_entry *)a)->w, ((const lex_entry *)b)->w);
}

#define ADD_WORDS(arr, c)                                                                          \
    for (size_t k_ = 0; k_ < sizeof(arr) / sizeof(arr[0]); k_++) {                                 \
        st->lex[st->n].w = arr[k_];                                                                \
        st->lex[st->n++].cls = (c);                                                                \
    }

static void quotes_free(void *state)
{
    qstate *st = state;
    if (!st)
        return;
    nx_free(st->lex);
    nx_qlang_free(st->other);
    nx_free(st);
}

#ifndef NEWSX_CONFIG_DIR
#define NEWSX_CONFIG_DIR "config"
#endif

static nx_err quotes_init(const nx_core_opts *opts, void **state, char *errstr, size_t errstr_size)
{
    size_t total = sizeof(speech_words) / sizeof(char *) + sizeof(ing_words) / sizeof(char *) +
                   sizeof(report_words) / sizeof(char *) + sizeof(read_words) / sizeof(char *) +
                   sizeof(aux_words) / sizeof(char *) + sizeof(det_words) / sizeof(char *) +
                   sizeof(pron_words) / sizeof(char *) + sizeof(stop_words) / sizeof(char *) +
                   sizeof(stmt_words) / sizeof(char *) + sizeof(orgh_words) / sizeof(char *) +
                   sizeof(role_words) / sizeof(char *) + sizeof(perh_words) / sizeof(char *) +
                   sizeof(outlet_words) / sizeof(char *) + sizeof(medium_words) / sizeof(char *) +
                   sizeof(male_words) / sizeof(char *) + sizeof(fem_words) / sizeof(char *);
    qstate *st = nx_calloc(1, sizeof(*st));
    if (st)
        st->lex = nx_malloc(total * sizeof(lex_entry));
    if (!st || !st->lex) {
        quotes_free(st);
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading quote lexicon");
    }
    ADD_WORDS(speech_words, W_SPEECH);
    ADD_WORDS(ing_words, W_ING);
    ADD_WORDS(report_words, W_REPORT);
    ADD_WORDS(read_words, W_READ);
    ADD_WORDS(aux_words, W_AUX);
    ADD_WORDS(det_words, W_DET);
    ADD_WORDS(pron_words, W_PRON);
    ADD_WORDS(stop_words, W_STOP);
    ADD_WORDS(stmt_words, W_STMT);
    ADD_WORDS(orgh_words, W_ORGH);
    ADD_WORDS(role_words, W_ROLE);
    ADD_WORDS(perh_words, W_PERH);
    ADD_WORDS(outlet_words, W_OUTLET);
    ADD_WORDS(medium_words, W_MEDIUM);
    ADD_WORDS(male_words, W_MALE);
    ADD_WORDS(fem_words, W_FEM);
    qsort(st->lex, st->n, sizeof(lex_entry), cmp_lex);
    /* merge duplicates: one entry per word with all its classes */
    size_t w = 0;
    for (size_t i = 0; i < st->n; i++) {
        if (w && strcmp(st->lex[w - 1].w, st->lex[i].w) == 0)
            st->lex[w - 1].cls |= st->lex[i].cls;
        else
            st->lex[w++] = st->lex[i];
    }
    st->n = w;
    for (size_t k = 0; k < LEX_HASH; k++)
        st->slot[k] = -1;
    for (size_t k = 0; k < st->n; k++) {
        uint32_t h = lex_hash(st->lex[k].w, strlen(st->lex[k].w)) & (LEX_HASH - 1);
        while (st->slot[h] >= 0)
            h = (h + 1) & (LEX_HASH - 1);
        st->slot[h] = (int16_t)k;
    }
    nx_err e = nx_qlang_load(opts && opts->config_dir ? opts->config_dir : NEWSX_CONFIG_DIR,
                             &st->other, errstr, errstr_size);
    if (e) {
        quotes_free(st);
        return e;
    }
    *state = st;
    return NX_OK;
}

/* ---- per-document context ---- */

typedef struct qctx {
    nx_doc *doc;
    const qstate *st;
    uint16_t *cls;      /* word classes per token */
    uint8_t *inq;       /* 1: the token is inside a top-level quotation (marks included) */
    uint32_t *tsent;    /* sentence index per token */
    uint8_t *is_source; /* per entity: cited as a source */
    nx_qspan *qs;
    size_t nq;
    /* per sentence, computed once (docs/quotes.md, "Complexity") */
    uint8_t *sq;       /* 1: the sentence has a token inside a top-level quotation */
    int8_t *head;      /* headline(): -1 not yet known, else 0 or 1 */
    uint8_t *as_known; /* attrib_sentence() of the sentence is in as_val */
    struct attrib *as_val;
    uint8_t *wk_known; /* walk_back() from the sentence is in wk_val */
    struct attrib *wk_val;
    struct qlazy *lz; /* tables of full_name() and antecedent() */
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

static const nx_token *tk(const qctx *c, size_t i)
{
    return &c->doc->toks[i];
}

static size_t tlen(const qctx *c, size_t i)
{
    return tk(c, i)->end - tk(c, i)->start;
}

static int tok_eq(const qctx *c, size_t i, const char *s)
{
    size_t n = strlen(s);
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

/* A possessive token ("’s" or "'s"). */
static int is_poss(const qctx *c, size_t i)
{
    return tok_eq(c, i, "’s") || tok_eq(c, i, "'s");
}

static int is_word(const qctx *c, size_t i)
{
    return tk(c, i)->kind == NX_TOK_WORD;
}

static int is_cap(const qctx *c, size_t i)
{
    return tk(c, i)->kind == NX_TOK_WORD && (tk(c, i)->flags & NX_TOKF_CAP);
}

static uint16_t word_class(const qstate *st, const char *p, size_t n)
{
    char buf[32];
    if (n == 0 || n >= sizeof(buf))
        return 0;
    for (size_t k = 0; k < n; k++) {
        char a = p[k];
        buf[k] = (a >= 'A' && a <= 'Z') ? (char)(a - 'A' + 'a') : a;
    }
    for (uint32_t h = lex_hash(buf, n) & (LEX_HASH - 1); st->slot[h] >= 0;
         h = (h + 1) & (LEX_HASH - 1)) {
        const lex_entry *e = &st->lex[st->slot[h]];
        if (strncmp(e->w, buf, n) == 0 && e->w[n] == '\0')
            return e->cls;
    }
    return 0;
}

/* Lower-case adverb in -ly (skipped like an auxiliary). */
static int is_ly(const qctx *c, size_t i)
{
    const nx_token *t = tk(c, i);
    size_t n = t->end - t->start;
    const char *p = c->doc->text + t->start;
    return t->kind == NX_TOK_WORD && !(t->flags & NX_TOKF_CAP) && n > 4 && p[n - 2] == 'l' &&
           p[n - 1] == 'y';
}

static int is_skip(const qctx *c, size_t i)
{
    return !c->inq[i] && ((c->cls[i] & W_AUX) || is_ly(c, i));
}

/* First token whose start is >= off. */
static size_t tok_at(const qctx *c, uint32_t off)
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

/* ---- noun phrases ---- */

typedef struct tspan {
    size_t a, b; /* token range [a, b); a == b: none */
} tspan;

static int connector(const qctx *c, size_t i)
{
    return tok_eq(c, i, "of") || tok_eq(c, i, "for") || tok_eq(c, i, "de") || is_poss(c, i) ||
           tok_eq(c, i, "&");
}

/* The noun phrase that ends at token i (inclusive), not before lo. */
static tspan np_ending_at(const qctx *c, size_t i, size_t lo)
{
    tspan none = {0, 0};
    if (i < lo || c->inq[i] || !is_word(c, i))
        return none;
    uint16_t k = c->cls[i];
    if (k & W_PRON)
        return (tspan){i, i + 1};
    if ((k & (W_STOP | W_DET | W_AUX | W_SPEECH | W_REPORT)) && !(k & (W_STMT | W_ORGH)))
        return none;
    size_t a = i;
    if (is_cap(c, i)) {
        while (a > lo && !c->inq[a - 1]) {
            size_t p = a - 1;
            if (is_cap(c, p) && !(c->cls[p] & (W_DET | W_STOP | W_PRON)))
                a = p;
            else if (p > lo && connector(c, p) && is_cap(c, p - 1) &&
                     !(c->cls[p - 1] & (W_STOP | W_PRON)))
                a = p - 1;
            else
                break;
        }
    } else {
        /* a lower-case head: modifiers back to a determiner, at most 5 words */
        while (a > lo && i - a < 5 && !c->inq[a - 1]) {
            size_t p = a - 1;
            if (!is_word(c, p) && !is_poss(c, p) && tk(c, p)->kind != NX_TOK_NUM)
                break;
            if (c->cls[p] & (W_STOP | W_PRON | W_SPEECH | W_REPORT))
                break;
            if ((c->cls[p] & W_AUX) && !is_poss(c, p))
                break;
            a = p;
            if (c->cls[p] & W_DET)
                break;
        }
    }
    if (a < i + 1 && (c->cls[a] & W_DET) == 0 && a > lo && (c->cls[a - 1] & W_DET) &&
        !c->inq[a - 1] && !(c->cls[a - 1] & W_PRON) && !tok_eq(c, a - 1, "that"))
        a--; /* "the" before a name: the US State Department */
    return (tspan){a, i + 1};
}

/* The subject before cue token `cue`: skips auxiliaries and adverbs, and an
 * appositive between commas ("Mao Ning, spokesman for ..., said"). */
static tspan np_before(const qctx *c, size_t cue, size_t lo)
{
    tspan none = {0, 0};
    if (cue == 0 || cue <= lo)
        return none;
    size_t i = cue - 1;
    while (i > lo && is_skip(c, i))
        i--;
    if (i < lo || c->inq[i])
        return none;
    /* "Mr. Ekovich, who noted": the phrase before the relative pronoun */
    if ((tok_eq(c, i, "who") || tok_eq(c, i, "which")) && i >= lo + 2 && tok_eq(c, i - 1, ","))
        return np_ending_at(c, i - 2, lo);
    if (tok_eq(c, i, ",") || tok_eq(c, i, ")") || tok_eq(c, i, "—")) {
        size_t j = i;
        int found = 0;
        while (j > lo && i - j < 25) {
            j--;
            if (c->inq[j])
                return none;
            if (tok_eq(c, j, ",") || tok_eq(c, j, "(") || tok_eq(c, j, "—")) {
                found = 1;
                break;
            }
        }
        if (!found || j == 0 || j <= lo)
            return none;
        i = j - 1;
        /* a parenthesis before the appositive: "Rep. Jim Jordan (R-Ohio), an
         * oversight panel member, said" */
        if (tok_eq(c, j, ",") && tok_eq(c, i, ")")) {
            size_t k = i;
            while (k > lo && i - k < 12 && !c->inq[k] && !tok_eq(c, k, "("))
                k--;
            if (k > lo && tok_eq(c, k, "("))
                i = k - 1;
        }
    }
    return np_ending_at(c, i, lo);
}

/* The noun phrase that starts at token i, before hi. */
static tspan np_after(const qctx *c, size_t i, size_t hi)
{
    tspan none = {0, 0};
    while (i < hi && (tok_eq(c, i, ",") || is_skip(c, i)))
        i++;
    if (i < hi && tk(c, i)->kind == NX_TOK_NUM && i + 1 < hi && is_word(c, i + 1) &&
        !is_cap(c, i + 1) && !c->inq[i + 1] && !(c->cls[i + 1] & (W_STOP | W_SPEECH | W_AUX))) {
        tspan rest = np_after(c, i + 1, hi);
        return rest.b > rest.a ? (tspan){i, rest.b} : none;
    }
    if (i >= hi || c->inq[i] || !is_word(c, i))
        return none;
    uint16_t k = c->cls[i];
    if (k & W_PRON)
        return (tspan){i, i + 1};
    if (tok_eq(c, i, "that"))
        return none; /* a clause: "insisted that his party was" */
    size_t b = i + 1;
    if (k & W_DET) {
        while (b < hi && b - i < 7 && !c->inq[b] &&
               (is_word(c, b) || tk(c, b)->kind == NX_TOK_NUM || is_poss(c, b)) &&
               !(c->cls[b] & (W_STOP | W_SPEECH | W_REPORT | W_PRON)))
            b++;
        return b > i + 1 ? (tspan){i, b} : none;
    }
    if (k & (W_STOP | W_AUX | W_SPEECH | W_REPORT))
        return none;
    if (is_cap(c, i)) {
        while (b < hi && !c->inq[b]) {
            if (is_cap(c, b) && !(c->cls[b] & W_STOP))
                b++;
            else if (b + 1 < hi && connector(c, b) && is_cap(c, b + 1))
                b += 2;
            else
                break;
        }
        return (tspan){i, b};
    }
    while (b < hi && b - i < 3 && is_word(c, b) && !c->inq[b] &&
           !(c->cls[b] & (W_STOP | W_SPEECH | W_REPORT | W_AUX)))
        b++;
    /* lower-case modifiers before a name: "said 9/11 widow Terry Strada" */
    if (b < hi && !c->inq[b] && is_cap(c, b) && !(c->cls[b] & (W_STOP | W_PRON | W_DET))) {
        tspan name = np_after(c, b, hi);
        if (name.b > name.a)
            b = name.b;
    }
    return (tspan){i, b};
}

/* ---- cues ---- */

enum { CUE_NONE = 0, CUE_SPEECH, CUE_REPORT, CUE_ACCORDING, CUE_READ };

/* The cue that starts at token i, if any; *cend receives its end token. */
static int cue_at(const qctx *c, size_t i, size_t hi, size_t *cend)
{
    *cend = i + 1;
    if (c->inq[i] || !is_word(c, i))
        return CUE_NONE;
    if (is_cap(c, i) && !(tk(c, i)->flags & NX_TOKF_SENT_START) && !(i > 0 && c->inq[i - 1]))
        return CUE_NONE;
    uint16_t k = c->cls[i];
    if (tok_eq(c, i, "according")) {
        if (i + 1 < hi && tok_eq(c, i + 1, "to")) {
            *cend = i + 2;
            return CUE_ACCORDING;
        }
        return CUE_NONE;
    }
    if (tok_eq(c, i, "put")) {
        /* "as he put it" */
        if (i + 1 < hi && tok_eq(c, i + 1, "it")) {
            *cend = i + 1;
            return CUE_SPEECH;
        }
        return CUE_NONE;
    }
    if (k & W_SPEECH)
        return CUE_SPEECH;
    if (k & W_REPORT) {
        if (tok_eq(c, i, "learned"))
            return (i > 0 && (tok_eq(c, i - 1, "has") || tok_eq(c, i - 1, "have"))) ? CUE_REPORT
                                                                                    : CUE_NONE;
        return CUE_REPORT;
    }
    if (k & W_READ) {
        /* "the statement read", "a sign reading" */
        size_t j = i;
        while (j > 0 && is_skip(c, j - 1))
            j--;
        if (j > 0 && (c->cls[j - 1] & W_STMT))
            return CUE_READ;
    }
    return CUE_NONE;
}

/* ---- attribution ---- */

typedef struct attrib {
    int found;
    int no_cue; /* the speaker is known, the cue is not */
    int kind;   /* CUE_* */
    nx_span cue;
    int has_speaker;
    nx_span speaker;
} attrib;

static nx_span tspan_bytes(const qctx *c, tspan t)
{
    return (nx_span){tk(c, t.a)->start, tk(c, t.b - 1)->end};
}

/* Words that never head or open a speaker: times and dates, and a
 * capitalized participle opening the sentence ("Speaking to ..."). */
static int bad_speaker(const qctx *c, tspan sp)
{
    static const char *const never[] = {
        "monday",     "tuesday",   "wednesday", "thursday", "friday",   "saturday", "sunday",
        "january",    "february",  "march",     "april",    "may",      "june",     "july",
        "august",     "september", "october",   "november", "december", "hours",    "minutes",
        "days",       "weeks",     "months",    "years",    "today",    "tonight",  "yesterday",
        "past",       "already",   "time",      "morning",  "night",    "week",     "year",
        "washington", "former",    "last",      "earlier",  "later"};
    if (sp.b <= sp.a)
        return 0;
    /* a one-word phrase in the list, or a phrase headed by a time word */
    for (size_t k = 0; k < sizeof(never) / sizeof(never[0]); k++)
        if (tok_eq(c, sp.b - 1, never[k]) && (sp.b == sp.a + 1 || k < 35))
            return 1;
    const nx_token *t = tk(c, sp.a);
    size_t n = t->end - t->start;
    const char *p = c->doc->text + t->start;
    /* a lone capitalized participle opening the sentence ("Speaking"), not
     * a name in -ing after the quotation (",” Ebeling said") */
    return sp.b == sp.a + 1 && (t->flags & NX_TOKF_CAP) && (t->flags & NX_TOKF_SENT_START) &&
           n > 4 && p[n - 3] == 'i' && p[n - 2] == 'n' && p[n - 1] == 'g';
}

static void set_attrib(const qctx *c, attrib *a, int kind, size_t ca, size_t cb, tspan sp)
{
    if (bad_speaker(c, sp))
        sp.b = sp.a;
    a->found = 1;
    a->kind = kind;
    a->cue = (nx_span){tk(c, ca)->start, tk(c, cb - 1)->end};
    a->has_speaker = sp.b > sp.a;
    if (a->has_speaker)
        a->speaker = tspan_bytes(c, sp);
}

/* Cue after the quotation: `,” Putin said`, `,” said Putin`, `,” the statement read`. */
static int inverting(const qctx *c, size_t i);

static int is_dash(const qctx *c, size_t i)
{
    return tk(c, i)->kind == NX_TOK_PUNCT &&
           (tok_eq(c, i, "—") || tok_eq(c, i, "–") || tok_eq(c, i, "―") || tok_eq(c, i, "-") ||
            tok_eq(c, i, "--"));
}

/* `,” she elaborated.`: a speaker and a verb outside the cue lists (a
 * lower-case word in -ed or -s) that end the sentence or the clause right
 * after the quotation. */
static int after_verb(const qctx *c, size_t start, size_t hi, attrib *out)
{
    if (start == 0 || !c->inq[start - 1] || start >= hi)
        return 0;
    tspan sp = np_after(c, start, hi);
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
    if (v + 1 < hi && !tok_eq(c, v + 1, ",") && !tok_eq(c, v + 1, ".") && !tok_eq(c, v + 1, "!") &&
        !tok_eq(c, v + 1, "?"))
        return 0;
    set_attrib(c, out, CUE_SPEECH, v, v + 1, sp);
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
        tspan sp = np_after(c, start, hi);
        if (sp.b > sp.a && is_cap(c, sp.a) && !(c->cls[sp.a] & (W_PRON | W_DET)) &&
            (sp.b >= hi || tok_eq(c, sp.b, ",") || (tok_eq(c, sp.b, ".") && sp.b + 1 >= hi) ||
             memchr(c->doc->text + tk(c, sp.b - 1)->end, '\n',
                    tk(c, sp.b)->start - tk(c, sp.b - 1)->end))) {
            set_attrib(c, out, CUE_SPEECH, dash, dash + 1, sp);
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
        int kind = cue_at(c, i, hi, &cend);
        if (!kind)
            continue;
        tspan sp;
        if (i == start)
            sp = inverting(c, i) || kind == CUE_ACCORDING || kind == CUE_REPORT
                     ? np_after(c, kind == CUE_ACCORDING ? cend : i + 1, hi)
                     : (tspan){0, 0};
        else
            sp = np_before(c, i, start);
        /* “…” if she did not win, said David Wasserman, an analyst */
        if (sp.b <= sp.a && i > start && tok_eq(c, i - 1, ",") && inverting(c, i))
            sp = np_after(c, i + 1, hi);
        if (sp.b > sp.a || i == start) {
            set_attrib(c, out, kind, i, cend, sp);
            return;
        }
    }
}

/* Speech verbs that may come before their subject ("said Putin"). */
static int inverting(const qctx *c, size_t i)
{
    return tok_eq(c, i, "said") || tok_eq(c, i, "says") || tok_eq(c, i, "added") ||
           tok_eq(c, i, "adds") || tok_eq(c, i, "wrote") || tok_eq(c, i, "writes") ||
           tok_eq(c, i, "asked") || tok_eq(c, i, "continued") || tok_eq(c, i, "explained") ||
           tok_eq(c, i, "replied") || tok_eq(c, i, "recalled") || tok_eq(c, i, "noted") ||
           tok_eq(c, i, "insisted") || tok_eq(c, i, "declared") || tok_eq(c, i, "according") ||
           tok_eq(c, i, "agreed") || tok_eq(c, i, "agrees") || tok_eq(c, i, "explains") ||
           tok_eq(c, i, "notes") || tok_eq(c, i, "asks") || tok_eq(c, i, "continues") ||
           tok_eq(c, i, "answered") || tok_eq(c, i, "responded") || tok_eq(c, i, "warned") ||
           tok_eq(c, i, "concluded") || tok_eq(c, i, "countered") || tok_eq(c, i, "quipped") ||
           tok_eq(c, i, "joked") || tok_eq(c, i, "shouted") || tok_eq(c, i, "recalls") ||
           tok_eq(c, i, "tweeted") || tok_eq(c, i, "beamed") || tok_eq(c, i, "sighed");
}

static size_t skip_opening(const qctx *c, size_t s, size_t hi);

/* The noun phrase that opens the clause [lo, hi) when a verb follows it
 * ("Hayek confirmed she had been and said, “…”"). */
static tspan clause_subject(const qctx *c, size_t lo, size_t hi)
{
    tspan none = {0, 0};
    while (lo < hi && (c->inq[lo] || tk(c, lo)->kind == NX_TOK_PUNCT))
        lo++;
    lo = skip_opening(c, lo, hi); /* "When asked ..., Ms. Sherry smiled and said" */
    if (lo >= hi || (c->cls[lo] & W_STOP))
        return none;
    tspan sp = np_after(c, lo, hi);
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

/* The token after an opening phrase that starts at s with a preposition or
 * conjunction and ends at a comma before hi ("During a speech, Trump
 * attacked ..."); s itself otherwise. */
static size_t skip_opening(const qctx *c, size_t s, size_t hi)
{
    if (s >= hi || !(c->cls[s] & W_STOP))
        return s;
    size_t k = s;
    while (k < hi && k < s + 20 && !tok_eq(c, k, ",") && !c->inq[k])
        k++;
    return k + 1 < hi && tok_eq(c, k, ",") ? k + 1 : s;
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
        int kind = cue_at(c, i, open, &cend);
        if (!kind || kind == CUE_READ)
            continue;
        if ((kind == CUE_REPORT) != (want_report != 0))
            continue;
        tspan sp = {0, 0};
        if (kind == CUE_ACCORDING) {
            sp = np_after(c, cend, open);
        } else if ((c->cls[i] & W_ING) && i > slo && (tok_eq(c, i - 1, ",") || c->inq[i - 1])) {
            /* participle: the subject of the sentence, also before an
             * earlier quotation (“…” Graham said, adding, “…”) */
            size_t s = slo;
            while (s < i && (c->inq[s] || tk(c, s)->kind == NX_TOK_PUNCT))
                s++;
            sp = np_after(c, skip_opening(c, s, i), i);
            if (sp.b > sp.a && c->cls[sp.a] & W_STOP)
                sp.b = sp.a;
        } else {
            sp = np_before(c, i, lo);
            /* "said Putin: “…”" (only verbs that invert; after "told" comes
             * the listener; after "and" the verb is coordinated, "... and
             * said she has": its subject is the clause's) */
            int coordinated = i > lo && (tok_eq(c, i - 1, "and") || tok_eq(c, i - 1, "but"));
            if (sp.b <= sp.a && inverting(c, i) && !coordinated)
                sp = np_after(c, cend, open);
            if (sp.b <= sp.a)
                sp = clause_subject(c, lo, i);
            /* "Lynch said she recalled thinking, “…”": the speech the
             * nearer cue is reported in speaks */
            if (sp.b > sp.a && sp.a > lo) {
                size_t k = sp.a;
                if (k > lo + 1 && tok_eq(c, k - 1, "that"))
                    k--;
                size_t oend;
                if (cue_at(c, k - 1, open, &oend) == CUE_SPEECH && !(c->cls[k - 1] & W_ING)) {
                    tspan osp = np_before(c, k - 1, lo);
                    if (osp.b > osp.a) {
                        i = k - 1;
                        cend = oend;
                        sp = osp;
                    }
                }
            }
        }
        set_attrib(c, out, kind, i, cend, sp);
        return;
    }
}

/* ---- entity resolution ---- */

static size_t mention_at_or_after(const nx_doc *doc, uint32_t off)
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
    return t < c->doc->n_toks && cue_at(c, t, c->doc->n_toks, &cend) == CUE_SPEECH;
}

/* A quotation already attributed, for antecedents. */
typedef struct spk {
    uint32_t pos;
    int32_t entity;
} spk;

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
    size_t m = mention_at_or_after(doc, pos);
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

/* The entity of a speaker span (docs/quotes.md, "Speaker resolution"). */
static int32_t resolve(const qctx *c, nx_span sp, const spk *spks, size_t nspk)
{
    const nx_doc *doc = c->doc;
    /* 1. a mention inside the span: the last one (the head) */
    int32_t hit = -1;
    for (size_t m = mention_at_or_after(doc, sp.start);
         m < doc->n_mentions && doc->mentions[m].start < sp.end; m++)
        if (doc->mentions[m].end <= sp.end && doc->mentions[m].entity < doc->n_entities)
            hit = (int32_t)doc->mentions[m].entity;
    if (hit < 0) {
        /* a mention that overlaps the span */
        size_t m = mention_at_or_after(doc, sp.start);
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
    uint16_t hk = c->cls[head];
    if (hit >= 0) {
        if (doc->entities[hit].type == NX_ENT_PER)
            return full_name(c, hit);
        if (!(hk & (W_STMT | W_ROLE | W_PERH)) || is_cap(c, head))
            return hit;
    }
    /* 2. pronouns */
    if (tb == ta + 1 && (hk & W_PRON)) {
        if (hk & (W_MALE | W_FEM))
            return antecedent(c, sp.start, NX_ENT_PER, NULL, 0, 0, spks, nspk);
        if (tok_eq(c, head, "it") || tok_eq(c, head, "they"))
            return antecedent(c, sp.start, NX_ENT_ORG, NULL, 0, 0, spks, nspk);
        return -1;
    }
    /* 3. organisation words in the phrase: "the ministry", "the ministry statement" */
    for (size_t t = ta; t < tb; t++) {
        if (!(c->cls[t] & W_ORGH) || is_cap(c, t))
            continue;
        int32_t e = antecedent(c, sp.start, NX_ENT_ORG, c->doc->text + tk(c, t)->start, tlen(c, t),
                               0, spks, nspk);
        if (e >= 0)
            return e;
    }
    if (hit >= 0)
        return hit;
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

/* ---- sources ---- */

static int32_t entity_of(const qctx *c, nx_span sp)
{
    const nx_doc *doc = c->doc;
    for (size_t m = mention_at_or_after(doc, sp.start);
         m < doc->n_mentions && doc->mentions[m].start < sp.end; m++)
        if (doc->mentions[m].entity < doc->n_entities)
            return (int32_t)doc->mentions[m].entity;
    size_t m = mention_at_or_after(doc, sp.start);
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
            if (tok_eq(c, i, "agency") || tok_eq(c, i, "newspaper") ||
                tok_eq(c, i, "broadcaster") || tok_eq(c, i, "outlet") || tok_eq(c, i, "channel") ||
                tok_eq(c, i, "website") || tok_eq(c, i, "tabloid") || tok_eq(c, i, "daily"))
                return 1;
        }
    }
    return 0;
}

static nx_err add_source(qctx *c, tspan name, size_t ca, size_t cb)
{
    nx_doc *doc = c->doc;
    nx_span sp = tspan_bytes(c, name);
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

static nx_err find_sources(qctx *c)
{
    size_t n = c->doc->n_toks;
    nx_err e;
    for (size_t i = 0; i < n; i++) {
        if (c->inq[i] || !is_word(c, i))
            continue;
        size_t cend;
        int kind = cue_at(c, i, n, &cend);
        size_t lo = c->doc->sents ? c->doc->sents[c->tsent[i]].tok_begin : 0;
        if (kind == CUE_REPORT) {
            /* "Reuters reported", "The Post has learned" */
            tspan t = np_before(c, i, lo);
            if (t.b > t.a && is_cap(c, t.b - 1) && !(c->cls[t.a] & W_PRON)) {
                int32_t ent = entity_of(c, tspan_bytes(c, t));
                if (ent < 0 || c->doc->entities[ent].type != NX_ENT_PER)
                    if ((e = add_source(c, t, i, cend)))
                        return e;
            }
        } else if (kind == CUE_ACCORDING || tok_eq(c, i, "told")) {
            /* "according to Bloomberg", "told TIME" */
            tspan t = np_after(c, cend, n);
            if (t.b > t.a && is_cap(c, t.a + ((c->cls[t.a] & W_DET) ? 1 : 0)) &&
                t.a + ((c->cls[t.a] & W_DET) ? 1 : 0) < t.b && outlet_name(c, t))
                if ((e = add_source(c, t, i, cend)))
                    return e;
        } else if ((c->cls[i] & W_MEDIUM) && i + 2 < n &&
                   (tok_eq(c, i + 1, "at") || tok_eq(c, i + 1, "to") || tok_eq(c, i + 1, "with") ||
                    tok_eq(c, i + 1, "on") || tok_eq(c, i + 1, "in"))) {
            /* "a statement at RIA News", "an interview with CNN" */
            tspan t = np_after(c, i + 2, n);
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

/* ---- kinds ---- */

/* First letter or digit inside the marks is upper case or a digit. */
static int starts_upper(const nx_doc *doc, const nx_qspan *q)
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
static int ends_with_full_stop(const nx_doc *doc, const nx_qspan *q)
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

static size_t sent_first_tok(const qctx *c, size_t s);
static size_t sent_end_tok(const qctx *c, size_t s);

/* Nouns of works whose titles are quoted ("his 2002 book, ''Make Your Kid a
 * Millionaire''", "the documentary “13th”"). */
static const char *const work_words[] = {
    "book",    "books",     "film",    "movie",    "documentary", "song",       "anthem",
    "album",   "series",    "novel",   "memoir",   "poem",        "hymn",       "podcast",
    "episode", "sitcom",    "musical", "show",     "play",        "commentary", "column",
    "op-ed",   "editorial", "essay",   "headline", "article"};

static int work_word(const qctx *c, size_t i)
{
    for (size_t k = 0; k < sizeof(work_words) / sizeof(work_words[0]); k++)
        if (tok_eq(c, i, work_words[k]))
            return 1;
    return 0;
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
    if (tok_eq(c, p, "show") || tok_eq(c, p, "play"))
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
    nx_spend(c->doc->budget, sent_end_tok(c, s) - sent_first_tok(c, s));
    for (size_t t = sent_first_tok(c, s); t < sent_end_tok(c, s) && t < c->doc->n_toks; t++) {
        if (!is_word(c, t) || c->inq[t] || (c->cls[t] & (W_STOP | W_DET | W_AUX)))
            continue;
        if (!is_cap(c, t) && tlen(c, t) > 1)
            return 0;
        words++;
    }
    return words >= 3;
}

static int headline(const qctx *c, size_t s)
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
    if (ot == sent_first_tok(c, s) || !headline(c, s))
        return 0;
    size_t p = ot - 1;
    int is_verb = p > 0 && (c->cls[p - 1] & W_PRON); /* "It’s": it is */
    if ((is_poss(c, p) && !is_verb) || tok_eq(c, p, "its") || tok_eq(c, p, "his") ||
        tok_eq(c, p, "her") || tok_eq(c, p, "their"))
        return 0;
    if (ct < sent_end_tok(c, s) && ct < c->doc->n_toks && is_cap(c, ct) &&
        !(c->cls[ct] & (W_STOP | W_DET | W_AUX)))
        return 0;
    return 1;
}

/* ---- the stage ---- */

static nx_err add_quote(nx_doc *doc, const nx_qspan *q, int kind, const attrib *a, int32_t ent)
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
        }
    }
    return NX_OK;
}

static size_t sent_first_tok(const qctx *c, size_t s)
{
    return c->doc->sents[s].tok_begin;
}

static size_t sent_end_tok(const qctx *c, size_t s)
{
    return c->doc->sents[s].tok_end;
}

/* Attribution of quotation qi in its own sentence. */
static void attrib_own(const qctx *c, size_t qi, attrib *a, size_t *open_tok)
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
    size_t lo = sent_first_tok(c, s_open), hi = sent_end_tok(c, s_close);
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
        ahi = sent_end_tok(c, s_close + 1);
    attrib_after(c, ct, ahi, &after);
    if (!after.found && ct == hi && s_close + 1 < c->doc->n_sents &&
        c->doc->sents[s_close + 1].para == c->doc->sents[s_close].para && q->cend > q->cstart) {
        /* “… do you need?” Weaver said. — the segmenter ends the sentence
         * after ?” and !” before a capital */
        const char *t = c->doc->text;
        uint32_t k = q->cend;
        while (k > q->cstart && (t[k - 1] == ' ' || (unsigned char)t[k - 1] >= 0x80 ||
                                 t[k - 1] == '\'' || t[k - 1] == '"'))
            k--;
        if (k > q->cstart && (t[k - 1] == '?' || t[k - 1] == '!'))
            attrib_after(c, hi, sent_end_tok(c, s_close + 1), &after);
        if (after.found && after.kind == CUE_REPORT)
            memset(&after, 0, sizeof(after));
    }
    /* “… wheelhouse.” He said, twice, that ...: after a full stop inside the
     * marks a capital opens a new sentence, not the quotation's tag */
    if (after.found && ct < nt && is_cap(c, ct) && tk(c, ct)->kind == NX_TOK_WORD &&
        ends_with_full_stop(c->doc, q))
        memset(&after, 0, sizeof(after));
    if (after.found && after.kind == CUE_REPORT) {
        rep_after = after;
        memset(&after, 0, sizeof(after));
    }
    attrib_before(c, sent_first_tok(c, s_open), lo, ot, &before, 0);
    attrib_before(c, sent_first_tok(c, s_open), lo, ot, &rep_before, 1);
    int direct_like = starts_upper(c->doc, q);
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
    size_t lo = sent_first_tok(c, s), hi = sent_end_tok(c, s);
    memset(a, 0, sizeof(*a));
    nx_spend(c->doc->budget, hi - lo);
    for (size_t i = lo; i < hi; i++) {
        if (c->inq[i])
            continue;
        size_t cend;
        int kind = cue_at(c, i, hi, &cend);
        if (kind != CUE_SPEECH && kind != CUE_ACCORDING)
            continue;
        tspan sp = kind == CUE_ACCORDING ? np_after(c, cend, hi) : np_before(c, i, lo);
        if (sp.b <= sp.a && kind == CUE_SPEECH && inverting(c, i))
            sp = np_after(c, cend, hi);
        if (sp.b <= sp.a && kind == CUE_SPEECH)
            sp = clause_subject(c, lo, i);
        if (sp.b > sp.a) {
            set_attrib(c, a, kind, i, cend, sp);
            return;
        }
    }
}

static void attrib_sentence(const qctx *c, size_t s, attrib *a)
{
    if (!c->as_known[s]) {
        attrib_sentence_scan(c, s, &c->as_val[s]);
        c->as_known[s] = 1;
    }
    *a = c->as_val[s];
}

/* The nearest earlier sentence of s_open's paragraph without quotations that
 * names a speaker (attrib_sentence()); a->found 0 when none. Remembered per
 * s_open, and a walk stops at a sentence whose walk is known: over the
 * quotations of a document (s_open never decreases) each sentence is walked
 * over once. */
static void walk_back(const qctx *c, size_t s_open, attrib *a)
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
        attrib_sentence(c, s, a);
        if (a->found)
            break;
    }
    if (!a->found)
        memset(a, 0, sizeof(*a));
    c->wk_known[s_open] = 1;
    c->wk_val[s_open] = *a;
}

/* "Issa: Hillary Clinton’s ‘Honesty Is In Question.’": a name of at most
 * five capitalized words that opens the sentence, then ':' before the quotation. */
static void attrib_colon_name(const qctx *c, size_t s, size_t open, attrib *a)
{
    size_t lo = sent_first_tok(c, s);
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
    set_attrib(c, a, CUE_SPEECH, i, i + 1, (tspan){lo, e});
}

/* The subject that opens sentence s (a name, a pronoun or a noun phrase),
 * not reaching token hi. */
static void attrib_subject(const qctx *c, size_t s, size_t hi, attrib *a)
{
    if (hi > sent_end_tok(c, s))
        hi = sent_end_tok(c, s);
    size_t lo = skip_opening(c, sent_first_tok(c, s), hi);
    if (lo >= hi || c->inq[lo] || (c->cls[lo] & W_STOP))
        return;
    tspan sp = np_after(c, lo, hi);
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
    a->speaker = tspan_bytes(c, sp);
}

/* A headline's quotation with no attribution: the person or organisation
 * named at the start of the headline ("Hillary Clinton Calls ISIS Violence
 * Against Yazidis ‘Genocide.’" → Hillary Clinton), no cue. */
static void attrib_headline(const qctx *c, size_t s, size_t open, attrib *a)
{
    size_t lo = sent_first_tok(c, s);
    if (lo >= open || open >= c->doc->n_toks || c->inq[lo])
        return;
    const nx_doc *doc = c->doc;
    size_t m = mention_at_or_after(doc, tk(c, lo)->start);
    if (m >= doc->n_mentions || doc->mentions[m].start != tk(c, lo)->start ||
        doc->mentions[m].end > tk(c, open)->start)
        return;
    nx_ent_type ty = doc->entities[doc->mentions[m].entity].type;
    if (ty != NX_ENT_PER && ty != NX_ENT_ORG)
        return;
    memset(a, 0, sizeof(*a));
    a->found = 1;
    a->no_cue = 1;
    a->has_speaker = 1;
    a->speaker = (nx_span){doc->mentions[m].start, doc->mentions[m].end};
}

static int sent_ends_colon(const qctx *c, size_t s)
{
    size_t e = sent_end_tok(c, s);
    return e > sent_first_tok(c, s) && tok_eq(c, e - 1, ":");
}

static int sent_has_quote(const qctx *c, size_t s)
{
    return c->sq[s];
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
    if (!c.cls || !c.inq || !c.tsent || (doc->n_entities && !c.is_source) || !spks || !done ||
        !c.sq || !c.head || !c.as_known || !c.as_val || !c.wk_known || !c.wk_val) {
        e = nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory attributing quotations");
        goto out;
    }
    for (size_t i = 0; i < nt; i++) {
        const nx_token *t = &doc->toks[i];
        c.cls[i] =
            t->kind == NX_TOK_WORD ? word_class(st, doc->text + t->start, t->end - t->start) : 0;
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
    if ((e = find_sources(&c))) {
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
            if ((e = add_quote(doc, q, NX_QUOTE_SCARE, NULL, -1)))
                goto nomem;
            continue;
        }
        attrib a;
        size_t ot;
        attrib_own(&c, k, &a, &ot);
        int own = a.found;
        size_t s_open = c.tsent[ot < nt ? ot : nt - 1];
        size_t para = doc->sents[s_open].para;
        int opens_sentence = ot == sent_first_tok(&c, s_open);
        size_t ct = tok_at(&c, q->end); /* the token after the quotation */
        int head = para == 0 && headline_words(&c, s_open, ot, ct);
        if (!own) {
            /* a quotation introduced by ':' or ',' inside the writer's sentence:
             * the sentence's subject ("his friends jeered, ''Do svidaniya!''") */
            if (!opens_sentence && ot > 0 && (tok_eq(&c, ot - 1, ":") || tok_eq(&c, ot - 1, ",")))
                attrib_subject(&c, s_open, ot, &a);
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
                     (s_open == ps || (s_open == ps + 1 && starts_upper(doc, q)))) ||
                    next_para_start)
                    a = done[prev];
            }
            /* "Name: ‘…’" */
            if (!a.found)
                attrib_colon_name(&c, s_open, ot, &a);
            /* an introducing sentence ending in ':' (its cue, else its subject), or
             * the last sentence of the previous paragraph when the quotation
             * opens its paragraph */
            int opens_para = opens_sentence && (s_open == 0 || doc->sents[s_open - 1].para != para);
            if (!a.found && opens_sentence && s_open > 0 &&
                (doc->sents[s_open - 1].para == para || doc->sents[s_open - 1].para + 1 == para)) {
                int colon = sent_ends_colon(&c, s_open - 1);
                if (colon || (opens_para && !sent_has_quote(&c, s_open - 1)))
                    attrib_sentence(&c, s_open - 1, &a);
                if (!a.found && colon)
                    attrib_subject(&c, s_open - 1, nt, &a);
                if (!a.found && colon)
                    attrib_colon_name(&c, s_open - 1, sent_end_tok(&c, s_open - 1), &a);
            }
            /* a sentence of the paragraph without quotations that names a speaker */
            if (!a.found && starts_upper(doc, q))
                walk_back(&c, s_open, &a);
            /* a fragment inside the writer's sentence: the sentence's subject */
            if (!a.found && !opens_sentence)
                attrib_subject(&c, s_open, ot, &a);
            if (!a.found && head)
                attrib_headline(&c, s_open, ot, &a);
        }
        /* an attribution of its own without a speaker (",” Tester said,
         * referring to ..., “…”"): the speaker of an earlier quotation that
         * ends in the same sentence */
        if (own && !a.has_speaker && prev >= 0) {
            size_t pe = tok_at(&c, c.qs[prev].end);
            if (c.tsent[pe > 0 ? pe - 1 : 0] == s_open)
                a = done[prev];
        }
        /* kind */
        int kind;
        int upper = starts_upper(doc, q);
        int intro = opens_sentence;
        if (!intro && ot > 0) {
            size_t p = ot - 1;
            size_t cend;
            intro = tok_eq(&c, p, ":") || tok_eq(&c, p, ",") || tok_eq(&c, p, "that") ||
                    tok_eq(&c, p, "—") || cue_at(&c, p, nt, &cend) != CUE_NONE;
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
        if (a.found && a.has_speaker)
            ent = resolve(&c, a.speaker, spks, nspk);
        if ((e = add_quote(doc, q, kind, &a, ent)))
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
    nx_u64map_free(&lz.fn);
    for (size_t k = 0; k < lz.n_chains; k++)
        nx_free(lz.chains[k].prev);
    nx_free(lz.chains);
    nx_free(lz.src_keys);
    return e;
}

const nx_stage nx_stage_quotes = {"quotes",    quotes_init, quotes_run,
                                  quotes_free, NULL,        "en de fr es it pt nl"};
