/*
 * sentences.c - development score of nx_segment() on CoNLL-2003 text.
 *
 * Usage: eval-sentences [--keep-newlines] [--errors N] FILE.jsonl
 *
 * Each line of FILE is a JSON document whose "text" holds one gold sentence
 * per line and the original CoNLL tokens joined by single spaces. By default
 * every "\n" is replaced by " " before segmentation (the segmenter must find
 * the boundaries from the text alone); --keep-newlines feeds the lines as
 * they are (the single-newline rule is then what is measured). Byte offsets
 * are unchanged by the replacement, so gold spans are the lines' spans.
 *
 * Prints: sentence accuracy (gold sentences found with exactly the same
 * start and end), boundary precision/recall/F1 (a boundary is the start of
 * every sentence but a document's first), and token agreement with the
 * CoNLL tokens (gold tokens reproduced with exactly the same span).
 * --errors N prints the first N gold sentences that were not found, with
 * the predicted sentences that overlap them. Not a ctest test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "nx_alloc.h"
#include "nx_doc.h"
#include "segment.h"

typedef struct counts {
    size_t gold_sents, exact;
    size_t gold_bounds, pred_bounds, match_bounds;
    size_t gold_toks, match_toks, pred_toks;
    size_t docs;
} counts;

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int has_u32(const uint32_t *v, size_t n, uint32_t x)
{
    return bsearch(&x, v, n, sizeof(*v), cmp_u32) != NULL;
}

static void score_doc(const char *gold_text, size_t len, int keep_newlines, counts *c,
                      long *errors_left)
{
    nx_core_opts opts;
    memset(&opts, 0, sizeof(opts));
    nx_doc doc;
    nx_doc_init(&doc, NULL, &opts);
    doc.text = nx_strndup(gold_text, len);
    doc.text_len = len;
    if (!doc.text) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    if (!keep_newlines)
        for (size_t i = 0; i < len; i++)
            if (doc.text[i] == '\n')
                doc.text[i] = ' ';
    char errstr[256];
    nx_err err = nx_segment(&doc, errstr, sizeof(errstr));
    if (err) {
        fprintf(stderr, "nx_segment: %s\n", errstr);
        exit(1);
    }

    /* gold sentences = lines; gold tokens = space-separated pieces */
    size_t n_lines = 1;
    for (size_t i = 0; i < len; i++)
        n_lines += gold_text[i] == '\n';
    uint32_t *gs = malloc(n_lines * sizeof(*gs)), *ge = malloc(n_lines * sizeof(*ge));
    uint32_t *ps = malloc((doc.n_sents + 1) * sizeof(*ps));
    uint32_t *pe = malloc((doc.n_sents + 1) * sizeof(*pe));
    uint32_t *pts = malloc((doc.n_toks + 1) * sizeof(*pts));
    uint32_t *pte = malloc((doc.n_toks + 1) * sizeof(*pte));
    if (!gs || !ge || !ps || !pe || !pts || !pte) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    size_t ng = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || gold_text[i] == '\n') {
            if (i > start) {
                gs[ng] = (uint32_t)start;
                ge[ng] = (uint32_t)i;
                ng++;
            }
            start = i + 1;
        }
    }
    for (size_t k = 0; k < doc.n_sents; k++) {
        ps[k] = doc.sents[k].start;
        pe[k] = doc.sents[k].end;
    }
    for (size_t k = 0; k < doc.n_toks; k++) {
        pts[k] = doc.toks[k].start;
        pte[k] = doc.toks[k].end;
    }
    /* sentence spans: both lists are sorted by start */
    c->gold_sents += ng;
    for (size_t k = 0; k < ng; k++) {
        int found = 0;
        uint32_t *hit = bsearch(&gs[k], ps, doc.n_sents, sizeof(*ps), cmp_u32);
        if (hit && pe[hit - ps] == ge[k])
            found = 1;
        c->exact += found;
        if (!found && *errors_left > 0) {
            (*errors_left)--;
            printf("GOLD  %.*s\n", (int)(ge[k] - gs[k]), gold_text + gs[k]);
            for (size_t m = 0; m < doc.n_sents; m++)
                if (ps[m] < ge[k] && pe[m] > gs[k])
                    printf("  PRED %.*s\n", (int)(pe[m] - ps[m]), doc.text + ps[m]);
        }
    }
    /* boundaries: sentence starts other than the first */
    c->gold_bounds += ng ? ng - 1 : 0;
    c->pred_bounds += doc.n_sents ? doc.n_sents - 1 : 0;
    for (size_t k = 1; k < doc.n_sents; k++)
        c->match_bounds += has_u32(gs + 1, ng ? ng - 1 : 0, ps[k]);
    /* tokens: gold tokens are the maximal runs of non-space bytes */
    c->pred_toks += doc.n_toks;
    for (size_t i = 0; i < len;) {
        while (i < len && (gold_text[i] == ' ' || gold_text[i] == '\n'))
            i++;
        if (i >= len)
            break;
        size_t j = i;
        while (j < len && gold_text[j] != ' ' && gold_text[j] != '\n')
            j++;
        c->gold_toks++;
        uint32_t key = (uint32_t)i;
        uint32_t *hit = bsearch(&key, pts, doc.n_toks, sizeof(*pts), cmp_u32);
        if (hit && pte[hit - pts] == j)
            c->match_toks++;
        i = j;
    }
    c->docs++;
    free(gs);
    free(ge);
    free(ps);
    free(pe);
    free(pts);
    free(pte);
    nx_doc_free(&doc);
}

int main(int argc, char **argv)
{
    int keep_newlines = 0;
    long errors = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--keep-newlines") == 0)
            keep_newlines = 1;
        else if (strcmp(argv[i], "--errors") == 0 && i + 1 < argc)
            errors = atol(argv[++i]);
        else
            path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "usage: %s [--keep-newlines] [--errors N] FILE.jsonl\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return 1;
    }
    counts c;
    memset(&c, 0, sizeof(c));
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, f)) > 0) {
        json_error_t jerr;
        json_t *root = json_loadb(line, (size_t)got, 0, &jerr);
        json_t *text = root ? json_object_get(root, "text") : NULL;
        if (!json_is_string(text)) {
            fprintf(stderr, "%s: bad line: %s\n", path, root ? "no text" : jerr.text);
            json_decref(root);
            continue;
        }
        score_doc(json_string_value(text), json_string_length(text), keep_newlines, &c, &errors);
        json_decref(root);
    }
    free(line);
    fclose(f);
    double acc = c.gold_sents ? (double)c.exact / (double)c.gold_sents : 0;
    double p = c.pred_bounds ? (double)c.match_bounds / (double)c.pred_bounds : 0;
    double r = c.gold_bounds ? (double)c.match_bounds / (double)c.gold_bounds : 0;
    double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
    printf("mode: %s\n", keep_newlines ? "lines kept" : "newlines replaced by spaces");
    printf("documents: %zu\n", c.docs);
    printf("sentences: gold %zu, exact %zu, accuracy %.4f\n", c.gold_sents, c.exact, acc);
    printf("boundaries: gold %zu, predicted %zu, correct %zu, P %.4f R %.4f F1 %.4f\n",
           c.gold_bounds, c.pred_bounds, c.match_bounds, p, r, f1);
    printf("tokens: gold %zu, predicted %zu, same span %zu (%.4f of gold)\n", c.gold_toks,
           c.pred_toks, c.match_toks, c.gold_toks ? (double)c.match_toks / (double)c.gold_toks : 0);
    return 0;
}
