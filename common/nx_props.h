/*
 * nx_props.h - a parser for Java-style properties files.
 *
 * Accepts "key=value", "key: value" and "key value" lines, '#' and '!'
 * comment lines, logical lines continued with a trailing backslash (the
 * leading blanks of the continuation are dropped), and the escapes \t \n \r
 * \f \uHHHH (UTF-16 code units, surrogate pairs joined, written as UTF-8) and
 * \<any other char> (that char). The text itself is read as UTF-8 bytes.
 * It knows nothing about what the keys mean: callers get (key, value, line)
 * triples through a callback and decide. Later duplicates are simply reported
 * again; it is up to the caller to let the last one win.
 */
#ifndef NX_PROPS_H
#define NX_PROPS_H

#include <stddef.h>

#include "nx_buf.h"
#include "nx_err.h"

/* Called once per property, in file order. key and value are NUL-terminated
 * and owned by the parser (valid only during the call; copy what you keep).
 * line is the 1-based line on which the logical line starts. Return NX_OK to
 * go on; anything else stops the parse and is returned by nx_props_parse()
 * (write the reason into errstr). */
typedef nx_err (*nx_props_cb)(const char *key, const char *value, unsigned line, void *ud,
                              char *errstr, size_t errstr_size);

/* Parse len bytes of text (need not be NUL-terminated; borrowed).
 * Returns NX_OK, NX_ERR_CONFIG for malformed input (a bad \u escape, a NUL
 * byte, an empty key) with "line N: ..." in errstr, NX_ERR_NOMEM, or what the
 * callback returned. */
nx_err nx_props_parse(const char *text, size_t len, nx_props_cb cb, void *ud, char *errstr,
                      size_t errstr_size);

/* Read the file at path and parse it; I/O problems give NX_ERR_IO. Files
 * larger than max_bytes (0: 16 MiB) are refused with NX_ERR_CONFIG. */
nx_err nx_props_parse_file(const char *path, size_t max_bytes, nx_props_cb cb, void *ud,
                           char *errstr, size_t errstr_size);

/* Append s to out escaped so that nx_props_parse() reads it back unchanged:
 * as a key when is_key (separators and blanks escaped) or as a value (only a
 * leading blank, backslashes and control characters escaped). Returns the
 * buffer's status. */
nx_err nx_props_escape(nx_buf *out, const char *s, int is_key);

#endif
