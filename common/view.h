/*
 * view.h - the annotated article view: one record rendered as one
 * self-contained HTML page (newsx-extract --view).
 *
 * The page carries inline CSS and a little inline JavaScript and loads
 * nothing (a Content-Security-Policy forbids every fetch). It shows the
 * title, publication date and source, then the text with entity mentions
 * highlighted by type, quotations labelled with their speakers, time
 * expressions underlined and repairs shown as struck-through removed text,
 * and a side panel with the entities by salience, a timeline of the
 * normalized dates (inline SVG), the cited sources and the record's stats.
 * Every string from the record is HTML-escaped: article text is never markup.
 * Without JavaScript everything is shown; the script only adds the hover
 * tooltip, the click-to-highlight of an entity's mentions and the lines from
 * speakers to quote labels. docs/view.md describes the page.
 */
#ifndef NX_VIEW_H
#define NX_VIEW_H

#include <stddef.h>

#include "nx_buf.h"
#include "nx_err.h"

/* Render the record JSON (newsx.record/1) in json/len (borrowed, need not be
 * NUL-terminated) as an HTML page appended to out (the caller owns out).
 * Annotations whose offsets do not fit the text are left out, not an error.
 * Returns NX_OK; NX_ERR_INVALID_ARG when json is not a JSON object with a
 * string "text"; NX_ERR_NOMEM. On error out is left as it was (its sticky
 * error aside) and errstr says why. */
nx_err nx_view_render(const char *json, size_t len, nx_buf *out, char *errstr, size_t errstr_size);

#endif
