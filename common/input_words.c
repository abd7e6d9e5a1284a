/*
 * input_words.c - the English words of the input and clean stages, read
 * from config/lang/en/input-words.tsv (see input_words.h).
 */
#include "input_words.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "nx_alloc.h"

#ifndef NEWSX_CONFIG_DIR
#define NEWSX_CONFIG_DIR "config"
#endif

enum { IW_MAX_WORD = 16, IW_MAX_WORDS = 512 };
enum { IW_OPENER, IW_REPEAT, IW__COUNT };

typedef struct iw_word {
    unsigned char len;
    char s[IW_MAX_WORD + 1];
} iw_word;

struct nx_input_words {
    iw_word *words[IW__COUNT];
    size_t n[IW__COUNT];
};

static const char *const class_names[IW__COUNT] = {"opener", "repeat"};

void nx_input_words_free(nx_input_words *w)
{
    if (!w)
        return;
    for (int c = 0; c < IW__COUNT; c++)
        nx_free(w->words[c]);
    nx_free(w);
}

/* One line without its line break: word<TAB>class. */
static nx_err add_line(nx_input_words *w, char *line, const char *path, unsigned lineno,
                       char *errstr, size_t errstr_size)
{
    char *tab = strchr(line, '\t');
    if (!tab)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                         "input words: %s:%u: want word<TAB>opener|repeat", path, lineno);
    *tab = '\0';
    const char *cls = tab + 1;
    int c = 0;
    while (c < IW__COUNT && strcmp(cls, class_names[c]) != 0)
        c++;
    if (c == IW__COUNT)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                         "input words: %s:%u: unknown class \"%s\" (want opener or repeat)", path,
                         lineno, cls);
    size_t n = strlen(line);
    int ok = n >= 1 && n <= IW_MAX_WORD;
    for (size_t i = 0; ok && i < n; i++)
        ok = line[i] >= 'a' && line[i] <= 'z';
    if (!ok)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                         "input words: %s:%u: \"%s\" is not 1-%d lower-case ASCII letters", path,
                         lineno, line, IW_MAX_WORD);
    if (w->n[c] == IW_MAX_WORDS)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                         "input words: %s:%u: more than %d words of class %s", path, lineno,
                         IW_MAX_WORDS, class_names[c]);
    if (!w->words[c] && !(w->words[c] = nx_calloc(IW_MAX_WORDS, sizeof(iw_word))))
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading %s", path);
    iw_word *e = &w->words[c][w->n[c]++];
    e->len = (unsigned char)n;
    memcpy(e->s, line, n + 1);
    return NX_OK;
}

nx_err nx_input_words_load(const char *config_dir, nx_input_words **out, char *errstr,
                           size_t errstr_size)
{
    char path[4096];
    *out = NULL;
    if (snprintf(path, sizeof(path), "%s/lang/en/input-words.tsv",
                 config_dir ? config_dir : NEWSX_CONFIG_DIR) >= (int)sizeof(path))
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "input words: config path too long");
    FILE *fp = fopen(path, "r");
    if (!fp)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "input words: cannot open %s: %s",
                         path, strerror(errno));
    nx_input_words *w = nx_calloc(1, sizeof(*w));
    nx_err e =
        w ? NX_OK : nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading %s", path);
    char line[256];
    unsigned lineno = 0;
    while (!e && fgets(line, sizeof(line), fp)) {
        lineno++;
        size_t n = strlen(line);
        if (n == sizeof(line) - 1 && line[n - 1] != '\n') {
            e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "input words: %s:%u: line too long",
                          path, lineno);
            break;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        e = add_line(w, line, path, lineno, errstr, errstr_size);
    }
    fclose(fp);
    for (int c = 0; !e && c < IW__COUNT; c++)
        if (w->n[c] == 0)
            e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "input words: %s: no %s words", path,
                          class_names[c]);
    if (e) {
        nx_input_words_free(w);
        return e;
    }
    *out = w;
    return NX_OK;
}

static pthread_mutex_t default_mu = PTHREAD_MUTEX_INITIALIZER;
static nx_input_words *default_words;

nx_err nx_input_words_default(const nx_input_words **out, char *errstr, size_t errstr_size)
{
    nx_err e = NX_OK;
    pthread_mutex_lock(&default_mu);
    if (!default_words)
        e = nx_input_words_load(NULL, &default_words, errstr, errstr_size);
    *out = default_words;
    pthread_mutex_unlock(&default_mu);
    return e;
}

static int has(const nx_input_words *iw, int c, const char *w, size_t n)
{
    const iw_word *e = iw->words[c];
    for (size_t k = 0; k < iw->n[c]; k++)
        if (e[k].len == n && memcmp(e[k].s, w, n) == 0)
            return 1;
    return 0;
}

int nx_input_words_opener(const nx_input_words *iw, const char *w, size_t n)
{
    return has(iw, IW_OPENER, w, n);
}

int nx_input_words_repeat(const nx_input_words *iw, const char *w, size_t n)
{
    return has(iw, IW_REPEAT, w, n);
}
