/*
 * input_words.h - the English words of the input and clean stages, read
 * from <config_dir>/lang/en/input-words.tsv (config/lang/README.md).
 *
 * Two classes: `opener` (a word that commonly opens a news sentence: the
 * header_junk repair, input.c) and `repeat` (a word that may repeat as a
 * whole sentence: the repeated_token repair, clean.c). These stages run
 * before language identification, so the lists apply to every text.
 */
#ifndef NX_INPUT_WORDS_H
#define NX_INPUT_WORDS_H

#include <stddef.h>

#include "nx_err.h"

typedef struct nx_input_words nx_input_words;

/* Load <config_dir>/lang/en/input-words.tsv (config_dir NULL: the built-in
 * config folder). Required: a missing file, an unknown class or a word that
 * is not 1-16 lower-case ASCII letters is NX_ERR_CONFIG naming the path (and
 * line). */
nx_err nx_input_words_load(const char *config_dir, nx_input_words **out, char *errstr,
                           size_t errstr_size);
void nx_input_words_free(nx_input_words *w);

/* The built-in config folder's words, loaded at the first call that finds
 * them (a failed load is tried again at the next call), read-only
 * afterwards, never freed: for nx_input_parse() and nx_clean(). */
nx_err nx_input_words_default(const nx_input_words **out, char *errstr, size_t errstr_size);

/* Whether the n lower-case bytes at w are an `opener` / a `repeat` word. */
int nx_input_words_opener(const nx_input_words *iw, const char *w, size_t n);
int nx_input_words_repeat(const nx_input_words *iw, const char *w, size_t n);

#endif
