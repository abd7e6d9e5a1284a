/*
 * input.h - raw input to metadata and a raw body.
 *
 * Detects the format (plain text with header lines, JSON envelope, HTML),
 * fills the doc's metadata (id, title, url, lang, source, author, published)
 * and points doc->raw at the body to clean. See docs/input.md for the rules.
 */
#ifndef NX_INPUT_H
#define NX_INPUT_H

#include "nx_doc.h"

/* Fill doc from doc->input/input_len. A header junk run removed from a text
 * input is reported through *junk (input byte offsets; start == end when none). */
nx_err nx_input_parse(nx_doc *doc, nx_span *junk, char *errstr, size_t errstr_size);

/* Detect the format of a buffer (never returns NX_IN_AUTO). */
nx_input_format nx_input_detect(const char *in, size_t len);

/* Normalize a date or date-time string (ISO 8601 in any common form, RFC 2822,
 * "YYYY/MM/DD") into out: "YYYY-MM-DD" for a date, "YYYY-MM-DDTHH:MM:SSZ"
 * (UTC) for a date-time. Returns the length written, 0 when s is not a date.
 * out must hold at least 32 bytes. */
size_t nx_date_normalize(const char *s, size_t len, char *out);

/* Format a Unix time in milliseconds as "YYYY-MM-DDTHH:MM:SSZ" into out (>= 32 bytes). */
size_t nx_date_from_epoch_ms(int64_t ms, char *out);

/* Extract visible text from an HTML page with libxml2's HTML parser, blocks
 * separated by blank lines. Fills doc->raw_owned/raw/raw_len and, when
 * present, title, lang, url and published (published_source "html_meta"). */
nx_err nx_html_extract(nx_doc *doc, const char *html, size_t len, char *errstr, size_t errstr_size);

#endif
