/*
 * extras_words.h - the English word table of the extra stages (nx_words):
 * its layout, shared by the loader (extras_words.c) and the lookups
 * (extras.c).
 */
#ifndef NX_EXTRAS_WORDS_H
#define NX_EXTRAS_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "extras.h"

/* A word and its lemma (an irregular plural). */
typedef struct nx_plural {
    char *plural, *lemma;
} nx_plural;

/* One line of a file, before the table is built. */
typedef struct word_entry {
    char w[NX_WORD_CLASS_MAX];
    uint8_t n, cls;
    double v;
} word_entry;

/* The word table: XXH3 of the lower-case word -> classes and value, open
 * addressing. Keys and classes lie apart from the values, which few lookups
 * read. Read-only once loaded. */
struct nx_words {
    size_t mask;
    uint64_t *key; /* 0: empty */
    uint8_t *cls;
    double *value;
    char **stop; /* the function words in file order */
    size_t n_stop;
    nx_plural *plurals;
    size_t n_plurals;
    word_entry *ents; /* while loading */
    size_t n_ents, cap_ents, cap_stop, cap_plurals;
};

/* The slot of key: its own, or the empty one where it goes. */
static inline size_t nx_words_slot(const nx_words *w, uint64_t key)
{
    size_t i = (size_t)(key >> 11) & w->mask;
    while (w->key[i] && w->key[i] != key)
        i = (i + 1) & w->mask;
    return i;
}

#endif
