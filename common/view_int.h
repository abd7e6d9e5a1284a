/*
 * view_int.h - what the files of the annotated view share: the per-page
 * state, the small helpers and the functions one file calls in another
 * (docs/view.md). Internal to the view; view.h is its public face.
 *
 *   view.c         nx_view_render(), the annotated text: spans, pieces, repairs;
 *   view_panels.c  the side panel: entities, timeline, quotes, sources,
 *                  keywords/tone/amounts and the record's stats;
 *   view_page.c    the page around them: head, inline CSS and script,
 *                  title header with legend, footer;
 *   view_util.c    escaping, JSON access, code points, and what the view
 *                  reads from a record's entities and quotes.
 */
#ifndef NX_VIEW_INT_H
#define NX_VIEW_INT_H

#include <jansson.h>
#include <stddef.h>

#include "nx_buf.h"
#include "nx_err.h"

/* The kinds of annotated span; the order breaks ties when sorting spans
 * (outermost first). */
enum span_kind { K_QUOTE = 0, K_SPEAKER, K_ENT, K_CUE, K_DATE };

typedef struct vspan {
    size_t start, end; /* code points, end exclusive */
    int kind;
    size_t idx; /* quote, entity or date index in the record */
    size_t sub; /* mention index (entities) */
    int opened; /* a piece has been written (the first piece carries the id) */
} vspan;

typedef struct vrep {
    size_t start; /* code point */
    size_t idx;   /* repair index in the record */
} vrep;

/* One page being rendered. The record (root) and the arrays are owned by
 * nx_view_render(); text points into root. */
typedef struct view {
    json_t *root;
    const char *text;
    size_t text_len; /* bytes */
    size_t n_cp;     /* code points */
    json_t *entities, *dates, *quotes, *sources, *repairs;
    vspan *spans;
    size_t n_spans, cap_spans;
    vrep *reps;
    size_t n_reps;
    size_t skipped; /* annotations left out: offsets outside the text */
    nx_buf *b;      /* the page */
} view;

/* An entity type: record type, CSS class, label. The last row (MISC) is
 * what an unknown type is shown as. */
typedef struct etype {
    const char *type, *cls, *label;
} etype;

#define NXV_N_ETYPES 4
extern const etype nxv_etypes[NXV_N_ETYPES];

/* ---- view_util.c ---- */

/* Append s (n bytes; NUL-terminated for nxv_escs, NULL appends nothing)
 * HTML-escaped: & < > " ' as entities, a line break as &#10;, other control
 * characters but tab as a space. */
void nxv_esc(nx_buf *b, const char *s, size_t n);
void nxv_escs(nx_buf *b, const char *s);
/* Escape at most max code points of s, with an ellipsis when cut. */
void nxv_esc_trunc(nx_buf *b, const char *s, size_t max);

/* o[key] as a string (borrowed) or NULL; as a size (0, or -1 when it is
 * not a non-negative integer); as an array (borrowed) or NULL. */
const char *nxv_jstr(const json_t *o, const char *key);
int nxv_jsize(const json_t *o, const char *key, size_t *out);
json_t *nxv_jarr(const json_t *o, const char *key);

/* Code points in s (n bytes of UTF-8); the byte offset of code point cp,
 * or n past the end. */
size_t nxv_cp_count(const char *s, size_t n);
size_t nxv_cp_to_byte(const char *s, size_t n, size_t cp);

/* The type row of entity e (MISC when unknown); its mention count. */
const etype *nxv_etype_of(const json_t *e);
size_t nxv_mention_count(const json_t *e);
/* Append "RU · 55.7558, 37.6173 · city" for a place, nothing otherwise. */
void nxv_place_desc(nx_buf *b, const json_t *e);
/* Reported speech (kind "indirect"), shown apart from quotations. */
int nxv_is_indirect(const json_t *q);
/* Name of a quote's speaker (borrowed from the record): the canonical
 * entity, else the speaker's words; NULL when the quote has no speaker. */
const char *nxv_speaker_name(const view *v, const json_t *q);
/* The speaker's basis as a label ("guessed", "inherited", "from context"),
 * NULL for a speaker found by its own cue or no speaker. */
const char *nxv_basis_label(const json_t *q);

/* ---- view_panels.c: the side panel's sections, appended to v->b ---- */

nx_err nxv_write_entities(view *v); /* NX_ERR_NOMEM */
nx_err nxv_write_timeline(view *v); /* NX_ERR_NOMEM */
void nxv_write_quotes_panel(view *v);
void nxv_write_sources(view *v);
void nxv_write_extras(view *v);
void nxv_write_stats(view *v);

/* ---- view_page.c: the page around the article, appended to v->b ---- */

/* From the doctype to </head>, with the CSS. */
void nxv_write_head(view *v);
/* <body> and the header: title, date, source, URL, legend. */
void nxv_write_header(view *v);
/* From the end of the side panel to </html>, with the script. */
void nxv_write_footer(view *v);

#endif
