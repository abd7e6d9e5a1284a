/*
 * langid.h - language identification of one article (the langid stage).
 *
 * The engine is CLD2 (Compact Language Detector 2, Debian libcld2-dev, with
 * its full 160-language tables), behind a small C adapter (langid_cld2.cc),
 * plus a cheap screen for plain English text that spares the detector's
 * fixed cost on the most common input. docs/langid.md has the rules and the
 * measured accuracy; tests/eval/langid.py scores it.
 */
#ifndef NX_LANGID_H
#define NX_LANGID_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The detector's sample of an article: the title (at most NX_LANGID_TITLE
 * bytes) and the first NX_LANGID_SAMPLE bytes of the text, enough for its
 * accuracy on long texts (docs/langid.md). It reads first the title and the
 * text's first NX_LANGID_HEAD bytes, and the whole sample only when that
 * does not settle the language: news text is settled by its first
 * sentences, and the detector's cost is per byte. So one article, however
 * long, gives the detector at most NX_LANGID_READ_MAX bytes. */
#define NX_LANGID_TITLE    256
#define NX_LANGID_SAMPLE   2048
#define NX_LANGID_HEAD     768
#define NX_LANGID_READ_MAX (2 * (NX_LANGID_TITLE + 2) + NX_LANGID_HEAD + NX_LANGID_SAMPLE)

/* What the detector says of one text: up to three languages, best first,
 * as ISO 639-1 codes (639-3 where none), "" for an empty slot. */
typedef struct nx_langid_guess {
    char code[3][8];
    int percent[3]; /* share of the scored text, 0..100 */
    int reliable;   /* 1 when the detector trusts code[0] */
    int text_bytes; /* bytes of letters the detector scored */
} nx_langid_guess;

/* Detect the language of the UTF-8 text s[0, n) (invalid UTF-8 ends the
 * scan there). Fills *g; returns 0, or -1 when nothing could be scored.
 * CLD2 looks up to one character past the end of what it is given (the
 * script of the next character), so s[n, n + NX_CLD2_PAD) must be readable
 * and set, zero bytes say: else its answer depends on whatever lies there. */
#define NX_CLD2_PAD 8
int nx_cld2_detect(const char *s, size_t n, nx_langid_guess *g);

/* Bytes this thread has given the detector so far (a measure of its cost,
 * for tests and benchmarks). */
size_t nx_cld2_bytes_read(void);

/* 1 when the detector knows the language with this ISO code. */
int nx_cld2_knows(const char *code);

/* Version of the detector, for extractor.models. */
const char *nx_cld2_version(void);

/* Normalise a declared language tag ("en-US", "pt_BR", "DE") into its
 * lower-case primary subtag in out (at least 8 bytes). Returns its length,
 * or 0 when the tag is not 2-3 ASCII letters before the first '-' or '_'. */
size_t nx_lang_tag_norm(const char *tag, size_t n, char *out);

#ifdef __cplusplus
}
#endif

#endif
