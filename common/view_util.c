/*
 * view_util.c - the small helpers of the annotated view: HTML escaping,
 * JSON field access, UTF-8 code point counting, and what the view reads
 * from a record's entities (type, mentions, place) and quotes (kind,
 * speaker). See view_int.h.
 */
#include <jansson.h>
#include <string.h>

#include "view_int.h"

/* ---- escaping, JSON fields, code points -------------------------------- */

void nxv_esc(nx_buf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        case '\n':
            rep = "&#10;";
            break;
        default:
            if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
                rep = " ";
            break;
        }
        if (rep) {
            nx_buf_append(b, s + run, i - run);
            nx_buf_puts(b, rep);
            run = i + 1;
        }
    }
    nx_buf_append(b, s + run, n - run);
}

void nxv_escs(nx_buf *b, const char *s)
{
    if (s)
        nxv_esc(b, s, strlen(s));
}

const char *nxv_jstr(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int nxv_jsize(const json_t *o, const char *key, size_t *out)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return -1;
    *out = (size_t)json_integer_value(v);
    return 0;
}

json_t *nxv_jarr(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_array(v) ? v : NULL;
}

size_t nxv_cp_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Byte offset of code point cp in s (n bytes), or n past the end. */
size_t nxv_cp_to_byte(const char *s, size_t n, size_t cp)
{
    size_t i = 0;
    while (i < n && cp > 0) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        cp--;
    }
    return i;
}

/* Escape at most max code points of s, with an ellipsis when cut. */
void nxv_esc_trunc(nx_buf *b, const char *s, size_t max)
{
    size_t n = strlen(s);
    size_t cut = nxv_cp_to_byte(s, n, max);
    nxv_esc(b, s, cut);
    if (cut < n)
        nx_buf_puts(b, "\xE2\x80\xA6");
}

/* ---- entities and quotes ---------------------------------------------- */

static const json_t *entity_by_id(const view *v, const char *id)
{
    if (!id || !v->entities)
        return NULL;
    size_t i;
    json_t *e;
    json_array_foreach(v->entities, i, e)
    {
        const char *eid = nxv_jstr(e, "id");
        if (eid && strcmp(eid, id) == 0)
            return e;
    }
    return NULL;
}

const etype nxv_etypes[NXV_N_ETYPES] = {
    {"PERSON", "t-per", "Person"},
    {"ORG", "t-org", "Organization"},
    {"LOC", "t-loc", "Place"},
    {"MISC", "t-misc", "Other"},
};

const etype *nxv_etype_of(const json_t *e)
{
    const char *t = nxv_jstr(e, "type");
    for (size_t i = 0; t && i < NXV_N_ETYPES; i++)
        if (strcmp(t, nxv_etypes[i].type) == 0)
            return &nxv_etypes[i];
    return &nxv_etypes[NXV_N_ETYPES - 1];
}

size_t nxv_mention_count(const json_t *e)
{
    size_t n;
    if (nxv_jsize(e, "count", &n) == 0)
        return n;
    const json_t *m = nxv_jarr(e, "mentions");
    return m ? json_array_size(m) : 0;
}

/* "RU · 55.7558, 37.6173 · city" for a place, nothing otherwise. */
void nxv_place_desc(nx_buf *b, const json_t *e)
{
    const json_t *p = json_object_get(e, "place");
    if (!json_is_object(p))
        return;
    nxv_escs(b, nxv_jstr(p, "country"));
    const json_t *lat = json_object_get(p, "lat"), *lon = json_object_get(p, "lon");
    if (json_is_number(lat) && json_is_number(lon))
        nx_buf_printf(b, " \xC2\xB7 %.4f, %.4f", json_number_value(lat), json_number_value(lon));
    const char *kind = nxv_jstr(p, "kind");
    if (kind) {
        nx_buf_puts(b, " \xC2\xB7 ");
        nxv_escs(b, kind);
    }
}

/* Reported speech (kind "indirect"), shown apart from quotations. */
int nxv_is_indirect(const json_t *q)
{
    const char *kind = nxv_jstr(q, "kind");
    return kind && !strcmp(kind, "indirect");
}

/* Name of a quote's speaker: the canonical entity, else the speaker's words. */
const char *nxv_speaker_name(const view *v, const json_t *q)
{
    const json_t *sp = json_object_get(q, "speaker");
    if (!json_is_object(sp))
        return NULL;
    const json_t *e = entity_by_id(v, nxv_jstr(sp, "entity"));
    const char *name = e ? nxv_jstr(e, "name") : NULL;
    return name ? name : nxv_jstr(sp, "text");
}

/* How the speaker was found, for a speaker not found by its cue: "guessed",
 * "inherited" or "from context" (the record's basis); NULL otherwise. */
const char *nxv_basis_label(const json_t *q)
{
    const char *basis = nxv_jstr(json_object_get(q, "speaker"), "basis");
    if (!basis || !strcmp(basis, "cue"))
        return NULL;
    if (!strcmp(basis, "guess"))
        return "guessed";
    return !strcmp(basis, "context") ? "from context" : basis;
}
