/*
 * quote_marks.h - finding quotations by their marks (the first half of the
 * quote stage; docs/quotes.md has the rules).
 *
 * Double marks (" “ ” „ ‟ « ») make top-level quotations; single marks
 * (‘ ’ ' ‹ ›) make quotations too when a closing mark is found in the same
 * paragraph (otherwise they were apostrophes). A quotation inside another
 * one is marked nested. A paragraph that ends inside a quotation continues
 * it when the next paragraph opens with a quotation mark; otherwise the
 * quotation is closed at the end of its paragraph (unclosed = 1), so an
 * unbalanced mark never swallows the rest of the article.
 */
#ifndef NX_QUOTE_MARKS_H
#define NX_QUOTE_MARKS_H

#include <stddef.h>
#include <stdint.h>

#include "nx_doc.h"

typedef struct nx_qspan {
    uint32_t start, end;   /* the quotation including its marks (byte offsets) */
    uint32_t cstart, cend; /* the text inside the marks */
    uint8_t single;        /* opened by a single mark */
    uint8_t nested;        /* inside another quotation */
    uint8_t unclosed;      /* no closing mark: ended at its paragraph's end */
    uint8_t paras;         /* number of paragraphs it runs over (1 or more) */
} nx_qspan;

/* Find the quotations of doc->text using doc->paras (the whole text is one
 * paragraph when the doc has none). *out (allocated with nx_malloc, owned by
 * the caller, free with nx_free; NULL when *n_out is 0) receives them sorted
 * by start. Returns NX_OK or NX_ERR_NOMEM (then *out is NULL). */
nx_err nx_quote_marks(const nx_doc *doc, nx_qspan **out, size_t *n_out);

#endif
