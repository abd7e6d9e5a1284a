/*
 * core.c - the extraction pipeline: a table of stages run in order over one
 * nx_doc, then the record writer.
 *
 * Adding a stage is one function and one row in stages[] (after curl's
 * content writers and Fluent Bit's plugins).
 */
#include "nx_core.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "clean.h"
#include "extras.h"
#include "input.h"
#include "lang_pack.h"
#include "nx_alloc.h"
#include "nx_doc.h"
#include "record.h"
#include "segment.h"
#include "stage.h"

static const nx_stage *const stages[] = {
    &nx_stage_input,    &nx_stage_clean, &nx_stage_segment,     &nx_stage_langid,
    &nx_stage_entities, &nx_stage_dates, &nx_stage_quotes,      &nx_stage_amounts,
    &nx_stage_keywords, &nx_stage_tone,  &nx_stage_fingerprint,
};
#define N_STAGES (sizeof(stages) / sizeof(stages[0]))
_Static_assert(N_STAGES < NX_STAGE_MAX, "nx_doc.stage_status and nx_stage_times hold every stage");

struct nx_core {
    nx_core_opts opts;
    void *state[N_STAGES];
    nx_words *words;             /* the extra stages' English words (extras.h) */
    nx_input_words *input_words; /* the input and clean stages' (input_words.h) */
};

void nx_core_opts_init(nx_core_opts *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->max_input_bytes = 4u << 20;
    opts->max_record_bytes = 16u << 20;
    opts->max_steps_per_byte = NX_DEFAULT_STEPS_PER_BYTE;
    opts->min_steps = NX_DEFAULT_MIN_STEPS;
    opts->strict_utf8 = 0;
    opts->emit_sentences = 1;
    opts->pretty = 0;
    opts->format = NX_IN_AUTO;
}

static void *json_alloc(size_t n)
{
    return nx_malloc(n);
}

nx_core_t *nx_core_new(const nx_core_opts *opts, char *errstr, size_t errstr_size)
{
    nx_core_opts def;
    if (!opts) {
        nx_core_opts_init(&def);
        opts = &def;
    }
    if (opts->max_input_bytes == 0 || opts->max_record_bytes == 0 ||
        opts->max_steps_per_byte == 0 || opts->min_steps == 0) {
        nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "size and work limits must be positive");
        return NULL;
    }
    nx_core_t *core = nx_calloc(1, sizeof(*core));
    if (!core) {
        nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory creating the core");
        return NULL;
    }
    core->opts = *opts;
    /* Process-wide library set-up; both calls are idempotent. */
    json_set_alloc_funcs(json_alloc, nx_free);
    xmlInitParser();
    if (nx_words_load(core->opts.config_dir, &core->words, errstr, errstr_size) != NX_OK ||
        nx_input_words_load(core->opts.config_dir, &core->input_words, errstr, errstr_size) !=
            NX_OK) {
        nx_core_destroy(core);
        return NULL;
    }
    for (size_t s = 0; s < N_STAGES; s++) {
        if (stages[s]->init &&
            stages[s]->init(&core->opts, &core->state[s], errstr, errstr_size) != NX_OK) {
            nx_core_destroy(core);
            return NULL;
        }
    }
    return core;
}

void nx_core_destroy(nx_core_t *core)
{
    if (!core)
        return;
    for (size_t s = 0; s < N_STAGES; s++)
        if (stages[s]->free_state && core->state[s])
            stages[s]->free_state(core->state[s]);
    nx_words_free(core->words);
    nx_input_words_free(core->input_words);
    nx_free(core);
}

const nx_words *nx_core_words(const nx_core_t *core)
{
    return core->words;
}

/* {"stage": value, ...} for the stages whose value is not NULL, in table
 * order. */
static void write_stage_map(nx_buf *b, const char *const vals[N_STAGES])
{
    int first = 1;
    nx_buf_putc(b, '{');
    for (size_t s = 0; s < N_STAGES; s++) {
        if (!vals[s])
            continue;
        if (!first)
            nx_buf_putc(b, ',');
        first = 0;
        nx_json_str(b, stages[s]->name, strlen(stages[s]->name));
        nx_buf_putc(b, ':');
        nx_json_str(b, vals[s], strlen(vals[s]));
    }
    nx_buf_putc(b, '}');
}

void nx_core_write_models(const nx_core_t *core, const nx_doc *doc, nx_buf *b)
{
    const char *v[N_STAGES];
    for (size_t s = 0; s < N_STAGES; s++)
        v[s] = doc && doc->stage_model[s] ? doc->stage_model[s]
               : stages[s]->model_version ? stages[s]->model_version(core->state[s])
                                          : NULL;
    write_stage_map(b, v);
}

/* 1 when the space-separated list langs names code (never for code ""). */
static int lang_listed(const char *langs, const char *code)
{
    size_t n = strlen(code);
    if (!n)
        return 0;
    for (const char *p = langs; *p;) {
        while (*p == ' ')
            p++;
        size_t k = strcspn(p, " ");
        if (k == n && !memcmp(p, code, n))
            return 1;
        p += k;
    }
    return 0;
}

void nx_core_write_stages(const nx_doc *doc, nx_buf *b)
{
    write_stage_map(b, doc->stage_status);
}

/* Metadata fields longer than this many bytes are cut (at a UTF-8 boundary)
 * with a repair "<field>_truncated" (removed: the cut bytes; input_start and
 * input_end: their range in the field's value): the stages that look at a
 * title (entity salience) then do bounded work, whatever the envelope holds.
 * The id is left whole: it is the record's identity, and no stage scans it. */
#define NX_FIELD_MAX 4096

static nx_err cap_field(nx_doc *doc, nx_str *s, const char *kind)
{
    if (!s->data || s->len <= NX_FIELD_MAX)
        return NX_OK;
    size_t n = NX_FIELD_MAX;
    while (n > 0 && ((unsigned char)s->data[n] & 0xC0) == 0x80)
        n--;
    if (nx_grow((void **)&doc->repairs, &doc->cap_repairs, doc->n_repairs + 1, sizeof(nx_repair)))
        return NX_ERR_NOMEM;
    nx_repair *r = &doc->repairs[doc->n_repairs];
    memset(r, 0, sizeof(*r));
    r->kind = kind;
    r->input_start = (uint32_t)n;
    r->input_end = (uint32_t)s->len;
    if (nx_str_set(&r->removed, s->data + n, s->len - n))
        return NX_ERR_NOMEM;
    doc->n_repairs++;
    s->len = n;
    s->data[n] = '\0';
    return NX_OK;
}

static nx_err cap_fields(nx_doc *doc)
{
    struct {
        nx_str *s;
        const char *kind;
    } f[] = {{&doc->title, "title_truncated"},         {&doc->url, "url_truncated"},
             {&doc->lang, "lang_truncated"},           {&doc->source, "source_truncated"},
             {&doc->author, "author_truncated"},       {&doc->authors, "authors_truncated"},
             {&doc->site_name, "site_name_truncated"}, {&doc->description, "description_truncated"},
             {&doc->image, "image_truncated"}};
    nx_err e = NX_OK;
    for (size_t k = 0; k < sizeof(f) / sizeof(f[0]) && !e; k++)
        e = cap_field(doc, f[k].s, f[k].kind);
    return e;
}

/* Input stage: metadata and raw body; the glued header junk becomes the
 * first repair (the cleaner appends its own after it). The English words of
 * its repair and the cleaner's (config/lang/en/input-words.tsv; required)
 * are loaded once with the core. */
static nx_err input_run(nx_doc *doc, const void *state, char *errstr, size_t errstr_size)
{
    (void)state;
    nx_spend(doc->budget, doc->input_len);
    nx_span junk;
    nx_err e = nx_input_parse_with(doc, doc->core->input_words, &junk, errstr, errstr_size);
    if (e)
        return e;
    if (junk.end > junk.start) {
        if (nx_grow((void **)&doc->repairs, &doc->cap_repairs, 1, sizeof(nx_repair)))
            return NX_ERR_NOMEM;
        nx_repair *r = &doc->repairs[0];
        memset(r, 0, sizeof(*r));
        r->kind = "header_junk";
        r->input_start = junk.start;
        r->input_end = junk.end;
        if (nx_str_set(&r->removed, doc->input + junk.start, junk.end - junk.start))
            return NX_ERR_NOMEM;
        doc->n_repairs = 1;
    }
    return cap_fields(doc);
}

static nx_err clean_run(nx_doc *doc, const void *state, char *errstr, size_t errstr_size)
{
    (void)state;
    nx_spend(doc->budget, doc->raw_len);
    return nx_clean_with(doc, doc->core->input_words, errstr, errstr_size);
}

/* Segment stage: the English sentence rules (config/lang/en/sentences.tsv;
 * required) are its state. */
static nx_err segment_init(const nx_core_opts *opts, void **state, char *errstr, size_t errstr_size)
{
    nx_lang_pack *en = NULL;
    nx_err e = nx_segment_rules_load(opts ? opts->config_dir : NULL, &en, errstr, errstr_size);
    *state = en;
    return e;
}

static void segment_free(void *state)
{
    nx_lang_pack_free(state);
}

static nx_err segment_run(nx_doc *doc, const void *state, char *errstr, size_t errstr_size)
{
    nx_spend(doc->budget, doc->text_len);
    return nx_segment_with(doc, state, errstr, errstr_size);
}

const nx_stage nx_stage_input = {"input", NULL, input_run, NULL, NULL, NULL};
const nx_stage nx_stage_clean = {"clean", NULL, clean_run, NULL, NULL, NULL};
const nx_stage nx_stage_segment = {"segment", segment_init, segment_run, segment_free, NULL, NULL};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Repairs from the cleaner carry offsets in the raw body; when the body is a
 * slice of the input, shift them to input offsets. */
static void repairs_to_input(nx_doc *doc, size_t first)
{
    for (size_t i = first; i < doc->n_repairs; i++) {
        doc->repairs[i].input_start += (uint32_t)doc->raw_base;
        doc->repairs[i].input_end += (uint32_t)doc->raw_base;
    }
}

/* The article's work budget: steps_per_byte * len with a floor (saturating). */
static uint64_t step_limit(const nx_core_opts *o, size_t len)
{
    uint64_t per = o->max_steps_per_byte;
    uint64_t lim = len && per > UINT64_MAX / len ? UINT64_MAX : per * len;
    return lim < o->min_steps ? o->min_steps : lim;
}

static nx_err too_complex(const nx_doc *doc, const char *where, char *errstr, size_t errstr_size)
{
    return nx_seterr(errstr, errstr_size, NX_ERR_TOO_COMPLEX,
                     "article needs more than %" PRIu64 " steps of work (%zu input bytes; stopped "
                     "in stage %s)",
                     doc->budget->limit, doc->input_len, where);
}

nx_err nx_extract(const nx_core_t *core, const char *in, size_t len, const nx_input_meta *meta,
                  nx_buf *out, nx_stage_times *times, char *errstr, size_t errstr_size)
{
    return nx_extract_id(core, in, len, meta, out, NULL, times, errstr, errstr_size);
}

nx_err nx_extract_id(const nx_core_t *core, const char *in, size_t len, const nx_input_meta *meta,
                     nx_buf *out, nx_buf *id, nx_stage_times *times, char *errstr,
                     size_t errstr_size)
{
    if (!core || (!in && len) || !out)
        return nx_seterr(errstr, errstr_size, NX_ERR_INVALID_ARG, "nx_extract: bad arguments");
    if (errstr && errstr_size)
        errstr[0] = '\0';
    nx_doc doc;
    nx_doc_init(&doc, core, &core->opts);
    doc.input = in ? in : "";
    doc.input_len = len;
    doc.meta = meta;
    doc.budget->limit = step_limit(&core->opts, len);
    size_t id_len0 = id ? id->len : 0;

    nx_err e = NX_OK;
    unsigned long failed_before = nx_alloc_failures();
    if (times) {
        times->n = 0;
        times->steps_total = 0;
    }
    size_t header_repairs = 0;
    for (size_t s = 0; s < N_STAGES && !e; s++) {
        uint64_t t0 = times ? now_ns() : 0;
        uint64_t s0 = doc.budget->steps;
        if (stages[s]->langs && !lang_listed(stages[s]->langs, doc.lang_code)) {
            doc.stage_status[s] = "skipped: language";
        } else {
            doc.stage_skip = NULL;
            doc.stage_model_used = NULL;
            e = stages[s]->run(&doc, core->state[s], errstr, errstr_size);
            /* the article's language known, its sentence rules apply */
            if (!e && stages[s] == &nx_stage_langid)
                e = nx_segment_lang(&doc, errstr, errstr_size);
            if (!e && doc.budget->steps > doc.budget->limit)
                e = too_complex(&doc, stages[s]->name, errstr, errstr_size);
            doc.stage_status[s] = doc.stage_skip ? doc.stage_skip : "ok";
            doc.stage_model[s] = doc.stage_model_used;
        }
        if (s == 0)
            header_repairs = doc.n_repairs;
        if (times && times->n < NX_STAGE_MAX) {
            times->name[times->n] = stages[s]->name;
            times->steps[times->n] = doc.budget->steps - s0;
            times->ns[times->n++] = now_ns() - t0;
        }
    }
    if (!e) {
        repairs_to_input(&doc, header_repairs);
        if (!doc.published.data && meta && meta->timestamp_ms >= 0) {
            char iso[32];
            size_t n = nx_date_from_epoch_ms(meta->timestamp_ms, iso);
            if (n && !(e = nx_str_set(&doc.published, iso, n)))
                doc.published_source = "kafka_timestamp";
        }
    }
    /* A library that swallowed a failed allocation (jansson can) may have
     * left the doc incomplete: a record is complete or not written at all. */
    if (!e && nx_alloc_failures() != failed_before)
        e = nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "an allocation failed during extraction");
    if (!e) {
        uint64_t t0 = times ? now_ns() : 0;
        uint64_t s0 = doc.budget->steps;
        nx_buf rec;
        nx_buf_init(&rec, core->opts.max_record_bytes);
        e = nx_record_write(&doc, &rec, id, errstr, errstr_size);
        if (!e && doc.budget->steps > doc.budget->limit)
            e = too_complex(&doc, "record", errstr, errstr_size);
        if (!e && core->opts.pretty) {
            nx_buf pretty;
            nx_buf_init(&pretty, core->opts.max_record_bytes * 2);
            e = nx_json_pretty(rec.data, rec.len, &pretty);
            if (!e)
                e = nx_buf_append(out, pretty.data, pretty.len);
            nx_buf_free(&pretty);
        } else if (!e) {
            e = nx_buf_append(out, rec.data, rec.len);
        }
        nx_buf_free(&rec);
        if (times && times->n < NX_STAGE_MAX) {
            times->name[times->n] = "record";
            times->steps[times->n] = doc.budget->steps - s0;
            times->ns[times->n++] = now_ns() - t0;
        }
    }
    if (times)
        times->steps_total = doc.budget->steps;
    if (e && id && id->data && id->len > id_len0) {
        id->len = id_len0; /* on error nothing is appended */
        id->data[id_len0] = '\0';
    }
    if (e && errstr && errstr_size && !errstr[0])
        nx_seterr(errstr, errstr_size, e, "%s", nx_strerror(e));
    nx_doc_free(&doc);
    return e;
}
