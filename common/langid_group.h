/*
 * langid_group.h - the langid stage's second stage: naive Bayes
 * discriminators for groups of languages that CLD2 mixes up (Bosnian,
 * Croatian and Serbian; Malay and Indonesian; the pack languages and their
 * neighbours on short texts). One model per file under config/langid/
 * (trained by tests/train/langid_train.py); docs/langid.md has the rules
 * and the cross-validated accuracy.
 */
#ifndef NX_LANGID_GROUP_H
#define NX_LANGID_GROUP_H

#include <stddef.h>

#include "nx_err.h"

/* Texts with at most this many letters are short (a "short" group applies). */
#define NX_LANGID_SHORT_LETTERS 160

typedef struct nx_langid_groups nx_langid_groups;

/* Load every dir/<name>.tsv in name order. No such folder: *out gets an empty
 * set. A malformed file is an error naming the file and line. */
nx_err nx_langid_groups_load(const char *dir, nx_langid_groups **out, char *errstr,
                             size_t errstr_size);

void nx_langid_groups_free(nx_langid_groups *g);

/* When code is in a group that applies to a text of `letters` letters,
 * score the UTF-8 text s[0, n) with that group's model: out (8 bytes) gets
 * the group's best language and *posterior its share of the group's
 * probability, and the result is 1. 0 (out untouched) when no group applies
 * or the text has no feature the model knows. */
int nx_langid_groups_decide(const nx_langid_groups *g, const char *code, const char *s, size_t n,
                            size_t letters, char *out, double *posterior);

/* 1 when code is in a group that applies to a text of `letters` letters
 * (nx_langid_groups_decide would score it), without scoring anything. */
int nx_langid_groups_applies(const nx_langid_groups *g, const char *code, size_t letters);

#endif
