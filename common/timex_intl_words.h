/*
 * timex_intl_words.h - the word table of the dates stage for languages
 * other than English (internal to timex_intl.c and timex_intl_words.c):
 * the word classes of config/lang/<code>/timex.tsv, one slot per word or
 * phrase, loaded once per language by nx_timex_intl_new.
 */
#ifndef NX_TIMEX_INTL_WORDS_H
#define NX_TIMEX_INTL_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "timex_intl.h"

#define TI_WORD_MAX 96
#define TI_PHRASE   3 /* words in a phrase at most */

/* Word classes (a word may have several). */
enum {
    C_MONTH,
    C_WEEKDAY,
    C_REL_DAY,
    C_REL_WEEK,
    C_REL_MONTH,
    C_REL_YEAR,
    C_REF,
    C_SET,
    C_SEASON,
    C_UNIT,
    C_NUMBER,
    C_ORDINAL,
    C_MODIFIER,
    C_LEAD,
    C_AGO,
    C_OF,
    C_CLOCK,
    C_AND,
    C_APPROX,
    C_AGE,
    C_DAYPART,
    C_STOP,
    C_FUTURE,
    C_SAME,
    C_PERIOD,
    C_VAGUE,
    C_DURING,
    C_DURATION,
    C_WEEKEND,
    C_REL_TIME,
    C_TO,
    C_LIST,
    C_DECADE,
    C_PART,
    C_EACH,
    C_DAY_SUFFIX,
    C_PAST,
    C_GENERAL,
    C_MEASURE,
    C_AT,
    C_ANAPHOR,
    C_HOLIDAY,
    C_HALF,
    C_PHSTART, /* first word of a phrase of the file */
    C_N
};

#define B(c) ((uint64_t)1 << (c))

typedef struct ti_slot {
    uint64_t key; /* 0: empty */
    uint64_t cls;
    int16_t val[C_N];
    char str[C_N][12]; /* text values (ref, set, season, unit) */
    uint8_t words;     /* words of the phrase */
} ti_slot;

#define TI_DAYPARTS 8

typedef struct ti_lang {
    char code[8];
    ti_slot *slots;
    size_t cap, n;
    /* the one-word parts of the day, for compounds ("Dienstagabend") */
    char dayparts[TI_DAYPARTS][16];
    uint8_t dayparts_len[TI_DAYPARTS];
    size_t n_dayparts;
} ti_lang;

/* The word table of language code, or NULL; owned by t. */
const ti_lang *ti_lang_of(const nx_timex_intl *t, const char *code);

/* The entry of a lower-cased word or phrase (words joined by one space), or
 * NULL; owned by l. */
const ti_slot *ti_find(const ti_lang *l, const char *lower, size_t n);

#endif
