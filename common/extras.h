/*
 * extras.h - helpers shared by the GDELT-style extra stages (amounts.c,
 * keywords.c, tone.c, simhash.c); the rules are in docs/extras.md.
 */
#ifndef NX_EXTRAS_H
#define NX_EXTRAS_H

#include <stddef.h>
#include <stdint.h>

#include "nx_doc.h"

/* Content words per SimHash feature (word shingle length): single words
 * kept copies closest and other stories farthest on tests/data/extras
 * (docs/extras.md has the numbers). */
#ifndef NX_SIMHASH_SHINGLE
#define NX_SIMHASH_SHINGLE 1
#endif

/* The 64-bit SimHash of doc->text over doc->toks into *out (the doc gains
 * only its per-token words, nx_doc_words). 0 for a text without content
 * words. NX_OK or NX_ERR_NOMEM. */
nx_err nx_simhash_text(nx_doc *doc, uint64_t *out);

/* Number of differing bits. */
int nx_hamming64(uint64_t a, uint64_t b);

/* Word classes of the English word table (a word may have several). */
#define NX_W_STOP  0x01u /* function word */
#define NX_W_NEG   0x02u /* negator: not, n't, no, never, without, ... */
#define NX_W_NUM   0x04u /* number word: zero..nineteen, twenty..ninety (value) */
#define NX_W_SCALE 0x08u /* hundred, thousand, million, billion, dozen, bn, ... (value) */
#define NX_W_CAL   0x10u /* month or weekday name */
#define NX_W_MOD   0x20u /* modifier between a number and its noun: more, other, new */
#define NX_W_VAGUE 0x40u /* vague plural number, no key phrase: hundreds, millions */

/* The word table holds ASCII words shorter than this many bytes. */
#define NX_WORD_CLASS_MAX 24

/* The English word table of the extra stages (extras_words.c): the function
 * words of config_dir/lang/en/stopwords.tsv (NX_W_STOP) and the classes,
 * values and irregular plurals of config_dir/lang/en/word-classes.tsv
 * (config/lang/README.md). The core loads it once when it is created and
 * points every doc at it (doc->words); read-only afterwards. */
typedef struct nx_words nx_words;

/* Load the table from config_dir (NULL: the built-in default) into *out.
 * A missing or malformed file is NX_ERR_CONFIG naming its path (and line). */
nx_err nx_words_load(const char *config_dir, nx_words **out, char *errstr, size_t errstr_size);
void nx_words_free(nx_words *w);

/* The core's table (core.c). */
const nx_words *nx_core_words(const nx_core_t *core);

/* Hash of a lower-case word, the key of the word table (and of the tone
 * lexicon, so that one hash serves both). Never 0. */
uint64_t nx_word_hash(const char *lower, size_t n);

/* Classes of the word with hash h (0: none); *value (may be NULL) receives
 * the number of a NX_W_NUM or NX_W_SCALE word. */
unsigned nx_word_class_hash(const nx_words *w, uint64_t h, double *value);

/* Classes of the ASCII word s[0, n), case-insensitive (0 for a word of
 * NX_WORD_CLASS_MAX bytes or more). */
unsigned nx_word_class(const nx_words *w, const char *s, size_t n, double *value);

/* 1 when the ASCII word s[0, n) is an English function word (case-insensitive):
 * articles, pronouns, prepositions, conjunctions, auxiliaries, ... */
int nx_is_stopword(const nx_words *w, const char *s, size_t n);

/* The English function words of nx_is_stopword(), lower case, in the file's
 * order, into *words (owned by w); returns their number. */
size_t nx_stopword_list(const nx_words *w, const char *const **words);

/* doc->tok_words (nx_doc.h), filled on the first call: per token the word
 * table's hash of the lower-case token and its classes (doc->words), so that
 * the extra stages hash each word once. NULL when out of memory or the doc
 * has no word table. */
const nx_tok_word *nx_doc_words(nx_doc *doc);

/* Lower-case ASCII copy of s[0, n) into out (NUL-terminated); 0 when s is
 * empty, not ASCII or does not fit. */
static inline size_t nx_lower_ascii(const char *s, size_t n, char *out, size_t out_size)
{
    if (n == 0 || n >= out_size)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80)
            return 0;
        out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[n] = '\0';
    return n;
}

/* The singular lemma of an English noun s[0, n) into out (NUL-terminated,
 * lower case; at most out_size - 1 bytes). Returns its length, or 0 when it
 * does not fit. Irregular plurals (children, people->people, feet, ...) come
 * from w (word-classes.tsv), the rest from suffix rules (cities->city,
 * boxes->box, barrels->barrel). */
size_t nx_noun_lemma(const nx_words *w, const char *s, size_t n, char *out, size_t out_size);

/* The ISO 4217 code of a currency sign ("€", "$", "£", "R$", "US$") or
 * code ("EUR", "USD") s[0, n), or NULL (amounts.c). */
const char *nx_currency_sign(const char *s, size_t n);

/* The amounts of an article in a language other than English, from its
 * pack (amounts_lang.c): appends to doc->amounts. NX_OK or NX_ERR_NOMEM. */
nx_err nx_amounts_lang(nx_doc *doc);

/* Write v with d decimals (locale-independent, rounded half away from zero)
 * into out (at least 32 bytes); returns the length. */
size_t nx_fmt_fixed(double v, int d, char *out);

#endif
