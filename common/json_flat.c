/*
 * json_flat.c - a fast reader for flat JSON envelopes (see json_flat.h).
 *
 * What it takes, byte for byte as jansson (2.14, JSON_REJECT_DUPLICATES)
 * reads it: JSON white space (space, tab, CR, LF), one object, keys and
 * values that are strings with strict UTF-8 and the escapes \" \\ \/ \b \f
 * \n \r \t \uXXXX (surrogate pairs joined), integers of up to 18 digits
 * without a leading zero, true, false and null. Everything else -- a nested
 * value, a real, \u0000, a lone surrogate, a control byte in a string, a
 * duplicate key, text after the object -- is left to json_loadb().
 */
#include "json_flat.h"

#include <stdint.h>
#include <string.h>

#include "json_scan.h"
#include "nx_alloc.h"

typedef struct flat {
    const unsigned char *p;
    size_t len, i;
    char *scratch; /* decoded escaped strings; input length is always enough */
} flat;

static void skip_ws(flat *f)
{
    while (f->i < f->len) {
        unsigned char c = f->p[f->i];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return;
        f->i++;
    }
}

/* Length of the valid UTF-8 sequence of 2-4 bytes at p[0 .. n) (p[0] >=
 * 0x80), 0 when it is not one: overlong forms, surrogates and code points
 * past U+10FFFF are not. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
            return 0;
        return 4;
    }
    return 0;
}

static int hex4(const unsigned char *p, unsigned *v)
{
    unsigned x = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char c = p[k];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return 0;
        x = x << 4 | d;
    }
    *v = x;
    return 1;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The string whose opening quote is at f->i: *s, *n its decoded bytes (in
 * the input when it has no escape, else in f->scratch); f->i past the
 * closing quote. 0 when this reader does not take it. */
static int read_string(flat *f, const char **s, size_t *n)
{
    const unsigned char *p = f->p;
    size_t i = f->i + 1, len = f->len, start = i;
    char *o = NULL;
    size_t on = 0;
    for (;;) {
        size_t j = nx_json_plain_end(p, i, len);
        if (o && j > i) {
            memcpy(o + on, p + i, j - i);
            on += j - i;
        }
        i = j;
        if (i >= len)
            return 0;
        unsigned char c = p[i];
        if (c == '"')
            break;
        if (c >= 0x80) {
            size_t k = utf8_seq(p + i, len - i);
            if (!k)
                return 0;
            if (o) {
                memcpy(o + on, p + i, k);
                on += k;
            }
            i += k;
            continue;
        }
        if (c != '\\')
            return 0; /* a control byte */
        if (!o) {
            if (!f->scratch && !(f->scratch = nx_malloc(f->len)))
                return 0;
            o = f->scratch;
            on = i - start;
            memcpy(o, p + start, on);
        }
        if (i + 1 >= len)
            return 0;
        unsigned char e = p[i + 1];
        static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
        const char *hit = e ? strchr(from, e) : NULL;
        if (hit) {
            o[on++] = to[hit - from];
            i += 2;
            continue;
        }
        unsigned cp, lo;
        if (e != 'u' || i + 6 > len || !hex4(p + i + 2, &cp) || cp == 0 ||
            (cp >= 0xDC00 && cp <= 0xDFFF))
            return 0;
        i += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (i + 6 > len || p[i] != '\\' || p[i + 1] != 'u' || !hex4(p + i + 2, &lo) ||
                lo < 0xDC00 || lo > 0xDFFF)
                return 0;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
        }
        on += put_utf8(o + on, cp);
    }
    if (o) {
        *s = o;
        *n = on;
    } else {
        *s = (const char *)p + start;
        *n = i - start;
    }
    f->i = i + 1;
    return 1;
}

/* The value at f->i (not a string), NULL when this reader does not take it. */
static json_t *read_scalar(flat *f)
{
    const unsigned char *p = f->p;
    size_t i = f->i, len = f->len;
    static const char *const lits[3] = {"true", "false", "null"};
    for (int k = 0; k < 3; k++) {
        size_t n = strlen(lits[k]);
        if (i + n <= len && !memcmp(p + i, lits[k], n)) {
            f->i = i + n;
            return k == 0 ? json_true() : k == 1 ? json_false() : json_null();
        }
    }
    int neg = i < len && p[i] == '-';
    size_t d = i + (size_t)neg, e = d;
    while (e < len && p[e] >= '0' && p[e] <= '9')
        e++;
    if (e == d || e - d > 18 || (p[d] == '0' && (e - d > 1 || neg)))
        return NULL;
    if (e < len && (p[e] == '.' || p[e] == 'e' || p[e] == 'E'))
        return NULL;
    long long v = 0;
    for (size_t k = d; k < e; k++)
        v = v * 10 + (p[k] - '0');
    f->i = e;
    return json_integer(neg ? -v : v);
}

json_t *nx_json_flat_load(const char *in, size_t len)
{
    flat f = {(const unsigned char *)in, len, 0, NULL};
    json_t *root = NULL;
    skip_ws(&f);
    if (f.i >= len || f.p[f.i] != '{' || !(root = json_object()))
        return NULL;
    f.i++;
    skip_ws(&f);
    if (f.i < len && f.p[f.i] == '}') {
        f.i++;
        goto end;
    }
    for (;;) {
        const char *ks;
        size_t kn;
        char key[256];
        if (f.i >= len || f.p[f.i] != '"' || !read_string(&f, &ks, &kn) || kn >= sizeof(key))
            goto fail;
        memcpy(key, ks, kn);
        key[kn] = '\0';
        if (json_object_get(root, key))
            goto fail; /* a duplicate: jansson's error */
        skip_ws(&f);
        if (f.i >= len || f.p[f.i] != ':')
            goto fail;
        f.i++;
        skip_ws(&f);
        if (f.i >= len)
            goto fail;
        json_t *v;
        if (f.p[f.i] == '"') {
            const char *s;
            size_t n;
            if (!read_string(&f, &s, &n))
                goto fail;
            v = json_stringn_nocheck(s, n);
        } else {
            v = read_scalar(&f);
        }
        if (!v || json_object_set_new_nocheck(root, key, v))
            goto fail;
        skip_ws(&f);
        if (f.i >= len)
            goto fail;
        if (f.p[f.i] == '}') {
            f.i++;
            break;
        }
        if (f.p[f.i] != ',')
            goto fail;
        f.i++;
        skip_ws(&f);
    }
end:
    skip_ws(&f);
    if (f.i != len)
        goto fail;
    nx_free(f.scratch);
    return root;
fail:
    nx_free(f.scratch);
    json_decref(root);
    return NULL;
}
