/*
 * html_dom.h - small helpers over libxml2's HTML tree shared by the body
 * extractor (html.c) and the metadata reader (html_meta.c).
 */
#ifndef NX_HTML_DOM_H
#define NX_HTML_DOM_H

#include <stddef.h>

#include <libxml/tree.h>

#include "nx_doc.h"

/* The value of attribute name on element n (case-insensitive name), or NULL.
 * The string is owned by the tree. */
const char *nx_html_attr(const xmlNode *n, const char *name);

/* 1 when element n is named name (libxml2 lower-cases HTML element names). */
int nx_html_is(const xmlNode *n, const char *name);

/* The next node of a pre-order walk inside sub (NULL at its end); when
 * descend is 0 the children of n are passed over (only an element's
 * children are visited). */
xmlNode *nx_html_walk_next(xmlNode *n, const xmlNode *sub, int descend);

/* Append the text of the subtree at n to b (iterative, script/style skipped),
 * with runs of white space folded into one space. */
nx_err nx_html_text(const xmlNode *n, nx_buf *b);

/* Copy s[0..len) into dst with surrounding white space trimmed and inner runs
 * of white space folded to one space; leaves dst unchanged when nothing remains. */
nx_err nx_html_set_trimmed(nx_str *dst, const char *s, size_t len);

/* Metadata of the page (html_meta.c): title, authors, published, site name,
 * canonical URL, language, description and top image, each only when the doc
 * does not already hold one. root is the document element; body_top is the
 * element the body extractor chose (may be NULL), used to prefer a <time>
 * and a byline near the article. */
nx_err nx_html_meta(nx_doc *doc, xmlNode *root, const xmlNode *body_top);

#endif
