/*
 * view_panels.c - the side panel of the annotated view: the entities by
 * salience, the normalized dates on a timeline (inline SVG), the quotations
 * and reported speech, the cited sources, keywords/tone/amounts and the
 * record's stats. See view_int.h.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "nx_alloc.h"
#include "view_int.h"

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

nx_err nxv_write_timeline(view *v)
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
        const char *val = nxv_jstr(d, "value");
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
    int has_pub = value_days(nxv_jstr(v->root, "published"), &pub, &(long){0}) == 0;
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
            nxv_esc_trunc(b, rows[k].value, 14);
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
            nxv_escs(b, rows[k].value);
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
            nxv_escs(b, other[k].value);
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

/* ---- entities, quotes, sources, extras, stats ------------------------- */

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

nx_err nxv_write_entities(view *v)
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
        const etype *t = nxv_etype_of(e);
        const char *id = nxv_jstr(e, "id");
        double sal = r[i].salience < 0 ? 0 : r[i].salience > 1 ? 1 : r[i].salience;
        nx_buf_printf(b, "<li><a class=\"ek %s\" href=\"#m-", t->cls);
        nxv_escs(b, id);
        nx_buf_puts(b, "-0\" data-e=\"");
        nxv_escs(b, id);
        nx_buf_printf(b,
                      "\"><span class=\"sw\" title=\"%s\"></span>"
                      "<span class=\"nm\">",
                      t->label);
        nxv_escs(b, nxv_jstr(e, "name"));
        nx_buf_printf(b, "</span></a><span class=\"ct\" title=\"mentions\">%zu\xC3\x97</span>",
                      nxv_mention_count(e));
        nx_buf_printf(b, "<span class=\"et\">%s", t->label);
        if (json_is_object(json_object_get(e, "place"))) {
            nx_buf_puts(b, " \xC2\xB7 ");
            nxv_place_desc(b, e);
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
    json_array_foreach(v->quotes, i, q) n += nxv_is_indirect(q) == indirect;
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
        if (nxv_is_indirect(q) != indirect)
            continue;
        const char *who = nxv_speaker_name(v, q);
        nx_buf_printf(b, "<li><a href=\"#q%zu\"><strong>Q%zu</strong></a> ", i + 1, i + 1);
        if (who) {
            nx_buf_puts(b, "<span class=\"who\">");
            nxv_escs(b, who);
            nx_buf_puts(b, "</span>");
            const char *bl = nxv_basis_label(q);
            if (bl)
                nx_buf_printf(b, " <span class=\"basis%s\" title=\"speaker %s\">%s</span>",
                              strcmp(bl, "guessed") ? "" : " guess", bl, bl);
        } else {
            nx_buf_puts(b, "<span class=\"who none\">unattributed</span>");
        }
        const json_t *cue = json_object_get(q, "cue");
        if (indirect && json_is_object(cue) && nxv_jstr(cue, "text")) {
            nx_buf_puts(b, " <em>");
            nxv_escs(b, nxv_jstr(cue, "text"));
            nx_buf_puts(b, "</em>");
        }
        const char *text = nxv_jstr(q, "text");
        if (text) {
            nx_buf_puts(b, indirect ? " " : ": ");
            nxv_esc_trunc(b, text, 70);
        }
        nx_buf_puts(b, "</li>\n");
    }
    nx_buf_puts(b, "</ol>\n");
}

void nxv_write_quotes_panel(view *v)
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

void nxv_write_sources(view *v)
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
        const char *name = nxv_jstr(s, "name");
        if (!name)
            continue;
        int seen = 0;
        size_t count = 0;
        json_array_foreach(v->sources, j, t)
        {
            const char *other = nxv_jstr(t, "name");
            if (other && strcmp(other, name) == 0) {
                seen |= j < i;
                count++;
            }
        }
        if (seen)
            continue;
        nx_buf_puts(b, "<li><span class=\"sn\">");
        nxv_escs(b, name);
        nx_buf_puts(b, "</span>");
        if (count > 1)
            nx_buf_printf(b, " \xC3\x97%zu", count);
        /* The distinct attribution cues, in order (the first few). */
        const char *cues[MAX_CUES];
        size_t n_cues = 0;
        int first = 1;
        for (j = i; j < json_array_size(v->sources) && n_cues < MAX_CUES; j++) {
            t = json_array_get(v->sources, j);
            const char *other = nxv_jstr(t, "name");
            const char *cue = nxv_jstr(json_object_get(t, "cue"), "text");
            if (!other || strcmp(other, name) || !cue)
                continue;
            size_t k = 0;
            while (k < n_cues && strcmp(cues[k], cue))
                k++;
            if (k < n_cues)
                continue;
            cues[n_cues++] = cue;
            nx_buf_puts(b, first ? " <span class=\"cues\">(" : ", ");
            nxv_escs(b, cue);
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
void nxv_write_extras(view *v)
{
    nx_buf *b = v->b;
    json_t *kw = nxv_jarr(v->root, "keywords"), *am = nxv_jarr(v->root, "amounts");
    const json_t *tone = json_object_get(v->root, "tone");
    const char *fp = nxv_jstr(v->root, "fingerprint");
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
            nxv_escs(b, nxv_jstr(o, "text"));
            if (nxv_jsize(o, "count", &count) == 0 && count > 1)
                nx_buf_printf(b, " <span class=\"n\">\xC3\x97%zu</span>", count);
        }
        nx_buf_puts(b, "</p>\n");
    } else {
        nx_buf_puts(b, "<p class=\"none\">No keywords.</p>\n");
    }
    if (json_is_object(tone)) {
        size_t words = 0, pos = 0, neg = 0;
        nxv_jsize(tone, "words", &words);
        nxv_jsize(tone, "positive_words", &pos);
        nxv_jsize(tone, "negative_words", &neg);
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
            nxv_escs(b, nxv_jstr(o, "text"));
            nx_buf_printf(b, " \xE2\x86\x92 %.15g", json_number_value(json_object_get(o, "value")));
            const char *unit = nxv_jstr(o, "unit");
            if (unit) {
                nx_buf_puts(b, " ");
                nxv_escs(b, unit);
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
        nxv_escs(b, fp);
        nx_buf_puts(b, "</code></p>\n");
    }
    nx_buf_puts(b, "</section>\n");
}

void nxv_write_stats(view *v)
{
    nx_buf *b = v->b;
    const json_t *st = json_object_get(v->root, "stats");
    nx_buf_puts(b, "<section id=\"stats\"><h2>Record</h2>\n<dl class=\"stats\">");
    static const char *keys[] = {"chars", "words", "sentences", "paragraphs"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        size_t n;
        if (nxv_jsize(st, keys[i], &n) == 0)
            nx_buf_printf(b, "<div><dt>%s</dt><dd>%zu</dd></div>", keys[i], n);
    }
    size_t mentions = 0, i;
    json_t *e;
    if (v->entities)
        json_array_foreach(v->entities, i, e) mentions += nxv_mention_count(e);
    nx_buf_printf(
        b,
        "<div><dt>entities</dt><dd>%zu</dd></div><div><dt>mentions</dt><dd>%zu</dd></div>"
        "<div><dt>dates</dt><dd>%zu</dd></div><div><dt>quotes</dt><dd>%zu</dd></div>"
        "<div><dt>sources</dt><dd>%zu</dd></div><div><dt>repairs</dt><dd>%zu</dd></div>",
        v->entities ? json_array_size(v->entities) : 0, mentions,
        v->dates ? json_array_size(v->dates) : 0, v->quotes ? json_array_size(v->quotes) : 0,
        v->sources ? json_array_size(v->sources) : 0, v->repairs ? json_array_size(v->repairs) : 0);
    nx_buf_puts(b, "</dl>\n<p class=\"small\">id <code>");
    nxv_escs(b, nxv_jstr(v->root, "id"));
    nx_buf_puts(b, "</code>");
    const json_t *ex = json_object_get(v->root, "extractor");
    if (json_is_object(ex)) {
        nx_buf_puts(b, "<br>extractor ");
        nxv_escs(b, nxv_jstr(ex, "name"));
        nx_buf_puts(b, " ");
        nxv_escs(b, nxv_jstr(ex, "version"));
        json_t *models = json_object_get(ex, "models");
        const char *k;
        json_t *mv;
        if (json_is_object(models))
            json_object_foreach(models, k, mv)
            {
                if (!json_is_string(mv))
                    continue;
                nx_buf_puts(b, "<br>");
                nxv_escs(b, k);
                nx_buf_puts(b, " <code>");
                nxv_escs(b, json_string_value(mv));
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
