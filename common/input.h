/*
 * input.h - raw input to metadata and a raw body.
 *
 * Detects the format (plain text with header lines, JSON envelope, HTML),
 * fills the doc's metadata (id, title, url, lang, source, author, published)
 * and points doc->raw at the body to clean. See docs/input.md for the rules.
 */
#ifndef NX_INPUT_H
#define NX_INPUT_H

#include "input_words.h"
#include "nx_doc.h"

/* Fill doc from doc->input/input_len. A header junk run removed from a text
 * input is reported through *junk (input byte offsets; start == end when none).
 * The junk rule reads its sentence openers from iw (input_words.h); the core's
 * input stage loads them at core creation. nx_input_parse uses the built-in
 * config folder's (nx_input_words_default; a missing file is NX_ERR_CONFIG). */
nx_err nx_input_parse_with(nx_doc *doc, const nx_input_words *iw, nx_span *junk, char *errstr,
                           size_t errstr_size);
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

/* The same for a page with what the transport says: transport is the HTTP
 * charset (Content-Type "charset=") or NULL; decoded is 1 when html is a
 * decoded string (a JSON field, UTF-8) rather than the page's own bytes. */
nx_err nx_html_extract_from(nx_doc *doc, const char *html, size_t len, const char *transport,
                            int decoded, char *errstr, size_t errstr_size);

/* Where the page's charset came from (HTML5 order: BOM, transport, meta, sniffing). */
enum { NX_CS_BOM = 1, NX_CS_TRANSPORT, NX_CS_META, NX_CS_SNIFFED };

/* The page's charset as an iconv name in name; *bom receives the BOM's length.
 * A BOM wins, then the transport's charset, then <meta charset> / http-equiv in
 * the first 4 KB (a UTF-16 label there means UTF-8), then: UTF-16 when the page
 * opens with '<' as a 16-bit unit, UTF-8 when the bytes are valid UTF-8, else
 * windows-1252 (ISO-8859-1 when bytes it leaves undefined occur). Labels that
 * iconv does not know are passed over; ISO-8859-1 and ASCII labels mean
 * windows-1252 (WHATWG). Returns NX_CS_*. */
int nx_html_charset(const char *html, size_t len, const char *transport, char *name,
                    size_t name_size, size_t *bom);

/* The charset parameter of a Content-Type value into name ("" for none);
 * returns its length. */
size_t nx_html_charset_param(const char *content_type, size_t len, char *name, size_t name_size);

/* 1 when the page is UTF-16: a UTF-16 BOM, or '<' as the first 16-bit unit. */
int nx_html_is_utf16(const char *html, size_t len);

/* The page as UTF-8 (html_charset.c): *out points at html itself (after a
 * UTF-8 BOM) or at the converted text in conv. decoded says html is a
 * decoded string (a JSON field): its bytes are UTF-8 whatever the page
 * declares, unless every character is below U+0100, which is a page's bytes
 * carried one character each (Latin-1): those are decoded with the declared
 * charset. Returns NX_ERR_NOMEM, or another error for an unknown charset. */
nx_err nx_html_page_utf8(const char *html, size_t len, const char *transport, int decoded,
                         nx_buf *conv, const char **out, size_t *out_len);

#endif
