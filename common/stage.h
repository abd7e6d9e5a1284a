/*
 * stage.h - one extraction stage: a name and three functions, registered in
 * the table in core.c. Adding a stage is one file and one line there.
 */
#ifndef NX_STAGE_H
#define NX_STAGE_H

#include "nx_doc.h"

typedef struct nx_stage {
    const char *name;
    /* Load models or lexicons once, when the core is created. May be NULL.
     * *state (owned by the stage, freed by free_state) may stay NULL. */
    nx_err (*init)(const nx_core_opts *opts, void **state, char *errstr, size_t errstr_size);
    /* Run over one doc. state is read-only here: many threads share it. */
    nx_err (*run)(nx_doc *doc, const void *state, char *errstr, size_t errstr_size);
    /* Free what init made. May be NULL. */
    void (*free_state)(void *state);
    /* Version string of the stage's model for the record's extractor.models,
     * or NULL when it has none. May be NULL. */
    const char *(*model_version)(const void *state);
    /* Languages the stage supports: NULL for a language-independent stage,
     * else ISO 639 codes separated by spaces ("en"). The core runs it only on
     * an article identified as one of them (the langid stage) and records
     * "skipped: language" otherwise, undetermined articles included. A stage
     * whose languages are known only once it is loaded (the entity stage: a
     * model per language) gives NULL and skips an article itself by setting
     * doc->stage_skip. */
    const char *langs;
} nx_stage;

extern const nx_stage nx_stage_input;
extern const nx_stage nx_stage_clean;
extern const nx_stage nx_stage_segment;
extern const nx_stage nx_stage_langid;
extern const nx_stage nx_stage_entities;
extern const nx_stage nx_stage_dates;
extern const nx_stage nx_stage_quotes;
extern const nx_stage nx_stage_amounts;
extern const nx_stage nx_stage_keywords;
extern const nx_stage nx_stage_tone;
extern const nx_stage nx_stage_fingerprint;

#endif
