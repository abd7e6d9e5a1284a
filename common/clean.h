/*
 * clean.h - raw body to clean text, with an offset map and repairs.
 *
 * Reads doc->raw/raw_len; fills doc->text, text_len, text_map and repairs.
 * Rules (docs/architecture.md and docs/cleaning.md say why):
 *  - invalid UTF-8 -> U+FFFD and a repair "invalid_utf8"; NX_ERR_BAD_UTF8 under strict_utf8
 *  - NFC normalization (utf8proc; pure ASCII runs skip it)
 *  - CRLF and lone CR -> LF; control characters removed (tab -> space)
 *  - HTML character references (&amp; &#8217; &#x2019; ...) decoded
 *  - runs of spaces inside a line collapsed to one; spaces at line ends trimmed
 *  - paragraphs: blank-line separated blocks, joined by exactly "\n\n"
 *  - noise repair: an immediately repeated sentence-final token
 *    ("statement. statement.") is removed, with a repair "repeated_token"
 *  - NBSP and other spaces -> space, U+2028 -> LF, U+2029 -> paragraph break,
 *    zero-width characters and soft hyphens removed
 * A clean body passes through byte-identical.
 */
#ifndef NX_CLEAN_H
#define NX_CLEAN_H

#include "input_words.h"
#include "nx_doc.h"

/* Clean doc->raw[0..raw_len) (borrowed; any bytes) into doc->text (owned by
 * the doc, NUL-terminated), doc->text_map (owned, text_len + 1 entries) and
 * appended doc->repairs (owned; offsets are raw offsets, kind a static
 * string). Reads doc->opts->strict_utf8 (opts may be NULL: lenient).
 * Returns NX_OK, NX_ERR_EMPTY_BODY, NX_ERR_BAD_UTF8 (strict; errstr names the
 * byte offset), NX_ERR_NOMEM or NX_ERR_INPUT_TOO_LARGE; on error the doc gets
 * no text and the repairs this call added are removed, so nx_doc_free() is
 * always enough. Thread-safe for distinct docs; allocates via nx_alloc.
 * The repeated-token repair reads its words (`repeat`) from iw
 * (input_words.h; the core's clean stage loads them at core creation);
 * nx_clean uses the built-in config folder's (nx_input_words_default; a
 * missing file is NX_ERR_CONFIG). */
nx_err nx_clean_with(nx_doc *doc, const nx_input_words *iw, char *errstr, size_t errstr_size);
nx_err nx_clean(nx_doc *doc, char *errstr, size_t errstr_size);

#endif
