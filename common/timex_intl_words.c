/*
 * timex_intl_words.c - the word table of the dates stage for languages
 * other than English (timex_intl_words.h): config/lang/<code>/timex.tsv
 * (`phrase<TAB>class<TAB>value`, classes in config/lang/README.md) read at
 * start-up into one open-addressing table per language; a phrase of two or
 * three words is one entry, and its first word is marked C_PHSTART so that
 * the matcher (timex_intl.c) looks for the phrase only there.
 */
#include "timex_intl_words.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang_pack.h"
#include "nx_alloc.h"

#ifndef NEWSX_CONFIG_DIR
#define NEWSX_CONFIG_DIR "config"
#endif

#define TI_LANGS 16

static const char *const class_names[C_PHSTART] = {
    "month",          "weekday",       "relative-day", "relative-week",
    "relative-month", "relative-year", "ref",          "set",
    "season",         "unit",          "number",       "ordinal",
    "modifier",       "lead",          "ago",          "of",
    "clock",          "and",           "approx",       "age",
    "daypart",        "stop",          "future",       "same",
    "period",         "vague",         "during",       "duration",
    "weekend",        "relative-time", "to",           "list",
    "decade",         "part",          "each",         "day-suffix",
    "past",           "general",       "measure",      "at",
    "anaphoric",      "holiday",       "half",
};

struct nx_timex_intl {
    ti_lang lang[TI_LANGS];
    size_t n;
    char langs[TI_LANGS * 4];
};

/* ---------- the word table ---------- */

static ti_slot *slot_of(const ti_lang *l, uint64_t key)
{
    return nx_lang_slot(l->slots, l->cap, sizeof(*l->slots), key);
}

static const ti_slot *find(const ti_lang *l, const char *lower, size_t n)
{
    if (!l->cap)
        return NULL;
    const ti_slot *s = slot_of(l, nx_lang_word_key(lower, n));
    return s->key ? s : NULL;
}

static nx_err grow(ti_lang *l)
{
    return nx_lang_slots_reserve((void **)&l->slots, &l->cap, l->n, sizeof(*l->slots));
}

static ti_slot *add(ti_lang *l, const char *lower, size_t n)
{
    if (grow(l))
        return NULL;
    uint64_t key = nx_lang_word_key(lower, n);
    ti_slot *s = slot_of(l, key);
    if (!s->key) {
        s->key = key;
        l->n++;
    }
    return s;
}

/* Add one line's entry; returns 0 on a malformed value. */
static int add_entry(ti_lang *l, const char *phrase, int cls, const char *value, nx_err *e)
{
    char low[TI_WORD_MAX];
    size_t n = nx_lang_lower(phrase, strlen(phrase), low, sizeof(low));
    if (!n || strlen(value) >= sizeof(((ti_slot *)0)->str[0]))
        return 0;
    size_t words = 1;
    for (size_t i = 0; i < n; i++)
        words += low[i] == ' ';
    if (words > TI_PHRASE)
        return 0;
    ti_slot *s = add(l, low, n);
    if (!s) {
        *e = NX_ERR_NOMEM;
        return 1;
    }
    char *end;
    long v = strtol(value, &end, 10);
    s->cls |= B(cls);
    s->val[cls] = (int16_t)(*end ? 0 : v);
    strcpy(s->str[cls], value);
    s->words = (uint8_t)words;
    if (cls == C_DAYPART && words == 1 && n < sizeof(l->dayparts[0]) &&
        l->n_dayparts < TI_DAYPARTS) {
        memcpy(l->dayparts[l->n_dayparts], low, n);
        l->dayparts_len[l->n_dayparts++] = (uint8_t)n;
    }
    if (words > 1) {
        ti_slot *f = add(l, low, strcspn(low, " "));
        if (!f) {
            *e = NX_ERR_NOMEM;
            return 1;
        }
        f->cls |= B(C_PHSTART);
        if (!f->words)
            f->words = 1;
    }
    return 1;
}

static nx_err load_lang(ti_lang *l, const char *path, char *errstr, size_t errstr_size)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "cannot open %s", path);
    char line[512];
    unsigned lineno = 0;
    nx_err e = NX_OK;
    while (!e && nx_tsv_line(fp, line, sizeof(line), &lineno)) {
        char *f[3] = {NULL, NULL, NULL};
        size_t nf = nx_tsv_split(line, f, 3);
        int cls = -1;
        for (int k = 0; nf == 3 && k < C_PHSTART; k++)
            if (!strcmp(f[1], class_names[k]))
                cls = k;
        if (cls < 0 || !add_entry(l, f[0], cls, f[2], &e))
            e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "%s:%u: malformed line", path,
                          lineno);
        else if (e)
            nx_seterr(errstr, errstr_size, e, "out of memory loading %s", path);
    }
    fclose(fp);
    return e;
}

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const ti_lang *)a)->code, ((const ti_lang *)b)->code);
}

nx_err nx_timex_intl_new(const char *config_dir, nx_timex_intl **out, char *errstr,
                         size_t errstr_size)
{
    *out = NULL;
    nx_timex_intl *t = nx_calloc(1, sizeof(*t));
    if (!t)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory");
    char path[4096];
    snprintf(path, sizeof(path), "%s/lang", config_dir ? config_dir : NEWSX_CONFIG_DIR);
    DIR *d = opendir(path);
    nx_err e = NX_OK;
    struct dirent *de;
    while (d && !e && (de = readdir(d))) {
        char file[4096 + 300];
        if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(t->lang[0].code) ||
            snprintf(file, sizeof(file), "%s/%s/timex.tsv", path, de->d_name) >=
                (int)sizeof(file) ||
            access(file, R_OK))
            continue;
        if (t->n == TI_LANGS) {
            e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "more than %d timex.tsv in %s",
                          TI_LANGS, path);
            break;
        }
        ti_lang *l = &t->lang[t->n++];
        strcpy(l->code, de->d_name);
        e = load_lang(l, file, errstr, errstr_size);
    }
    if (d)
        closedir(d);
    qsort(t->lang, t->n, sizeof(t->lang[0]), cmp_code);
    for (size_t i = 0; i < t->n; i++) {
        strcat(t->langs, i ? " " : "");
        strcat(t->langs, t->lang[i].code);
    }
    if (e) {
        nx_timex_intl_free(t);
        return e;
    }
    *out = t;
    return NX_OK;
}

void nx_timex_intl_free(nx_timex_intl *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        nx_free(t->lang[i].slots);
    nx_free(t);
}

const char *nx_timex_intl_langs(const nx_timex_intl *t)
{
    return t ? t->langs : "";
}

const ti_lang *ti_lang_of(const nx_timex_intl *t, const char *code)
{
    for (size_t i = 0; t && i < t->n; i++)
        if (!strcmp(t->lang[i].code, code))
            return &t->lang[i];
    return NULL;
}

const ti_slot *ti_find(const ti_lang *l, const char *lower, size_t n)
{
    return find(l, lower, n);
}
