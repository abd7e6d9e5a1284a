/*
 * input.c - format detection, header lines, JSON envelopes, dates.
 *
 * Plain text may start with header lines "key value" or "key: value" for the
 * known keys (date/published, title, url, id, lang, source, author). A header
 * may be glued to the body on the same line (" date 2023-02-01 JThe Russian
 * government ..."): the rule for that is in strip_glued_junk() below and in
 * docs/input.md.
 */
#include "input.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "civil.h"
#include "json_flat.h"
#include "nx_alloc.h"

/* ---------------------------------------------------------------- detect */

static int ci_prefix(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    if (len < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != lit[i])
            return 0;
    return 1;
}

static size_t skip_ws_bom(const char *in, size_t len)
{
    size_t i = 0;
    if (len >= 3 && (unsigned char)in[0] == 0xEF && (unsigned char)in[1] == 0xBB &&
        (unsigned char)in[2] == 0xBF)
        i = 3;
    while (i < len && (in[i] == ' ' || in[i] == '\t' || in[i] == '\r' || in[i] == '\n'))
        i++;
    return i;
}

nx_input_format nx_input_detect(const char *in, size_t len)
{
    size_t i = skip_ws_bom(in, len);
    if (i < len && in[i] == '{')
        return NX_IN_JSON;
    if (i < len && in[i] == '<') {
        static const char *const tags[] = {"<!doctype html", "<html",    "<head", "<body", "<!--",
                                           "<meta",          "<article", "<div",  "<p>",   "<p ",
                                           "<title"};
        for (size_t t = 0; t < sizeof(tags) / sizeof(tags[0]); t++)
            if (ci_prefix(in + i, len - i, tags[t]))
                return NX_IN_HTML;
    }
    return NX_IN_TEXT;
}

/* Input that is not text at all: NUL bytes, or mostly invalid UTF-8 or
 * control bytes. Mildly broken text is left to the cleaner's repairs. In an
 * HTML page (html set) NUL bytes count as control bytes: stray NULs occur in
 * real pages and the HTML reader leaves them out. */
static int looks_binary(const char *in, size_t len, int html)
{
    size_t bad = 0, ctrl = 0;
    const unsigned char *p = (const unsigned char *)in;
    size_t i = 0;
    while (i < len) {
#if defined(__SSE2__)
        /* printable ASCII (0x20-0x7f) counts for nothing: 16 bytes at a time */
        if (i + 16 <= len) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
            int m = _mm_movemask_epi8(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)));
            if (!m) {
                i += 16;
                continue;
            }
            i += (size_t)__builtin_ctz((unsigned)m);
        }
#endif
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c == 0 && !html)
                return 1;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
                ctrl++;
            i++;
            continue;
        }
        size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
        if (c > 0xF4)
            n = 0;
        size_t k = 1;
        if (n && i + n <= len) {
            for (; k < n; k++)
                if ((p[i + k] & 0xC0) != 0x80)
                    break;
        }
        if (n && k == n && i + n <= len) {
            i += n;
        } else {
            bad++;
            i++;
        }
    }
    return len >= 16 && ((bad + ctrl) * 10 > len);
}

/* ---------------------------------------------------------------- dates */

static size_t fmt_datetime(int64_t secs, char *out)
{
    int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int64_t rem = secs - days * 86400;
    int y, m, d;
    nx_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        return 0;
    return (size_t)snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(rem / 3600),
                            (int)(rem / 60 % 60), (int)(rem % 60));
}

size_t nx_date_from_epoch_ms(int64_t ms, char *out)
{
    return fmt_datetime(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000), out);
}

/* Read exactly n digits. */
static int digits(const char *s, size_t len, size_t *i, int n, int *val)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || !isdigit((unsigned char)s[*i]))
            return 0;
        v = v * 10 + (s[(*i)++] - '0');
    }
    *val = v;
    return 1;
}

static int month_from_name(const char *s, size_t len, size_t *i)
{
    static const char *const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
    if (*i + 3 > len)
        return 0;
    for (int m = 0; m < 12; m++) {
        if (ci_prefix(s + *i, len - *i, names[m])) {
            *i += 3;
            while (*i < len && isalpha((unsigned char)s[*i]))
                (*i)++;
            if (*i < len && s[*i] == '.')
                (*i)++;
            return m + 1;
        }
    }
    return 0;
}

/* Time "HH:MM[:SS[.frac]]" and zone "Z|+HH[:]MM|-HH[:]MM|UT|GMT|EST..." Returns
 * seconds since midnight and sets *off (seconds east of UTC). */
static int parse_time_zone(const char *s, size_t len, size_t *i, int *secs, int *off, int *has_zone)
{
    int hh, mi, ss = 0;
    if (!digits(s, len, i, 2, &hh) || *i >= len || s[*i] != ':')
        return 0;
    (*i)++;
    if (!digits(s, len, i, 2, &mi))
        return 0;
    if (*i < len && s[*i] == ':') {
        (*i)++;
        if (!digits(s, len, i, 2, &ss))
            return 0;
        if (*i < len && (s[*i] == '.' || s[*i] == ',')) {
            (*i)++;
            while (*i < len && isdigit((unsigned char)s[*i]))
                (*i)++;
        }
    }
    if (hh > 24 || mi > 59 || ss > 60)
        return 0;
    *secs = hh * 3600 + mi * 60 + (ss == 60 ? 59 : ss);
    *off = 0;
    *has_zone = 0;
    while (*i < len && s[*i] == ' ')
        (*i)++;
    if (*i < len && (s[*i] == 'Z' || s[*i] == 'z')) {
        (*i)++;
        *has_zone = 1;
    } else if (*i < len && (s[*i] == '+' || s[*i] == '-')) {
        int sign = s[*i] == '-' ? -1 : 1, oh, om = 0;
        (*i)++;
        if (!digits(s, len, i, 2, &oh))
            return 0;
        if (*i < len && s[*i] == ':')
            (*i)++;
        if (*i < len && isdigit((unsigned char)s[*i]) && !digits(s, len, i, 2, &om))
            return 0;
        *off = sign * (oh * 3600 + om * 60);
        *has_zone = 1;
    } else {
        static const struct {
            const char *name;
            int hours;
        } zones[] = {{"ut", 0},   {"gmt", 0},  {"utc", 0},  {"est", -5}, {"edt", -4}, {"cst", -6},
                     {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}};
        for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
            size_t n = strlen(zones[z].name);
            if (ci_prefix(s + *i, len - *i, zones[z].name) &&
                (*i + n == len || !isalpha((unsigned char)s[*i + n]))) {
                *i += n;
                *off = zones[z].hours * 3600;
                *has_zone = 1;
                break;
            }
        }
    }
    return 1;
}

static size_t emit_date(int y, int m, int d, int has_time, int secs, int off, char *out)
{
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > nx_days_in_month(y, m))
        return 0;
    if (!has_time)
        return (size_t)snprintf(out, 32, "%04d-%02d-%02d", y, m, d);
    int64_t t = nx_days_from_civil(y, m, d) * 86400 + secs - off;
    return fmt_datetime(t, out);
}

size_t nx_date_normalize(const char *s, size_t len, char *out)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)s[i]))
        i++;
    while (len > i && isspace((unsigned char)s[len - 1]))
        len--;
    int y, m, d, secs = 0, off = 0, has_zone = 0, has_time = 0;
    size_t start = i;

    /* ISO 8601: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, then optional [T ]time[zone]. */
    if (digits(s, len, &i, 4, &y)) {
        char sep = i < len ? s[i] : 0;
        if (sep == '-' || sep == '/' || sep == '.') {
            i++;
            if (!digits(s, len, &i, 2, &m) || i >= len || s[i] != sep)
                return 0;
            i++;
            if (!digits(s, len, &i, 2, &d))
                return 0;
        } else if (!digits(s, len, &i, 2, &m) || !digits(s, len, &i, 2, &d)) {
            return 0;
        }
        if (i < len && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
            size_t j = i + 1;
            if (parse_time_zone(s, len, &j, &secs, &off, &has_zone)) {
                i = j;
                has_time = 1;
            }
        }
        if (i != len)
            return 0;
        /* A date-time without a zone is taken as UTC: the record never
         * depends on the machine's time zone. */
        return emit_date(y, m, d, has_time, secs, off, out);
    }

    /* RFC 2822: [Day, ] DD Mon YYYY HH:MM[:SS] zone; also "Mon DD, YYYY". */
    i = start;
    if (i + 3 < len && isalpha((unsigned char)s[i])) {
        size_t j = i;
        while (j < len && isalpha((unsigned char)s[j]))
            j++;
        if (j < len && s[j] == ',') {
            i = j + 1;
            while (i < len && s[i] == ' ')
                i++;
        }
    }
    if (i < len && isdigit((unsigned char)s[i])) {
        d = 0;
        while (i < len && isdigit((unsigned char)s[i]) && d < 100)
            d = d * 10 + (s[i++] - '0');
        while (i < len && s[i] == ' ')
            i++;
        if (!(m = month_from_name(s, len, &i)))
            return 0;
        while (i < len && s[i] == ' ')
            i++;
    } else if ((m = month_from_name(s, len, &i))) {
        while (i < len && s[i] == ' ')
            i++;
        d = 0;
        while (i < len && isdigit((unsigned char)s[i]) && d < 100)
            d = d * 10 + (s[i++] - '0');
        if (i < len && s[i] == ',')
            i++;
        while (i < len && s[i] == ' ')
            i++;
    } else {
        return 0;
    }
    if (!digits(s, len, &i, 4, &y))
        return 0;
    while (i < len && s[i] == ' ')
        i++;
    if (i < len) {
        if (!parse_time_zone(s, len, &i, &secs, &off, &has_zone))
            return 0;
        has_time = 1;
        while (i < len && s[i] == ' ')
            i++;
        if (i < len && s[i] == '(') /* "(UTC)" comment */
            while (i < len && s[i] != ')')
                i++;
        if (i < len && s[i] == ')')
            i++;
        if (i != len)
            return 0;
    }
    return emit_date(y, m, d, has_time, secs, off, out);
}

/* ---------------------------------------------------------- header lines */

typedef enum hkey { HK_NONE, HK_DATE, HK_TITLE, HK_URL, HK_ID, HK_LANG, HK_SOURCE, HK_AUTHOR } hkey;

static hkey header_key(const char *s, size_t n)
{
    static const struct {
        const char *name;
        hkey key;
    } keys[] = {{"date", HK_DATE},     {"published", HK_DATE}, {"title", HK_TITLE},
                {"url", HK_URL},       {"id", HK_ID},          {"lang", HK_LANG},
                {"language", HK_LANG}, {"source", HK_SOURCE},  {"author", HK_AUTHOR}};
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
        if (strlen(keys[k].name) == n && ci_prefix(s, n, keys[k].name))
            return keys[k].key;
    return HK_NONE;
}

/* Whether w[0..n) is a common sentence opener (the `opener` words of
 * config/lang/en/input-words.tsv; "JPMorgan said" is never cut), any case. */
static int is_sentence_starter(const nx_input_words *iw, const char *w, size_t n)
{
    if (n == 0 || n > 16)
        return 0;
    char low[17];
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)w[i]);
    return nx_input_words_opener(iw, low, n);
}

/*
 * The glued-junk rule. After a header value on the same line, the body may be
 * preceded by a short run of junk glued to its first word ("JThe Russian").
 * At body position p, let T be the token up to the next space. If T splits
 * into J + W where J is 1-3 characters that are upper-case ASCII letters,
 * digits or punctuation (no lower-case letter, no space), W is a capitalized
 * word (an upper-case letter then lower-case letters) and W is a common
 * sentence opener (is_sentence_starter), then J is junk: return its length.
 * Otherwise return 0 and nothing is removed.
 */
static size_t glued_junk_len(const nx_input_words *iw, const char *p, size_t len)
{
    size_t tlen = 0;
    while (tlen < len && !isspace((unsigned char)p[tlen]))
        tlen++;
    for (size_t j = 1; j <= 3 && j + 2 <= tlen; j++) {
        unsigned char c = (unsigned char)p[j - 1];
        if (c >= 0x80 || islower(c))
            return 0;
        if (!isupper((unsigned char)p[j]))
            continue;
        size_t w = j + 1;
        while (w < tlen && islower((unsigned char)p[w]))
            w++;
        /* W is the letters [j, w); it may be followed by punctuation. */
        if (w - j >= 2 && (w == tlen || ispunct((unsigned char)p[w])) &&
            is_sentence_starter(iw, p + j, w - j))
            return j;
    }
    return 0;
}

/* The value of a header: for date keys, the longest prefix that normalizes
 * as a date (so a body glued after it is left alone); for other keys, the
 * rest of the line. Returns the value length. */
static size_t header_value_len(hkey key, const char *v, size_t linelen, char *norm, size_t *normlen)
{
    *normlen = 0;
    if (key != HK_DATE)
        return linelen;
    /* Try prefixes ending at a space or the line end, longest first. */
    size_t best = 0;
    for (size_t e = linelen; e > 0; e--) {
        if (e != linelen && v[e] != ' ')
            continue;
        size_t n = nx_date_normalize(v, e, norm);
        if (n) {
            *normlen = n;
            best = e;
            break;
        }
    }
    return best;
}

static nx_err set_meta(nx_doc *doc, hkey key, const char *v, size_t n)
{
    while (n && isspace((unsigned char)v[n - 1]))
        n--;
    switch (key) {
    case HK_TITLE:
        return nx_str_set(&doc->title, v, n);
    case HK_URL:
        return nx_str_set(&doc->url, v, n);
    case HK_ID:
        return nx_str_set(&doc->id, v, n);
    case HK_LANG:
        return nx_str_set(&doc->lang, v, n);
    case HK_SOURCE:
        return nx_str_set(&doc->source, v, n);
    case HK_AUTHOR:
        return nx_str_set(&doc->author, v, n);
    default:
        return NX_OK;
    }
}

static nx_err parse_text(nx_doc *doc, const nx_input_words *iw, nx_span *junk)
{
    const char *in = doc->input;
    size_t len = doc->input_len;
    size_t pos = 0;
    int seen = 0;
    if (len >= 3 && (unsigned char)in[0] == 0xEF && (unsigned char)in[1] == 0xBB &&
        (unsigned char)in[2] == 0xBF)
        pos = 3;

    for (;;) {
        size_t i = pos;
        while (i < len && (in[i] == ' ' || in[i] == '\t'))
            i++;
        size_t ks = i;
        while (i < len && (isalpha((unsigned char)in[i]) || in[i] == '_'))
            i++;
        size_t ke = i;
        hkey key = header_key(in + ks, ke - ks);
        if (key == HK_NONE)
            break;
        if (i < len && in[i] == ':')
            i++;
        if (i >= len || (in[i] != ' ' && in[i] != '\t'))
            break;
        while (i < len && (in[i] == ' ' || in[i] == '\t'))
            i++;
        size_t eol = i;
        while (eol < len && in[eol] != '\n' && in[eol] != '\r')
            eol++;
        char norm[32];
        size_t normlen;
        size_t vlen = header_value_len(key, in + i, eol - i, norm, &normlen);
        if (key == HK_DATE && !normlen)
            break; /* "date" that is not a date: this is body text */
        nx_err e;
        if (key == HK_DATE && !doc->published.data) {
            if ((e = nx_str_set(&doc->published, norm, normlen)))
                return e;
            doc->published_source = "header";
        } else if ((e = set_meta(doc, key, in + i, vlen))) {
            return e;
        }
        seen = 1;
        size_t after = i + vlen;
        if (after < eol) {
            /* The body is glued to this header line. */
            while (after < eol && (in[after] == ' ' || in[after] == '\t'))
                after++;
            size_t j = glued_junk_len(iw, in + after, eol - after);
            junk->start = (uint32_t)after;
            junk->end = (uint32_t)(after + j);
            pos = after + j;
            goto body;
        }
        pos = eol;
        if (pos < len && in[pos] == '\r')
            pos++;
        if (pos < len && in[pos] == '\n')
            pos++;
    }
    (void)seen;
body:
    doc->raw = in + pos;
    doc->raw_len = len - pos;
    doc->raw_base = pos;
    return NX_OK;
}

/* --------------------------------------------------------- JSON envelope */

typedef enum efield {
    EF_ID,
    EF_URL,
    EF_TITLE,
    EF_PUBLISHED,
    EF_LANG,
    EF_SOURCE,
    EF_AUTHOR,
    EF_TEXT,
    EF_HTML,
    EF__COUNT
} efield;

static const struct {
    const char *name;
    efield field;
} envelope_aliases[] = {
    {"id", EF_ID},
    {"url", EF_URL},
    {"link", EF_URL},
    {"title", EF_TITLE},
    {"headline", EF_TITLE},
    {"published", EF_PUBLISHED},
    {"date", EF_PUBLISHED},
    {"date_publish", EF_PUBLISHED},
    {"published_at", EF_PUBLISHED},
    {"publishedAt", EF_PUBLISHED},
    {"datePublished", EF_PUBLISHED},
    {"pubDate", EF_PUBLISHED},
    {"lang", EF_LANG},
    {"language", EF_LANG},
    {"source", EF_SOURCE},
    {"source_domain", EF_SOURCE},
    {"site_name", EF_SOURCE},
    {"author", EF_AUTHOR},
    {"authors", EF_AUTHOR},
    {"text", EF_TEXT},
    {"body", EF_TEXT},
    {"content", EF_TEXT},
    {"maintext", EF_TEXT},
    {"article", EF_TEXT},
    {"html", EF_HTML},
    {"raw_html", EF_HTML},
};

static int field_from_name(const char *name)
{
    static const char *const names[EF__COUNT] = {"id",     "url",    "title", "published", "lang",
                                                 "source", "author", "text",  "html"};
    for (int f = 0; f < EF__COUNT; f++)
        if (strcmp(names[f], name) == 0)
            return f;
    return -1;
}

/* Author values: a string, or an array of strings joined by ", ". */
static nx_err set_author(nx_doc *doc, json_t *v)
{
    if (json_is_string(v))
        return nx_str_set(&doc->author, json_string_value(v), json_string_length(v));
    if (!json_is_array(v))
        return NX_OK;
    nx_buf b;
    nx_buf_init(&b, 0);
    size_t i;
    json_t *a;
    json_array_foreach(v, i, a)
    {
        if (!json_is_string(a))
            continue;
        if (b.len)
            nx_buf_append(&b, ", ", 2);
        nx_buf_append(&b, json_string_value(a), json_string_length(a));
    }
    if (b.err) {
        nx_buf_free(&b);
        return NX_ERR_NOMEM;
    }
    nx_err e = b.len ? nx_str_set(&doc->author, b.data, b.len) : NX_OK;
    nx_buf_free(&b);
    return e;
}

/* The Content-Type value of a "headers" object (any key case; a string or
 * an array of strings), NULL when absent. */
static const char *header_content_type(json_t *headers, size_t *n)
{
    const char *key;
    json_t *v;
    if (!json_is_object(headers))
        return NULL;
    json_object_foreach(headers, key, v)
    {
        if (strcasecmp(key, "content-type") != 0)
            continue;
        if (json_is_array(v))
            v = json_array_get(v, 0);
        if (json_is_string(v)) {
            *n = json_string_length(v);
            return json_string_value(v);
        }
    }
    return NULL;
}

/* The HTTP charset an envelope gives for its html field: "charset" or
 * "encoding" (a bare name), else the charset parameter of "content_type",
 * "contentType", "Content-Type" or "headers"."Content-Type". cs[0] == '\0'
 * for none. */
static void envelope_charset(json_t *root, char *cs, size_t cs_size)
{
    static const char *const bare[] = {"charset", "encoding"};
    static const char *const types[] = {"content_type", "contentType", "Content-Type"};
    cs[0] = '\0';
    for (size_t k = 0; k < 2; k++) {
        json_t *v = json_object_get(root, bare[k]);
        if (json_is_string(v) && json_string_length(v) && json_string_length(v) < cs_size) {
            memcpy(cs, json_string_value(v), json_string_length(v) + 1);
            return;
        }
    }
    for (size_t k = 0; k < 3; k++) {
        json_t *v = json_object_get(root, types[k]);
        if (json_is_string(v) &&
            nx_html_charset_param(json_string_value(v), json_string_length(v), cs, cs_size))
            return;
    }
    size_t n = 0;
    const char *ct = header_content_type(json_object_get(root, "headers"), &n);
    if (ct)
        nx_html_charset_param(ct, n, cs, cs_size);
}

static nx_err parse_json(nx_doc *doc, char *errstr, size_t errstr_size)
{
    json_error_t jerr;
    unsigned long failed_before = nx_alloc_failures();
    /* the common flat envelope without jansson's parser; anything else,
     * and every error, through it */
    json_t *root = nx_json_flat_load(doc->input, doc->input_len);
    if (!root)
        root = json_loadb(doc->input, doc->input_len, JSON_REJECT_DUPLICATES, &jerr);
    /* jansson may report a failed allocation as a syntax error: trust the
     * allocator's count instead. */
    if (!root && nx_alloc_failures() != failed_before)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory parsing the envelope");
    if (!root)
        return nx_seterr(errstr, errstr_size, NX_ERR_BAD_ENVELOPE,
                         "JSON envelope: %s (line %d, column %d)", jerr.text, jerr.line,
                         jerr.column);
    nx_err e = NX_OK;
    if (!json_is_object(root)) {
        e = nx_seterr(errstr, errstr_size, NX_ERR_BAD_ENVELOPE, "JSON envelope is not an object");
        goto out;
    }

    json_t *fields[EF__COUNT] = {0};
    /* Configured aliases first (they win), then the built-in ones. */
    for (size_t a = 0; a < doc->opts->n_aliases; a++) {
        int f = field_from_name(doc->opts->aliases[a].to);
        json_t *v = json_object_get(root, doc->opts->aliases[a].from);
        if (f >= 0 && v && !json_is_null(v) && !fields[f])
            fields[f] = v;
    }
    for (size_t a = 0; a < sizeof(envelope_aliases) / sizeof(envelope_aliases[0]); a++) {
        json_t *v = json_object_get(root, envelope_aliases[a].name);
        efield f = envelope_aliases[a].field;
        if (v && !json_is_null(v) && !fields[f])
            fields[f] = v;
    }

    json_t *v;
    if ((v = fields[EF_ID])) {
        char num[32];
        if (json_is_string(v))
            e = nx_str_set(&doc->id, json_string_value(v), json_string_length(v));
        else if (json_is_integer(v))
            e = nx_str_set(
                &doc->id, num,
                (size_t)snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v)));
        if (e)
            goto out;
    }
    static const efield plain[] = {EF_URL, EF_TITLE, EF_LANG, EF_SOURCE};
    nx_str *dst[] = {&doc->url, &doc->title, &doc->lang, &doc->source};
    for (size_t k = 0; k < 4; k++) {
        v = fields[plain[k]];
        if (v && json_is_string(v) && json_string_length(v) &&
            (e = nx_str_set(dst[k], json_string_value(v), json_string_length(v))))
            goto out;
    }
    if ((v = fields[EF_AUTHOR]) && (e = set_author(doc, v)))
        goto out;
    if ((v = fields[EF_PUBLISHED])) {
        char norm[32];
        size_t n = 0;
        if (json_is_string(v))
            n = nx_date_normalize(json_string_value(v), json_string_length(v), norm);
        else if (json_is_integer(v)) /* epoch seconds or milliseconds */
            n = nx_date_from_epoch_ms(json_integer_value(v) > 100000000000LL
                                          ? json_integer_value(v)
                                          : json_integer_value(v) * 1000,
                                      norm);
        if (n) {
            if ((e = nx_str_set(&doc->published, norm, n)))
                goto out;
            doc->published_source = "envelope";
        }
    }

    json_t *text = fields[EF_TEXT], *html = fields[EF_HTML];
    if (text && !json_is_string(text)) {
        e = nx_seterr(errstr, errstr_size, NX_ERR_BAD_ENVELOPE,
                      "JSON envelope: the body field is not a string");
        goto out;
    }
    if (text && json_string_length(text)) {
        doc->raw_owned = nx_strndup(json_string_value(text), json_string_length(text));
        if (!doc->raw_owned) {
            e = NX_ERR_NOMEM;
            goto out;
        }
        doc->raw = doc->raw_owned;
        doc->raw_len = json_string_length(text);
        doc->format = NX_IN_JSON;
    } else if (html && json_is_string(html) && json_string_length(html)) {
        char cs[64];
        envelope_charset(root, cs, sizeof(cs));
        e = nx_html_extract_from(doc, json_string_value(html), json_string_length(html), cs, 1,
                                 errstr, errstr_size);
    } else if (text || html) {
        e = nx_seterr(errstr, errstr_size, NX_ERR_EMPTY_BODY, "JSON envelope: the body is empty");
    } else {
        e = nx_seterr(errstr, errstr_size, NX_ERR_BAD_ENVELOPE,
                      "JSON envelope has no body field (text, body, content, maintext, "
                      "article or html)");
    }
out:
    json_decref(root);
    return e;
}

/* ------------------------------------------------------------------ entry */

/* 1 when a UTF-16 buffer is an HTML page: its first characters, taken as
 * ASCII (every other byte), pass nx_input_detect() as HTML. */
static int utf16_html(const char *in, size_t len)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t i = 0;
    int be = 0;
    if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        be = p[0] == 0xFE;
        i = 2;
    } else {
        be = p[0] == 0;
    }
    char ascii[128];
    size_t n = 0;
    for (; i + 1 < len && n < sizeof(ascii); i += 2) {
        unsigned char hi = be ? p[i] : p[i + 1], lo = be ? p[i + 1] : p[i];
        if (hi || lo >= 0x80 || !lo)
            break;
        ascii[n++] = (char)lo;
    }
    return nx_input_detect(ascii, n) == NX_IN_HTML;
}

nx_err nx_input_parse(nx_doc *doc, nx_span *junk, char *errstr, size_t errstr_size)
{
    const nx_input_words *iw = NULL;
    nx_err e = nx_input_words_default(&iw, errstr, errstr_size);
    if (e) {
        junk->start = junk->end = 0;
        return e;
    }
    return nx_input_parse_with(doc, iw, junk, errstr, errstr_size);
}

nx_err nx_input_parse_with(nx_doc *doc, const nx_input_words *iw, nx_span *junk, char *errstr,
                           size_t errstr_size)
{
    junk->start = junk->end = 0;
    if (doc->input_len > doc->opts->max_input_bytes)
        return nx_seterr(errstr, errstr_size, NX_ERR_INPUT_TOO_LARGE,
                         "input is %zu bytes, the limit is %zu", doc->input_len,
                         doc->opts->max_input_bytes);
    doc->format = doc->opts->format;
    /* A UTF-16 page is read as HTML (UTF-16 text and JSON are not taken). */
    int utf16 = nx_html_is_utf16(doc->input, doc->input_len);
    if (utf16 && doc->format == NX_IN_AUTO && utf16_html(doc->input, doc->input_len))
        doc->format = NX_IN_HTML;
    if (doc->format == NX_IN_AUTO)
        doc->format = nx_input_detect(doc->input, doc->input_len);
    if (!(utf16 && doc->format == NX_IN_HTML) &&
        looks_binary(doc->input, doc->input_len, doc->format == NX_IN_HTML))
        return nx_seterr(errstr, errstr_size, NX_ERR_BINARY,
                         "input is binary (NUL bytes, or mostly invalid UTF-8/control bytes)");
    switch (doc->format) {
    case NX_IN_JSON:
        return parse_json(doc, errstr, errstr_size);
    case NX_IN_HTML:
        return nx_html_extract(doc, doc->input, doc->input_len, errstr, errstr_size);
    default:
        return parse_text(doc, iw, junk);
    }
}
