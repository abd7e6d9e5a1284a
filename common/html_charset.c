/*
 * html_charset.c - the charset of an HTML page and its conversion to UTF-8:
 * BOM, the transport's Content-Type, <meta charset> / http-equiv, sniffing
 * (UTF-16, valid UTF-8, windows-1252), then iconv (docs/html.md).
 */
#include "input.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "nx_alloc.h"

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t k = c >= 0xC2 && c <= 0xDF   ? 1
                   : c >= 0xE0 && c <= 0xEF ? 2
                   : c >= 0xF0 && c <= 0xF4 ? 3
                                            : 0;
        if (!k)
            return 0;
        if (i + k >= n)
            return 1; /* a sequence cut by the end of a truncated page */
        for (size_t j = 1; j <= k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return 0;
        i += k + 1;
    }
    return 1;
}

/* 1 when bytes windows-1252 leaves undefined occur (then ISO-8859-1 reads them). */
static int has_cp1252_holes(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D)
            return 1;
    }
    return 0;
}

static int ci_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if ((*a | 32) != (*b | 32))
            return 0;
    return *a == *b;
}

/* Copy a charset label (letters, digits, - _ . : ( )) into name, surrounding
 * quotes and spaces skipped; the WHATWG aliases that matter are applied:
 * ISO-8859-1, US-ASCII and Latin-1 labels mean windows-1252. Returns the length. */
static size_t copy_label(const char *s, size_t n, char *name, size_t name_size)
{
    size_t i = 0, k = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '"' || s[i] == '\''))
        i++;
    for (; i < n && k + 1 < name_size; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':' || c == '(' || c == ')'))
            break;
        name[k++] = c;
    }
    name[k] = '\0';
    if (ci_eq(name, "iso-8859-1") || ci_eq(name, "iso8859-1") || ci_eq(name, "latin1") ||
        ci_eq(name, "l1") || ci_eq(name, "us-ascii") || ci_eq(name, "ascii") ||
        ci_eq(name, "x-user-defined"))
        k = (size_t)snprintf(name, name_size, "windows-1252");
    return k;
}

/* s starts with prefix (lower-case ASCII), case-insensitively; s holds at
 * least strlen(prefix) bytes or a NUL before a mismatch. */
static int ci_starts(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if ((*s | 32) != *prefix)
            return 0;
    return 1;
}

size_t nx_html_charset_param(const char *ct, size_t n, char *name, size_t name_size)
{
    if (name_size)
        name[0] = '\0';
    for (size_t i = 0; i + 7 <= n; i++) {
        if (ci_starts(ct + i, "charset")) {
            size_t j = i + 7;
            while (j < n && (ct[j] == ' ' || ct[j] == '\t'))
                j++;
            if (j < n && ct[j] == '=')
                return copy_label(ct + j + 1, n - j - 1, name, name_size);
        }
    }
    return 0;
}

/* The charset a <meta charset> or <meta http-equiv content="...charset=">
 * in the first 4 KB declares (name[0] == '\0' for none). */
static void meta_charset(const char *html, size_t len, char *name, size_t name_size)
{
    size_t n = len < 4096 ? len : 4096;
    name[0] = '\0';
    for (size_t i = 0; i + 5 < n; i++) {
        if (!(html[i] == '<' && ci_starts(html + i + 1, "meta")))
            continue;
        size_t e = i + 5;
        while (e < n && html[e] != '>')
            e++;
        if (nx_html_charset_param(html + i + 5, e - i - 5, name, name_size))
            return;
        i = e;
    }
}

/* UTF-16 without a BOM: the page opens with '<' as a 16-bit unit. */
static const char *utf16_unmarked(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i + 1 < n && ((s[i] == 0 && is_space(s[i + 1])) || (s[i + 1] == 0 && is_space(s[i]))))
        i += 2;
    if (i + 3 >= n)
        return NULL;
    if (s[i] == '<' && s[i + 1] == 0 && s[i + 2] && s[i + 2] < 0x80 && s[i + 3] == 0)
        return "UTF-16LE";
    if (s[i] == 0 && s[i + 1] == '<' && s[i + 2] == 0 && s[i + 3] && s[i + 3] < 0x80)
        return "UTF-16BE";
    return NULL;
}

int nx_html_is_utf16(const char *html, size_t len)
{
    const unsigned char *s = (const unsigned char *)html;
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        return 1;
    return utf16_unmarked(s, len) != NULL;
}

static int usable(const char *name)
{
    if (!name[0])
        return 0;
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return 0;
    iconv_close(cd);
    return 1;
}

static int is_utf8_name(const char *name)
{
    return ci_eq(name, "utf-8") || ci_eq(name, "utf8");
}

/* Bytes per code unit of a charset (skipped on an invalid sequence). */
static size_t code_unit(const char *name)
{
    if (ci_starts(name, "utf-16") || ci_starts(name, "utf16") || ci_starts(name, "ucs-2"))
        return 2;
    if (ci_starts(name, "utf-32") || ci_starts(name, "utf32") || ci_starts(name, "ucs-4"))
        return 4;
    return 1;
}

int nx_html_charset(const char *html, size_t len, const char *transport, char *name,
                    size_t name_size, size_t *bom)
{
    const unsigned char *s = (const unsigned char *)html;
    *bom = 0;
    const char *fixed = NULL;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        fixed = "UTF-8", *bom = 3;
    else if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
        fixed = "UTF-16LE", *bom = 2;
    else if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
        fixed = "UTF-16BE", *bom = 2;
    if (fixed) {
        snprintf(name, name_size, "%s", fixed);
        return NX_CS_BOM;
    }
    if (transport && transport[0]) {
        copy_label(transport, strlen(transport), name, name_size);
        /* A UTF-16/32 label on bytes without NULs is wrong: passed over. */
        if (usable(name) && (code_unit(name) == 1 || memchr(html, 0, len < 512 ? len : 512)))
            return NX_CS_TRANSPORT;
    }
    if ((fixed = utf16_unmarked(s, len))) {
        snprintf(name, name_size, "%s", fixed);
        return NX_CS_SNIFFED;
    }
    meta_charset(html, len, name, name_size);
    /* A page that says UTF-16 in ASCII bytes is not UTF-16 (HTML5: UTF-8). */
    if (code_unit(name) > 1)
        snprintf(name, name_size, "UTF-8");
    if (usable(name))
        return NX_CS_META;
    snprintf(name, name_size, "%s",
             valid_utf8(s, len)            ? "UTF-8"
             : has_cp1252_holes(html, len) ? "ISO-8859-1"
                                           : "windows-1252");
    return NX_CS_SNIFFED;
}

/* Append the UTF-8 form of code point c. */
/* Append s[0..n) to b without its NUL bytes. */
static void append_no_nul(nx_buf *b, const char *s, size_t n)
{
    while (n) {
        const char *z = memchr(s, 0, n);
        size_t k = z ? (size_t)(z - s) : n;
        nx_buf_append(b, s, k);
        if (!z)
            break;
        s += k + 1;
        n -= k + 1;
    }
}

/* Convert s from charset to UTF-8 into b with iconv; a byte sequence the
 * charset does not define becomes U+FFFD (one code unit skipped). NUL code
 * points are left out (libxml2 would stop at them). */
static nx_err to_utf8(const char *s, size_t n, const char *charset, nx_buf *b)
{
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1)
        return NX_ERR_BAD_HTML;
    size_t unit = code_unit(charset);
    char chunk[16384];
    char *in = (char *)(uintptr_t)s;
    size_t left = n;
    while (left && !b->err) {
        char *o = chunk;
        size_t room = sizeof(chunk);
        size_t r = iconv(cd, &in, &left, &o, &room);
        append_no_nul(b, chunk, (size_t)(o - chunk));
        if (r == (size_t)-1 && errno != E2BIG) {
            /* EILSEQ, or EINVAL for a sequence cut by the end of the page. */
            nx_buf_append(b, "\xEF\xBF\xBD", 3); /* U+FFFD */
            size_t skip = left < unit ? left : unit;
            in += skip;
            left -= skip;
        }
    }
    iconv_close(cd);
    return b->err;
}

/* The page as UTF-8: *out points at html itself (after a UTF-8 BOM) or at
 * the converted text in conv. decoded says html is a decoded string (a JSON
 * field): its bytes are UTF-8 whatever the page declares, unless every
 * character is below U+0100, which is a page's bytes carried one character
 * each (Latin-1): those are decoded with the declared charset. */
nx_err nx_html_page_utf8(const char *html, size_t len, const char *transport, int decoded,
                         nx_buf *conv, const char **out, size_t *out_len)
{
    char name[64];
    size_t bom = 0;
    const unsigned char *s = (const unsigned char *)html;
    *out = html;
    *out_len = len;
    if (decoded) {
        if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
            *out = html + 3;
            *out_len = len - 3;
            return NX_OK;
        }
        int high = 0;
        for (size_t i = 0; i < len; i++) {
            if (s[i] >= 0xC4) /* U+0100 and above */
                return NX_OK;
            high |= s[i] >= 0x80;
        }
        if (!high)
            return NX_OK;
        int src = nx_html_charset(html, len, transport, name, sizeof(name), &bom);
        if ((src != NX_CS_TRANSPORT && src != NX_CS_META) || is_utf8_name(name) ||
            code_unit(name) > 1)
            return NX_OK;
        nx_buf bytes;
        nx_buf_init(&bytes, 0);
        for (size_t i = 0; i < len; i++) {
            if (s[i] < 0x80) {
                nx_buf_putc(&bytes, (char)s[i]);
            } else if (i + 1 < len) {
                nx_buf_putc(&bytes, (char)(((s[i] & 0x03) << 6) | (s[i + 1] & 0x3F)));
                i++;
            }
        }
        nx_err e = bytes.err ? bytes.err : to_utf8(bytes.data, bytes.len, name, conv);
        nx_buf_free(&bytes);
        if (e == NX_ERR_BAD_HTML)
            return NX_OK;
        if (!e) {
            *out = conv->data;
            *out_len = conv->len;
        }
        return e;
    }
    nx_html_charset(html, len, transport, name, sizeof(name), &bom);
    if (is_utf8_name(name)) {
        *out = html + bom;
        *out_len = len - bom;
        if (!memchr(*out, 0, *out_len))
            return NX_OK;
        append_no_nul(conv, html + bom, len - bom);
    } else {
        nx_err e = to_utf8(html + bom, len - bom, name, conv);
        if (e)
            return e;
    }
    if (conv->err)
        return conv->err;
    *out = conv->data ? conv->data : "";
    *out_len = conv->len;
    return NX_OK;
}
