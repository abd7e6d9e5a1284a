/*
 * lang_pack.c - load a language pack (lang_pack.h) from its tab-separated
 * files: calendar.tsv and relative.tsv (word, class, value) into one
 * open-addressing table keyed by the lower-case word's hash, quotes.tsv and
 * numbers.tsv into small role -> string lists. Lines starting with '#' and
 * empty lines are skipped.
 */
#include "lang_pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#include <xxhash.h>

#include "nx_alloc.h"

/* Longest word or phrase looked up, in bytes. */
#define LP_WORD_MAX 128
#define LP_SYMBOLS  8

typedef struct lp_slot {
    uint64_t key; /* 0: empty */
    unsigned cls;
    int value[6]; /* by class bit */
} lp_slot;

typedef struct lp_sym {
    char name[16];
    char value[16];
} lp_sym;

struct nx_lang_pack {
    char code[8];
    lp_slot *slots;
    size_t cap, n;
    lp_sym quotes[LP_SYMBOLS], numbers[LP_SYMBOLS];
    size_t n_quotes, n_numbers;
};

static const struct {
    const char *name;
    unsigned cls;
} classes[] = {
    {"month", NX_LW_MONTH},
    {"weekday", NX_LW_WEEKDAY},
    {"relative-day", NX_LW_REL_DAY},
    {"relative-week", NX_LW_REL_WEEK},
    {"relative-month", NX_LW_REL_MONTH},
    {"relative-year", NX_LW_REL_YEAR},
};

size_t nx_lang_lower(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t m =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (m <= 0)
            return 0;
        i += (size_t)m;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t e = utf8proc_encode_char(utf8proc_tolower(cp), enc);
        if (k + (size_t)e >= cap)
            return 0;
        memcpy(out + k, enc, (size_t)e);
        k += (size_t)e;
    }
    out[k] = '\0';
    return k;
}

uint64_t nx_lang_word_key(const char *lower, size_t n)
{
    return XXH3_64bits(lower, n) | 1u;
}

void *nx_lang_slot(void *slots, size_t cap, size_t elem, uint64_t key)
{
    size_t i = (size_t)(key >> 7) & (cap - 1);
    for (;;) {
        uint64_t *k = (uint64_t *)((char *)slots + i * elem);
        if (!*k || *k == key)
            return k;
        i = (i + 1) & (cap - 1);
    }
}

nx_err nx_lang_slots_reserve(void **slots, size_t *cap, size_t n, size_t elem)
{
    if (*cap && (n + 1) * 2 <= *cap)
        return NX_OK;
    size_t ncap = *cap ? *cap * 2 : 256;
    char *old = *slots, *ns = nx_calloc(ncap, elem);
    if (!ns)
        return NX_ERR_NOMEM;
    for (size_t i = 0; i < *cap; i++) {
        const uint64_t *k = (const uint64_t *)(old + i * elem);
        if (*k)
            memcpy(nx_lang_slot(ns, ncap, elem, *k), k, elem);
    }
    nx_free(old);
    *slots = ns;
    *cap = ncap;
    return NX_OK;
}

static lp_slot *slot_of(const nx_lang_pack *p, uint64_t key)
{
    return nx_lang_slot(p->slots, p->cap, sizeof(*p->slots), key);
}

static int bit_index(unsigned cls)
{
    int b = 0;
    while (!(cls & 1u)) {
        cls >>= 1;
        b++;
    }
    return b;
}

static nx_err grow(nx_lang_pack *p)
{
    return nx_lang_slots_reserve((void **)&p->slots, &p->cap, p->n, sizeof(*p->slots));
}

/* Split line at tabs into at most max fields; returns the number found. */
static size_t split_tabs(char *line, char **f, size_t max)
{
    size_t k = 0;
    f[k++] = line;
    for (char *c = line; *c && k < max; c++)
        if (*c == '\t') {
            *c = '\0';
            f[k++] = c + 1;
        }
    return k;
}

/* Read path line by line into the pack; kind 0: words, 1: quotes, 2: numbers. */
static nx_err load_file(nx_lang_pack *p, const char *path, int kind, char *errstr,
                        size_t errstr_size)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "language pack: cannot open %s", path);
    char line[512];
    unsigned lineno = 0;
    nx_err e = NX_OK;
    while (!e && fgets(line, sizeof(line), fp)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *f[3];
        size_t nf = split_tabs(line, f, 3);
        if (kind == 0) {
            unsigned cls = 0;
            for (size_t c = 0; nf == 3 && c < sizeof(classes) / sizeof(classes[0]); c++)
                if (!strcmp(f[1], classes[c].name))
                    cls = classes[c].cls;
            if (nf == 3 && !cls && !strncmp(f[1], "pattern-", 8))
                continue; /* "vor {0} Tagen": read by the dates stage's pack code later */
            char low[LP_WORD_MAX];
            size_t n = cls ? nx_lang_lower(f[0], strlen(f[0]), low, sizeof(low)) : 0;
            if (!n) {
                e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                              "language pack: %s:%u: want word<TAB>class<TAB>value", path, lineno);
                break;
            }
            if ((e = grow(p))) {
                nx_seterr(errstr, errstr_size, e, "out of memory loading %s", path);
                break;
            }
            uint64_t key = nx_lang_word_key(low, n);
            lp_slot *s = slot_of(p, key);
            if (!s->key) {
                s->key = key;
                p->n++;
            }
            s->cls |= cls;
            s->value[bit_index(cls)] = atoi(f[2]);
        } else {
            lp_sym *list = kind == 1 ? p->quotes : p->numbers;
            size_t *n = kind == 1 ? &p->n_quotes : &p->n_numbers;
            const char *name = kind == 1 ? f[1] : f[0];
            const char *value = kind == 1 ? f[0] : f[1];
            if (nf != 2 || *n == LP_SYMBOLS || strlen(name) >= sizeof(list->name) ||
                strlen(value) >= sizeof(list->value) || !value[0]) {
                e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                              "language pack: %s:%u: want two fields", path, lineno);
                break;
            }
            strcpy(list[*n].name, name);
            strcpy(list[*n].value, value);
            (*n)++;
        }
    }
    fclose(fp);
    return e;
}

nx_lang_pack *nx_lang_pack_load(const char *dir, const char *code, char *errstr, size_t errstr_size)
{
    static const char *const files[] = {"calendar.tsv", "relative.tsv", "quotes.tsv",
                                        "numbers.tsv"};
    static const int kinds[] = {0, 0, 1, 2};
    if (strlen(code) >= sizeof(((nx_lang_pack *)0)->code)) {
        nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "language pack: bad code '%s'", code);
        return NULL;
    }
    nx_lang_pack *p = nx_calloc(1, sizeof(*p));
    if (!p) {
        nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading a language pack");
        return NULL;
    }
    strcpy(p->code, code);
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
        if (load_file(p, path, kinds[i], errstr, errstr_size)) {
            nx_lang_pack_free(p);
            return NULL;
        }
    }
    return p;
}

void nx_lang_pack_free(nx_lang_pack *p)
{
    if (!p)
        return;
    nx_free(p->slots);
    nx_free(p);
}

const char *nx_lang_pack_code(const nx_lang_pack *p)
{
    return p->code;
}

unsigned nx_lang_pack_word(const nx_lang_pack *p, const char *s, size_t n, int *value)
{
    char low[LP_WORD_MAX];
    size_t k = p->cap ? nx_lang_lower(s, n, low, sizeof(low)) : 0;
    if (!k)
        return 0;
    const lp_slot *sl = slot_of(p, nx_lang_word_key(low, k));
    if (!sl->key)
        return 0;
    if (value)
        *value = sl->value[bit_index(sl->cls)];
    return sl->cls;
}

static const char *find_sym(const lp_sym *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(list[i].name, name))
            return list[i].value;
    return NULL;
}

const char *nx_lang_pack_quote(const nx_lang_pack *p, const char *role)
{
    return find_sym(p->quotes, p->n_quotes, role);
}

const char *nx_lang_pack_number(const nx_lang_pack *p, const char *symbol)
{
    return find_sym(p->numbers, p->n_numbers, symbol);
}

size_t nx_lang_pack_size(const nx_lang_pack *p)
{
    return p->n;
}
