/*
 * bench_texts.h - load the "text" field of every line of a JSON-lines file,
 * for the stage benchmarks. Header-only: each benchmark is one program.
 */
#ifndef NX_BENCH_TEXTS_H
#define NX_BENCH_TEXTS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <jansson.h>

typedef struct bench_texts {
    char **text; /* NUL-terminated copies, owned */
    size_t *len;
    size_t n;
    size_t bytes; /* sum of len */
} bench_texts;

/* Read path into t. Returns 0, or -1 (with a message on stderr). */
static inline int bench_texts_load(const char *path, bench_texts *t)
{
    memset(t, 0, sizeof(*t));
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    size_t cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t got;
    int rc = 0;
    while (rc == 0 && (got = getline(&line, &lcap, f)) > 0) {
        json_t *root = json_loadb(line, (size_t)got, 0, NULL);
        json_t *text = root ? json_object_get(root, "text") : NULL;
        if (json_is_string(text)) {
            if (t->n == cap) {
                cap = cap ? cap * 2 : 256;
                char **nt = realloc(t->text, cap * sizeof(*nt));
                if (nt)
                    t->text = nt;
                size_t *nl = realloc(t->len, cap * sizeof(*nl));
                if (nl)
                    t->len = nl;
                if (!nt || !nl)
                    rc = -1;
            }
            if (rc == 0) {
                size_t n = json_string_length(text);
                t->text[t->n] = malloc(n + 1);
                if (t->text[t->n]) {
                    memcpy(t->text[t->n], json_string_value(text), n + 1);
                    t->len[t->n++] = n;
                    t->bytes += n;
                } else {
                    rc = -1;
                }
            }
        }
        json_decref(root);
    }
    free(line);
    fclose(f);
    if (rc)
        fprintf(stderr, "%s: out of memory\n", path);
    return rc;
}

static inline void bench_texts_free(bench_texts *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->text[i]);
    free(t->text);
    free(t->len);
    memset(t, 0, sizeof(*t));
}

#endif
