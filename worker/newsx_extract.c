/*
 * newsx-extract - run the extraction core over files, directories or stdin
 * and print one record per article (JSON lines), or benchmark the core.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "nx_alloc.h"
#include "nx_core.h"
#include "view.h"

static const char usage_text[] =
    "Usage: newsx-extract [OPTIONS] [FILE|DIR ...]\n"
    "\n"
    "Run the newsx extraction core over articles and print one enriched record\n"
    "per article as JSON lines (stdin when no FILE is given; a DIR is read\n"
    "recursively in sorted order, hidden files skipped).\n"
    "\n"
    "Options:\n"
    "  --in FORMAT          input format: auto (default), text, json, jsonl, html.\n"
    "                       auto treats a file whose every non-empty line is a JSON\n"
    "                       object (or a .jsonl/.ndjson file) as JSON lines.\n"
    "  --pretty             indented JSON, one record after another\n"
    "  --no-sentences       leave the \"sentences\" array out of the record\n"
    "  --strict-utf8        reject invalid UTF-8 (error bad_utf8) instead of repairing\n"
    "  --max-input BYTES    largest accepted input (default 4194304)\n"
    "  --max-record BYTES   largest record written (default 16777216)\n"
    "  --max-steps-per-byte N  work budget per input byte (default 64; floor 1000000\n"
    "                       steps); a costlier article fails as too_complex\n"
    "  --field-map MAP      extra envelope fields, e.g. headline:title,story:text\n"
    "  --languages LIST     languages whose entity models load, e.g. en,de (default:\n"
    "                       every model under config/models; core.languages)\n"
    "  --bench N            run the core N times over all inputs, write no records,\n"
    "                       print articles/s, MB/s, words/s and time per stage\n"
    "  --dupes DIR          group the articles of DIR (and any FILE given) into\n"
    "                       near-duplicate clusters by their fingerprint (SimHash,\n"
    "                       Hamming distance <= 3); one JSON line per cluster of two\n"
    "                       or more, largest first\n"
    "  --view OUT.html      render the record of the one input as an annotated,\n"
    "                       self-contained HTML page in OUT.html (- for stdout)\n"
    "                       instead of printing it (docs/view.md)\n"
    "  --from-record FILE   with --view: render a saved record JSON (- for stdin)\n"
    "                       instead of running the core; takes no FILE|DIR\n"
    "  -q, --quiet          no progress line\n"
    "  -h, --help           this help\n"
    "  -V, --version        print the version\n"
    "\n"
    "Exit status: 0 every input succeeded, 1 some failed (each named on stderr\n"
    "with file, line and error code), 2 bad usage.\n";

typedef struct input {
    char *name;  /* file name, "-" for stdin */
    size_t line; /* 1-based line for JSON lines, 0 otherwise */
    char *data;  /* points into a file buffer */
    size_t len;
    char *alloc; /* the file buffer, set on exactly one input per buffer */
} input;

typedef struct inputs {
    input *v;
    size_t n, cap;
} inputs;

typedef struct cli {
    nx_core_opts opts;
    const char *in_format;
    long bench;
    const char *dupes;
    const char *view;        /* --view OUT.html */
    const char *from_record; /* --from-record FILE */
    int quiet;
    int pretty;
    nx_field_alias *aliases;
    size_t n_aliases;
    char *field_map;
} cli;

static void die_nomem(void)
{
    fprintf(stderr, "newsx-extract: out of memory\n");
    exit(1);
}

static void push(inputs *in, const char *name, size_t line, char *data, size_t len, char *alloc)
{
    if (in->n == in->cap) {
        in->cap = in->cap ? in->cap * 2 : 64;
        input *v = realloc(in->v, in->cap * sizeof(*v));
        if (!v)
            die_nomem();
        in->v = v;
    }
    input *it = &in->v[in->n++];
    it->name = strdup(name);
    if (!it->name)
        die_nomem();
    it->line = line;
    it->data = data;
    it->len = len;
    it->alloc = alloc;
}

static char *read_stream(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        die_nomem();
    for (;;) {
        if (n == cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb)
                die_nomem();
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* Every non-empty line a JSON object: a JSON-lines batch. */
static int looks_jsonl(const char *d, size_t len)
{
    size_t lines = 0, i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && d[e] != '\n')
            e++;
        size_t a = i, z = e;
        while (a < z && (d[a] == ' ' || d[a] == '\t' || d[a] == '\r'))
            a++;
        while (z > a && (d[z - 1] == ' ' || d[z - 1] == '\t' || d[z - 1] == '\r'))
            z--;
        if (z > a) {
            if (d[a] != '{' || d[z - 1] != '}')
                return 0;
            lines++;
        }
        i = e + 1;
    }
    return lines >= 2;
}

static void add_buffer(inputs *in, const cli *c, const char *name, char *data, size_t len)
{
    int jsonl = c->in_format && strcmp(c->in_format, "jsonl") == 0;
    if (!c->in_format || strcmp(c->in_format, "auto") == 0)
        jsonl = ends_with(name, ".jsonl") || ends_with(name, ".ndjson") || looks_jsonl(data, len);
    if (!jsonl) {
        push(in, name, 0, data, len, data);
        return;
    }
    size_t i = 0, line = 0;
    int first = 1;
    while (i < len) {
        size_t e = i;
        while (e < len && data[e] != '\n')
            e++;
        line++;
        size_t a = i;
        while (a < e && (data[a] == ' ' || data[a] == '\t' || data[a] == '\r'))
            a++;
        if (a < e) {
            push(in, name, line, data + i, e - i, first ? data : NULL);
            first = 0;
        }
        i = e + 1;
    }
    if (first) /* no non-empty line: keep the buffer as one (empty) input */
        push(in, name, 0, data, len, data);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_path(inputs *in, const cli *c, const char *path)
{
    if (strcmp(path, "-") == 0) {
        size_t len;
        char *d = read_stream(stdin, &len);
        if (!d) {
            fprintf(stderr, "newsx-extract: -: %s\n", strerror(errno));
            return -1;
        }
        add_buffer(in, c, "-", d, len);
        return 0;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "newsx-extract: %s: %s (error io)\n", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *dir = opendir(path);
        if (!dir) {
            fprintf(stderr, "newsx-extract: %s: %s (error io)\n", path, strerror(errno));
            return -1;
        }
        char **names = NULL;
        size_t n = 0, cap = 0;
        struct dirent *de;
        while ((de = readdir(dir))) {
            if (de->d_name[0] == '.')
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 32;
                char **nn = realloc(names, cap * sizeof(*nn));
                if (!nn)
                    die_nomem();
                names = nn;
            }
            names[n] = strdup(de->d_name);
            if (!names[n++])
                die_nomem();
        }
        closedir(dir);
        qsort(names, n, sizeof(*names), cmp_str);
        int rc = 0;
        for (size_t i = 0; i < n; i++) {
            size_t pl = strlen(path) + strlen(names[i]) + 2;
            char *p = malloc(pl);
            if (!p)
                die_nomem();
            snprintf(p, pl, "%s%s%s", path, ends_with(path, "/") ? "" : "/", names[i]);
            if (add_path(in, c, p) != 0)
                rc = -1;
            free(p);
            free(names[i]);
        }
        free(names);
        return rc;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "newsx-extract: %s: %s (error io)\n", path, strerror(errno));
        return -1;
    }
    size_t len;
    char *d = read_stream(f, &len);
    fclose(f);
    if (!d) {
        fprintf(stderr, "newsx-extract: %s: read error (error io)\n", path);
        return -1;
    }
    add_buffer(in, c, path, d, len);
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fail_line(const input *it, nx_err e, const char *errstr)
{
    if (it->line)
        fprintf(stderr, "newsx-extract: %s:%zu: error %s: %s\n", it->name, it->line, nx_err_name(e),
                errstr);
    else
        fprintf(stderr, "newsx-extract: %s: error %s: %s\n", it->name, nx_err_name(e), errstr);
}

static size_t record_words(const char *rec)
{
    const char *w = strstr(rec, "\"words\":");
    return w ? (size_t)strtoull(w + 8, NULL, 10) : 0;
}

static int run_bench(const nx_core_t *core, const inputs *in, long iters)
{
    nx_buf out;
    nx_buf_init(&out, 0);
    char errstr[256];
    size_t bytes = 0, words = 0, ok = 0, failed = 0;
    uint64_t steps = 0, in_bytes = 0; /* over every input, failed ones too */
    double max_spb = 0;               /* work-budget steps per input byte, the largest */
    size_t max_spb_at = 0;
    /* One pass to count words, failures and work-budget steps. */
    for (size_t i = 0; i < in->n; i++) {
        nx_stage_times st;
        nx_buf_reset(&out);
        nx_err e =
            nx_extract(core, in->v[i].data, in->v[i].len, NULL, &out, &st, errstr, sizeof(errstr));
        steps += st.steps_total;
        in_bytes += in->v[i].len;
        double spb = in->v[i].len ? (double)st.steps_total / (double)in->v[i].len : 0;
        if (spb > max_spb) {
            max_spb = spb;
            max_spb_at = i;
        }
        if (e) {
            failed++;
            continue;
        }
        ok++;
        bytes += in->v[i].len;
        words += record_words(out.data);
    }
    uint64_t stage_ns[NX_STAGE_MAX] = {0};
    const char *stage_name[NX_STAGE_MAX] = {0};
    size_t n_stages = 0;
    double t0 = now_s();
    for (long it = 0; it < iters; it++) {
        for (size_t i = 0; i < in->n; i++) {
            nx_stage_times st;
            nx_buf_reset(&out);
            nx_extract(core, in->v[i].data, in->v[i].len, NULL, &out, &st, errstr, sizeof(errstr));
            for (size_t s = 0; s < st.n; s++) {
                stage_name[s] = st.name[s];
                stage_ns[s] += st.ns[s];
            }
            if (st.n > n_stages)
                n_stages = st.n;
        }
    }
    double dt = now_s() - t0;
    nx_buf_free(&out);
    double arts = (double)(ok + failed) * (double)iters;
    printf("inputs: %zu (%zu ok, %zu failed), %.2f MB, %zu words, %ld iterations\n", ok + failed,
           ok, failed, (double)bytes / 1e6, words, iters);
    printf("time: %.3f s\n", dt);
    printf("articles/s: %.0f\n", arts / dt);
    printf("MB/s: %.2f\n", (double)bytes * (double)iters / 1e6 / dt);
    printf("words/s: %.0f\n", (double)words * (double)iters / dt);
    printf("steps: %.1f per byte, at most %.1f per byte (%s:%zu)\n",
           in_bytes ? (double)steps / (double)in_bytes : 0, max_spb,
           in->n ? in->v[max_spb_at].name : "-", in->n ? in->v[max_spb_at].line : 0);
    uint64_t total = 0;
    for (size_t s = 0; s < n_stages; s++)
        total += stage_ns[s];
    for (size_t s = 0; s < n_stages; s++)
        printf("stage %-10s %8.3f s  %5.1f%%  %.2f MB/s\n", stage_name[s],
               (double)stage_ns[s] / 1e9, total ? 100.0 * (double)stage_ns[s] / (double)total : 0,
               stage_ns[s] ? (double)bytes * (double)iters / 1e6 / ((double)stage_ns[s] / 1e9) : 0);
    return failed ? 1 : 0;
}

/* ---- --dupes: near-duplicate clusters by SimHash (docs/extras.md) ---- */

#define DUPES_MAX_DISTANCE 3

typedef struct dupe_item {
    uint64_t fp;
    size_t input;  /* index into inputs */
    size_t parent; /* union-find */
    char *id;      /* the record id, JSON-escaped (malloc) */
} dupe_item;

static size_t uf_find(dupe_item *v, size_t i)
{
    while (v[i].parent != i) {
        v[i].parent = v[v[i].parent].parent;
        i = v[i].parent;
    }
    return i;
}

static void uf_union(dupe_item *v, size_t a, size_t b)
{
    a = uf_find(v, a);
    b = uf_find(v, b);
    if (a != b) /* the smaller index (earlier input) is the root */
        v[a > b ? a : b].parent = a > b ? b : a;
}

static int block_shift; /* the 16-bit block qsort compares by */
static const dupe_item *block_items;

static int cmp_block(const void *a, const void *b)
{
    uint64_t x = (block_items[*(const size_t *)a].fp >> block_shift) & 0xffff;
    uint64_t y = (block_items[*(const size_t *)b].fp >> block_shift) & 0xffff;
    if (x != y)
        return x < y ? -1 : 1;
    return (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

/* The value of the first "key":"..." in a record, as the escaped bytes
 * between the quotes. A key cannot occur inside a string value (its quotes
 * would be escaped); top-level keys come before extractor.stages, whose keys
 * are stage names ("fingerprint":"ok"). */
static char *record_str(const char *rec, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof(pat), "\"%s\":\"", key);
    const char *p = strstr(rec, pat);
    if (!p)
        return NULL;
    p += strlen(pat);
    const char *e = p;
    while (*e && *e != '"')
        e += e[0] == '\\' && e[1] ? 2 : 1;
    return strndup(p, (size_t)(e - p));
}

static int run_dupes(const nx_core_t *core, const inputs *in)
{
    dupe_item *v = calloc(in->n ? in->n : 1, sizeof(*v));
    size_t *order = malloc((in->n ? in->n : 1) * sizeof(*order));
    if (!v || !order)
        die_nomem();
    nx_buf out;
    nx_buf_init(&out, 0);
    char errstr[256];
    size_t n = 0, failed = 0;
    for (size_t i = 0; i < in->n; i++) {
        nx_buf_reset(&out);
        nx_err e =
            nx_extract(core, in->v[i].data, in->v[i].len, NULL, &out, NULL, errstr, sizeof(errstr));
        char *fp = e ? NULL : record_str(out.data, "fingerprint");
        if (fp && strspn(fp, "0123456789abcdef") != 16) { /* null: the stages' "ok" was found */
            free(fp);
            fp = NULL;
        }
        if (e || !fp) {
            fail_line(&in->v[i], e ? e : NX_ERR_INTERNAL, e ? errstr : "no fingerprint");
            failed++;
            free(fp);
            continue;
        }
        v[n].fp = strtoull(fp, NULL, 16);
        free(fp);
        v[n].input = i;
        v[n].parent = n;
        v[n].id = record_str(out.data, "id");
        n++;
    }
    nx_buf_free(&out);
    /* Two fingerprints within distance 3 agree on at least one of their four
     * 16-bit blocks (Manku et al. 2007): compare only inside equal blocks. */
    for (int blk = 0; blk < 4; blk++) {
        for (size_t i = 0; i < n; i++)
            order[i] = i;
        block_shift = 16 * blk;
        block_items = v;
        qsort(order, n, sizeof(*order), cmp_block);
        for (size_t a = 0; a < n;) {
            size_t b = a + 1;
            uint64_t key = (v[order[a]].fp >> block_shift) & 0xffff;
            while (b < n && ((v[order[b]].fp >> block_shift) & 0xffff) == key)
                b++;
            for (size_t x = a; x < b; x++)
                for (size_t y = x + 1; y < b; y++)
                    if (__builtin_popcountll(v[order[x]].fp ^ v[order[y]].fp) <= DUPES_MAX_DISTANCE)
                        uf_union(v, order[x], order[y]);
            a = b;
        }
    }
    /* Clusters: members in input order under their root; largest first. */
    size_t *size = calloc(n ? n : 1, sizeof(*size));
    if (!size)
        die_nomem();
    for (size_t i = 0; i < n; i++)
        size[uf_find(v, i)]++;
    size_t clusters = 0, clustered = 0, max = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].parent == i && size[i] > 1) {
            clusters++;
            clustered += size[i];
            if (size[i] > max)
                max = size[i];
        }
    size_t num = 0;
    for (size_t sz = max; sz >= 2; sz--)
        for (size_t r = 0; r < n; r++) {
            if (v[r].parent != r || size[r] != sz)
                continue;
            printf("{\"cluster\":%zu,\"size\":%zu,\"members\":[", ++num, sz);
            int first = 1;
            for (size_t i = r; i < n; i++) {
                if (uf_find(v, i) != r)
                    continue;
                const input *it = &in->v[v[i].input];
                printf("%s{\"file\":\"", first ? "" : ",");
                for (const char *p = it->name; *p; p++) {
                    if (*p == '"' || *p == '\\')
                        putchar('\\');
                    if ((unsigned char)*p >= 0x20)
                        putchar(*p);
                }
                printf("\"");
                if (it->line)
                    printf(",\"line\":%zu", it->line);
                printf(",\"id\":\"%s\",\"fingerprint\":\"%016llx\",\"distance\":%d}",
                       v[i].id ? v[i].id : "", (unsigned long long)v[i].fp,
                       __builtin_popcountll(v[i].fp ^ v[r].fp));
                first = 0;
            }
            printf("]}\n");
        }
    fprintf(stderr,
            "newsx-extract: %zu articles, %zu near-duplicate clusters covering %zu articles%s\n", n,
            clusters, clustered, failed ? " (some inputs failed)" : "");
    for (size_t i = 0; i < n; i++)
        free(v[i].id);
    free(size);
    free(v);
    free(order);
    return failed ? 1 : 0;
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v == 0)
        return -1;
    *out = (size_t)v;
    return 0;
}

static int parse_field_map(cli *c, const char *map)
{
    c->field_map = strdup(map);
    if (!c->field_map)
        die_nomem();
    size_t n = 1;
    for (const char *p = map; *p; p++)
        n += *p == ',';
    c->aliases = calloc(n, sizeof(*c->aliases));
    if (!c->aliases)
        die_nomem();
    char *save = NULL;
    for (char *tok = strtok_r(c->field_map, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *colon = strchr(tok, ':');
        if (!colon || colon == tok || !colon[1])
            return -1;
        *colon = '\0';
        c->aliases[c->n_aliases].from = tok;
        c->aliases[c->n_aliases++].to = colon + 1;
    }
    return 0;
}

/* ---- --view: the annotated HTML page of one record (docs/view.md) ---- */

/* Render the record JSON to the file path ("-": stdout); 0 or 1 (error named). */
static int write_view(const char *record, size_t len, const char *name, const char *path)
{
    char errstr[512];
    nx_buf html;
    nx_buf_init(&html, 0);
    nx_err e = nx_view_render(record, len, &html, errstr, sizeof(errstr));
    if (e) {
        fprintf(stderr, "newsx-extract: %s: error %s: %s\n", name, nx_err_name(e), errstr);
        nx_buf_free(&html);
        return 1;
    }
    int to_stdout = strcmp(path, "-") == 0;
    FILE *f = to_stdout ? stdout : fopen(path, "wb");
    int rc = !f || fwrite(html.data, 1, html.len, f) != html.len;
    if (f && (to_stdout ? fflush(f) : fclose(f)) != 0)
        rc = 1;
    if (rc)
        fprintf(stderr, "newsx-extract: %s: %s (error io)\n", path, strerror(errno));
    nx_buf_free(&html);
    return rc;
}

/* --view OUT.html: extract the one input and render its record. */
static int run_view(const nx_core_t *core, const inputs *in, const char *path)
{
    if (in->n != 1) {
        fprintf(stderr, "newsx-extract: --view takes exactly one article, got %zu\n", in->n);
        return 2;
    }
    char errstr[512];
    nx_buf rec;
    nx_buf_init(&rec, 0);
    nx_err e =
        nx_extract(core, in->v[0].data, in->v[0].len, NULL, &rec, NULL, errstr, sizeof(errstr));
    if (e) {
        fail_line(&in->v[0], e, errstr);
        nx_buf_free(&rec);
        return 1;
    }
    int rc = write_view(rec.data, rec.len, in->v[0].name, path);
    nx_buf_free(&rec);
    return rc;
}

/* --view OUT.html --from-record FILE: render a saved record, no core. */
static int view_from_record(const cli *c, int n_args)
{
    if (!c->view || n_args > 0) {
        fprintf(stderr, "newsx-extract: --from-record needs --view and no FILE|DIR\n");
        return 2;
    }
    int is_stdin = strcmp(c->from_record, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(c->from_record, "rb");
    if (!f) {
        fprintf(stderr, "newsx-extract: %s: %s (error io)\n", c->from_record, strerror(errno));
        return 1;
    }
    size_t len;
    char *d = read_stream(f, &len);
    if (!is_stdin)
        fclose(f);
    if (!d) {
        fprintf(stderr, "newsx-extract: %s: read error (error io)\n", c->from_record);
        return 1;
    }
    int rc = write_view(d, len, c->from_record, c->view);
    free(d);
    return rc;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"in", required_argument, 0, 'i'},
        {"pretty", no_argument, 0, 'p'},
        {"no-sentences", no_argument, 0, 'S'},
        {"strict-utf8", no_argument, 0, 'U'},
        {"max-input", required_argument, 0, 'I'},
        {"max-record", required_argument, 0, 'R'},
        {"max-steps-per-byte", required_argument, 0, 'B'},
        {"field-map", required_argument, 0, 'F'},
        {"languages", required_argument, 0, 'L'},
        {"bench", required_argument, 0, 'b'},
        {"dupes", required_argument, 0, 'D'},
        {"view", required_argument, 0, 'W'},
        {"from-record", required_argument, 0, 'r'},
        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'},
        {0, 0, 0, 0},
    };
    cli c;
    memset(&c, 0, sizeof(c));
    nx_core_opts_init(&c.opts);
    int opt;
    while ((opt = getopt_long(argc, argv, "qhV", longopts, NULL)) != -1) {
        switch (opt) {
        case 'i':
            c.in_format = optarg;
            if (!strcmp(optarg, "text"))
                c.opts.format = NX_IN_TEXT;
            else if (!strcmp(optarg, "json") || !strcmp(optarg, "jsonl"))
                c.opts.format = NX_IN_JSON;
            else if (!strcmp(optarg, "html"))
                c.opts.format = NX_IN_HTML;
            else if (!strcmp(optarg, "auto"))
                c.opts.format = NX_IN_AUTO;
            else {
                fprintf(stderr, "newsx-extract: --in: unknown format '%s'\n", optarg);
                return 2;
            }
            break;
        case 'p':
            c.pretty = 1;
            break;
        case 'L':
            c.opts.languages = optarg; /* argv outlives the core */
            break;
        case 'S':
            c.opts.emit_sentences = 0;
            break;
        case 'U':
            c.opts.strict_utf8 = 1;
            break;
        case 'I':
            if (parse_size(optarg, &c.opts.max_input_bytes)) {
                fprintf(stderr, "newsx-extract: --max-input: not a positive size '%s'\n", optarg);
                return 2;
            }
            break;
        case 'R':
            if (parse_size(optarg, &c.opts.max_record_bytes)) {
                fprintf(stderr, "newsx-extract: --max-record: not a positive size '%s'\n", optarg);
                return 2;
            }
            break;
        case 'B':
            if (parse_size(optarg, &c.opts.max_steps_per_byte)) {
                fprintf(stderr, "newsx-extract: --max-steps-per-byte: not a positive count '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case 'F':
            if (parse_field_map(&c, optarg)) {
                fprintf(stderr, "newsx-extract: --field-map: expected from:to[,from:to...]\n");
                return 2;
            }
            break;
        case 'b': {
            char *end;
            c.bench = strtol(optarg, &end, 10);
            if (*end || c.bench <= 0) {
                fprintf(stderr, "newsx-extract: --bench: expected a positive count\n");
                return 2;
            }
            break;
        }
        case 'D':
            c.dupes = optarg;
            break;
        case 'W':
            c.view = optarg;
            break;
        case 'r':
            c.from_record = optarg;
            break;
        case 'q':
            c.quiet = 1;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return 0;
        case 'V':
            printf("newsx-extract %s\n", NX_EXTRACTOR_VERSION);
            return 0;
        default:
            fputs("Try 'newsx-extract --help'.\n", stderr);
            return 2;
        }
    }
    if (c.from_record) {
        int vrc = view_from_record(&c, argc - optind);
        free(c.aliases);
        free(c.field_map);
        return vrc;
    }
    c.opts.pretty = c.pretty;
    c.opts.aliases = c.aliases;
    c.opts.n_aliases = c.n_aliases;

    char errstr[512];
    nx_core_t *core = nx_core_new(&c.opts, errstr, sizeof(errstr));
    if (!core) {
        fprintf(stderr, "newsx-extract: %s\n", errstr);
        return 2;
    }

    inputs in = {0};
    int rc = 0, any_dir = 0;
    if (optind == argc && !c.dupes) {
        if (add_path(&in, &c, "-"))
            rc = 1;
    }
    if (c.dupes && add_path(&in, &c, c.dupes))
        rc = 1;
    for (int a = optind; a < argc; a++) {
        struct stat st;
        if (stat(argv[a], &st) == 0 && S_ISDIR(st.st_mode))
            any_dir = 1;
        if (add_path(&in, &c, argv[a]))
            rc = 1;
    }

    if (c.view) {
        int vrc = run_view(core, &in, c.view);
        rc = rc ? rc : vrc;
    } else if (c.bench) {
        int brc = run_bench(core, &in, c.bench);
        rc = rc ? rc : brc;
    } else if (c.dupes) {
        int drc = run_dupes(core, &in);
        rc = rc ? rc : drc;
    } else {
        int progress = !c.quiet && isatty(STDERR_FILENO) && (any_dir || in.n > 100);
        nx_buf out;
        nx_buf_init(&out, 0);
        for (size_t i = 0; i < in.n; i++) {
            input *it = &in.v[i];
            nx_buf_reset(&out);
            nx_err e =
                nx_extract(core, it->data, it->len, NULL, &out, NULL, errstr, sizeof(errstr));
            if (e) {
                if (progress)
                    fputs("\r\033[K", stderr);
                fail_line(it, e, errstr);
                rc = 1;
                continue;
            }
            nx_buf_putc(&out, '\n');
            if (out.err || fwrite(out.data, 1, out.len, stdout) != out.len) {
                fprintf(stderr, "newsx-extract: write error\n");
                rc = 1;
                break;
            }
            if (progress && (i % 16 == 0 || i + 1 == in.n))
                fprintf(stderr, "\r%zu/%zu articles", i + 1, in.n);
        }
        if (progress)
            fputs("\n", stderr);
        nx_buf_free(&out);
        if (fflush(stdout) != 0)
            rc = 1;
    }

    for (size_t i = 0; i < in.n; i++) {
        free(in.v[i].alloc);
        free(in.v[i].name);
    }
    free(in.v);
    free(c.aliases);
    free(c.field_map);
    nx_core_destroy(core);
    return rc;
}
