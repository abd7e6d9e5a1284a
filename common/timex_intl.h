/*
 * timex_intl.h - time expressions in languages other than English: one
 * engine driven by data (config/lang/<code>/timex.tsv with the pack's
 * calendar.tsv and relative.tsv), run by the dates stage (timex.c) on an
 * article in one of those languages. docs/dates.md, "Other languages".
 */
#ifndef NX_TIMEX_INTL_H
#define NX_TIMEX_INTL_H

#include <stddef.h>

#include "nx_doc.h"

typedef struct nx_timex_intl nx_timex_intl;

/* Load config_dir/lang/<code>/timex.tsv of every pack folder that has one
 * (config_dir NULL: the built-in default). A malformed file is an error
 * naming its line; no file at all is an empty, valid state. */
nx_err nx_timex_intl_new(const char *config_dir, nx_timex_intl **out, char *errstr,
                         size_t errstr_size);
void nx_timex_intl_free(nx_timex_intl *t);

/* Space-separated codes of the languages loaded ("de es pt"), owned by t. */
const char *nx_timex_intl_langs(const nx_timex_intl *t);

/* Fill doc->timexes for doc->lang_code against doc->published; a language
 * without a timex.tsv leaves it empty. */
nx_err nx_timex_intl_run(const nx_timex_intl *t, nx_doc *doc);

#endif
