/*
 * nx_core.h - the extraction core: one raw article in, one enriched record out.
 *
 * This is the library's public face. It never sees Kafka: a program that has
 * never heard of librdkafka can link newsx_core and call nx_extract().
 *
 * Thread model: an nx_core_t is created once (it loads models and lexicons)
 * and is then read-only; any number of threads may call nx_extract() on the
 * same core at once. Each call allocates its own working memory and frees it
 * before it returns.
 */
#ifndef NX_CORE_H
#define NX_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "nx_buf.h"
#include "nx_err.h"

#define NX_RECORD_SCHEMA     "newsx.record/1"
#define NX_EXTRACTOR_NAME    "newsx"
#define NX_EXTRACTOR_VERSION "0.1.0"

typedef enum nx_input_format {
    NX_IN_AUTO = 0, /* detect from the bytes */
    NX_IN_TEXT,     /* plain text, optionally with header lines */
    NX_IN_JSON,     /* one JSON envelope */
    NX_IN_HTML      /* an HTML page */
} nx_input_format;

/* Extra envelope field names mapped onto a record field (config core.field.map). */
typedef struct nx_field_alias {
    const char *from; /* envelope key, e.g. "headline" */
    const char *to;   /* one of: id url title published lang source author text html */
} nx_field_alias;

/* Work budget defaults (docs/architecture.md, "Work budget"). */
#define NX_DEFAULT_STEPS_PER_BYTE 64
#define NX_DEFAULT_MIN_STEPS      1000000

typedef struct nx_core_opts {
    size_t max_input_bytes;  /* default 4 MiB; larger input -> NX_ERR_INPUT_TOO_LARGE */
    size_t max_record_bytes; /* default 16 MiB; larger record -> NX_ERR_RECORD_TOO_LARGE */
    /* Work budget of one article, in steps (units of work the stages count,
     * docs/architecture.md): max(min_steps, steps_per_byte * input bytes);
     * more -> NX_ERR_TOO_COMPLEX. Deterministic: no clock involved. */
    size_t max_steps_per_byte;     /* default NX_DEFAULT_STEPS_PER_BYTE */
    size_t min_steps;              /* default NX_DEFAULT_MIN_STEPS */
    int strict_utf8;               /* 1: invalid UTF-8 -> NX_ERR_BAD_UTF8; 0: U+FFFD + repair */
    int emit_sentences;            /* 1: the record carries "sentences" */
    int pretty;                    /* 1: indented JSON instead of one line */
    nx_input_format format;        /* NX_IN_AUTO by default */
    const nx_field_alias *aliases; /* borrowed; must outlive the core */
    size_t n_aliases;
    const char *config_dir; /* where models/lexicons live; NULL: built-in default */
    /* Languages whose entity models load (ISO 639 codes separated by spaces
     * or commas, "en de fr"); NULL or "": every model under
     * <config_dir>/models. A listed language without a model file fails
     * nx_core_new() (NX_ERR_MODEL). Borrowed; must outlive the core. */
    const char *languages;
} nx_core_opts;

/* Defaults for every option. */
void nx_core_opts_init(nx_core_opts *opts);

typedef struct nx_core nx_core_t;

/* Create a core. opts is copied (aliases are borrowed). Returns NULL and fills
 * errstr on failure. Free with nx_core_destroy(). */
nx_core_t *nx_core_new(const nx_core_opts *opts, char *errstr, size_t errstr_size);
void nx_core_destroy(nx_core_t *core);

/* What the transport knows about an article besides its bytes (all optional). */
typedef struct nx_input_meta {
    const char *key; /* message key (record id fallback), not NUL-terminated */
    size_t key_len;
    int64_t timestamp_ms; /* message timestamp, < 0 when unknown */
} nx_input_meta;

/* Per-stage wall time of one extraction, in nanoseconds (for metrics and benches). */
#define NX_STAGE_MAX 16
typedef struct nx_stage_times {
    size_t n;
    const char *name[NX_STAGE_MAX];
    uint64_t ns[NX_STAGE_MAX];
    uint64_t steps[NX_STAGE_MAX]; /* work-budget steps each stage counted (deterministic) */
    uint64_t steps_total;         /* all of them: what the budget was compared with */
} nx_stage_times;

/* Extract one article.
 *   in/len   the raw bytes (need not be NUL-terminated); borrowed.
 *   meta     may be NULL.
 *   out      receives the record JSON (appended); the caller owns and frees it.
 *   times    may be NULL; filled with per-stage times when given.
 * Returns NX_OK or a named error (errstr says more); on error nothing is
 * appended to out. Deterministic: the same bytes, meta and core version give a
 * byte-identical record. */
nx_err nx_extract(const nx_core_t *core, const char *in, size_t len, const nx_input_meta *meta,
                  nx_buf *out, nx_stage_times *times, char *errstr, size_t errstr_size);

/* nx_extract() that also appends the record's id to id (when not NULL; on
 * success only): the value of the record's "id" field as UTF-8 (invalid
 * bytes shown as U+FFFD, as in the record), so that a caller keying its
 * output by id need not parse the record again. */
nx_err nx_extract_id(const nx_core_t *core, const char *in, size_t len, const nx_input_meta *meta,
                     nx_buf *out, nx_buf *id, nx_stage_times *times, char *errstr,
                     size_t errstr_size);

/* Number of words the last record counted is in the record; for benches,
 * nx_count_words() counts words in a UTF-8 text the way stats.words does. */
size_t nx_count_words(const char *text, size_t len);

#endif
