/*
 * html_entities.h - HTML character references (named and numeric).
 *
 * The named table is the HTML 4 set (252 names: Latin-1, symbols, Greek,
 * typographic punctuation) plus &apos;, with the HTML5 code points for
 * &lang; and &rang;. Names are case-sensitive, as in HTML.
 */
#ifndef NX_HTML_ENTITIES_H
#define NX_HTML_ENTITIES_H

#include <stddef.h>
#include <stdint.h>

/* Longest name in the table (without '&' and ';'). */
#define NX_HTML_ENTITY_NAME_MAX 8

/* Look up a name (not NUL-terminated, without '&' and ';'). Returns 1 and sets
 * *cp when known, else 0. Borrows name; allocates nothing. */
int nx_html_entity_lookup(const char *name, size_t len, uint32_t *cp);

/* Parse a character reference at p[0..n) where p[0] == '&'. A reference is
 * &name; (known name), &#digits; or &#xhex; and must end with ';'.
 * On success returns its length in bytes (including '&' and ';') and sets *cp;
 * returns 0 when p does not start a valid reference (the '&' then stays text).
 * Numeric references to 0, surrogates or beyond U+10FFFF are not valid;
 * &#128; to &#159; map to the Windows-1252 characters, as HTML5 does.
 * Borrows p; allocates nothing. */
size_t nx_html_entity_parse(const char *p, size_t n, uint32_t *cp);

#endif
