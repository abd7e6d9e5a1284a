/*
 * view.c - render one record as a self-contained, annotated HTML page.
 *
 * The text is cut at every annotation boundary (span starts and ends, line
 * breaks, repair points). For each piece the annotations that cover it are
 * the wanted stack of open elements, outermost first (sorted by start, then
 * longest, then kind: quote, speaker, entity, cue, date). Between pieces the
 * renderer closes what the open stack and the wanted stack do not share and
 * opens the rest, so crossing spans are split into pieces and the markup is
 * always properly nested. Paragraph breaks close everything.
 */
#include "view.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "nx_alloc.h"

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
    nx_buf *b;
} view;

/* ---- small helpers ---------------------------------------------------- */

static void esc(nx_buf *b, const char *s, size_t n)
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

static void escs(nx_buf *b, const char *s)
{
    if (s)
        esc(b, s, strlen(s));
}

static const char *jstr(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int jsize(const json_t *o, const char *key, size_t *out)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return -1;
    *out = (size_t)json_integer_value(v);
    return 0;
}

static json_t *jarr(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_array(v) ? v : NULL;
}

static size_t cp_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Byte offset of code point cp in s (n bytes), or n past the end. */
static size_t cp_to_byte(const char *s, size_t n, size_t cp)
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
static void esc_trunc(nx_buf *b, const char *s, size_t max)
{
    size_t n = strlen(s);
    size_t cut = cp_to_byte(s, n, max);
    esc(b, s, cut);
    if (cut < n)
        nx_buf_puts(b, "\xE2\x80\xA6");
}

static const json_t *entity_by_id(const view *v, const char *id)
{
    if (!id || !v->entities)
        return NULL;
    size_t i;
    json_t *e;
    json_array_foreach(v->entities, i, e)
    {
        const char *eid = jstr(e, "id");
        if (eid && strcmp(eid, id) == 0)
            return e;
    }
    return NULL;
}

typedef struct etype {
    const char *type, *cls, *label;
} etype;

static const etype etypes[] = {
    {"PERSON", "t-per", "Person"},
    {"ORG", "t-org", "Organization"},
    {"LOC", "t-loc", "Place"},
    {"MISC", "t-misc", "Other"},
};

static const etype *etype_of(const json_t *e)
{
    const char *t = jstr(e, "type");
    for (size_t i = 0; t && i < sizeof(etypes) / sizeof(etypes[0]); i++)
        if (strcmp(t, etypes[i].type) == 0)
            return &etypes[i];
    return &etypes[3];
}

static size_t mention_count(const json_t *e)
{
    size_t n;
    if (jsize(e, "count", &n) == 0)
        return n;
    const json_t *m = jarr(e, "mentions");
    return m ? json_array_size(m) : 0;
}

/* "RU · 55.7558, 37.6173 · city" for a place, nothing otherwise. */
static void place_desc(nx_buf *b, const json_t *e)
{
    const json_t *p = json_object_get(e, "place");
    if (!json_is_object(p))
        return;
    escs(b, jstr(p, "country"));
    const json_t *lat = json_object_get(p, "lat"), *lon = json_object_get(p, "lon");
    if (json_is_number(lat) && json_is_number(lon))
        nx_buf_printf(b, " \xC2\xB7 %.4f, %.4f", json_number_value(lat), json_number_value(lon));
    const char *kind = jstr(p, "kind");
    if (kind) {
        nx_buf_puts(b, " \xC2\xB7 ");
        escs(b, kind);
    }
}

/* Reported speech (kind "indirect"), shown apart from quotations. */
static int is_indirect(const json_t *q)
{
    const char *kind = jstr(q, "kind");
    return kind && !strcmp(kind, "indirect");
}

/* Name of a quote's speaker: the canonical entity, else the speaker's words. */
static const char *speaker_name(const view *v, const json_t *q)
{
    const json_t *sp = json_object_get(q, "speaker");
    if (!json_is_object(sp))
        return NULL;
    const json_t *e = entity_by_id(v, jstr(sp, "entity"));
    const char *name = e ? jstr(e, "name") : NULL;
    return name ? name : jstr(sp, "text");
}

/* How the speaker was found, for a speaker not found by its cue: "guessed",
 * "inherited" or "from context" (the record's basis); NULL otherwise. */
static const char *basis_label(const json_t *q)
{
    const char *basis = jstr(json_object_get(q, "speaker"), "basis");
    if (!basis || !strcmp(basis, "cue"))
        return NULL;
    if (!strcmp(basis, "guess"))
        return "guessed";
    return !strcmp(basis, "context") ? "from context" : basis;
}

/* ---- spans ------------------------------------------------------------ */

static nx_err add_span(view *v, size_t start, size_t end, int kind, size_t idx, size_t sub)
{
    if (start >= end || end > v->n_cp) {
        v->skipped++;
        return NX_OK;
    }
    if (v->n_spans == v->cap_spans) {
        size_t cap = v->cap_spans ? v->cap_spans * 2 : 64;
        vspan *ns = nx_realloc(v->spans, cap * sizeof(*ns));
        if (!ns)
            return NX_ERR_NOMEM;
        v->spans = ns;
        v->cap_spans = cap;
    }
    vspan *s = &v->spans[v->n_spans++];
    s->start = start;
    s->end = end;
    s->kind = kind;
    s->idx = idx;
    s->sub = sub;
    s->opened = 0;
    return NX_OK;
}

static int have_span(const view *v, int kind, size_t start, size_t end)
{
    for (size_t i = 0; i < v->n_spans; i++)
        if (v->spans[i].kind == kind && v->spans[i].start == start && v->spans[i].end == end)
            return 1;
    return 0;
}

/* A {start, end} object's span, or -1. */
static int obj_span(const json_t *o, size_t *start, size_t *end)
{
    if (!json_is_object(o) || jsize(o, "start", start) || jsize(o, "end", end))
        return -1;
    return 0;
}

static nx_err collect_spans(view *v)
{
    size_t i, j, s, e;
    json_t *x, *m;
    nx_err err;
    if (v->entities)
        json_array_foreach(v->entities, i, x)
        {
            json_t *ms = jarr(x, "mentions");
            if (!ms)
                continue;
            json_array_foreach(ms, j, m)
            {
                if (obj_span(m, &s, &e)) {
                    v->skipped++;
                    continue;
                }
                if ((err = add_span(v, s, e, K_ENT, i, j)))
                    return err;
            }
        }
    if (v->dates)
        json_array_foreach(v->dates, i, x)
        {
            if (obj_span(x, &s, &e)) {
                v->skipped++;
                continue;
            }
            if ((err = add_span(v, s, e, K_DATE, i, 0)))
                return err;
        }
    if (v->quotes)
        json_array_foreach(v->quotes, i, x)
        {
            if (obj_span(x, &s, &e)) {
                v->skipped++;
                continue;
            }
            if ((err = add_span(v, s, e, K_QUOTE, i, 0)))
                return err;
            /* One speaker or cue span may serve several quotes: add it once. */
            json_t *sp = json_object_get(x, "speaker");
            if (obj_span(sp, &s, &e) == 0 && !have_span(v, K_SPEAKER, s, e) &&
                (err = add_span(v, s, e, K_SPEAKER, i, 0)))
                return err;
            json_t *cue = json_object_get(x, "cue");
            if (obj_span(cue, &s, &e) == 0 && !have_span(v, K_CUE, s, e) &&
                (err = add_span(v, s, e, K_CUE, i, 0)))
                return err;
        }
    return NX_OK;
}

static int cmp_span(const void *pa, const void *pb)
{
    const vspan *a = pa, *b = pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->idx != b->idx)
        return a->idx < b->idx ? -1 : 1;
    return (a->sub > b->sub) - (a->sub < b->sub);
}

static int cmp_rep(const void *pa, const void *pb)
{
    const vrep *a = pa, *b = pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

static int cmp_size(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    return (a > b) - (a < b);
}

/* ---- element writers -------------------------------------------------- */

static void open_span(view *v, vspan *s)
{
    nx_buf *b = v->b;
    int first = !s->opened;
    s->opened = 1;
    switch (s->kind) {
    case K_ENT: {
        const json_t *e = json_array_get(v->entities, s->idx);
        const etype *t = etype_of(e);
        const char *id = jstr(e, "id");
        nx_buf_printf(b, "<span class=\"ent %s\" data-e=\"", t->cls);
        escs(b, id);
        nx_buf_printf(b, "\" data-m=\"%zu\"", s->sub);
        if (first) {
            nx_buf_puts(b, " id=\"m-");
            escs(b, id);
            nx_buf_printf(b, "-%zu\"", s->sub);
        }
        nx_buf_puts(b, " title=\"");
        escs(b, jstr(e, "name"));
        nx_buf_printf(b, "&#10;%s", t->label);
        if (id) {
            nx_buf_puts(b, " \xC2\xB7 ");
            escs(b, id);
        }
        nx_buf_printf(b, " \xC2\xB7 %zu mention%s", mention_count(e),
                      mention_count(e) == 1 ? "" : "s");
        if (json_is_object(json_object_get(e, "place"))) {
            nx_buf_puts(b, "&#10;");
            place_desc(b, e);
        }
        nx_buf_puts(b, "\">");
        break;
    }
    case K_DATE: {
        const json_t *d = json_array_get(v->dates, s->idx);
        nx_buf_printf(b, "<span class=\"tx\" data-d=\"%zu\" title=\"", s->idx);
        escs(b, jstr(d, "value"));
        nx_buf_puts(b, " (");
        escs(b, jstr(d, "type"));
        const char *mod = jstr(d, "mod");
        if (mod) {
            nx_buf_puts(b, ", ");
            escs(b, mod);
        }
        nx_buf_puts(b, ")\">");
        break;
    }
    case K_QUOTE: {
        const json_t *q = json_array_get(v->quotes, s->idx);
        const char *who = speaker_name(v, q);
        const char *kind = jstr(q, "kind");
        size_t ss, se;
        int has_spk =
            obj_span(json_object_get(q, "speaker"), &ss, &se) == 0 && se <= v->n_cp && ss < se;
        if (first) {
            /* The label: a link to the speaker mention (the script draws a line). */
            if (has_spk)
                nx_buf_printf(b,
                              "<a class=\"ql%s\" href=\"#spk-%zu-%zu\" data-spk=\"spk-%zu-%zu\" "
                              "data-q=\"%zu\">",
                              is_indirect(q) ? " k-indirect" : "", ss, se, ss, se, s->idx + 1);
            else
                nx_buf_printf(b, "<span class=\"ql%s\" data-q=\"%zu\">",
                              is_indirect(q) ? " k-indirect" : "", s->idx + 1);
            nx_buf_printf(b, "Q%zu ", s->idx + 1);
            if (is_indirect(q))
                nx_buf_puts(b, "reported: ");
            if (who)
                escs(b, who);
            else
                nx_buf_puts(b, "unattributed");
            if (who && basis_label(q) && !strcmp(basis_label(q), "guessed"))
                nx_buf_puts(b, "?");
            nx_buf_puts(b, has_spk ? "</a>" : "</span>");
        }
        nx_buf_puts(b, "<span class=\"q k-");
        escs(b, kind ? kind : "direct");
        nx_buf_printf(b, "\" data-q=\"%zu\"", s->idx + 1);
        if (first)
            nx_buf_printf(b, " id=\"q%zu\"", s->idx + 1);
        nx_buf_printf(b, " title=\"Quote Q%zu (", s->idx + 1);
        escs(b, kind ? kind : "direct");
        nx_buf_puts(b, ")&#10;speaker: ");
        const json_t *sp = json_object_get(q, "speaker");
        if (json_is_object(sp)) {
            escs(b, jstr(sp, "text"));
            if (who && jstr(sp, "text") && strcmp(who, jstr(sp, "text")) != 0) {
                nx_buf_puts(b, " \xE2\x86\x92 ");
                escs(b, who);
            }
            if (basis_label(q)) {
                nx_buf_puts(b, " (");
                nx_buf_puts(b, basis_label(q));
                nx_buf_puts(b, ")");
            }
        } else {
            nx_buf_puts(b, "none found");
        }
        const json_t *cue = json_object_get(q, "cue");
        if (json_is_object(cue) && jstr(cue, "text")) {
            nx_buf_puts(b, "&#10;cue: ");
            escs(b, jstr(cue, "text"));
        }
        nx_buf_puts(b, "\">");
        break;
    }
    case K_SPEAKER: {
        nx_buf_printf(b, "<span class=\"spk\" data-spk=\"spk-%zu-%zu\"", s->start, s->end);
        if (first) {
            nx_buf_printf(b, " id=\"spk-%zu-%zu\" data-qs=\"", s->start, s->end);
            size_t i, ss, se;
            json_t *q;
            int n = 0;
            json_array_foreach(v->quotes, i, q)
            {
                if (obj_span(json_object_get(q, "speaker"), &ss, &se) == 0 && ss == s->start &&
                    se == s->end)
                    nx_buf_printf(b, "%sQ%zu", n++ ? " " : "", i + 1);
            }
            nx_buf_puts(b, "\"");
        }
        nx_buf_puts(b, " title=\"speaker\">");
        break;
    }
    case K_CUE:
    default:
        nx_buf_puts(b, "<span class=\"cue\" title=\"attribution cue\">");
        break;
    }
}

static const char *repair_label(const char *kind)
{
    if (!kind)
        return "removed";
    if (!strcmp(kind, "header_junk"))
        return "removed: junk glued to a header";
    if (!strcmp(kind, "repeated_token"))
        return "removed: repeated words";
    if (!strcmp(kind, "invalid_utf8"))
        return "replaced: invalid UTF-8 bytes";
    return "removed";
}

static void write_repair(view *v, size_t idx)
{
    const json_t *r = json_array_get(v->repairs, idx);
    const char *removed = jstr(r, "removed");
    if (!removed || !*removed)
        return;
    nx_buf_printf(v->b, "<del class=\"rep\" data-r=\"%zu\" title=\"%s\">", idx,
                  repair_label(jstr(r, "kind")));
    escs(v->b, removed);
    nx_buf_puts(v->b, "</del>");
}

/* ---- the article body ------------------------------------------------- */

static nx_err write_body(view *v)
{
    nx_buf *b = v->b;
    const char *t = v->text;
    size_t n = v->text_len;
    /* Boundaries: 0, n_cp, every span edge, repair point and line-break run edge. */
    size_t nb_cap = 2 + 2 * v->n_spans + v->n_reps;
    for (size_t i = 0; i < n; i++)
        nb_cap += 2 * (t[i] == '\n');
    size_t *bnd = nx_malloc(nb_cap * sizeof(*bnd));
    size_t *active = nx_malloc((v->n_spans + 1) * sizeof(*active));
    size_t *open = nx_malloc((v->n_spans + 1) * sizeof(*open));
    if (!bnd || !active || !open) {
        nx_free(bnd);
        nx_free(active);
        nx_free(open);
        return NX_ERR_NOMEM;
    }
    size_t nb = 0;
    bnd[nb++] = 0;
    bnd[nb++] = v->n_cp;
    for (size_t i = 0; i < v->n_spans; i++) {
        bnd[nb++] = v->spans[i].start;
        bnd[nb++] = v->spans[i].end;
    }
    for (size_t i = 0; i < v->n_reps; i++)
        bnd[nb++] = v->reps[i].start;
    size_t cp = 0;
    for (size_t i = 0; i < n; cp += ((unsigned char)t[i] & 0xC0) != 0x80, i++) {
        if (t[i] == '\n' && (i == 0 || t[i - 1] != '\n'))
            bnd[nb++] = cp;
        if (t[i] == '\n' && (i + 1 == n || t[i + 1] != '\n'))
            bnd[nb++] = cp + 1;
    }
    qsort(bnd, nb, sizeof(*bnd), cmp_size);
    size_t u = 0;
    for (size_t i = 0; i < nb; i++)
        if (u == 0 || bnd[i] != bnd[u - 1])
            bnd[u++] = bnd[i];
    nb = u;

    size_t n_active = 0, n_open = 0, si = 0, ri = 0;
    size_t cur_cp = 0, cur_byte = 0;
    nx_buf_puts(b, "<p>");
    for (size_t bi = 0; bi < nb; bi++) {
        size_t p = bnd[bi];
        if (p >= v->n_cp)
            break;
        size_t q = bi + 1 < nb ? bnd[bi + 1] : v->n_cp;
        /* Drop the spans that ended, take on the ones that start here; spans
         * are sorted, so appending keeps the active list in nesting order. */
        size_t k = 0;
        for (size_t i = 0; i < n_active; i++)
            if (v->spans[active[i]].end > p)
                active[k++] = active[i];
        n_active = k;
        while (si < v->n_spans && v->spans[si].start <= p)
            active[n_active++] = si++;

        size_t b0 = cur_byte + cp_to_byte(t + cur_byte, n - cur_byte, p - cur_cp);
        size_t b1 = b0 + cp_to_byte(t + b0, n - b0, q - p);
        cur_cp = q;
        cur_byte = b1;

        if (t[b0] == '\n') {
            while (n_open) {
                nx_buf_puts(b, "</span>");
                n_open--;
            }
            while (ri < v->n_reps && v->reps[ri].start <= p)
                write_repair(v, v->reps[ri++].idx);
            nx_buf_puts(b, b1 - b0 >= 2 ? "</p>\n<p>" : "<br>\n");
            continue;
        }
        k = 0;
        while (k < n_open && k < n_active && open[k] == active[k])
            k++;
        while (n_open > k) {
            nx_buf_puts(b, "</span>");
            n_open--;
        }
        while (ri < v->n_reps && v->reps[ri].start <= p)
            write_repair(v, v->reps[ri++].idx);
        for (; k < n_active; k++) {
            open_span(v, &v->spans[active[k]]);
            open[n_open++] = active[k];
        }
        esc(b, t + b0, b1 - b0);
    }
    while (n_open) {
        nx_buf_puts(b, "</span>");
        n_open--;
    }
    while (ri < v->n_reps)
        write_repair(v, v->reps[ri++].idx);
    nx_buf_puts(b, "</p>\n");
    nx_free(bnd);
    nx_free(active);
    nx_free(open);
    return NX_OK;
}

/* ---- dates on a timeline ---------------------------------------------- */

static int digits(const char *s, int n, long *out)
{
    long v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* The day interval [a, b) a normalized TIMEX3 value covers; -1 when the value
 * is not anchored to the calendar (durations, PAST_REF, a year left unknown). */
static int value_days(const char *s, long *a, long *b)
{
    long y, m, d;
    if (!s || digits(s, 4, &y))
        return -1;
    s += 4;
    if (*s == '\0' || *s == 'T') {
        *a = nx_days_from_civil(y, 1, 1);
        *b = nx_days_from_civil(y + 1, 1, 1);
        return 0;
    }
    if (*s++ != '-')
        return -1;
    if (digits(s, 2, &m) == 0) {
        if (m < 1 || m > 12)
            return -1;
        s += 2;
        if (*s == '\0') {
            *a = nx_days_from_civil(y, m, 1);
            *b = m == 12 ? nx_days_from_civil(y + 1, 1, 1) : nx_days_from_civil(y, m + 1, 1);
            return 0;
        }
        if (*s++ != '-' || digits(s, 2, &d) || d < 1 || d > 31 || (s[2] && s[2] != 'T'))
            return -1;
        *a = nx_days_from_civil(y, m, d);
        *b = *a + 1;
        return 0;
    }
    static const struct {
        const char *name;
        int m0, months;
    } parts[] = {{"SP", 3, 3}, {"SU", 6, 3}, {"FA", 9, 3},  {"WI", 12, 3}, {"Q1", 1, 3},
                 {"Q2", 4, 3}, {"Q3", 7, 3}, {"Q4", 10, 3}, {"H1", 1, 6},  {"H2", 7, 6}};
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        if (strcmp(s, parts[i].name) == 0) {
            long m1 = parts[i].m0 + parts[i].months;
            *a = nx_days_from_civil(y, parts[i].m0, 1);
            *b = m1 > 12 ? nx_days_from_civil(y + 1, m1 - 12, 1) : nx_days_from_civil(y, m1, 1);
            return 0;
        }
    }
    long w;
    if (s[0] == 'W' && digits(s + 1, 2, &w) == 0 && w >= 1 && w <= 53 &&
        (s[3] == '\0' || s[3] == '-')) {
        long jan4 = nx_days_from_civil(y, 1, 4);
        long wd = ((jan4 + 3) % 7 + 7) % 7; /* Monday 0; day 0 was a Thursday */
        *a = jan4 - wd + (w - 1) * 7;
        *b = *a + 7;
        return 0;
    }
    return -1;
}

typedef struct trow {
    const char *value;
    long a, b;
    size_t count;
} trow;

static int cmp_trow(const void *pa, const void *pb)
{
    const trow *x = pa, *y = pb;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    if (x->b != y->b)
        return x->b < y->b ? -1 : 1;
    return strcmp(x->value, y->value);
}

#define TL_MAX_ROWS 40

static nx_err write_timeline(view *v)
{
    nx_buf *b = v->b;
    size_t nd = v->dates ? json_array_size(v->dates) : 0;
    nx_buf_puts(b, "<section id=\"timeline\"><h2>Timeline</h2>\n");
    if (nd == 0) {
        nx_buf_puts(b, "<p class=\"none\">No time expressions.</p></section>\n");
        return NX_OK;
    }
    trow *rows = nx_malloc(nd * sizeof(*rows));
    trow *other = nx_malloc(nd * sizeof(*other));
    if (!rows || !other) {
        nx_free(rows);
        nx_free(other);
        return NX_ERR_NOMEM;
    }
    size_t nr = 0, no = 0, i;
    json_t *d;
    json_array_foreach(v->dates, i, d)
    {
        const char *val = jstr(d, "value");
        if (!val)
            continue;
        long a = 0, e = 0;
        int anchored = value_days(val, &a, &e) == 0;
        trow *set = anchored ? rows : other;
        size_t *n = anchored ? &nr : &no;
        size_t k;
        for (k = 0; k < *n; k++)
            if (strcmp(set[k].value, val) == 0)
                break;
        if (k == *n) {
            set[k].value = val;
            set[k].a = a;
            set[k].b = e;
            set[k].count = 0;
            (*n)++;
        }
        set[k].count++;
    }
    qsort(rows, nr, sizeof(*rows), cmp_trow);
    size_t shown = nr < TL_MAX_ROWS ? nr : TL_MAX_ROWS;
    long pub = 0;
    int has_pub = value_days(jstr(v->root, "published"), &pub, &(long){0}) == 0;
    if (shown) {
        long lo = rows[0].a, hi = rows[0].b;
        for (size_t k = 0; k < shown; k++) {
            lo = rows[k].a < lo ? rows[k].a : lo;
            hi = rows[k].b > hi ? rows[k].b : hi;
        }
        if (has_pub) {
            lo = pub < lo ? pub : lo;
            hi = pub + 1 > hi ? pub + 1 : hi;
        }
        if (hi - lo < 60) {
            long mid = (lo + hi) / 2;
            lo = mid - 30;
            hi = mid + 30;
        }
        long pad = (hi - lo) / 20;
        lo -= pad;
        hi += pad;
        const double W = 320, X0 = 124, X1 = 312, TOP = 30, ROW = 18;
        double H = TOP + ROW * (double)shown + 6;
        double span = (double)(hi - lo);
#define TX(day) (X0 + (X1 - X0) * (double)((day)-lo) / span)
        nx_buf_printf(b,
                      "<svg class=\"tl\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
                      "aria-labelledby=\"tl-t\"><title id=\"tl-t\">Normalized dates of the "
                      "article on a time axis",
                      W, H);
        if (has_pub)
            nx_buf_puts(b, ", with the publication date as a dashed line");
        nx_buf_puts(b, "</title>\n");
        /* Year ticks (at most 12) and the axis. */
        int iy0, im0, id0, iy1, im1, id1;
        nx_civil_from_days(lo, &iy0, &im0, &id0);
        nx_civil_from_days(hi, &iy1, &im1, &id1);
        long y0 = iy0, m0 = im0, y1 = iy1;
        nx_buf_printf(b, "<line class=\"ax\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                      X0, TOP - 8, X1, TOP - 8);
        long ystep = (y1 - y0) / 12 + 1;
        for (long y = y0 + 1; y <= y1; y += ystep) {
            double x = TX(nx_days_from_civil(y, 1, 1));
            nx_buf_printf(b,
                          "<line class=\"yt\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                          "<text class=\"yl\" x=\"%.1f\" y=\"%.1f\">%ld</text>\n",
                          x, TOP - 12, x, H - 4, x, TOP - 14, y);
        }
        if (y0 == y1 || ystep > 1 || y1 - y0 > 12)
            nx_buf_printf(b, "<text class=\"yl\" x=\"%.1f\" y=\"%.1f\">%ld-%02ld</text>\n", X0 + 14,
                          TOP - 14, y0, m0);
        if (has_pub) {
            double x = TX(pub) + 0.5;
            nx_buf_printf(b,
                          "<line class=\"pub\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                          "<text class=\"pl\" x=\"%.1f\" y=\"%.1f\">published</text>\n",
                          x, TOP - 8, x, H - 2, x, TOP - 1);
        }
        for (size_t k = 0; k < shown; k++) {
            double y = TOP + ROW * (double)k + ROW / 2;
            double xa = TX(rows[k].a), xb = TX(rows[k].b);
            nx_buf_printf(b, "<g class=\"row\"><text class=\"vl\" x=\"2\" y=\"%.1f\">", y + 4);
            esc_trunc(b, rows[k].value, 14);
            if (rows[k].count > 1)
                nx_buf_printf(b, " \xC3\x97%zu", rows[k].count);
            nx_buf_puts(b, "</text>");
            if (xb - xa < 5)
                nx_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/>", (xa + xb) / 2, y);
            else
                nx_buf_printf(b,
                              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"8\" "
                              "rx=\"2\"/>",
                              xa, y - 4, xb - xa);
            nx_buf_puts(b, "<title>");
            escs(b, rows[k].value);
            nx_buf_printf(b, ": %zu mention%s</title></g>\n", rows[k].count,
                          rows[k].count == 1 ? "" : "s");
        }
#undef TX
        nx_buf_puts(b, "</svg>\n");
        if (nr > shown)
            nx_buf_printf(b, "<p class=\"none\">and %zu more dates</p>\n", nr - shown);
    }
    if (no) {
        nx_buf_puts(b, "<p class=\"off\">Not on the axis: ");
        for (size_t k = 0; k < no; k++) {
            nx_buf_puts(b, k ? ", <code>" : "<code>");
            escs(b, other[k].value);
            nx_buf_puts(b, "</code>");
            if (other[k].count > 1)
                nx_buf_printf(b, " \xC3\x97%zu", other[k].count);
        }
        nx_buf_puts(b, "</p>\n");
    }
    nx_buf_puts(b, "</section>\n");
    nx_free(rows);
    nx_free(other);
    return NX_OK;
}

/* ---- the side panel --------------------------------------------------- */

typedef struct erank {
    size_t idx;
    double salience;
} erank;

static int cmp_erank(const void *pa, const void *pb)
{
    const erank *a = pa, *b = pb;
    if (a->salience != b->salience)
        return a->salience > b->salience ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

static nx_err write_entities(view *v)
{
    nx_buf *b = v->b;
    size_t ne = v->entities ? json_array_size(v->entities) : 0;
    nx_buf_printf(b, "<section id=\"entities\"><h2>Entities <span class=\"n\">%zu</span></h2>\n",
                  ne);
    if (ne == 0) {
        nx_buf_puts(b, "<p class=\"none\">No named entities.</p></section>\n");
        return NX_OK;
    }
    erank *r = nx_malloc(ne * sizeof(*r));
    if (!r)
        return NX_ERR_NOMEM;
    for (size_t i = 0; i < ne; i++) {
        const json_t *s = json_object_get(json_array_get(v->entities, i), "salience");
        r[i].idx = i;
        r[i].salience = json_is_number(s) ? json_number_value(s) : 0;
    }
    qsort(r, ne, sizeof(*r), cmp_erank);
    nx_buf_puts(b, "<p class=\"hint\">By salience. Select one to highlight its mentions.</p>\n"
                   "<ol class=\"elist\">\n");
    for (size_t i = 0; i < ne; i++) {
        const json_t *e = json_array_get(v->entities, r[i].idx);
        const etype *t = etype_of(e);
        const char *id = jstr(e, "id");
        double sal = r[i].salience < 0 ? 0 : r[i].salience > 1 ? 1 : r[i].salience;
        nx_buf_printf(b, "<li><a class=\"ek %s\" href=\"#m-", t->cls);
        escs(b, id);
        nx_buf_puts(b, "-0\" data-e=\"");
        escs(b, id);
        nx_buf_printf(b,
                      "\"><span class=\"sw\" title=\"%s\"></span>"
                      "<span class=\"nm\">",
                      t->label);
        escs(b, jstr(e, "name"));
        nx_buf_printf(b, "</span></a><span class=\"ct\" title=\"mentions\">%zu\xC3\x97</span>",
                      mention_count(e));
        nx_buf_printf(b, "<span class=\"et\">%s", t->label);
        if (json_is_object(json_object_get(e, "place"))) {
            nx_buf_puts(b, " \xC2\xB7 ");
            place_desc(b, e);
        }
        nx_buf_printf(b,
                      "</span><span class=\"sal\" title=\"salience %.2f\">"
                      "<span style=\"width:%.0f%%\"></span></span></li>\n",
                      sal, sal * 100);
    }
    nx_buf_puts(b, "</ol></section>\n");
    nx_free(r);
    return NX_OK;
}

/* One list of the quotes panel: quotations in marks (indirect 0) or
 * reported speech (indirect 1). */
static void write_quote_list(view *v, int indirect)
{
    nx_buf *b = v->b;
    size_t n = 0, i;
    json_t *q;
    json_array_foreach(v->quotes, i, q) n += is_indirect(q) == indirect;
    nx_buf_printf(b, "<h3>%s <span class=\"n\">%zu</span></h3>\n",
                  indirect ? "Reported speech (indirect)" : "Quotations", n);
    if (n == 0) {
        nx_buf_printf(b, "<p class=\"none\">%s</p>\n",
                      indirect ? "No reported speech." : "No quotations.");
        return;
    }
    nx_buf_printf(b, "<ol class=\"qlist%s\">\n", indirect ? " ind" : "");
    json_array_foreach(v->quotes, i, q)
    {
        if (is_indirect(q) != indirect)
            continue;
        const char *who = speaker_name(v, q);
        nx_buf_printf(b, "<li><a href=\"#q%zu\"><strong>Q%zu</strong></a> ", i + 1, i + 1);
        if (who) {
            nx_buf_puts(b, "<span class=\"who\">");
            escs(b, who);
            nx_buf_puts(b, "</span>");
            const char *bl = basis_label(q);
            if (bl)
                nx_buf_printf(b, " <span class=\"basis%s\" title=\"speaker %s\">%s</span>",
                              strcmp(bl, "guessed") ? "" : " guess", bl, bl);
        } else {
            nx_buf_puts(b, "<span class=\"who none\">unattributed</span>");
        }
        const json_t *cue = json_object_get(q, "cue");
        if (indirect && json_is_object(cue) && jstr(cue, "text")) {
            nx_buf_puts(b, " <em>");
            escs(b, jstr(cue, "text"));
            nx_buf_puts(b, "</em>");
        }
        const char *text = jstr(q, "text");
        if (text) {
            nx_buf_puts(b, indirect ? " " : ": ");
            esc_trunc(b, text, 70);
        }
        nx_buf_puts(b, "</li>\n");
    }
    nx_buf_puts(b, "</ol>\n");
}

static void write_quotes_panel(view *v)
{
    nx_buf *b = v->b;
    size_t nq = v->quotes ? json_array_size(v->quotes) : 0;
    nx_buf_printf(b, "<section id=\"quotes\"><h2>Quotes <span class=\"n\">%zu</span></h2>\n", nq);
    if (nq == 0) {
        nx_buf_puts(b, "<p class=\"none\">No quotations.</p></section>\n");
        return;
    }
    write_quote_list(v, 0);
    write_quote_list(v, 1);
    nx_buf_puts(b, "</section>\n");
}

#define MAX_CUES 6

static void write_sources(view *v)
{
    nx_buf *b = v->b;
    size_t ns = v->sources ? json_array_size(v->sources) : 0;
    nx_buf_puts(b, "<section id=\"sources\"><h2>Cited sources</h2>\n");
    if (ns == 0) {
        nx_buf_puts(b, "<p class=\"none\">No cited sources.</p></section>\n");
        return;
    }
    nx_buf_puts(b, "<ul class=\"slist\">\n");
    size_t i, j;
    json_t *s, *t;
    json_array_foreach(v->sources, i, s)
    {
        const char *name = jstr(s, "name");
        if (!name)
            continue;
        int seen = 0;
        size_t count = 0;
        json_array_foreach(v->sources, j, t)
        {
            const char *other = jstr(t, "name");
            if (other && strcmp(other, name) == 0) {
                seen |= j < i;
                count++;
            }
        }
        if (seen)
            continue;
        nx_buf_puts(b, "<li><span class=\"sn\">");
        escs(b, name);
        nx_buf_puts(b, "</span>");
        if (count > 1)
            nx_buf_printf(b, " \xC3\x97%zu", count);
        /* The distinct attribution cues, in order (the first few). */
        const char *cues[MAX_CUES];
        size_t n_cues = 0;
        int first = 1;
        for (j = i; j < json_array_size(v->sources) && n_cues < MAX_CUES; j++) {
            t = json_array_get(v->sources, j);
            const char *other = jstr(t, "name");
            const char *cue = jstr(json_object_get(t, "cue"), "text");
            if (!other || strcmp(other, name) || !cue)
                continue;
            size_t k = 0;
            while (k < n_cues && strcmp(cues[k], cue))
                k++;
            if (k < n_cues)
                continue;
            cues[n_cues++] = cue;
            nx_buf_puts(b, first ? " <span class=\"cues\">(" : ", ");
            escs(b, cue);
            first = 0;
        }
        if (!first)
            nx_buf_puts(b, ")</span>");
        nx_buf_puts(b, "</li>\n");
    }
    nx_buf_puts(b, "</ul></section>\n");
}

#define MAX_AMOUNTS 12

/* The extras: keywords with their counts, tone, amounts (the first few) and
 * the fingerprint. */
static void write_extras(view *v)
{
    nx_buf *b = v->b;
    json_t *kw = jarr(v->root, "keywords"), *am = jarr(v->root, "amounts");
    const json_t *tone = json_object_get(v->root, "tone");
    const char *fp = jstr(v->root, "fingerprint");
    size_t i;
    json_t *o;
    nx_buf_puts(b, "<section id=\"extras\"><h2>Keywords, tone, amounts</h2>\n");
    if (kw && json_array_size(kw)) {
        nx_buf_puts(b, "<p class=\"kw\">");
        json_array_foreach(kw, i, o)
        {
            size_t count = 0;
            if (i)
                nx_buf_puts(b, ", ");
            escs(b, jstr(o, "text"));
            if (jsize(o, "count", &count) == 0 && count > 1)
                nx_buf_printf(b, " <span class=\"n\">\xC3\x97%zu</span>", count);
        }
        nx_buf_puts(b, "</p>\n");
    } else {
        nx_buf_puts(b, "<p class=\"none\">No keywords.</p>\n");
    }
    if (json_is_object(tone)) {
        size_t words = 0, pos = 0, neg = 0;
        jsize(tone, "words", &words);
        jsize(tone, "positive_words", &pos);
        jsize(tone, "negative_words", &neg);
        nx_buf_printf(b,
                      "<p class=\"tone\">tone %+.2f (positive %.2f, negative %.2f, polarity "
                      "%.2f; %zu positive and %zu negative of %zu words)</p>\n",
                      json_number_value(json_object_get(tone, "tone")),
                      json_number_value(json_object_get(tone, "positive")),
                      json_number_value(json_object_get(tone, "negative")),
                      json_number_value(json_object_get(tone, "polarity")), pos, neg, words);
    }
    size_t na = am ? json_array_size(am) : 0;
    if (na) {
        nx_buf_puts(b, "<ul class=\"slist\">\n");
        json_array_foreach(am, i, o)
        {
            if (i == MAX_AMOUNTS)
                break;
            nx_buf_puts(b, "<li>");
            escs(b, jstr(o, "text"));
            nx_buf_printf(b, " \xE2\x86\x92 %.15g", json_number_value(json_object_get(o, "value")));
            const char *unit = jstr(o, "unit");
            if (unit) {
                nx_buf_puts(b, " ");
                escs(b, unit);
            }
            nx_buf_puts(b, "</li>\n");
        }
        nx_buf_puts(b, "</ul>\n");
        if (na > MAX_AMOUNTS)
            nx_buf_printf(b, "<p class=\"small\">and %zu more amounts</p>\n", na - MAX_AMOUNTS);
    } else {
        nx_buf_puts(b, "<p class=\"none\">No amounts.</p>\n");
    }
    if (fp) {
        nx_buf_puts(b, "<p class=\"small\">fingerprint <code>");
        escs(b, fp);
        nx_buf_puts(b, "</code></p>\n");
    }
    nx_buf_puts(b, "</section>\n");
}

static void write_stats(view *v)
{
    nx_buf *b = v->b;
    const json_t *st = json_object_get(v->root, "stats");
    nx_buf_puts(b, "<section id=\"stats\"><h2>Record</h2>\n<dl class=\"stats\">");
    static const char *keys[] = {"chars", "words", "sentences", "paragraphs"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        size_t n;
        if (jsize(st, keys[i], &n) == 0)
            nx_buf_printf(b, "<div><dt>%s</dt><dd>%zu</dd></div>", keys[i], n);
    }
    size_t mentions = 0, i;
    json_t *e;
    if (v->entities)
        json_array_foreach(v->entities, i, e) mentions += mention_count(e);
    nx_buf_printf(
        b,
        "<div><dt>entities</dt><dd>%zu</dd></div><div><dt>mentions</dt><dd>%zu</dd></div>"
        "<div><dt>dates</dt><dd>%zu</dd></div><div><dt>quotes</dt><dd>%zu</dd></div>"
        "<div><dt>sources</dt><dd>%zu</dd></div><div><dt>repairs</dt><dd>%zu</dd></div>",
        v->entities ? json_array_size(v->entities) : 0, mentions,
        v->dates ? json_array_size(v->dates) : 0, v->quotes ? json_array_size(v->quotes) : 0,
        v->sources ? json_array_size(v->sources) : 0, v->repairs ? json_array_size(v->repairs) : 0);
    nx_buf_puts(b, "</dl>\n<p class=\"small\">id <code>");
    escs(b, jstr(v->root, "id"));
    nx_buf_puts(b, "</code>");
    const json_t *ex = json_object_get(v->root, "extractor");
    if (json_is_object(ex)) {
        nx_buf_puts(b, "<br>extractor ");
        escs(b, jstr(ex, "name"));
        nx_buf_puts(b, " ");
        escs(b, jstr(ex, "version"));
        json_t *models = json_object_get(ex, "models");
        const char *k;
        json_t *mv;
        if (json_is_object(models))
            json_object_foreach(models, k, mv)
            {
                if (!json_is_string(mv))
                    continue;
                nx_buf_puts(b, "<br>");
                escs(b, k);
                nx_buf_puts(b, " <code>");
                escs(b, json_string_value(mv));
                nx_buf_puts(b, "</code>");
            }
    }
    nx_buf_puts(b, "</p>\n");
    if (v->skipped)
        nx_buf_printf(
            b, "<p class=\"warn\">%zu annotation%s left out: offsets outside the text.</p>\n",
            v->skipped, v->skipped == 1 ? "" : "s");
    nx_buf_puts(b, "</section>\n");
}

/* ---- the page --------------------------------------------------------- */

static const char page_css[] =
    ":root{--per:#ffe0bb;--per-b:#a04e00;--org:#d4e5ff;--org-b:#1d5bb8;--loc:#cdf2d4;"
    "--loc-b:#17703a;--misc:#eedcff;--misc-b:#7339ab;--q:#fff3c4;--q-b:#735600;--tx:#b0125b;"
    "--del:#a30000;--line:#d9d9d4}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;font:16px/1.55 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',"
    "sans-serif;color:#1b1b1b;background:#f4f4f0}\n"
    "a{color:#0b4fa8}\n"
    "code{font:.85em/1.3 ui-monospace,'DejaVu Sans Mono',monospace;overflow-wrap:anywhere}\n"
    "header.top{background:#fff;border-bottom:1px solid var(--line);"
    "padding:14px clamp(10px,3vw,40px) 10px}\n"
    ".top>div{max-width:1500px;margin:0 auto}\n"
    "h1{font:700 clamp(1.25rem,1.6vw + .8rem,2rem)/1.2 Georgia,'DejaVu Serif',serif;"
    "margin:0 0 6px;overflow-wrap:anywhere}\n"
    ".meta{margin:0;color:#444;font-size:.9rem;overflow-wrap:anywhere}\n"
    ".meta strong{color:#1b1b1b}\n"
    ".legend{list-style:none;margin:10px 0 0;padding:0;display:flex;flex-wrap:wrap;"
    "gap:6px 10px;font-size:.82rem}\n"
    ".legend li{white-space:nowrap;display:flex;align-items:center}\n"
    ".wrap{display:grid;grid-template-columns:minmax(0,1fr);gap:18px;max-width:1500px;"
    "margin:0 auto;padding:16px clamp(6px,3vw,40px)}\n"
    "@media (min-width:900px){.wrap{grid-template-columns:minmax(0,1fr) 330px}}\n"
    "@media (min-width:1400px){.wrap{grid-template-columns:minmax(0,1fr) 390px}}\n"
    "article{position:relative;background:#fff;border:1px solid var(--line);border-radius:6px;"
    "padding:clamp(10px,3vw,34px);font:1.05rem/1.9 Georgia,'DejaVu Serif',serif;"
    "overflow-wrap:break-word}\n"
    "article p{margin:0 0 1em;position:relative;z-index:1}\n"
    ".ent{border-radius:3px;padding:0 1px;border-bottom:2px solid;"
    "-webkit-box-decoration-break:clone;box-decoration-break:clone}\n"
    ".t-per{background:var(--per);border-color:var(--per-b)}\n"
    ".t-org{background:var(--org);border-color:var(--org-b)}\n"
    ".t-loc{background:var(--loc);border-color:var(--loc-b)}\n"
    ".t-misc{background:var(--misc);border-color:var(--misc-b)}\n"
    ".ent.on{background:#ffe14a;outline:2px solid #1b1b1b}\n"
    "body.focus .ent:not(.on){background:transparent}\n"
    ".q{background:var(--q);-webkit-box-decoration-break:clone;box-decoration-break:clone}\n"
    ".q.k-scare{background:none;border-bottom:1px dashed var(--q-b)}\n"
    ".q.k-indirect{background:#eef2fb;border-bottom:2px dotted #4a64a8}\n"
    ".ql.k-indirect{background:#4a64a8}\n"
    ".qlist.ind li{border-left:3px solid #4a64a8;padding-left:6px}\n"
    ".q.hot{background:#ffe47a}\n"
    ".ql{display:inline-block;font:700 .68rem/1.35 system-ui,'DejaVu Sans',sans-serif;"
    "background:var(--q-b);color:#fff;border-radius:9px;padding:1px 7px;margin:0 3px 0 1px;"
    "text-decoration:none;vertical-align:.2em;max-width:100%;white-space:nowrap;"
    "overflow:hidden;text-overflow:ellipsis}\n"
    "a.ql:focus-visible,a.ek:focus-visible{outline:3px solid #0b4fa8;outline-offset:1px}\n"
    ".spk{box-shadow:inset 0 -3px 0 var(--q-b)}\n"
    ".spk::after{content:attr(data-qs);font:700 .62rem system-ui,'DejaVu Sans',sans-serif;"
    "color:var(--q-b);vertical-align:super;margin-left:2px}\n"
    ".cue{font-style:italic;text-decoration:underline dotted var(--q-b)}\n"
    ".tx{text-decoration:underline 2px var(--tx);text-underline-offset:.28em}\n"
    "del.rep{color:var(--del);background:#ffe8e8;text-decoration:line-through 2px}\n"
    "#links{position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none;"
    "overflow:visible;z-index:2}\n"
    "#links path{fill:none;stroke:var(--q-b);stroke-width:1.4;stroke-dasharray:4 3;"
    "opacity:.55}\n"
    "#links path.hot{opacity:1;stroke-width:2.4;stroke-dasharray:none}\n"
    "#tip{position:absolute;z-index:10;max-width:min(22rem,92vw);background:#1b1b1b;"
    "color:#fff;font:13px/1.4 system-ui,'DejaVu Sans',sans-serif;padding:6px 9px;"
    "border-radius:5px;white-space:pre-line;pointer-events:none;left:0;top:0}\n"
    "aside{font-size:.9rem;min-width:0}\n"
    "aside section{background:#fff;border:1px solid var(--line);border-radius:6px;"
    "padding:10px 14px;margin:0 0 14px}\n"
    "aside h2{font-size:.78rem;text-transform:uppercase;letter-spacing:.07em;margin:0 0 6px;"
    "color:#333}\n"
    "aside h2 .n{color:#555;font-weight:400}\n"
    ".hint,.none,.off,.small{color:#4a4a4a;font-size:.82rem;margin:0 0 6px}\n"
    ".warn{color:var(--del);font-size:.82rem}\n"
    ".elist,.qlist,.slist{margin:0;padding:0;list-style:none}\n"
    ".elist li{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:0 8px;"
    "padding:3px 0 4px;border-bottom:1px solid #eee}\n"
    "a.ek{color:inherit;text-decoration:none;display:flex;gap:6px;align-items:baseline;"
    "min-width:0;border-radius:3px}\n"
    "a.ek .nm{overflow-wrap:anywhere;font-weight:600}\n"
    "a.ek:hover .nm{text-decoration:underline}\n"
    "a.ek[aria-pressed=true]{background:#ffe14a}\n"
    ".sw{width:.8em;height:.8em;border-radius:2px;border:2px solid;flex:none;"
    "align-self:center}\n"
    ".ek.t-per .sw,.legend .t-per{background:var(--per);border-color:var(--per-b)}\n"
    ".ek.t-org .sw,.legend .t-org{background:var(--org);border-color:var(--org-b)}\n"
    ".ek.t-loc .sw,.legend .t-loc{background:var(--loc);border-color:var(--loc-b)}\n"
    ".ek.t-misc .sw,.legend .t-misc{background:var(--misc);border-color:var(--misc-b)}\n"
    ".ek.t-per,.ek.t-org,.ek.t-loc,.ek.t-misc{background:none}\n"
    ".legend .ent{padding:0 4px}\n"
    ".ct{font-variant-numeric:tabular-nums;color:#333}\n"
    ".et{grid-column:1/-1;font-size:.75rem;color:#4a4a4a;padding-left:1.3em}\n"
    ".sal{grid-column:1/-1;height:3px;background:#ececec;margin-left:1.3em;border-radius:2px}\n"
    ".sal>span{display:block;height:3px;background:#5a5a5a;border-radius:2px}\n"
    ".qlist li{padding:3px 0;border-bottom:1px solid #eee;font-size:.84rem;"
    "overflow-wrap:anywhere}\n"
    ".qlist .who{font-weight:600}\n"
    ".basis{font-size:.72rem;color:#555;border:1px solid #bbb;border-radius:3px;padding:0 3px}\n"
    ".basis.guess{color:#8a4b00;border-color:#c98a3a;border-style:dashed}\n"
    ".slist li{padding:2px 0}\n"
    ".sn{font-weight:600}\n"
    ".cues{color:#4a4a4a}\n"
    "svg.tl{width:100%;height:auto;display:block;font:11px system-ui,'DejaVu Sans',sans-serif}\n"
    "svg.tl .ax{stroke:#777}\n"
    "svg.tl .yt{stroke:#ddd}\n"
    "svg.tl .yl{fill:#444;text-anchor:middle}\n"
    "svg.tl .pub{stroke:var(--tx);stroke-dasharray:3 2}\n"
    "svg.tl .pl{fill:var(--tx);text-anchor:middle;font-size:9px}\n"
    "svg.tl .vl{fill:#1b1b1b;font-family:ui-monospace,'DejaVu Sans Mono',monospace}\n"
    "svg.tl rect,svg.tl circle{fill:var(--tx);opacity:.8}\n"
    "dl.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(88px,1fr));"
    "gap:6px;margin:0 0 8px}\n"
    "dl.stats div{background:#f6f6f3;border-radius:4px;padding:3px 7px}\n"
    "dl.stats dt{font-size:.72rem;color:#4a4a4a}\n"
    "dl.stats dd{margin:0;font-weight:700;font-variant-numeric:tabular-nums}\n"
    "footer{text-align:center;color:#4a4a4a;font-size:.8rem;padding:0 10px 20px}\n"
    "@media (max-width:480px){body{font-size:15px}article{line-height:1.8}}\n"
    "@media print{#links,#tip{display:none}}\n";

/* The niceties: tooltips, entity highlighting, lines from speakers to quote
 * labels. It reads only the DOM; no record data is ever placed in a script. */
static const char page_js[] =
    "(function(){'use strict';\n"
    "var d=document,art=d.getElementById('art'),tip=d.getElementById('tip');\n"
    "var svg=d.getElementById('links');if(!art)return;\n"
    "d.documentElement.className+=' js';\n"
    "var t=art.querySelectorAll('[title]');\n"
    "for(var i=0;i<t.length;i++){t[i].setAttribute('data-tip',t[i].getAttribute('title'));"
    "t[i].removeAttribute('title');}\n"
    "function hot(q,on){var e=d.querySelectorAll('[data-q=\"'+q+'\"]');"
    "for(var i=0;i<e.length;i++)e[i].classList.toggle('hot',on);}\n"
    "var lastQ=null;\n"
    "art.addEventListener('mouseover',function(ev){\n"
    " var el=ev.target.closest?ev.target.closest('[data-tip]'):null;\n"
    " var qe=ev.target.closest?ev.target.closest('[data-q]'):null;\n"
    " var q=qe?qe.getAttribute('data-q'):null;\n"
    " if(q!==lastQ){if(lastQ)hot(lastQ,false);if(q)hot(q,true);lastQ=q;}\n"
    " if(!el||!art.contains(el)){tip.hidden=true;return;}\n"
    " tip.textContent=el.getAttribute('data-tip');tip.hidden=false;\n"
    " var r=el.getClientRects()[0]||el.getBoundingClientRect();\n"
    " var x=Math.max(4,Math.min(r.left,d.documentElement.clientWidth-tip.offsetWidth-4));\n"
    " var y=r.bottom+6;if(y+tip.offsetHeight>window.innerHeight)y=r.top-tip.offsetHeight-6;\n"
    " tip.style.left=(x+window.scrollX)+'px';tip.style.top=(y+window.scrollY)+'px';});\n"
    "art.addEventListener('mouseleave',function(){tip.hidden=true;"
    "if(lastQ)hot(lastQ,false);lastQ=null;});\n"
    "var cur=null;\n"
    "function focusEnt(id,scroll){\n"
    " var m=art.querySelectorAll('.ent[data-e]'),b=d.querySelectorAll('a.ek'),first=null;\n"
    " cur=cur===id?null:id;d.body.classList.toggle('focus',cur!==null);\n"
    " for(var i=0;i<m.length;i++){var on=m[i].getAttribute('data-e')===cur;"
    "m[i].classList.toggle('on',on);if(on&&!first)first=m[i];}\n"
    " for(i=0;i<b.length;i++)b[i].setAttribute('aria-pressed',"
    "b[i].getAttribute('data-e')===cur?'true':'false');\n"
    " if(first&&scroll)first.scrollIntoView({block:'center',behavior:'smooth'});}\n"
    "var ek=d.querySelectorAll('a.ek');\n"
    "for(i=0;i<ek.length;i++){ek[i].setAttribute('role','button');"
    "ek[i].setAttribute('aria-pressed','false');"
    "ek[i].addEventListener('click',function(ev){ev.preventDefault();"
    "focusEnt(this.getAttribute('data-e'),true);});}\n"
    "art.addEventListener('click',function(ev){var e=ev.target.closest?"
    "ev.target.closest('.ent'):null;if(e)focusEnt(e.getAttribute('data-e'),false);});\n"
    "var NS='http://www.w3.org/2000/svg';\n"
    "function draw(){if(!svg)return;while(svg.firstChild)svg.removeChild(svg.firstChild);\n"
    " var ar=art.getBoundingClientRect(),l=art.querySelectorAll('a.ql[data-spk]');\n"
    " for(var i=0;i<l.length;i++){var s=d.getElementById(l[i].getAttribute('data-spk'));\n"
    "  if(!s)continue;var a=s.getClientRects(),b=l[i].getBoundingClientRect();\n"
    "  if(!a.length||!b.width)continue;a=a[0];\n"
    "  if(Math.abs(a.top-b.top)>window.innerHeight*0.8)continue;\n"
    "  var x1=a.left+a.width/2-ar.left,x2=b.left+8-ar.left,y1,y2;\n"
    "  if(a.top<b.top-2){y1=a.bottom-ar.top;y2=b.top-ar.top+2;}\n"
    "  else if(a.top>b.top+2){y1=a.top-ar.top;y2=b.bottom-ar.top-2;}\n"
    "  else{y1=a.bottom-ar.top;y2=b.bottom-ar.top;}\n"
    "  var "
    "same=Math.abs(a.top-b.top)<=2,dy=same?8:Math.max(14,Math.abs(y2-y1)/2),s1=same||y1<y2?1:-1;\n"
    "  var p=d.createElementNS(NS,'path');p.setAttribute('data-q',l[i].getAttribute('data-q'));\n"
    "  p.setAttribute('d','M'+x1+' '+y1+'C'+x1+' '+(y1+s1*dy)+' '+x2+' '+(y2-s1*dy)+' '+x2+' "
    "'+y2);\n"
    "  svg.appendChild(p);}}\n"
    "draw();window.addEventListener('resize',draw);\n"
    "if(d.fonts&&d.fonts.ready)d.fonts.ready.then(draw);\n"
    "})();\n";

static void write_head(view *v)
{
    nx_buf *b = v->b;
    const char *title = jstr(v->root, "title");
    const char *lang = jstr(v->root, "lang");
    nx_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"");
    escs(b, lang && *lang ? lang : "en");
    nx_buf_puts(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
                   "<meta name=\"generator\" content=\"newsx-extract --view\">\n<title>");
    if (title && *title)
        escs(b, title);
    else {
        nx_buf_puts(b, "Article ");
        escs(b, jstr(v->root, "id"));
    }
    nx_buf_puts(b, " \xE2\x80\x94 newsx view</title>\n<style>\n");
    nx_buf_puts(b, page_css);
    nx_buf_puts(b, "</style>\n</head>\n");
}

static void write_header(view *v)
{
    nx_buf *b = v->b;
    const char *title = jstr(v->root, "title");
    nx_buf_puts(b, "<body>\n<header class=\"top\"><div>\n<h1 id=\"title\">");
    if (title && *title)
        escs(b, title);
    else {
        nx_buf_puts(b, "Untitled article <code>");
        escs(b, jstr(v->root, "id"));
        nx_buf_puts(b, "</code>");
    }
    nx_buf_puts(b, "</h1>\n<p class=\"meta\">");
    const char *pub = jstr(v->root, "published");
    if (pub) {
        nx_buf_puts(b, "Published <strong><time id=\"published\" datetime=\"");
        escs(b, pub);
        nx_buf_puts(b, "\">");
        escs(b, pub);
        nx_buf_puts(b, "</time></strong>");
        const char *how = jstr(v->root, "published_source");
        if (how) {
            nx_buf_puts(b, " (from ");
            escs(b, how);
            nx_buf_puts(b, ")");
        }
    } else {
        nx_buf_puts(b, "Publication date unknown");
    }
    static const struct {
        const char *key, *label;
    } meta[] = {{"source", "Source"}, {"author", "By"}, {"lang", "Language"}};
    for (size_t i = 0; i < sizeof(meta) / sizeof(meta[0]); i++) {
        const char *val = jstr(v->root, meta[i].key);
        if (!val || !*val)
            continue;
        nx_buf_printf(b, " \xC2\xB7 %s <strong id=\"%s\">", meta[i].label, meta[i].key);
        escs(b, val);
        nx_buf_puts(b, "</strong>");
    }
    const char *url = jstr(v->root, "url");
    if (url && *url) {
        int web = strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0;
        nx_buf_puts(b, " \xC2\xB7 ");
        if (web) {
            nx_buf_puts(b, "<a rel=\"noopener noreferrer\" href=\"");
            escs(b, url);
            nx_buf_puts(b, "\">");
        } else {
            nx_buf_puts(b, "<code>");
        }
        escs(b, url);
        nx_buf_puts(b, web ? "</a>" : "</code>");
    }
    nx_buf_puts(b, "</p>\n<ul class=\"legend\" aria-label=\"Legend\">");
    for (size_t i = 0; i < sizeof(etypes) / sizeof(etypes[0]); i++)
        nx_buf_printf(b, "<li><span class=\"ent %s\">%s</span></li>", etypes[i].cls,
                      etypes[i].label);
    nx_buf_puts(b, "<li><span class=\"ql\">Q1 speaker</span><span class=\"q\">quotation</span>"
                   "</li><li><span class=\"spk\" data-qs=\"Q1\">speaker</span></li>"
                   "<li><span class=\"cue\">cue</span></li>"
                   "<li><span class=\"tx\">time expression</span></li>"
                   "<li><del class=\"rep\">removed text</del></li></ul>\n</div></header>\n");
}

nx_err nx_view_render(const char *json, size_t len, nx_buf *out, char *errstr, size_t errstr_size)
{
    if (!json || !out)
        return nx_seterr(errstr, errstr_size, NX_ERR_INVALID_ARG, "no record or no output");
    view v;
    memset(&v, 0, sizeof(v));
    json_error_t jerr;
    v.root = json_loadb(json, len, 0, &jerr);
    if (!v.root) {
        /* jansson leaves the message empty when its first allocation fails. */
        if (json_error_code(&jerr) == json_error_out_of_memory || jerr.text[0] == '\0')
            return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory reading the record");
        return nx_seterr(errstr, errstr_size, NX_ERR_INVALID_ARG,
                         "record is not JSON: %s (line %d, column %d)", jerr.text, jerr.line,
                         jerr.column);
    }
    nx_err err = NX_OK;
    nx_buf page;
    nx_buf_init(&page, 0);
    v.b = &page;
    const json_t *text = json_object_get(v.root, "text");
    if (!json_is_object(v.root) || !json_is_string(text)) {
        err = nx_seterr(errstr, errstr_size, NX_ERR_INVALID_ARG,
                        "record is not an object with a string \"text\"");
        goto done;
    }
    v.text = json_string_value(text);
    v.text_len = json_string_length(text);
    v.n_cp = cp_count(v.text, v.text_len);
    v.entities = jarr(v.root, "entities");
    v.dates = jarr(v.root, "dates");
    v.quotes = jarr(v.root, "quotes");
    v.sources = jarr(v.root, "sources");
    v.repairs = jarr(v.root, "repairs");
    if ((err = collect_spans(&v)))
        goto nomem;
    if (v.n_spans)
        qsort(v.spans, v.n_spans, sizeof(*v.spans), cmp_span);
    size_t nr = v.repairs ? json_array_size(v.repairs) : 0;
    if (nr) {
        v.reps = nx_malloc(nr * sizeof(*v.reps));
        if (!v.reps) {
            err = NX_ERR_NOMEM;
            goto nomem;
        }
        for (size_t i = 0; i < nr; i++) {
            size_t s;
            if (jsize(json_array_get(v.repairs, i), "start", &s)) {
                v.skipped++;
                continue;
            }
            v.reps[v.n_reps].start = s > v.n_cp ? v.n_cp : s;
            v.reps[v.n_reps++].idx = i;
        }
        qsort(v.reps, v.n_reps, sizeof(*v.reps), cmp_rep);
    }

    write_head(&v);
    write_header(&v);
    nx_buf_puts(&page, "<div class=\"wrap\">\n<main>\n<article id=\"art\"");
    const char *lang = jstr(v.root, "lang");
    if (lang && *lang) {
        nx_buf_puts(&page, " lang=\"");
        escs(&page, lang);
        nx_buf_puts(&page, "\"");
    }
    nx_buf_puts(&page, "><svg id=\"links\" aria-hidden=\"true\"></svg>\n");
    if ((err = write_body(&v)))
        goto nomem;
    nx_buf_puts(&page, "</article>\n</main>\n<aside>\n");
    if ((err = write_entities(&v)))
        goto nomem;
    if ((err = write_timeline(&v)))
        goto nomem;
    write_quotes_panel(&v);
    write_sources(&v);
    write_extras(&v);
    write_stats(&v);
    nx_buf_puts(&page, "</aside>\n</div>\n<div id=\"tip\" role=\"tooltip\" hidden></div>\n"
                       "<footer>Rendered by newsx-extract --view \xC2\xB7 record ");
    escs(&page, jstr(v.root, "schema"));
    nx_buf_puts(&page, "</footer>\n<script>\n");
    nx_buf_puts(&page, page_js);
    nx_buf_puts(&page, "</script>\n</body>\n</html>\n");
    if (page.err) {
        err = page.err;
        goto nomem;
    }
    if (nx_buf_append(out, page.data, page.len)) {
        err = out->err;
        goto nomem;
    }
    goto done;
nomem:
    err = nx_seterr(errstr, errstr_size, err, "%s rendering the view",
                    err == NX_ERR_NOMEM ? "out of memory" : "output limit reached");
done:
    nx_buf_free(&page);
    nx_free(v.spans);
    nx_free(v.reps);
    json_decref(v.root);
    return err;
}
