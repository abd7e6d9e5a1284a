/*
 * nx_doc.h - the working state of one article inside the core.
 *
 * Stages read and fill one nx_doc in order: input (metadata + raw body),
 * clean (text + offset map + repairs), segment (paragraphs, sentences,
 * tokens), then the annotators. Every array here is owned by the doc and
 * freed by nx_doc_free(); strings are NUL-terminated copies unless noted.
 *
 * All offsets inside the core are BYTE offsets into doc->text; the record
 * writer converts them to code point offsets on output.
 */
#ifndef NX_DOC_H
#define NX_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "nx_core.h"

typedef struct nx_span {
    uint32_t start, end; /* byte offsets, end exclusive */
} nx_span;

/* A string the doc owns (data NULL when absent). */
typedef struct nx_str {
    char *data;
    size_t len;
} nx_str;

typedef enum nx_tok_kind {
    NX_TOK_WORD = 0, /* letters (may contain inner ' - . as in don't, U.S.) */
    NX_TOK_NUM,      /* starts with a digit: 3.5, 10.30, 1996-08-30, 1,000 */
    NX_TOK_PUNCT,    /* punctuation and symbols, one token per mark (… and -- kept whole) */
    NX_TOK_OTHER     /* anything else (emoji, U+FFFD, ...) */
} nx_tok_kind;

typedef struct nx_token {
    uint32_t start, end; /* byte offsets into text */
    uint8_t kind;        /* nx_tok_kind */
    uint8_t flags;       /* NX_TOKF_* */
} nx_token;

#define NX_TOKF_CAP        0x01 /* first character is upper case */
#define NX_TOKF_ALLCAP     0x02 /* every letter upper case, at least one letter */
#define NX_TOKF_SENT_START 0x04 /* first token of a sentence */
#define NX_TOKF_PARA_START 0x08 /* first token of a paragraph */

/* What the extra stages look up of one token, computed once per doc
 * (nx_doc_words() in extras.c) instead of once per stage. */
typedef struct nx_tok_word {
    uint64_t hash; /* nx_word_hash() of the lower-case token; 0: not an ASCII word token of
                    * at most NX_TOK_WORD_MAX bytes */
    uint8_t cls;   /* its word classes (nx_word_class_hash(), NX_W_*); 0 when hash is 0 */
    uint8_t alnum; /* every byte is an ASCII letter or digit (hash is not 0) */
} nx_tok_word;

#define NX_TOK_WORD_MAX 128

typedef struct nx_sentence {
    uint32_t start, end;         /* byte offsets into text */
    uint32_t tok_begin, tok_end; /* token index range [begin, end) */
    uint32_t para;               /* paragraph index */
} nx_sentence;

typedef struct nx_repair {
    uint32_t text_pos;               /* byte offset in text where the removed text stood */
    uint32_t input_start, input_end; /* byte offsets in the raw body (see nx_doc.raw_base) */
    const char *kind;                /* static string: "repeated_token", "invalid_utf8", ... */
    nx_str removed;                  /* the removed bytes (invalid UTF-8 shown as U+FFFD) */
} nx_repair;

/* Named entities (entity stage). Types are the CoNLL-2003 classes. */
typedef enum nx_ent_type { NX_ENT_PER = 0, NX_ENT_ORG, NX_ENT_LOC, NX_ENT_MISC } nx_ent_type;

typedef struct nx_mention {
    uint32_t start, end; /* byte offsets into text */
    uint32_t entity;     /* index into doc->entities */
} nx_mention;

typedef struct nx_place {
    char country[3]; /* ISO 3166-1 alpha-2, NUL-terminated */
    double lat, lon;
    const char *kind; /* static: "country", "region", "city" */
} nx_place;

typedef struct nx_entity {
    uint8_t type;        /* nx_ent_type */
    uint8_t has_place;   /* place is set */
    uint32_t name_start; /* the canonical mention's byte span in text ... */
    uint32_t name_end;
    nx_str name;     /* ... or an owned name when it is not a span (data NULL otherwise) */
    uint32_t count;  /* number of mentions */
    double salience; /* 0..1, see docs/entities.md */
    nx_place place;
} nx_entity;

/* Time expressions (date stage), TIMEX3. */
typedef enum nx_timex_type {
    NX_TIMEX_DATE = 0,
    NX_TIMEX_TIME,
    NX_TIMEX_DURATION,
    NX_TIMEX_SET
} nx_timex_type;

typedef struct nx_timex {
    uint32_t start, end; /* byte offsets into text */
    uint8_t type;        /* nx_timex_type */
    char value[40];      /* TIMEX3 value, NUL-terminated */
    char mod[16];        /* TIMEX3 mod or "" */
} nx_timex;

/* Quotations and cited sources (quote stage). */
typedef enum nx_quote_kind {
    NX_QUOTE_DIRECT = 0,
    NX_QUOTE_PARTIAL,
    NX_QUOTE_SCARE,
    NX_QUOTE_INDIRECT /* reported speech: start/end is the reported clause, no marks */
} nx_quote_kind;

/* How a speaker's entity was found (docs/quotes.md, "Speaker resolution"). */
typedef enum nx_speaker_res {
    NX_RES_NONE = 0, /* no entity */
    NX_RES_MENTION,  /* an entity mention inside the speaker phrase */
    NX_RES_NAME,     /* a short name ("Mao") -> the earlier full name ("Mao Ning") */
    NX_RES_PRONOUN,  /* he, she, it, they -> an earlier mention; "X, who" -> X */
    NX_RES_ROLE      /* a role or organisation noun ("the minister", "the spokesperson") */
} nx_speaker_res;

/* How a quotation's speaker was found (docs/quotes.md, "Speaker basis"); 0
 * is a cue, so a zeroed indirect attribution (always with its cue) has it. */
typedef enum nx_speaker_basis {
    NX_BASIS_CUE = 0,   /* stands with the quotation's own cue (its sentence, "Name:",
                           an introducing sentence ending in ':', the title's colon) */
    NX_BASIS_INHERITED, /* the speaker of an earlier quotation it continues */
    NX_BASIS_CONTEXT,   /* the rules' fallbacks without a cue of the quotation: a
                           sentence's or headline's subject, the paragraph */
    NX_BASIS_GUESS      /* a mention near the quotation, the rules giving none */
} nx_speaker_basis;

typedef struct nx_quote {
    uint32_t start, end; /* the quotation including its marks */
    uint8_t kind;        /* nx_quote_kind */
    uint8_t has_speaker, has_cue;
    nx_span speaker;        /* the mention naming the speaker */
    int32_t speaker_entity; /* index into doc->entities, -1 for none */
    uint8_t resolved_by;    /* nx_speaker_res: how speaker_entity was found */
    uint8_t basis;          /* nx_speaker_basis: how the speaker was found */
    nx_span cue;
} nx_quote;

typedef struct nx_source {
    uint32_t start, end; /* the source's name in text */
    int32_t entity;      /* index into doc->entities, -1 for none */
    uint8_t has_cue;
    nx_span cue;
} nx_source;

/* Amounts (amounts stage): a number and what it counts or measures. */
typedef struct nx_amount {
    uint32_t start, end; /* the number through its unit or counted noun */
    double value;        /* scaled: "two million" -> 2e6, "3.2bn" -> 3.2e9 */
    char unit[32];       /* ISO 4217 code, "percent", or the counted noun's lemma */
    uint8_t has_object;
    nx_span object; /* what is counted or measured ("children", "oil") */
} nx_amount;

/* Key phrases (keywords stage), best first. */
typedef struct nx_keyword {
    nx_span first;  /* the first occurrence in text */
    uint32_t count; /* occurrences */
    double score;   /* YAKE score: lower is more relevant */
    int32_t entity; /* index into doc->entities when it names one, else -1 */
} nx_keyword;

/* Document tone (tone stage), as GDELT's GKG tone fields: percentages of words. */
typedef struct nx_tone {
    double tone;     /* positive - negative */
    double positive; /* % of words with a positive lexicon score (after negation) */
    double negative; /* % of words with a negative lexicon score (after negation) */
    double polarity; /* positive + negative */
    uint32_t words, pos_words, neg_words;
} nx_tone;

/* The work budget of one article (docs/architecture.md, "Work budget"):
 * stages add the units of work they do (tokens visited, candidates checked)
 * with nx_spend(); past limit the stage stops early and the core returns
 * NX_ERR_TOO_COMPLEX. Counted, not timed, so a replay is byte-identical. */
typedef struct nx_budget {
    uint64_t steps;
    uint64_t limit;
} nx_budget;

/* Add n steps; non-zero once the budget is spent (the caller stops its loop). */
static inline int nx_spend(nx_budget *b, uint64_t n)
{
    b->steps += n;
    return b->steps > b->limit;
}

typedef struct nx_doc {
    const nx_core_t *core;
    const nx_core_opts *opts;
    /* Points at budget_store (set by nx_doc_init, limit unbounded there); a
     * pointer so that helpers holding a const nx_doc can still count. */
    nx_budget *budget;
    nx_budget budget_store;

    /* The input as received (borrowed) and what the transport knows. */
    const char *input;
    size_t input_len;
    const nx_input_meta *meta;
    nx_input_format format; /* detected or forced */

    /* Metadata. published is normalized ISO 8601 (YYYY-MM-DD or a full
     * date-time) or absent; published_source is a static string or NULL. */
    nx_str id, title, url, lang, source, author, published;
    const char *published_source;
    /* Where lang (the declared tag, as given) came from: NULL for an envelope
     * or header field, "html" for the page's markup (html_meta.c). */
    const char *lang_declared_from;

    /* The article's language (langid stage, langid.c): an ISO 639-1 code
     * (639-3 where none), "" when undetermined; lang_source is a static
     * string ("envelope", "html", "detected", "undetermined"), confidence
     * 0..1 or negative for none. */
    char lang_code[8];
    const char *lang_source;
    double lang_confidence;
    /* The language pack of lang_code (lang_pack.h; owned by the core), NULL
     * when there is none. */
    const struct nx_lang_pack *lang_pack;
    /* What each stage of the core's table did, by table index (static strings
     * "ok", "skipped: language"; NULL: not reached). */
    const char *stage_status[NX_STAGE_MAX];
    /* Set by a stage's run when it did nothing for a reason it names
     * ("skipped: language": no model for the article's language); the core
     * records it as the stage's status and clears it. NULL: "ok". */
    const char *stage_skip;
    /* Set by a stage's run to the version of the model it used, when that is
     * not the one its model_version() names (a model per language); the core
     * keeps it per stage in stage_model and clears it. */
    const char *stage_model_used;
    const char *stage_model[NX_STAGE_MAX];
    /* From an HTML page (html_meta.c): author names one per line ('\n'
     * separated), site name, description and top image URL. */
    nx_str authors, site_name, description, image;

    /* The raw body before cleaning. raw points either into input (text input;
     * raw_owned == NULL) or into raw_owned (decoded JSON field, HTML text).
     * raw_base is raw's byte offset in input when it is a slice of input, else 0. */
    const char *raw;
    size_t raw_len;
    size_t raw_base;
    char *raw_owned;

    /* Clean text (owned, NUL-terminated) and, for each byte of text plus one
     * past the end, the byte offset in raw it came from. */
    char *text;
    size_t text_len;
    uint32_t *text_map; /* text_len + 1 entries */

    nx_repair *repairs;
    size_t n_repairs, cap_repairs;

    nx_span *paras;
    size_t n_paras, cap_paras;
    nx_sentence *sents;
    size_t n_sents, cap_sents;
    nx_token *toks;
    size_t n_toks, cap_toks;
    size_t n_words;         /* tokens of kind WORD or NUM */
    nx_tok_word *tok_words; /* n_toks entries once an extra stage asked (nx_doc_words), else NULL */
    /* The English word table of the extra stages (extras.h; owned by the
     * core, set by nx_doc_init), NULL for a doc made without a core. */
    const struct nx_words *words;

    nx_mention *mentions; /* sorted by start */
    size_t n_mentions, cap_mentions;
    nx_entity *entities; /* in order of first mention */
    size_t n_entities, cap_entities;
    nx_timex *timexes; /* sorted by start */
    size_t n_timexes, cap_timexes;
    nx_quote *quotes; /* sorted by start */
    size_t n_quotes, cap_quotes;
    nx_source *sources; /* sorted by start */
    size_t n_sources, cap_sources;

    /* Extras (amounts, keywords, tone, fingerprint stages; docs/extras.md). */
    nx_amount *amounts; /* sorted by start */
    size_t n_amounts, cap_amounts;
    nx_keyword *keywords; /* best first */
    size_t n_keywords, cap_keywords;
    nx_tone tone;
    uint8_t has_tone, has_fingerprint;
    uint64_t fingerprint; /* 64-bit SimHash of the text */
} nx_doc;

void nx_doc_init(nx_doc *doc, const nx_core_t *core, const nx_core_opts *opts);
void nx_doc_free(nx_doc *doc);

/* Copy n bytes into an nx_str (replacing what it held). */
nx_err nx_str_set(nx_str *s, const char *p, size_t n);
void nx_str_free(nx_str *s);

/* Grow a doc-owned array so that it can hold at least need elements. */
nx_err nx_grow(void **arr, size_t *cap, size_t need, size_t elem);

#endif
