/*
 * record.c - write the enriched record (newsx.record/1) as JSON.
 *
 * A hand-written streaming writer: keys in a fixed order, no intermediate
 * tree, byte offsets converted to code point offsets on the way out.
 */
#include "record.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <xxhash.h>

#include "extras.h"
#include "json_scan.h"
#include "nx_alloc.h"

static const char hexdig[] = "0123456789abcdef";

/* Length of the valid UTF-8 sequence at p (1-4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t left)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return left >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F))
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
            return 0;
        return 4;
    }
    return 0;
}

void nx_json_str(nx_buf *b, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    nx_buf_putc(b, '"');
    size_t run = 0; /* start of the pending verbatim run */
    size_t i = 0;
    while ((i = nx_json_plain_end(p, i, len)) < len) {
        unsigned char c = p[i];
        if (c >= 0x80) {
            size_t n = utf8_seq(p + i, len - i);
            if (n) {
                i += n;
                continue;
            }
        }
        nx_buf_append(b, s + run, i - run);
        switch (c) {
        case '"':
            nx_buf_append(b, "\\\"", 2);
            break;
        case '\\':
            nx_buf_append(b, "\\\\", 2);
            break;
        case '\n':
            nx_buf_append(b, "\\n", 2);
            break;
        case '\t':
            nx_buf_append(b, "\\t", 2);
            break;
        case '\r':
            nx_buf_append(b, "\\r", 2);
            break;
        default:
            if (c < 0x20) {
                char esc[6] = {'\\', 'u', '0', '0', hexdig[c >> 4], hexdig[c & 15]};
                nx_buf_append(b, esc, 6);
            } else {
                nx_buf_append(b, "\xEF\xBF\xBD", 3); /* invalid byte -> U+FFFD */
            }
        }
        i++;
        run = i;
    }
    nx_buf_append(b, s + run, len - run);
    nx_buf_putc(b, '"');
}

static void json_opt_str(nx_buf *b, const nx_str *s)
{
    if (s->data)
        nx_json_str(b, s->data, s->len);
    else
        nx_buf_append(b, "null", 4);
}

static void key(nx_buf *b, const char *k)
{
    nx_buf_putc(b, ',');
    nx_buf_putc(b, '"');
    nx_buf_puts(b, k);
    nx_buf_append(b, "\":", 2);
}

static void put_u64(nx_buf *b, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    nx_buf_append(b, tmp + sizeof(tmp) - n, (size_t)n);
}

/* Byte offset -> code point offset. NULL map means the text is ASCII. */
typedef struct cpmap {
    uint32_t *cp;
} cpmap;

static uint32_t cp_of(const cpmap *m, uint32_t byte)
{
    return m->cp ? m->cp[byte] : byte;
}

static nx_err cpmap_build(cpmap *m, const char *text, size_t len)
{
    m->cp = NULL;
    size_t i = 0;
    while (i < len && (unsigned char)text[i] < 0x80)
        i++;
    if (i == len)
        return NX_OK;
    m->cp = nx_malloc((len + 1) * sizeof(uint32_t));
    if (!m->cp)
        return NX_ERR_NOMEM;
    uint32_t n = 0;
    for (size_t k = 0; k < len; k++) {
        m->cp[k] = n;
        if (((unsigned char)text[k] & 0xC0) != 0x80)
            n++;
        else
            m->cp[k] = n - 1;
    }
    m->cp[len] = n;
    return NX_OK;
}

/* "start":S,"end":E,"text":"..." for a byte span of text. */
static void span_fields(const nx_doc *doc, const cpmap *m, nx_buf *b, uint32_t start, uint32_t end)
{
    nx_buf_puts(b, "\"start\":");
    put_u64(b, cp_of(m, start));
    nx_buf_puts(b, ",\"end\":");
    put_u64(b, cp_of(m, end));
    nx_buf_puts(b, ",\"text\":");
    nx_json_str(b, doc->text + start, end - start);
}

static void entity_ref(nx_buf *b, int64_t idx)
{
    if (idx < 0) {
        nx_buf_append(b, "null", 4);
        return;
    }
    nx_buf_append(b, "\"E", 2);
    put_u64(b, (uint64_t)idx + 1);
    nx_buf_putc(b, '"');
}

static void fixed4(nx_buf *b, double v)
{
    /* Four decimals, locale-independent and deterministic. */
    if (v < 0) {
        nx_buf_putc(b, '-');
        v = -v;
    }
    uint64_t x = (uint64_t)(v * 10000.0 + 0.5);
    put_u64(b, x / 10000);
    char frac[5];
    uint64_t f = x % 10000;
    for (int k = 3; k >= 0; k--) {
        frac[k] = (char)('0' + f % 10);
        f /= 10;
    }
    nx_buf_putc(b, '.');
    nx_buf_append(b, frac, 4);
}

/* The mentions of each entity in text order: a counting sort by entity,
 * stable (mentions are sorted by start). first[e]..first[e+1] index order. */
static nx_err bucket_mentions(const nx_doc *doc, uint32_t **first_out, uint32_t **order_out)
{
    size_t ne = doc->n_entities, nm = doc->n_mentions;
    uint32_t *first = nx_calloc(ne + 2, sizeof(*first));
    uint32_t *order = nx_malloc((nm + 1) * sizeof(*order));
    if (!first || !order) {
        nx_free(first);
        nx_free(order);
        return NX_ERR_NOMEM;
    }
    for (size_t k = 0; k < nm; k++)
        if (doc->mentions[k].entity < ne)
            first[doc->mentions[k].entity + 2]++;
    for (size_t e = 2; e < ne + 2; e++)
        first[e] += first[e - 1];
    for (size_t k = 0; k < nm; k++)
        if (doc->mentions[k].entity < ne)
            order[first[doc->mentions[k].entity + 1]++] = (uint32_t)k;
    nx_spend(doc->budget, nm + ne);
    *first_out = first;
    *order_out = order;
    return NX_OK;
}

static void write_entities(const nx_doc *doc, const cpmap *m, nx_buf *b)
{
    static const char *const types[] = {"PERSON", "ORG", "LOC", "MISC"};
    uint32_t *first = NULL, *order = NULL;
    if (bucket_mentions(doc, &first, &order)) {
        nx_buf_free(b); /* the failed state of nx_buf.h */
        b->err = NX_ERR_NOMEM;
        return;
    }
    nx_buf_putc(b, '[');
    for (size_t i = 0; i < doc->n_entities && !b->err; i++) {
        const nx_entity *en = &doc->entities[i];
        if (i)
            nx_buf_putc(b, ',');
        nx_buf_puts(b, "{\"id\":");
        entity_ref(b, (int64_t)i);
        nx_buf_puts(b, ",\"type\":\"");
        nx_buf_puts(b, types[en->type & 3]);
        nx_buf_puts(b, "\",\"name\":");
        if (en->name.data)
            nx_json_str(b, en->name.data, en->name.len);
        else
            nx_json_str(b, doc->text + en->name_start, en->name_end - en->name_start);
        nx_buf_puts(b, ",\"mentions\":[");
        int first_m = 1;
        for (uint32_t o = first[i]; o < first[i + 1]; o++) {
            size_t k = order[o];
            if (!first_m)
                nx_buf_putc(b, ',');
            first_m = 0;
            nx_buf_putc(b, '{');
            span_fields(doc, m, b, doc->mentions[k].start, doc->mentions[k].end);
            nx_buf_putc(b, '}');
        }
        nx_buf_puts(b, "],\"count\":");
        put_u64(b, en->count);
        nx_buf_puts(b, ",\"salience\":");
        fixed4(b, en->salience);
        if (en->has_place) {
            nx_buf_puts(b, ",\"place\":{\"country\":");
            nx_json_str(b, en->place.country, strlen(en->place.country));
            nx_buf_puts(b, ",\"lat\":");
            fixed4(b, en->place.lat);
            nx_buf_puts(b, ",\"lon\":");
            fixed4(b, en->place.lon);
            nx_buf_puts(b, ",\"kind\":");
            nx_json_str(b, en->place.kind, strlen(en->place.kind));
            nx_buf_putc(b, '}');
        }
        nx_buf_putc(b, '}');
    }
    nx_buf_putc(b, ']');
    nx_free(first);
    nx_free(order);
}

static void write_dates(const nx_doc *doc, const cpmap *m, nx_buf *b)
{
    static const char *const types[] = {"DATE", "TIME", "DURATION", "SET"};
    nx_buf_putc(b, '[');
    for (size_t i = 0; i < doc->n_timexes && !b->err; i++) {
        const nx_timex *t = &doc->timexes[i];
        if (i)
            nx_buf_putc(b, ',');
        nx_buf_putc(b, '{');
        span_fields(doc, m, b, t->start, t->end);
        nx_buf_puts(b, ",\"type\":\"");
        nx_buf_puts(b, types[t->type & 3]);
        nx_buf_puts(b, "\",\"value\":");
        nx_json_str(b, t->value, strlen(t->value));
        if (t->mod[0]) {
            nx_buf_puts(b, ",\"mod\":");
            nx_json_str(b, t->mod, strlen(t->mod));
        }
        nx_buf_putc(b, '}');
    }
    nx_buf_putc(b, ']');
}

static void cue_field(const nx_doc *doc, const cpmap *m, nx_buf *b, int has, nx_span cue)
{
    nx_buf_puts(b, ",\"cue\":");
    if (!has) {
        nx_buf_append(b, "null", 4);
        return;
    }
    nx_buf_putc(b, '{');
    span_fields(doc, m, b, cue.start, cue.end);
    nx_buf_putc(b, '}');
}

static void write_quotes(const nx_doc *doc, const cpmap *m, nx_buf *b)
{
    static const char *const kinds[] = {"direct", "partial", "scare", "indirect"};
    static const char *const how[] = {"none", "mention", "name", "pronoun", "role"};
    static const char *const bases[] = {"cue", "inherited", "context", "guess"};
    nx_buf_putc(b, '[');
    for (size_t i = 0; i < doc->n_quotes && !b->err; i++) {
        const nx_quote *q = &doc->quotes[i];
        if (i)
            nx_buf_putc(b, ',');
        nx_buf_putc(b, '{');
        span_fields(doc, m, b, q->start, q->end);
        nx_buf_puts(b, ",\"kind\":\"");
        nx_buf_puts(b, kinds[q->kind & 3]);
        nx_buf_puts(b, "\",\"speaker\":");
        if (q->has_speaker) {
            nx_buf_putc(b, '{');
            span_fields(doc, m, b, q->speaker.start, q->speaker.end);
            nx_buf_puts(b, ",\"entity\":");
            entity_ref(b, q->speaker_entity);
            nx_buf_puts(b, ",\"resolved_by\":");
            if (q->speaker_entity >= 0 && q->resolved_by < sizeof(how) / sizeof(how[0])) {
                nx_buf_putc(b, '"');
                nx_buf_puts(b, how[q->resolved_by]);
                nx_buf_putc(b, '"');
            } else {
                nx_buf_append(b, "null", 4);
            }
            nx_buf_puts(b, ",\"basis\":\"");
            nx_buf_puts(b, bases[q->basis & 3]);
            nx_buf_puts(b, "\"}");
        } else {
            nx_buf_append(b, "null", 4);
        }
        cue_field(doc, m, b, q->has_cue, q->cue);
        nx_buf_putc(b, '}');
    }
    nx_buf_putc(b, ']');
}

static void write_sources(const nx_doc *doc, const cpmap *m, nx_buf *b)
{
    nx_buf_putc(b, '[');
    for (size_t i = 0; i < doc->n_sources && !b->err; i++) {
        const nx_source *src = &doc->sources[i];
        if (i)
            nx_buf_putc(b, ',');
        nx_buf_puts(b, "{\"name\":");
        nx_json_str(b, doc->text + src->start, src->end - src->start);
        nx_buf_puts(b, ",\"entity\":");
        entity_ref(b, src->entity);
        cue_field(doc, m, b, src->has_cue, src->cue);
        nx_buf_puts(b, ",\"start\":");
        put_u64(b, cp_of(m, src->start));
        nx_buf_puts(b, ",\"end\":");
        put_u64(b, cp_of(m, src->end));
        nx_buf_putc(b, '}');
    }
    nx_buf_putc(b, ']');
}

/* A JSON number: an integer when v is one, else up to four decimals. */
static void put_num(nx_buf *b, double v)
{
    char tmp[40];
    size_t n;
    if (v > -1e15 && v < 1e15 && v == (double)(int64_t)v) {
        n = nx_fmt_fixed(v, 0, tmp);
    } else {
        n = nx_fmt_fixed(v, 4, tmp);
        while (n && tmp[n - 1] == '0')
            n--;
        if (n && tmp[n - 1] == '.')
            n--;
    }
    nx_buf_append(b, tmp, n);
}

static void write_amounts(const nx_doc *doc, const cpmap *m, nx_buf *b)
{
    nx_buf_putc(b, '[');
    for (size_t i = 0; i < doc->n_amounts && !b->err; i++) {
        const nx_amount *a = &doc->amounts[i];
        if (i)
            nx_buf_putc(b, ',');
        nx_buf_putc(b, '{');
        span_fields(doc, m, b, a->start, a->end);
        nx_buf_puts(b, ",\"value\":");
        put_num(b, a->value);
        nx_buf_puts(b, ",\"unit\":");
        nx_json_str(b, a->unit, strlen(a->unit));
        nx_buf_puts(b, ",\"object\":");
        if (a->has_object)
            nx_json_str(b, doc->text + a->object.start, a->object.end - a->object.start);
        else
            nx_buf_append(b, "null", 4);
        nx_buf_putc(b, '}');
    }
    nx_buf_putc(b, ']');
}

static void write_keywords(const nx_doc *doc, const cpmap *m, nx_buf *b)
{
    nx_buf_putc(b, '[');
    for (size_t i = 0; i < doc->n_keywords && !b->err; i++) {
        const nx_keyword *kw = &doc->keywords[i];
        if (i)
            nx_buf_putc(b, ',');
        nx_buf_puts(b, "{\"text\":");
        if (kw->entity >= 0 && (size_t)kw->entity < doc->n_entities) {
            const nx_entity *en = &doc->entities[kw->entity];
            if (en->name.data)
                nx_json_str(b, en->name.data, en->name.len);
            else
                nx_json_str(b, doc->text + en->name_start, en->name_end - en->name_start);
        } else {
            nx_json_str(b, doc->text + kw->first.start, kw->first.end - kw->first.start);
        }
        char tmp[40];
        nx_buf_puts(b, ",\"score\":");
        nx_buf_append(b, tmp, nx_fmt_fixed(kw->score, 6, tmp));
        nx_buf_puts(b, ",\"count\":");
        put_u64(b, kw->count);
        nx_buf_puts(b, ",\"entity\":");
        entity_ref(b, kw->entity);
        nx_buf_puts(b, ",\"start\":");
        put_u64(b, cp_of(m, kw->first.start));
        nx_buf_puts(b, ",\"end\":");
        put_u64(b, cp_of(m, kw->first.end));
        nx_buf_putc(b, '}');
    }
    nx_buf_putc(b, ']');
}

static void write_tone(const nx_doc *doc, nx_buf *b)
{
    const nx_tone *t = &doc->tone;
    if (!doc->has_tone) {
        nx_buf_append(b, "null", 4);
        return;
    }
    nx_buf_puts(b, "{\"tone\":");
    fixed4(b, t->tone);
    nx_buf_puts(b, ",\"positive\":");
    fixed4(b, t->positive);
    nx_buf_puts(b, ",\"negative\":");
    fixed4(b, t->negative);
    nx_buf_puts(b, ",\"polarity\":");
    fixed4(b, t->polarity);
    nx_buf_puts(b, ",\"words\":");
    put_u64(b, t->words);
    nx_buf_puts(b, ",\"positive_words\":");
    put_u64(b, t->pos_words);
    nx_buf_puts(b, ",\"negative_words\":");
    put_u64(b, t->neg_words);
    nx_buf_putc(b, '}');
}

static void write_fingerprint(const nx_doc *doc, nx_buf *b)
{
    if (!doc->has_fingerprint) {
        nx_buf_append(b, "null", 4);
        return;
    }
    char hex[18];
    hex[0] = '"';
    for (int k = 0; k < 16; k++)
        hex[1 + k] = hexdig[(doc->fingerprint >> (60 - 4 * k)) & 15];
    hex[17] = '"';
    nx_buf_append(b, hex, 18);
}

/* The record id: the envelope's, else the message key, else a hash of the text. */
static void id_of(const nx_doc *doc, char hex[17], const char **p, size_t *n)
{
    if (doc->id.data && doc->id.len) {
        *p = doc->id.data;
        *n = doc->id.len;
        return;
    }
    const nx_input_meta *meta = doc->meta;
    if (meta && meta->key && meta->key_len) {
        *p = meta->key;
        *n = meta->key_len;
        return;
    }
    uint64_t h = XXH3_64bits(doc->text, doc->text_len);
    for (int k = 0; k < 16; k++)
        hex[k] = hexdig[(h >> (60 - 4 * k)) & 15];
    hex[16] = '\0';
    *p = hex;
    *n = 16;
}

/* s as the value a JSON reader gets from nx_json_str(s): invalid bytes as U+FFFD. */
static void put_utf8_value(nx_buf *b, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0, i = 0;
    while (i < len) {
        size_t n = p[i] < 0x80 ? 1 : utf8_seq(p + i, len - i);
        if (n) {
            i += n;
            continue;
        }
        nx_buf_append(b, s + run, i - run);
        nx_buf_append(b, "\xEF\xBF\xBD", 3);
        run = ++i;
    }
    nx_buf_append(b, s + run, len - run);
}

nx_err nx_record_write(const nx_doc *doc, nx_buf *out, nx_buf *id, char *errstr, size_t errstr_size)
{
    nx_spend(doc->budget, doc->text_len + doc->n_sents + doc->n_timexes + doc->n_quotes +
                              doc->n_sources + doc->n_amounts + doc->n_keywords + doc->n_repairs);
    cpmap m;
    if (cpmap_build(&m, doc->text, doc->text_len))
        return NX_ERR_NOMEM;
    nx_buf *b = out;

    nx_buf_puts(b, "{\"schema\":\"" NX_RECORD_SCHEMA "\"");
    key(b, "id");
    char hex[17];
    const char *idp;
    size_t idn;
    id_of(doc, hex, &idp, &idn);
    nx_json_str(b, idp, idn);
    key(b, "published");
    json_opt_str(b, &doc->published);
    key(b, "published_source");
    if (doc->published_source)
        nx_json_str(b, doc->published_source, strlen(doc->published_source));
    else
        nx_buf_append(b, "null", 4);
    key(b, "title");
    json_opt_str(b, &doc->title);
    key(b, "url");
    json_opt_str(b, &doc->url);
    key(b, "lang");
    if (doc->lang_code[0])
        nx_json_str(b, doc->lang_code, strlen(doc->lang_code));
    else
        nx_buf_append(b, "null", 4);
    key(b, "lang_source");
    nx_json_str(b, doc->lang_source ? doc->lang_source : "undetermined",
                strlen(doc->lang_source ? doc->lang_source : "undetermined"));
    key(b, "lang_confidence");
    if (doc->lang_code[0] && doc->lang_confidence >= 0)
        fixed4(b, doc->lang_confidence);
    else
        nx_buf_append(b, "null", 4);
    key(b, "lang_declared");
    json_opt_str(b, &doc->lang);
    key(b, "source");
    json_opt_str(b, &doc->source);
    key(b, "author");
    json_opt_str(b, &doc->author);
    key(b, "authors");
    nx_buf_putc(b, '[');
    for (size_t i = 0; doc->authors.data && i < doc->authors.len && !b->err;) {
        const char *nl = memchr(doc->authors.data + i, '\n', doc->authors.len - i);
        size_t e = nl ? (size_t)(nl - doc->authors.data) : doc->authors.len;
        if (i)
            nx_buf_putc(b, ',');
        nx_json_str(b, doc->authors.data + i, e - i);
        i = e + 1;
    }
    nx_buf_putc(b, ']');
    key(b, "site_name");
    json_opt_str(b, &doc->site_name);
    key(b, "description");
    json_opt_str(b, &doc->description);
    key(b, "image");
    json_opt_str(b, &doc->image);
    key(b, "text");
    nx_json_str(b, doc->text, doc->text_len);

    key(b, "stats");
    nx_buf_puts(b, "{\"chars\":");
    put_u64(b, cp_of(&m, (uint32_t)doc->text_len));
    nx_buf_puts(b, ",\"words\":");
    put_u64(b, doc->n_words);
    nx_buf_puts(b, ",\"sentences\":");
    put_u64(b, doc->n_sents);
    nx_buf_puts(b, ",\"paragraphs\":");
    put_u64(b, doc->n_paras);
    nx_buf_putc(b, '}');

    if (doc->opts->emit_sentences) {
        key(b, "sentences");
        nx_buf_putc(b, '[');
        for (size_t i = 0; i < doc->n_sents && !b->err; i++) {
            if (i)
                nx_buf_putc(b, ',');
            nx_buf_putc(b, '[');
            put_u64(b, cp_of(&m, doc->sents[i].start));
            nx_buf_putc(b, ',');
            put_u64(b, cp_of(&m, doc->sents[i].end));
            nx_buf_putc(b, ']');
        }
        nx_buf_putc(b, ']');
    }

    key(b, "entities");
    write_entities(doc, &m, b);
    key(b, "dates");
    write_dates(doc, &m, b);
    key(b, "quotes");
    write_quotes(doc, &m, b);
    key(b, "sources");
    write_sources(doc, &m, b);
    key(b, "amounts");
    write_amounts(doc, &m, b);
    key(b, "keywords");
    write_keywords(doc, &m, b);
    key(b, "tone");
    write_tone(doc, b);
    key(b, "fingerprint");
    write_fingerprint(doc, b);

    key(b, "repairs");
    nx_buf_putc(b, '[');
    for (size_t i = 0; i < doc->n_repairs && !b->err; i++) {
        const nx_repair *r = &doc->repairs[i];
        if (i)
            nx_buf_putc(b, ',');
        nx_buf_puts(b, "{\"kind\":");
        nx_json_str(b, r->kind, strlen(r->kind));
        nx_buf_puts(b, ",\"start\":");
        put_u64(b, cp_of(&m, r->text_pos));
        nx_buf_puts(b, ",\"removed\":");
        nx_json_str(b, r->removed.data ? r->removed.data : "", r->removed.len);
        nx_buf_puts(b, ",\"input_start\":");
        put_u64(b, r->input_start);
        nx_buf_puts(b, ",\"input_end\":");
        put_u64(b, r->input_end);
        nx_buf_putc(b, '}');
    }
    nx_buf_putc(b, ']');

    key(b, "extractor");
    nx_buf_puts(b, "{\"name\":\"" NX_EXTRACTOR_NAME "\",\"version\":\"" NX_EXTRACTOR_VERSION
                   "\",\"models\":");
    nx_core_write_models(doc->core, doc, b);
    nx_buf_puts(b, ",\"stages\":");
    nx_core_write_stages(doc, b);
    nx_buf_putc(b, '}');
    nx_buf_putc(b, '}');
    nx_free(m.cp);

    if (b->err) {
        nx_err e = b->err;
        return nx_seterr(errstr, errstr_size, e, "%s while writing the record (limit %zu bytes)",
                         nx_strerror(e), b->cap);
    }
    if (id) {
        put_utf8_value(id, idp, idn);
        if (id->err)
            return nx_seterr(errstr, errstr_size, id->err, "%s writing the record id",
                             nx_strerror(id->err));
    }
    return NX_OK;
}

nx_err nx_json_pretty(const char *json, size_t len, nx_buf *out)
{
    int depth = 0, in_str = 0;
    for (size_t i = 0; i < len; i++) {
        char c = json[i];
        if (in_str) {
            nx_buf_putc(out, c);
            if (c == '\\' && i + 1 < len)
                nx_buf_putc(out, json[++i]);
            else if (c == '"')
                in_str = 0;
            continue;
        }
        switch (c) {
        case '"':
            in_str = 1;
            nx_buf_putc(out, c);
            break;
        case '{':
        case '[':
            /* Keep empty containers and short number pairs on one line. */
            if (i + 1 < len && (json[i + 1] == '}' || json[i + 1] == ']')) {
                nx_buf_putc(out, c);
                nx_buf_putc(out, json[++i]);
                break;
            }
            if (c == '[' && i + 1 < len && json[i + 1] >= '0' && json[i + 1] <= '9') {
                size_t j = i + 1;
                while (j < len && json[j] != ']' && json[j] != '[' && json[j] != '{' &&
                       json[j] != '"')
                    j++;
                if (j < len && json[j] == ']') {
                    nx_buf_append(out, json + i, j - i + 1);
                    i = j;
                    break;
                }
            }
            nx_buf_putc(out, c);
            depth++;
            nx_buf_putc(out, '\n');
            for (int d = 0; d < depth; d++)
                nx_buf_append(out, "  ", 2);
            break;
        case '}':
        case ']':
            depth--;
            nx_buf_putc(out, '\n');
            for (int d = 0; d < depth; d++)
                nx_buf_append(out, "  ", 2);
            nx_buf_putc(out, c);
            break;
        case ',':
            nx_buf_putc(out, c);
            nx_buf_putc(out, '\n');
            for (int d = 0; d < depth; d++)
                nx_buf_append(out, "  ", 2);
            break;
        case ':':
            nx_buf_append(out, ": ", 2);
            break;
        default:
            nx_buf_putc(out, c);
        }
    }
    return out->err;
}
