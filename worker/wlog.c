/*
 * wlog.c - the worker's stderr log (see wlog.h).
 */
#include "wlog.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile int nxw_cur_level = NXW_LOG_INFO;
static volatile int nxw_cur_format = NXW_LOGF_JSON;

static const char *const level_names[] = {"error", "warn", "info", "debug"};
static const char *const format_names[] = {"json", "logfmt", "text"};

#define NXW_MAX_SECRETS 64
static char *nxw_secrets[NXW_MAX_SECRETS];
static size_t nxw_secret_len[NXW_MAX_SECRETS];
static size_t nxw_n_secrets;

/* The index of name in names[0, n), or -1. */
static int name_index(const char *const *names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

int nxw_log_set_level(const char *name)
{
    int i = name_index(level_names, (int)(sizeof level_names / sizeof *level_names), name);
    if (i < 0)
        return -1;
    nxw_cur_level = i;
    return 0;
}

nxw_level nxw_log_level(void)
{
    return (nxw_level)nxw_cur_level;
}

int nxw_log_set_format(const char *name)
{
    int i = name_index(format_names, (int)(sizeof format_names / sizeof *format_names), name);
    if (i < 0)
        return -1;
    nxw_cur_format = i;
    return 0;
}

int nxw_log_add_secret(const char *value)
{
    size_t n = value ? strlen(value) : 0;
    if (n < 3)
        return 0;
    for (size_t i = 0; i < nxw_n_secrets; i++)
        if (strcmp(nxw_secrets[i], value) == 0)
            return 0;
    if (nxw_n_secrets == NXW_MAX_SECRETS)
        return -1;
    char *c = malloc(n + 1);
    if (!c)
        return -1;
    memcpy(c, value, n + 1);
    nxw_secret_len[nxw_n_secrets] = n;
    nxw_secrets[nxw_n_secrets++] = c;
    return 0;
}

/* The password="..." (or password='...' or password=word) parts of a JAAS
 * configuration line. */
static void add_jaas_passwords(const char *v)
{
    const char *p = v;
    while ((p = strstr(p, "password=")) != NULL) {
        p += 9;
        char q = (*p == '"' || *p == '\'') ? *p++ : '\0';
        const char *e = p;
        while (*e && (q ? *e != q : (*e != ' ' && *e != ';')))
            e++;
        size_t n = (size_t)(e - p);
        char *s = malloc(n + 1);
        if (!s)
            return;
        memcpy(s, p, n);
        s[n] = '\0';
        nxw_log_add_secret(s);
        free(s);
        p = e;
    }
}

void nxw_log_add_config_secrets(const nxw_config *cfg)
{
    size_t n;
    const nxw_key *keys = nxw_keys(&n);
    for (size_t i = 0; i < n; i++)
        if (nxw_key_is_secret(keys[i].key))
            nxw_log_add_secret(cfg->values[i]);
    for (size_t i = 0; i < cfg->n_extra; i++) {
        if (!nxw_key_is_secret(cfg->extra[i].key))
            continue;
        nxw_log_add_secret(cfg->extra[i].value);
        if (strstr(cfg->extra[i].key, "sasl.jaas"))
            add_jaas_passwords(cfg->extra[i].value);
    }
}

void nxw_log_mask(const char *s, char *out, size_t size)
{
    size_t o = 0;
    if (!size)
        return;
    while (*s && o + 1 < size) {
        size_t hit = 0;
        for (size_t i = 0; i < nxw_n_secrets && !hit; i++) {
            size_t n = nxw_secret_len[i];
            if (strncmp(s, nxw_secrets[i], n) == 0)
                hit = n;
        }
        if (hit) {
            for (int k = 0; k < 3 && o + 1 < size; k++)
                out[o++] = '*';
            s += hit;
        } else {
            out[o++] = *s++;
        }
    }
    out[o] = '\0';
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    unsigned cp = c & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

typedef struct line {
    char buf[4096];
    size_t len;
} line;

static void put(line *l, const char *s, size_t n)
{
    if (l->len + n > sizeof l->buf - 2)
        n = sizeof l->buf - 2 - l->len;
    memcpy(l->buf + l->len, s, n);
    l->len += n;
}

static void puts_(line *l, const char *s)
{
    put(l, s, strlen(s));
}

/* s as the inside of a JSON string (quote 1) or a logfmt value (quote 0,
 * which escapes the same way inside its double quotes). */
static void put_escaped(line *l, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        char e[8];
        if (l->len > sizeof l->buf - 640) {
            puts_(l, "...");
            break;
        }
        if (*p == '"' || *p == '\\') {
            e[0] = '\\';
            e[1] = (char)*p;
            put(l, e, 2);
            p++;
        } else if (*p == '\n') {
            puts_(l, "\\n");
            p++;
        } else if (*p == '\t') {
            puts_(l, "\\t");
            p++;
        } else if (*p == '\r') {
            puts_(l, "\\r");
            p++;
        } else if (*p < 0x20 || *p == 0x7F) {
            snprintf(e, sizeof e, "\\u%04x", *p);
            puts_(l, e);
            p++;
        } else {
            size_t n = utf8_len(p);
            if (n == 0) {
                puts_(l, "\\ufffd");
                p++;
            } else {
                put(l, (const char *)p, n);
                p += n;
            }
        }
    }
}

/* A logfmt value: bare when it has no space, quote, = or control byte. */
static void put_logfmt_value(line *l, const char *s)
{
    int bare = *s != '\0';
    for (const unsigned char *p = (const unsigned char *)s; *p && bare; p++)
        if (*p <= ' ' || *p == '"' || *p == '=' || *p == '\\' || *p >= 0x7F)
            bare = 0;
    if (bare) {
        puts_(l, s);
        return;
    }
    puts_(l, "\"");
    put_escaped(l, s);
    puts_(l, "\"");
}

static void field_str(line *l, int fmt, const char *name, const char *v)
{
    char m[1024];
    nxw_log_mask(v, m, sizeof m);
    if (fmt == NXW_LOGF_JSON) {
        puts_(l, ",\"");
        puts_(l, name);
        puts_(l, "\":\"");
        put_escaped(l, m);
        puts_(l, "\"");
    } else if (fmt == NXW_LOGF_LOGFMT) {
        puts_(l, " ");
        puts_(l, name);
        puts_(l, "=");
        put_logfmt_value(l, m);
    } else {
        puts_(l, " ");
        puts_(l, name);
        puts_(l, "=");
        puts_(l, m);
    }
}

static void field_int(line *l, int fmt, const char *name, long long v)
{
    char b[64];
    snprintf(b, sizeof b, fmt == NXW_LOGF_JSON ? ",\"%s\":%lld" : " %s=%lld", name, v);
    puts_(l, b);
}

static void vlog(nxw_level level, const nxw_log_ctx *ctx, const char *fmt, va_list ap)
{
    if ((int)level > nxw_cur_level)
        return;
    int f = nxw_cur_format;
    char raw[2048], msg[2048], ts_s[96];
    int m = vsnprintf(raw, sizeof raw, fmt, ap);
    if (m < 0)
        raw[0] = '\0';
    nxw_log_mask(raw, msg, sizeof msg);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    snprintf(ts_s, sizeof ts_s, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000L);
    line l;
    l.len = 0;
    if (f == NXW_LOGF_JSON) {
        puts_(&l, "{\"time\":\"");
        puts_(&l, ts_s);
        puts_(&l, "\",\"level\":\"");
        puts_(&l, level_names[level]);
        puts_(&l, "\",\"msg\":\"");
        put_escaped(&l, msg);
        puts_(&l, "\"");
    } else if (f == NXW_LOGF_LOGFMT) {
        puts_(&l, "time=");
        puts_(&l, ts_s);
        puts_(&l, " level=");
        puts_(&l, level_names[level]);
        puts_(&l, " msg=");
        put_logfmt_value(&l, msg);
    } else {
        puts_(&l, ts_s);
        puts_(&l, " newsx-worker ");
        puts_(&l, level_names[level]);
        puts_(&l, ": ");
        puts_(&l, msg);
    }
    if (ctx) {
        if (ctx->topic)
            field_str(&l, f, "topic", ctx->topic);
        if (ctx->partition >= 0)
            field_int(&l, f, "partition", ctx->partition);
        if (ctx->offset >= 0)
            field_int(&l, f, "offset", (long long)ctx->offset);
        if (ctx->code)
            field_str(&l, f, "code", ctx->code);
        if (ctx->client)
            field_str(&l, f, "client", ctx->client);
        if (ctx->facility)
            field_str(&l, f, "facility", ctx->facility);
    }
    if (f == NXW_LOGF_JSON)
        puts_(&l, "}");
    l.buf[l.len++] = '\n';
    ssize_t w = write(STDERR_FILENO, l.buf, l.len);
    (void)w;
}

void nxw_log(nxw_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(level, NULL, fmt, ap);
    va_end(ap);
}

void nxw_logc(nxw_level level, const nxw_log_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(level, ctx, fmt, ap);
    va_end(ap);
}
