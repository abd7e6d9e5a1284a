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
 *
 * This file holds nx_view_render() and the annotated text; the side panel
 * is in view_panels.c, the page around it in view_page.c (view_int.h).
 */
#include "view.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "nx_alloc.h"
#include "view_int.h"

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
    if (!json_is_object(o) || nxv_jsize(o, "start", start) || nxv_jsize(o, "end", end))
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
            json_t *ms = nxv_jarr(x, "mentions");
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
        const etype *t = nxv_etype_of(e);
        const char *id = nxv_jstr(e, "id");
        nx_buf_printf(b, "<span class=\"ent %s\" data-e=\"", t->cls);
        nxv_escs(b, id);
        nx_buf_printf(b, "\" data-m=\"%zu\"", s->sub);
        if (first) {
            nx_buf_puts(b, " id=\"m-");
            nxv_escs(b, id);
            nx_buf_printf(b, "-%zu\"", s->sub);
        }
        nx_buf_puts(b, " title=\"");
        nxv_escs(b, nxv_jstr(e, "name"));
        nx_buf_printf(b, "&#10;%s", t->label);
        if (id) {
            nx_buf_puts(b, " \xC2\xB7 ");
            nxv_escs(b, id);
        }
        nx_buf_printf(b, " \xC2\xB7 %zu mention%s", nxv_mention_count(e),
                      nxv_mention_count(e) == 1 ? "" : "s");
        if (json_is_object(json_object_get(e, "place"))) {
            nx_buf_puts(b, "&#10;");
            nxv_place_desc(b, e);
        }
        nx_buf_puts(b, "\">");
        break;
    }
    case K_DATE: {
        const json_t *d = json_array_get(v->dates, s->idx);
        nx_buf_printf(b, "<span class=\"tx\" data-d=\"%zu\" title=\"", s->idx);
        nxv_escs(b, nxv_jstr(d, "value"));
        nx_buf_puts(b, " (");
        nxv_escs(b, nxv_jstr(d, "type"));
        const char *mod = nxv_jstr(d, "mod");
        if (mod) {
            nx_buf_puts(b, ", ");
            nxv_escs(b, mod);
        }
        nx_buf_puts(b, ")\">");
        break;
    }
    case K_QUOTE: {
        const json_t *q = json_array_get(v->quotes, s->idx);
        const char *who = nxv_speaker_name(v, q);
        const char *kind = nxv_jstr(q, "kind");
        size_t ss, se;
        int has_spk =
            obj_span(json_object_get(q, "speaker"), &ss, &se) == 0 && se <= v->n_cp && ss < se;
        if (first) {
            /* The label: a link to the speaker mention (the script draws a line). */
            if (has_spk)
                nx_buf_printf(b,
                              "<a class=\"ql%s\" href=\"#spk-%zu-%zu\" data-spk=\"spk-%zu-%zu\" "
                              "data-q=\"%zu\">",
                              nxv_is_indirect(q) ? " k-indirect" : "", ss, se, ss, se, s->idx + 1);
            else
                nx_buf_printf(b, "<span class=\"ql%s\" data-q=\"%zu\">",
                              nxv_is_indirect(q) ? " k-indirect" : "", s->idx + 1);
            nx_buf_printf(b, "Q%zu ", s->idx + 1);
            if (nxv_is_indirect(q))
                nx_buf_puts(b, "reported: ");
            if (who)
                nxv_escs(b, who);
            else
                nx_buf_puts(b, "unattributed");
            if (who && nxv_basis_label(q) && !strcmp(nxv_basis_label(q), "guessed"))
                nx_buf_puts(b, "?");
            nx_buf_puts(b, has_spk ? "</a>" : "</span>");
        }
        nx_buf_puts(b, "<span class=\"q k-");
        nxv_escs(b, kind ? kind : "direct");
        nx_buf_printf(b, "\" data-q=\"%zu\"", s->idx + 1);
        if (first)
            nx_buf_printf(b, " id=\"q%zu\"", s->idx + 1);
        nx_buf_printf(b, " title=\"Quote Q%zu (", s->idx + 1);
        nxv_escs(b, kind ? kind : "direct");
        nx_buf_puts(b, ")&#10;speaker: ");
        const json_t *sp = json_object_get(q, "speaker");
        if (json_is_object(sp)) {
            nxv_escs(b, nxv_jstr(sp, "text"));
            if (who && nxv_jstr(sp, "text") && strcmp(who, nxv_jstr(sp, "text")) != 0) {
                nx_buf_puts(b, " \xE2\x86\x92 ");
                nxv_escs(b, who);
            }
            if (nxv_basis_label(q)) {
                nx_buf_puts(b, " (");
                nx_buf_puts(b, nxv_basis_label(q));
                nx_buf_puts(b, ")");
            }
        } else {
            nx_buf_puts(b, "none found");
        }
        const json_t *cue = json_object_get(q, "cue");
        if (json_is_object(cue) && nxv_jstr(cue, "text")) {
            nx_buf_puts(b, "&#10;cue: ");
            nxv_escs(b, nxv_jstr(cue, "text"));
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
    const char *removed = nxv_jstr(r, "removed");
    if (!removed || !*removed)
        return;
    nx_buf_printf(v->b, "<del class=\"rep\" data-r=\"%zu\" title=\"%s\">", idx,
                  repair_label(nxv_jstr(r, "kind")));
    nxv_escs(v->b, removed);
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

        size_t b0 = cur_byte + nxv_cp_to_byte(t + cur_byte, n - cur_byte, p - cur_cp);
        size_t b1 = b0 + nxv_cp_to_byte(t + b0, n - b0, q - p);
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
        nxv_esc(b, t + b0, b1 - b0);
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
    v.n_cp = nxv_cp_count(v.text, v.text_len);
    v.entities = nxv_jarr(v.root, "entities");
    v.dates = nxv_jarr(v.root, "dates");
    v.quotes = nxv_jarr(v.root, "quotes");
    v.sources = nxv_jarr(v.root, "sources");
    v.repairs = nxv_jarr(v.root, "repairs");
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
            if (nxv_jsize(json_array_get(v.repairs, i), "start", &s)) {
                v.skipped++;
                continue;
            }
            v.reps[v.n_reps].start = s > v.n_cp ? v.n_cp : s;
            v.reps[v.n_reps++].idx = i;
        }
        qsort(v.reps, v.n_reps, sizeof(*v.reps), cmp_rep);
    }

    nxv_write_head(&v);
    nxv_write_header(&v);
    nx_buf_puts(&page, "<div class=\"wrap\">\n<main>\n<article id=\"art\"");
    const char *lang = nxv_jstr(v.root, "lang");
    if (lang && *lang) {
        nx_buf_puts(&page, " lang=\"");
        nxv_escs(&page, lang);
        nx_buf_puts(&page, "\"");
    }
    nx_buf_puts(&page, "><svg id=\"links\" aria-hidden=\"true\"></svg>\n");
    if ((err = write_body(&v)))
        goto nomem;
    nx_buf_puts(&page, "</article>\n</main>\n<aside>\n");
    if ((err = nxv_write_entities(&v)))
        goto nomem;
    if ((err = nxv_write_timeline(&v)))
        goto nomem;
    nxv_write_quotes_panel(&v);
    nxv_write_sources(&v);
    nxv_write_extras(&v);
    nxv_write_stats(&v);
    nxv_write_footer(&v);
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
