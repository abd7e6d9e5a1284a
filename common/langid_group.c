/*
 * langid_group.c - load and apply the second-stage discriminators
 * (langid_group.h).
 *
 * A model file (config/langid/<group>.tsv, written by
 * tests/train/langid_train.py) holds, after '#' comment lines:
 *   langs   <code> ...          the group's languages (at most GROUP_LANGS)
 *   apply   any | short         every text, or only texts of at most
 *                               NX_LANGID_SHORT_LETTERS letters
 *   weights <word> <char>       weight of the word and character features
 *   floor   <log P> ...         log P of a word a language never showed
 *   switch  <lead>              the least lead per scored word of the best
 *                               language's score over that of CLD2's answer
 *                               for the model to overturn it (default 0)
 *   w <word> <log P> ...        one word feature
 *   c <n-gram> <log P> ...      one character n-gram feature
 * Features are the lower-cased runs of letters (Unicode L*) of the text and
 * the character 1- to 4-grams of " word "; a word of more than WORD_MAX
 * characters is left out, and so is every word that begins with a capital
 * when LOW_WORDS words of the text do not (names weigh nothing). Each is looked up by its XXH3 hash
 * (seeded with its kind) in an open-addressing table; unknown features count for no language. The
 * score of a language is the weighted sum of its log P. A text of which fewer than one word in
 * KNOWN_SHARE is known to the model (another script, another language) gets no answer.
 */
#include "langid_group.h"

#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "nx_alloc.h"
#include "u64map.h"

#define GROUP_LANGS 12
#define GROUPS_MAX  16
/* Longest word scored, in characters (the trainer cuts the same way). */
#define WORD_MAX    48
#define LG_LINE_MAX 1024
/* At least one word in KNOWN_SHARE must be one the model knows. */
#define KNOWN_SHARE 4
/* Words in lower case enough to leave the capitalised ones out (an English
 * headline in title case has one or two: "Why Trump Will Win a Second Term"). */
#define LOW_WORDS 3

typedef struct lg_model {
    char langs[GROUP_LANGS][8];
    size_t n_langs;
    int short_only;
    double weight[2]; /* word, char */
    double sw;        /* least score lead per word over CLD2's answer to overturn it */
    nx_u64map map;    /* feature hash -> row */
    float *rows;      /* n_rows x n_langs */
    size_t n_rows;
} lg_model;

struct nx_langid_groups {
    lg_model models[GROUPS_MAX];
    size_t n;
};

/* The key of a feature of one kind ('w' or 'c'). The kind is mixed in after
 * hashing: as XXH3's seed it collided on short text (the seed is added to a
 * word of the bytes and the length, so "c" + "ča" and "w" + "č" gave the same
 * key, and a word's look-up could find an n-gram's row). */
static uint64_t feature_key(int kind, const char *s, size_t n)
{
    uint64_t k = XXH3_64bits(s, n) ^ ((uint64_t)(unsigned char)kind * 0x9E3779B97F4A7C15ull);
    return k ? k : 1;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void model_free(lg_model *m)
{
    nx_u64map_free(&m->map);
    nx_free(m->rows);
}

void nx_langid_groups_free(nx_langid_groups *g)
{
    for (size_t i = 0; g && i < g->n; i++)
        model_free(&g->models[i]);
    nx_free(g);
}

/* Split line (no newline) at tabs into at most max fields; returns the count. */
static size_t split_tabs(char *line, char **field, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        field[n++] = p;
        char *t = strchr(p, '\t');
        if (!t)
            break;
        *t = '\0';
        p = t + 1;
    }
    return n;
}

static int parse_doubles(char **field, size_t n, double *out)
{
    for (size_t i = 0; i < n; i++) {
        char *end;
        out[i] = strtod(field[i], &end);
        if (end == field[i] || *end)
            return -1;
    }
    return 0;
}

static nx_err load_model(const char *path, lg_model *m, char *errstr, size_t errstr_size)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "cannot open %s", path);
    /* Count the feature lines first: the table is sized once. */
    char line[LG_LINE_MAX];
    size_t rows = 0;
    while (fgets(line, sizeof(line), fp))
        rows += (line[0] == 'w' || line[0] == 'c') && line[1] == '\t';
    rewind(fp);
    nx_err e = nx_u64map_init(&m->map, rows ? rows : 1);
    m->rows = nx_calloc(rows ? rows * GROUP_LANGS : 1, sizeof(float));
    if (e || !m->rows) {
        fclose(fp);
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading %s", path);
    }
    memset(m->map.keys, 0, (m->map.mask + 1) * sizeof(*m->map.keys));
    size_t lineno = 0;
    const char *bad = NULL;
    while (!bad && fgets(line, sizeof(line), fp)) {
        lineno++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        else if (!feof(fp)) {
            bad = "line too long";
            break;
        }
        if (!len || line[0] == '#')
            continue;
        char *f[GROUP_LANGS + 2];
        size_t nf = split_tabs(line, f, GROUP_LANGS + 2);
        double v[GROUP_LANGS + 2];
        if (!strcmp(f[0], "langs")) {
            if (nf < 3 || nf - 1 > GROUP_LANGS || m->n_langs)
                bad = "langs: 2 to 12 codes, once";
            for (size_t i = 1; !bad && i < nf; i++) {
                if (strlen(f[i]) < 2 || strlen(f[i]) > 7)
                    bad = "langs: a code of 2 to 7 characters";
                else
                    strcpy(m->langs[m->n_langs++], f[i]);
            }
        } else if (!m->n_langs) {
            bad = "langs must come first";
        } else if (!strcmp(f[0], "apply")) {
            if (nf != 2 || (strcmp(f[1], "any") && strcmp(f[1], "short")))
                bad = "apply: any or short";
            else
                m->short_only = !strcmp(f[1], "short");
        } else if (!strcmp(f[0], "weights")) {
            if (nf != 3 || parse_doubles(f + 1, 2, m->weight))
                bad = "weights: two numbers";
        } else if (!strcmp(f[0], "switch")) {
            if (nf != 2 || parse_doubles(f + 1, 1, &m->sw) || m->sw < 0)
                bad = "switch: a number >= 0";
        } else if (!strcmp(f[0], "floor")) {
            if (nf != m->n_langs + 1 || parse_doubles(f + 1, m->n_langs, v))
                bad = "floor: one number per language";
        } else if ((!strcmp(f[0], "w") || !strcmp(f[0], "c")) && nf == m->n_langs + 2) {
            if (parse_doubles(f + 2, m->n_langs, v) || !f[1][0]) {
                bad = "a feature and one number per language";
                break;
            }
            /* More feature lines than the first pass counted: the file
             * changed in between (a trainer writing it). */
            if (m->n_rows >= rows) {
                bad = "file changed while loading";
                break;
            }
            uint64_t k = feature_key(f[0][0], f[1], strlen(f[1]));
            size_t i = (size_t)(k * 0x9E3779B97F4A7C15ull) & m->map.mask;
            while (m->map.keys[i] && m->map.keys[i] != k)
                i = (i + 1) & m->map.mask;
            if (m->map.keys[i]) {
                bad = "feature given twice";
                break;
            }
            m->map.keys[i] = k;
            m->map.vals[i] = (uint32_t)m->n_rows;
            for (size_t l = 0; l < m->n_langs; l++)
                m->rows[m->n_rows * GROUP_LANGS + l] = (float)v[l];
            m->n_rows++;
        } else {
            bad = "unknown line (langs, apply, weights, floor, w, c)";
        }
    }
    fclose(fp);
    if (!bad && !m->n_langs)
        bad = "no langs line";
    if (bad)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "%s:%zu: %s", path, lineno, bad);
    return NX_OK;
}

nx_err nx_langid_groups_load(const char *dir, nx_langid_groups **out, char *errstr,
                             size_t errstr_size)
{
    *out = NULL;
    nx_langid_groups *g = nx_calloc(1, sizeof(*g));
    if (!g)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading %s", dir);
    DIR *d = opendir(dir);
    if (!d) {
        *out = g;
        return NX_OK;
    }
    char *names[GROUPS_MAX];
    size_t n = 0;
    nx_err e = NX_OK;
    struct dirent *de;
    while ((de = readdir(d)) && !e) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len < 5 || strcmp(de->d_name + len - 4, ".tsv"))
            continue;
        if (n == GROUPS_MAX)
            e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "more than %d models in %s",
                          GROUPS_MAX, dir);
        else if (!(names[n] = nx_strndup(de->d_name, len)))
            e = nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading %s", dir);
        else
            n++;
    }
    closedir(d);
    qsort(names, n, sizeof(names[0]), cmp_name);
    for (size_t i = 0; i < n; i++) {
        char path[4096 + 256];
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if (!e) {
            e = load_model(path, &g->models[g->n], errstr, errstr_size);
            g->n++; /* freed with the set, loaded or not */
        }
        nx_free(names[i]);
    }
    if (e) {
        nx_langid_groups_free(g);
        return e;
    }
    *out = g;
    return NX_OK;
}

static const float *lookup(const lg_model *m, int kind, const char *s, size_t n)
{
    uint64_t k = feature_key(kind, s, n);
    size_t i = (size_t)(k * 0x9E3779B97F4A7C15ull) & m->map.mask;
    while (m->map.keys[i]) {
        if (m->map.keys[i] == k)
            return m->rows + (size_t)m->map.vals[i] * GROUP_LANGS;
        i = (i + 1) & m->map.mask;
    }
    return NULL;
}

static void add_row(const lg_model *m, const float *row, double w, double *score)
{
    for (size_t l = 0; row && l < m->n_langs; l++)
        score[l] += w * row[l];
}

/* Score one word: buf holds " word " (lower case, UTF-8), off[0..chars] the
 * byte offset of each character and the end. Returns 1 when the model knows
 * the word itself. */
static int score_word(const lg_model *m, const char *buf, const size_t *off, size_t chars,
                      double *score)
{
    const float *row = lookup(m, 'w', buf + off[1], off[chars - 1] - off[1]);
    add_row(m, row, m->weight[0], score);
    if (m->weight[1] != 0.0)
        for (size_t len = 1; len <= 4; len++)
            for (size_t i = 0; i + len <= chars; i++)
                add_row(m, lookup(m, 'c', buf + off[i], off[i + len] - off[i]), m->weight[1],
                        score);
    return row != NULL;
}

static int model_has(const lg_model *m, const char *code)
{
    for (size_t l = 0; l < m->n_langs; l++)
        if (!strcmp(m->langs[l], code))
            return 1;
    return 0;
}

/* The model that applies to code on a text of `letters` letters, or NULL. */
static const lg_model *group_for(const nx_langid_groups *g, const char *code, size_t letters)
{
    for (size_t i = 0; g && i < g->n; i++)
        if (model_has(&g->models[i], code) &&
            (!g->models[i].short_only || letters <= NX_LANGID_SHORT_LETTERS))
            return &g->models[i];
    return NULL;
}

int nx_langid_groups_applies(const nx_langid_groups *g, const char *code, size_t letters)
{
    return group_for(g, code, letters) != NULL;
}

int nx_langid_groups_decide(const nx_langid_groups *g, const char *code, const char *s, size_t n,
                            size_t letters, char *out, double *posterior)
{
    const lg_model *m = group_for(g, code, letters);
    if (!m)
        return 0;
    /* [0]: every word; [1]: the words that begin in lower case. */
    double sc[2][GROUP_LANGS] = {{0}};
    size_t hit[2] = {0, 0}, nw[2] = {0, 0};
    char buf[(WORD_MAX + 2) * 4];
    size_t off[WORD_MAX + 3];
    size_t chars = 0, bytes = 0;
    int too_long = 0, cap = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    for (size_t i = 0; i <= n;) {
        utf8proc_int32_t cp = -1;
        utf8proc_ssize_t k = 1;
        utf8proc_category_t cat = UTF8PROC_CATEGORY_CN;
        if (i < n && p[i] < 0x80) { /* ASCII: no table look-up */
            cp = p[i];
            if ((unsigned)((cp | 0x20) - 'a') < 26u)
                cat = cp < 'a' ? UTF8PROC_CATEGORY_LU : UTF8PROC_CATEGORY_LL;
        } else if (i < n) {
            k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
            if (k <= 0) {
                k = 1;
                cp = -1;
            } else
                cat = utf8proc_category(cp);
        }
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) {
            if (!chars) { /* a word starts: its leading space */
                buf[0] = ' ';
                off[0] = 0;
                bytes = 1;
                chars = 1;
                too_long = 0;
                cap = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
            }
            if (chars > WORD_MAX)
                too_long = 1;
            else {
                off[chars++] = bytes;
                if (cp < 0x80)
                    buf[bytes++] = (char)(cp | 0x20);
                else
                    bytes += (size_t)utf8proc_encode_char(utf8proc_tolower(cp),
                                                          (utf8proc_uint8_t *)buf + bytes);
            }
        } else if (chars) { /* a word ends */
            if (!too_long) {
                off[chars++] = bytes;
                buf[bytes++] = ' ';
                off[chars] = bytes;
                double one[GROUP_LANGS] = {0};
                int known = score_word(m, buf, off, chars, one);
                for (int set = 0; set <= !cap; set++) {
                    for (size_t l = 0; l < m->n_langs; l++)
                        sc[set][l] += one[l];
                    hit[set] += (size_t)known;
                    nw[set]++;
                }
            }
            chars = 0;
        }
        i += (size_t)k;
    }
    /* Names and the first words of sentences are left out when LOW_WORDS
     * words or more begin in lower case (the trainer counts the same way). */
    int set = nw[1] >= LOW_WORDS;
    const double *score = sc[set];
    size_t hits = hit[set], words = nw[set];
    /* Text in another script, or in none of the group's languages. */
    if (!hits || hits * KNOWN_SHARE < words)
        return 0;
    size_t best = 0, given = 0;
    for (size_t l = 1; l < m->n_langs; l++) {
        if (score[l] > score[best])
            best = l;
        if (!strcmp(m->langs[l], code))
            given = l;
    }
    if (score[best] - score[given] < m->sw * (double)words)
        best = given;
    double sum = 0.0;
    for (size_t l = 0; l < m->n_langs; l++)
        sum += exp(score[l] - score[best]);
    strcpy(out, m->langs[best]);
    *posterior = 1.0 / sum;
    return 1;
}
