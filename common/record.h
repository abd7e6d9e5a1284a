/*
 * record.h - the enriched record as JSON (schema newsx.record/1).
 *
 * Keys always in the same order; every offset a code point offset into
 * "text", end exclusive. config/schema/record-v1.json is the schema.
 */
#ifndef NX_RECORD_H
#define NX_RECORD_H

#include "nx_doc.h"

/* Append the compact record of doc to out, and (when id is not NULL and the
 * record was written) the value of its "id" field to id. On failure out is in
 * its failed state (see nx_buf.h): write into a buffer of your own with the
 * record cap. The writer stops at the first failed append. Linear time: one
 * pass over each array of the doc (mentions bucketed by entity once). */
nx_err nx_record_write(const nx_doc *doc, nx_buf *out, nx_buf *id, char *errstr,
                       size_t errstr_size);

/* Append s as a JSON string literal (quotes included). Invalid UTF-8 is
 * written as U+FFFD. */
void nx_json_str(nx_buf *b, const char *s, size_t len);

/* Re-indent compact JSON (as written by this module) with two spaces. */
nx_err nx_json_pretty(const char *json, size_t len, nx_buf *out);

/* Append {"stage":"model version",...} for the stages that have a model
 * (core.c): the model a stage used for doc where it names one (a model per
 * language), else the stage's own. doc may be NULL. */
void nx_core_write_models(const nx_core_t *core, const nx_doc *doc, nx_buf *b);

/* extractor.stages of the record: each stage of the core's table that was
 * reached and what it did ("ok", "skipped: language"). In core.c. */
void nx_core_write_stages(const nx_doc *doc, nx_buf *b);

#endif
