/*
 * props.c - Java-style properties parsing (see nx_props.h).
 *
 * Two passes over each logical line, as java.util.Properties does: the line
 * reader joins continued lines and drops comments, keeping every other escape;
 * the splitter finds the first unescaped separator and unescapes key and value.
 */
#include "nx_props.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "nx_alloc.h"

#define NX_PROPS_DEFAULT_MAX (16u * 1024u * 1024u)

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\f';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static nx_err put_utf8(nx_buf *out, unsigned long cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return nx_buf_append(out, b, n);
}

/* Read 4 hex digits at s[*i..]; -1 when malformed. */
static long read_u4(const char *s, size_t len, size_t *i)
{
    long v = 0;
    if (len - *i < 4)
        return -1;
    for (int k = 0; k < 4; k++) {
        int h = hexval(s[*i + (size_t)k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    *i += 4;
    return v;
}

/* Unescape s[0..len) into out (reset first). */
static nx_err unescape(const char *s, size_t len, nx_buf *out, unsigned line, char *errstr,
                       size_t errstr_size)
{
    nx_buf_reset(out);
    /* make sure data is allocated even for "" */
    if (nx_buf_putc(out, 'x') != NX_OK)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "line %u: out of memory", line);
    nx_buf_reset(out);
    size_t i = 0;
    while (i < len) {
        char c = s[i++];
        if (c != '\\') {
            nx_buf_putc(out, c);
            continue;
        }
        if (i >= len)
            break; /* a lone trailing backslash is dropped */
        c = s[i++];
        switch (c) {
        case 't':
            nx_buf_putc(out, '\t');
            break;
        case 'n':
            nx_buf_putc(out, '\n');
            break;
        case 'r':
            nx_buf_putc(out, '\r');
            break;
        case 'f':
            nx_buf_putc(out, '\f');
            break;
        case 'u': {
            long cp = read_u4(s, len, &i);
            if (cp < 0)
                return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                                 "line %u: malformed \\uHHHH escape", line);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                long lo = -1;
                if (len - i >= 6 && s[i] == '\\' && s[i + 1] == 'u') {
                    size_t j = i + 2;
                    lo = read_u4(s, len, &j);
                    if (lo >= 0xDC00 && lo <= 0xDFFF)
                        i = j;
                    else
                        lo = -1;
                }
                if (lo < 0)
                    return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                                     "line %u: unpaired UTF-16 surrogate in \\u escape", line);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                                 "line %u: unpaired UTF-16 surrogate in \\u escape", line);
            } else if (cp == 0) {
                return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                                 "line %u: \\u0000 is not allowed", line);
            }
            put_utf8(out, (unsigned long)cp);
            break;
        }
        default:
            nx_buf_putc(out, c);
            break;
        }
    }
    if (out->err != NX_OK)
        return nx_seterr(errstr, errstr_size, out->err, "line %u: out of memory", line);
    return NX_OK;
}

typedef struct props_ctx {
    nx_props_cb cb;
    void *ud;
    nx_buf key;
    nx_buf val;
} props_ctx;

/* Split one logical line (continuations already joined) and report it. */
static nx_err emit_line(props_ctx *ctx, const char *ln, size_t len, unsigned line, char *errstr,
                        size_t errstr_size)
{
    size_t klen = 0, vstart = len;
    int has_sep = 0, bs = 0;
    while (klen < len) {
        char c = ln[klen];
        if ((c == '=' || c == ':') && !bs) {
            vstart = klen + 1;
            has_sep = 1;
            break;
        }
        if (is_blank(c) && !bs) {
            vstart = klen + 1;
            break;
        }
        bs = (c == '\\') ? !bs : 0;
        klen++;
    }
    while (vstart < len) {
        char c = ln[vstart];
        if (!is_blank(c)) {
            if (!has_sep && (c == '=' || c == ':'))
                has_sep = 1;
            else
                break;
        }
        vstart++;
    }
    nx_err e = unescape(ln, klen, &ctx->key, line, errstr, errstr_size);
    if (e != NX_OK)
        return e;
    if (ctx->key.len == 0)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "line %u: empty key", line);
    e = unescape(ln + vstart, len - vstart, &ctx->val, line, errstr, errstr_size);
    if (e != NX_OK)
        return e;
    if (strlen(ctx->key.data) != ctx->key.len || strlen(ctx->val.data) != ctx->val.len)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "line %u: NUL byte", line);
    return ctx->cb(ctx->key.data, ctx->val.data, line, ctx->ud, errstr, errstr_size);
}

nx_err nx_props_parse(const char *text, size_t len, nx_props_cb cb, void *ud, char *errstr,
                      size_t errstr_size)
{
    if (!cb || (!text && len))
        return nx_seterr(errstr, errstr_size, NX_ERR_INVALID_ARG, "nx_props_parse: bad arguments");
    props_ctx ctx = {.cb = cb, .ud = ud};
    nx_buf ln;
    nx_buf_init(&ln, 0);
    nx_buf_init(&ctx.key, 0);
    nx_buf_init(&ctx.val, 0);
    nx_err e = NX_OK;

    unsigned line = 1, start_line = 1;
    int skip_ws = 1, cont_begin = 0, new_line = 1, comment = 0, bs = 0;
    size_t i = 0;
    for (;;) {
        if (i >= len) {
            if (!comment && ln.len > 0) {
                size_t n = ln.len - (bs ? 1 : 0);
                e = emit_line(&ctx, ln.data, n, start_line, errstr, errstr_size);
            }
            break;
        }
        char c = text[i++];
        if (c == '\0') {
            e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "line %u: NUL byte", line);
            break;
        }
        int nl = (c == '\n' || c == '\r');
        if (comment) {
            if (nl) {
                if (c == '\r' && i < len && text[i] == '\n')
                    i++;
                line++;
                comment = 0;
                skip_ws = 1;
                new_line = 1;
            }
            continue;
        }
        if (skip_ws) {
            if (is_blank(c))
                continue;
            if (!cont_begin && nl) {
                if (c == '\r' && i < len && text[i] == '\n')
                    i++;
                line++;
                continue;
            }
            skip_ws = 0;
            cont_begin = 0;
        }
        if (new_line) {
            new_line = 0;
            start_line = line;
            if (c == '#' || c == '!') {
                comment = 1;
                continue;
            }
        }
        if (!nl) {
            if (nx_buf_putc(&ln, c) != NX_OK) {
                e = nx_seterr(errstr, errstr_size, ln.err, "line %u: out of memory", line);
                break;
            }
            bs = (c == '\\') ? !bs : 0;
            continue;
        }
        if (c == '\r' && i < len && text[i] == '\n')
            i++;
        line++;
        if (bs) {
            /* continuation: drop the backslash, skip the next line's indent */
            ln.len--;
            ln.data[ln.len] = '\0';
            bs = 0;
            skip_ws = 1;
            cont_begin = 1;
            continue;
        }
        if (ln.err != NX_OK) {
            e = nx_seterr(errstr, errstr_size, ln.err, "line %u: out of memory", start_line);
            break;
        }
        e = emit_line(&ctx, ln.data ? ln.data : "", ln.len, start_line, errstr, errstr_size);
        if (e != NX_OK)
            break;
        nx_buf_reset(&ln);
        skip_ws = 1;
        new_line = 1;
    }
    if (e == NX_OK && ln.err != NX_OK)
        e = nx_seterr(errstr, errstr_size, ln.err, "out of memory");
    nx_buf_free(&ln);
    nx_buf_free(&ctx.key);
    nx_buf_free(&ctx.val);
    return e;
}

nx_err nx_props_parse_file(const char *path, size_t max_bytes, nx_props_cb cb, void *ud,
                           char *errstr, size_t errstr_size)
{
    if (!path)
        return nx_seterr(errstr, errstr_size, NX_ERR_INVALID_ARG, "no file name");
    if (max_bytes == 0)
        max_bytes = NX_PROPS_DEFAULT_MAX;
    FILE *f = fopen(path, "rb");
    if (!f)
        return nx_seterr(errstr, errstr_size, NX_ERR_IO, "%s: %s", path, strerror(errno));
    nx_buf b;
    nx_buf_init(&b, max_bytes);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (nx_buf_append(&b, chunk, n) != NX_OK)
            break;
    }
    int rerr = ferror(f);
    fclose(f);
    nx_err e;
    if (rerr)
        e = nx_seterr(errstr, errstr_size, NX_ERR_IO, "%s: read error", path);
    else if (b.err == NX_ERR_NOMEM)
        e = nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "%s: out of memory", path);
    else if (b.err != NX_OK)
        e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "%s: larger than %zu bytes", path,
                      max_bytes);
    else {
        char sub[512];
        sub[0] = '\0';
        e = nx_props_parse(b.data, b.len, cb, ud, sub, sizeof sub);
        if (e != NX_OK)
            nx_seterr(errstr, errstr_size, e, "%s: %s", path, sub);
    }
    nx_buf_free(&b);
    return e;
}

nx_err nx_props_escape(nx_buf *out, const char *s, int is_key)
{
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\\':
            nx_buf_puts(out, "\\\\");
            break;
        case '\t':
            nx_buf_puts(out, "\\t");
            break;
        case '\n':
            nx_buf_puts(out, "\\n");
            break;
        case '\r':
            nx_buf_puts(out, "\\r");
            break;
        case '\f':
            nx_buf_puts(out, "\\f");
            break;
        case ' ':
            if (is_key || i == 0)
                nx_buf_putc(out, '\\');
            nx_buf_putc(out, ' ');
            break;
        case '=':
        case ':':
            if (is_key)
                nx_buf_putc(out, '\\');
            nx_buf_putc(out, (char)c);
            break;
        case '#':
        case '!':
            if (i == 0)
                nx_buf_putc(out, '\\');
            nx_buf_putc(out, (char)c);
            break;
        default:
            if (c < 0x20 || c == 0x7F)
                nx_buf_printf(out, "\\u%04X", c);
            else
                nx_buf_putc(out, (char)c);
            break;
        }
    }
    if (!out->data)
        nx_buf_puts(out, "");
    return out->err;
}
