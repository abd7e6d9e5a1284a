/*
 * extras_words.c - the English word table of the extra stages, read from
 * config_dir/lang/en/stopwords.tsv (function words) and
 * config_dir/lang/en/word-classes.tsv (negators, number and scale words
 * with their values, calendar names, modifiers, vague plural numbers,
 * irregular plurals) when the core is created; formats in
 * config/lang/README.md, rules in docs/extras.md.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extras.h"
#include "extras_words.h"
#include "lang_pack.h"
#include "nx_alloc.h"

/* The classes of word-classes.tsv and whether a line has a third field
 * (the value; the lemma of a plural). */
static const struct {
    const char *name;
    unsigned cls;
    int value;
} classes[] = {{"negator", NX_W_NEG, 0},  {"number", NX_W_NUM, 1},   {"scale", NX_W_SCALE, 1},
               {"calendar", NX_W_CAL, 0}, {"modifier", NX_W_MOD, 0}, {"vague", NX_W_VAGUE, 0},
               {"plural", 0, 1}};
#define N_CLASSES (sizeof(classes) / sizeof(classes[0]))

size_t nx_stopword_list(const nx_words *w, const char *const **words)
{
    *words = (const char *const *)w->stop;
    return w->n_stop;
}

void nx_words_free(nx_words *w)
{
    if (!w)
        return;
    for (size_t k = 0; k < w->n_stop; k++)
        nx_free(w->stop[k]);
    for (size_t k = 0; k < w->n_plurals; k++) {
        nx_free(w->plurals[k].plural);
        nx_free(w->plurals[k].lemma);
    }
    nx_free(w->stop);
    nx_free(w->plurals);
    nx_free(w->ents);
    nx_free(w->key);
    nx_free(w->cls);
    nx_free(w->value);
    nx_free(w);
}

static nx_err nomem(const char *path, char *errstr, size_t errstr_size)
{
    return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading %s", path);
}

/* Appends the word low[0, n) of classes cls and value v to w->ents. */
static nx_err add_entry(nx_words *w, const char *low, size_t n, unsigned cls, double v)
{
    if (w->n_ents == w->cap_ents &&
        nx_grow((void **)&w->ents, &w->cap_ents, w->n_ents + 1, sizeof(word_entry)))
        return NX_ERR_NOMEM;
    word_entry *e = &w->ents[w->n_ents++];
    memcpy(e->w, low, n + 1);
    e->n = (uint8_t)n;
    e->cls = (uint8_t)cls;
    e->v = v;
    return NX_OK;
}

/* Appends s to the list *list of *n strings (capacity *cap). */
static nx_err add_string(char ***list, size_t *n, size_t *cap, const char *s)
{
    if (*n == *cap && nx_grow((void **)list, cap, *n + 1, sizeof(char *)))
        return NX_ERR_NOMEM;
    if (!((*list)[*n] = nx_strndup(s, strlen(s))))
        return NX_ERR_NOMEM;
    (*n)++;
    return NX_OK;
}

static FILE *open_file(const char *dir, const char *name, const char *what, char *path,
                       size_t path_size, nx_err *e, char *errstr, size_t errstr_size)
{
    if (snprintf(path, path_size, "%s/lang/en/%s", dir, name) >= (int)path_size) {
        *e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "extras: config path too long: %s", dir);
        return NULL;
    }
    FILE *fp = fopen(path, "r");
    if (!fp)
        *e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "extras: cannot open %s: %s (%s)", path,
                       strerror(errno), what);
    return fp;
}

/* config_dir/lang/en/stopwords.tsv: one word a line. */
static nx_err load_stopwords(nx_words *w, const char *dir, char *errstr, size_t errstr_size)
{
    char path[4096];
    nx_err e = NX_OK;
    FILE *fp = open_file(dir, "stopwords.tsv", "the English function words", path, sizeof(path), &e,
                         errstr, errstr_size);
    if (!fp)
        return e;
    char line[1024], low[NX_WORD_CLASS_MAX];
    unsigned lineno = 0;
    while (!e && nx_tsv_line(fp, line, sizeof(line), &lineno)) {
        size_t n = nx_lower_ascii(line, strlen(line), low, sizeof(low));
        if (!n || strpbrk(low, "\t "))
            e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                          "extras: %s:%u: want one ASCII word of at most %d bytes", path, lineno,
                          NX_WORD_CLASS_MAX - 1);
        else if (add_entry(w, low, n, NX_W_STOP, 0) ||
                 add_string(&w->stop, &w->n_stop, &w->cap_stop, low))
            e = nomem(path, errstr, errstr_size);
    }
    fclose(fp);
    if (!e && !w->n_stop) /* never English with no function words */
        e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "extras: %s: no words", path);
    return e;
}

/* One line of word-classes.tsv, split into nf fields f. */
static nx_err class_line(nx_words *w, char **f, size_t nf, const char *path, unsigned lineno,
                         char *errstr, size_t errstr_size)
{
    size_t k = 0;
    while (nf >= 2 && k < N_CLASSES && strcmp(f[1], classes[k].name))
        k++;
    char low[NX_WORD_CLASS_MAX], lemma[NX_WORD_CLASS_MAX];
    size_t n = nf >= 2 ? nx_lower_ascii(f[0], strlen(f[0]), low, sizeof(low)) : 0;
    int ok = k < N_CLASSES && n && !strchr(low, ' ') && nf == (classes[k].value ? 3u : 2u);
    double v = 0;
    if (ok && classes[k].value && classes[k].cls) { /* a number */
        char *end;
        v = strtod(f[2], &end);
        ok = end != f[2] && !*end && isfinite(v);
    } else if (ok && classes[k].value) /* a lemma */
        ok = nx_lower_ascii(f[2], strlen(f[2]), lemma, sizeof(lemma)) && !strchr(lemma, ' ');
    if (!ok)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                         "extras: %s:%u: want word<TAB>negator|number|scale|calendar|modifier|"
                         "vague|plural (an ASCII word of at most %d bytes; number and scale "
                         "with a value, plural with its lemma)",
                         path, lineno, NX_WORD_CLASS_MAX - 1);
    if (classes[k].cls)
        return add_entry(w, low, n, classes[k].cls, v) ? nomem(path, errstr, errstr_size) : NX_OK;
    if (w->n_plurals == w->cap_plurals &&
        nx_grow((void **)&w->plurals, &w->cap_plurals, w->n_plurals + 1, sizeof(nx_plural)))
        return nomem(path, errstr, errstr_size);
    nx_plural *p = &w->plurals[w->n_plurals];
    p->plural = nx_strndup(low, n);
    p->lemma = nx_strndup(lemma, strlen(lemma));
    w->n_plurals++; /* freed with the table even when a copy failed */
    return p->plural && p->lemma ? NX_OK : nomem(path, errstr, errstr_size);
}

/* config_dir/lang/en/word-classes.tsv: word<TAB>class[<TAB>value]. */
static nx_err load_classes(nx_words *w, const char *dir, char *errstr, size_t errstr_size)
{
    char path[4096];
    nx_err e = NX_OK;
    FILE *fp = open_file(dir, "word-classes.tsv", "the English word classes", path, sizeof(path),
                         &e, errstr, errstr_size);
    if (!fp)
        return e;
    char line[1024];
    unsigned lineno = 0;
    while (!e && nx_tsv_line(fp, line, sizeof(line), &lineno)) {
        char *f[4];
        size_t nf = nx_tsv_split(line, f, 4);
        e = class_line(w, f, nf, path, lineno, errstr, errstr_size);
    }
    fclose(fp);
    if (!e && w->n_ents == w->n_stop && !w->n_plurals)
        e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "extras: %s: no words", path);
    return e;
}

/* The hash table of w->ents: at least 1024 slots, at most a quarter full. */
static nx_err build_table(nx_words *w)
{
    size_t size = 1024;
    while (size < 4 * w->n_ents)
        size *= 2;
    w->mask = size - 1;
    w->key = nx_calloc(size, sizeof(*w->key));
    w->cls = nx_calloc(size, sizeof(*w->cls));
    w->value = nx_calloc(size, sizeof(*w->value));
    if (!w->key || !w->cls || !w->value)
        return NX_ERR_NOMEM;
    for (size_t k = 0; k < w->n_ents; k++) {
        const word_entry *e = &w->ents[k];
        uint64_t key = nx_word_hash(e->w, e->n);
        size_t i = nx_words_slot(w, key);
        w->key[i] = key;
        w->cls[i] |= e->cls;
        if (e->cls & (NX_W_NUM | NX_W_SCALE))
            w->value[i] = e->v;
    }
    nx_free(w->ents);
    w->ents = NULL;
    w->n_ents = w->cap_ents = 0;
    return NX_OK;
}

#ifndef NEWSX_CONFIG_DIR
#define NEWSX_CONFIG_DIR "config"
#endif

nx_err nx_words_load(const char *config_dir, nx_words **out, char *errstr, size_t errstr_size)
{
    *out = NULL;
    const char *dir = config_dir ? config_dir : NEWSX_CONFIG_DIR;
    nx_words *w = nx_calloc(1, sizeof(*w));
    if (!w)
        return nomem("the English word classes", errstr, errstr_size);
    nx_err e = load_stopwords(w, dir, errstr, errstr_size);
    if (!e)
        e = load_classes(w, dir, errstr, errstr_size);
    if (!e && build_table(w))
        e = nomem("the English word classes", errstr, errstr_size);
    if (e) {
        nx_words_free(w);
        return e;
    }
    *out = w;
    return NX_OK;
}
