/*
 * quotes_lang.h - the quote stage for the languages other than English
 * (de, fr, es, it, pt, nl; docs/quotes.md, "Other languages"): quotation
 * marks by the language's conventions („…“, »…«, «…», ‹…›, "…", a paragraph
 * opened by a dash), speech cues and speaker words from the language's data
 * files config/lang/<code>/speech-verbs.tsv and speaker-words.tsv, speakers
 * as the name or noun phrase next to the cue, with no entity.
 */
#ifndef NX_QUOTES_LANG_H
#define NX_QUOTES_LANG_H

#include <stddef.h>

#include "nx_doc.h"

typedef struct nx_qlang nx_qlang;

/* Load the speech data of every folder of config_dir/lang/ that has a
 * speech-verbs.tsv (no such folder: no data). *out is NULL-safe to free
 * with nx_qlang_free(). A malformed file is an error naming its line. */
nx_err nx_qlang_load(const char *config_dir, nx_qlang **out, char *errstr, size_t errstr_size);
void nx_qlang_free(nx_qlang *q);

/* Fill doc->quotes for an article in doc->lang_code. A language without
 * data gets its quotations without speaker or cue. */
nx_err nx_qlang_run(nx_doc *doc, const nx_qlang *q, char *errstr, size_t errstr_size);

#endif
