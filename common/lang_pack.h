/*
 * lang_pack.h - a language pack: what newsx knows of one language, as data
 * under config/lang/<code>/ (config/lang/README.md lists the files).
 *
 * Loaded once at core creation by the langid stage (every folder of
 * config/lang/ with the files below), read-only afterwards and shared by all
 * threads; the langid stage points doc->lang_pack at the article's pack.
 * Stages look words up here instead of holding their own lists (issue 20,
 * parts 3-4; of the English stages, only the amounts stage reads words this
 * way, from a pack of its own file: nx_lang_pack_load_words).
 */
#ifndef NX_LANG_PACK_H
#define NX_LANG_PACK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nx_err.h"

typedef struct nx_lang_pack nx_lang_pack; /* also named in nx_doc.h */

/* Word classes of calendar.tsv and relative.tsv (a word may have several). */
#define NX_LW_MONTH     0x01u /* month name, value 1-12 */
#define NX_LW_WEEKDAY   0x02u /* weekday name, value 1 (Monday) - 7 */
#define NX_LW_REL_DAY   0x04u /* "gestern": value -2..2 days from today */
#define NX_LW_REL_WEEK  0x08u /* "letzte Woche": value -1..1 */
#define NX_LW_REL_MONTH 0x10u
#define NX_LW_REL_YEAR  0x20u
#define NX_LW_STOP      0x40u   /* stopwords.tsv: a function word */
#define NX_LW_SCALE     0x80u   /* amounts.tsv: "Millionen", "mil millones"; value: power of ten */
#define NX_LW_CURRENCY  0x100u  /* amounts.tsv: "Euro"; value: the ISO code (nx_lang_currency) */
#define NX_LW_PERCENT   0x200u  /* amounts.tsv: "Prozent" (value 1), "Prozentpunkte" (2) */
#define NX_LW_OF        0x400u  /* amounts.tsv: "de", "di": "millones de euros" */
#define NX_LW_NUMBER    0x800u  /* amounts.tsv: a number word, "drei" 3 */
#define NX_LW_ARTICLE   0x1000u /* amounts.tsv: "ein", "un": 1, only before a scale word */
#define NX_LW_MODIFIER  0x2000u /* amounts.tsv: "neue", "novas": between a number and its noun */
#define NX_LW_UNIT                                                                                 \
    0x4000u /* a unit of time: timex.tsv "unit" lines ("Jahren" Ys), amounts.tsv "unit" lines      \
               ("Quartale" quarter); value: nx_lang_unit_name */
/* Classes of en/amounts.tsv only (the English amounts stage, common/amounts.c): */
#define NX_LW_FACTOR     0x8000u   /* "dozen": a multiplier that is no power of ten; value: it */
#define NX_LW_SCALE_ABBR 0x10000u  /* "bn", "mln": a scale after digits only; power of ten */
#define NX_LW_SUFFIX     0x20000u  /* "th", "s" glued to digits: no amount ("5th", "1990s") */
#define NX_LW_MEASURE    0x40000u  /* "barrel", "km": a unit of measure, by its singular */
#define NX_LW_VERB       0x80000u  /* "fell", "was": ends the object of an amount */
#define NX_LW_DET        0x100000u /* "the", "its": skipped after an "of" word */
#define NX_LW_AND        0x200000u /* "and" between number words: "two hundred and fifty" */
#define NX_LW_IN         0x400000u /* "in" before a currency amount's object: "$3 bn in aid" */
#define NX_LW_PLURAL     0x800000u /* "people": a plural noun that is its own lemma */
#define NX_LW_UNIT_PREFIX                                                                          \
    0x1000000u /* "square", "cubic": kept before a unit ("square kilometre") */

/* Abbreviation classes (abbreviations.tsv, sentences.tsv), by the exact
 * text with its final period ("Dr.", "z. B."): */
#define NX_AB_NOSPLIT 1 /* never ends a sentence inside a line (titles, "bzw.") */
#define NX_AB_SPLIT   2 /* may end one: only before a sentence starter */
#define NX_AB_PART    3 /* a word of a longer entry ("z." of "z. B."): keeps its period */
#define NX_AB_WORD                                                                                 \
    4                 /* no abbreviation after all (sentences.tsv "word": a CLDR                   \
                         entry that is a common word, "Test."); never returned */
#define NX_AB_LOOSE 5 /* "etc.": may end a sentence before any capitalized word */

/* Sentence words of sentences.tsv (no final period, exact case), read by the
 * segmenter's English rules (config/lang/en/sentences.tsv): */
#define NX_SW_STARTER  0x1u /* "starter": commonly opens a sentence ("The", "However") */
#define NX_SW_CONTINUE 0x2u /* "continue": a line ending with it goes on ("the", "of") */

/* Load the pack in dir (config/lang/<code>); code is the folder's name.
 * Returns NULL and fills errstr on failure (a missing or malformed file,
 * named with its line). Free with nx_lang_pack_free(). */
nx_lang_pack *nx_lang_pack_load(const char *dir, const char *code, char *errstr,
                                size_t errstr_size);
void nx_lang_pack_free(nx_lang_pack *p);
/* A pack of the words of one file at path, in amounts.tsv's format
 * (word<TAB>class<TAB>value, any NX_LW_* class), for a stage that reads one
 * file of its own (the English amounts stage: en/amounts.tsv), into *out.
 * The file is required: NX_ERR_CONFIG and errstr naming the path when it is
 * missing, or its line when malformed (*out untouched); NX_ERR_NOMEM. Free
 * with nx_lang_pack_free(). */
nx_err nx_lang_pack_load_words(const char *path, const char *code, nx_lang_pack **out, char *errstr,
                               size_t errstr_size);

/* The pack's language code ("de"); owned by the pack. */
const char *nx_lang_pack_code(const nx_lang_pack *p);

/* Classes (NX_LW_*) of the word or phrase s[0, n) (UTF-8, any case; a
 * phrase's words separated by one space), 0 when unknown; *value (may be
 * NULL) receives the value of the first class found in NX_LW_ order. */
unsigned nx_lang_pack_word(const nx_lang_pack *p, const char *s, size_t n, int *value);

/* Like nx_lang_pack_word, but 0 unless the word has a class of cls; *value
 * receives the value of its first class among cls. */
unsigned nx_lang_pack_word_class(const nx_lang_pack *p, const char *s, size_t n, unsigned cls,
                                 int *value);

/* A quotation mark by role ("open", "close", "open-inner", "close-inner")
 * or a number symbol ("decimal", "group", "percent", "minus", "plus"), as a
 * NUL-terminated UTF-8 string owned by the pack; NULL when the pack has none. */
const char *nx_lang_pack_quote(const nx_lang_pack *p, const char *role);
const char *nx_lang_pack_number(const nx_lang_pack *p, const char *symbol);

/* The abbreviation class (NX_AB_*) of s[0, n), compared exactly (case
 * matters: "bien." is no "Bien."; only a capital first letter may stand for
 * an entry's lower-case one: "Nov." for "nov."), 0 when unknown. A phrase's words are
 * separated by one space ("EE. UU."). */
int nx_lang_pack_abbrev(const nx_lang_pack *p, const char *s, size_t n);
/* The abbreviation class (NX_AB_*) of s[0, n) exactly as written (no
 * capital stands for a lower-case entry), 0 when unknown: the English
 * rules' lookup. */
int nx_lang_pack_abbrev_exact(const nx_lang_pack *p, const char *s, size_t n);
/* The NX_SW_* classes of the word s[0, n) exactly as written, 0 when none. */
unsigned nx_lang_pack_sentence_word(const nx_lang_pack *p, const char *s, size_t n);
/* Load only dir/sentences.tsv (required: a missing file is an NX_ERR_CONFIG
 * error naming its path, a malformed line one naming its line) into *out, a
 * pack of code code, with the loader of nx_lang_pack_load: the segmenter's
 * English rules. *out (free it with nx_lang_pack_free) is NULL on error. */
nx_err nx_lang_pack_load_sentences(const char *dir, const char *code, nx_lang_pack **out,
                                   char *errstr, size_t errstr_size);
/* 1 when the pack has sentence rules (abbreviations or the ordinal dot):
 * the segmenter then splits the article again in its language. */
int nx_lang_pack_has_sentence_rules(const nx_lang_pack *p);
/* 1 when a number with a dot is an ordinal ("am 3. März"; sentences.tsv). */
int nx_lang_pack_ordinal_dot(const nx_lang_pack *p);
/* 1 when the language capitalizes its nouns (German; amounts.tsv line
 * "capitalized-nouns<TAB>option<TAB>1"). */
int nx_lang_pack_capitalized_nouns(const nx_lang_pack *p);
/* The ISO 4217 code of an NX_LW_CURRENCY value into out (4 bytes). */
void nx_lang_currency(int value, char out[4]);
/* The unit of an NX_LW_UNIT value as every language's amounts name it, the
 * English singular ("second", "minute", "hour", "day", "week", "month",
 * "quarter", "half-year", "year", "decade", "century"); NULL for no unit. */
const char *nx_lang_unit_name(int value);

/* Number of entries of calendar.tsv and relative.tsv (for tests and logs). */
size_t nx_lang_pack_size(const nx_lang_pack *p);

/* Lower-case s[0, n) into out (NFC input stays NFC for these scripts);
 * returns the length, 0 when it does not fit in cap bytes or is not UTF-8.
 * The one word folding of every language-data table (packs, speech words,
 * time words). */
size_t nx_lang_lower(const char *s, size_t n, char *out, size_t cap);
/* The hash key of a word folded by nx_lang_lower (never 0). */
uint64_t nx_lang_word_key(const char *lower, size_t n);

/* The language-data word tables (packs, speech words, time words): open
 * addressing over slots of elem bytes whose first member is a uint64_t key
 * (0: empty), cap a power of two. nx_lang_slot is the slot of key (cap > 0):
 * the key's own, or the empty one where it goes. nx_lang_slots_reserve grows
 * the table (doubling from 256) so that one more key than n fits at most
 * half full. */
void *nx_lang_slot(void *slots, size_t cap, size_t elem, uint64_t key);
nx_err nx_lang_slots_reserve(void **slots, size_t *cap, size_t n, size_t elem);

/* The tab-separated data files (packs, entity forms, known names, the
 * quote stage's words and cues, the dates' time words): the next line of fp
 * that is neither empty nor a '#' comment, into line (cap bytes, fgets's
 * limit) without its line end; *lineno (may be NULL) counts every line
 * read, skipped ones included. 0 at the end of the file. */
int nx_tsv_line(FILE *fp, char *line, size_t cap, unsigned *lineno);
/* Split line at its tabs, in place, into at most max fields (the last one
 * keeps any further tabs); returns the number of fields. */
size_t nx_tsv_split(char *line, char **f, size_t max);

#endif
