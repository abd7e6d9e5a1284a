/*
 * lang_pack.c - load a language pack (lang_pack.h) from its tab-separated
 * files: calendar.tsv, relative.tsv and amounts.tsv (word, class, value), the
 * "unit" lines of timex.tsv, and
 * stopwords.tsv and stopwords-news.tsv (word) into one open-addressing table keyed by the
 * lower-case word's hash; abbreviations.tsv and sentences.tsv (exact text,
 * class) into a second one keyed by the text as written; quotes.tsv and
 * numbers.tsv into small role -> string lists. Lines starting with '#' and
 * empty lines are skipped. The last six files are optional (English keeps
 * its keyword and amount lists in the code; its sentences.tsv, with the
 * classes loose, starter and continue, is also the segmenter's English
 * rules: nx_lang_pack_load_sentences). nx_lang_pack_load_words reads one
 * words file alone, required (the English amounts stage's en/amounts.tsv).
 * The line reader (nx_tsv_line, nx_tsv_split) is shared with the other
 * tab-separated data files (ent_lang.c, entities.c).
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
    int value[25]; /* by class bit */
} lp_slot;

typedef struct lp_abbr {
    uint64_t key;   /* 0: empty; hash of the exact text */
    int cls;        /* NX_AB_*, 0 for a sentence word only */
    unsigned words; /* NX_SW_* */
} lp_abbr;

typedef struct lp_sym {
    char name[16];
    char value[16];
} lp_sym;

struct nx_lang_pack {
    char code[8];
    lp_slot *slots;
    size_t cap, n;
    lp_abbr *abbrs;
    size_t abbr_cap, n_abbrs;
    int ordinal_dot, capitalized_nouns;
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
    {"scale", NX_LW_SCALE},
    {"currency", NX_LW_CURRENCY},
    {"percent", NX_LW_PERCENT},
    {"of", NX_LW_OF},
    {"number", NX_LW_NUMBER},
    {"article", NX_LW_ARTICLE},
    {"modifier", NX_LW_MODIFIER},
    {"unit", NX_LW_UNIT},
    {"factor", NX_LW_FACTOR},
    {"scale-abbr", NX_LW_SCALE_ABBR},
    {"suffix", NX_LW_SUFFIX},
    {"measure", NX_LW_MEASURE},
    {"verb", NX_LW_VERB},
    {"determiner", NX_LW_DET},
    {"and", NX_LW_AND},
    {"in", NX_LW_IN},
    {"plural", NX_LW_PLURAL},
    {"unit-prefix", NX_LW_UNIT_PREFIX},
};

/* The units of time (NX_LW_UNIT values): the letter timex.tsv gives each
 * (config/lang/README.md) and the name amounts.tsv and the records use. */
static const struct {
    char letter;
    const char *name;
} units[] = {
    {'s', "second"}, {'m', "minute"}, {'h', "hour"},    {'D', "day"},
    {'W', "week"},   {'M', "month"},  {'Q', "quarter"}, {'H', "half-year"},
    {'Y', "year"},   {'E', "decade"}, {'C', "century"},
};

enum { K_WORDS, K_QUOTES, K_NUMBERS, K_STOP, K_ABBR, K_UNITS };

size_t nx_lang_lower(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { /* ASCII: the same folding, without the decoder */
            if (k + 1 >= cap)
                return 0;
            out[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
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

/* Add the word or phrase low[0, n) (folded) with class cls and value v. */
static nx_err add_word(nx_lang_pack *p, const char *low, size_t n, unsigned cls, int v)
{
    nx_err e = grow(p);
    if (e)
        return e;
    uint64_t key = nx_lang_word_key(low, n);
    lp_slot *s = slot_of(p, key);
    if (!s->key) {
        s->key = key;
        p->n++;
    }
    s->cls |= cls;
    s->value[bit_index(cls)] = v;
    return NX_OK;
}

/* Add the abbreviation a[0, n) as written with class cls (0: none, a
 * sentence word of the classes words); an entry already there keeps its
 * class unless cls is not NX_AB_PART or 0 (later files win). */
static nx_err add_abbr(nx_lang_pack *p, const char *a, size_t n, int cls, unsigned words)
{
    nx_err e =
        nx_lang_slots_reserve((void **)&p->abbrs, &p->abbr_cap, p->n_abbrs, sizeof(*p->abbrs));
    if (e)
        return e;
    uint64_t key = nx_lang_word_key(a, n);
    lp_abbr *s = nx_lang_slot(p->abbrs, p->abbr_cap, sizeof(*p->abbrs), key);
    if (!s->key) {
        s->key = key;
        s->cls = cls;
        p->n_abbrs++;
    } else if (cls && cls != NX_AB_PART) {
        s->cls = cls;
    }
    s->words |= words;
    return NX_OK;
}

/* An abbreviation line: the entry, and each word of a phrase ("z." and "B."
 * of "z. B.") as a part, so that the tokenizer keeps their periods; or a
 * sentence word (starter, continue: one word without a final period). */
static nx_err add_abbr_line(nx_lang_pack *p, const char *a, const char *cls)
{
    int c = !strcmp(cls, "nosplit") ? NX_AB_NOSPLIT
            : !strcmp(cls, "split") ? NX_AB_SPLIT
            : !strcmp(cls, "word")  ? NX_AB_WORD
            : !strcmp(cls, "loose") ? NX_AB_LOOSE
                                    : 0;
    unsigned sw = !strcmp(cls, "starter")    ? NX_SW_STARTER
                  : !strcmp(cls, "continue") ? NX_SW_CONTINUE
                                             : 0;
    size_t n = strlen(a);
    if ((!c && !sw) || !n || n >= LP_WORD_MAX || a[n - 1] == ' ')
        return NX_ERR_CONFIG;
    if (sw)
        return strchr(a, ' ') || a[n - 1] == '.' ? NX_ERR_CONFIG : add_abbr(p, a, n, 0, sw);
    nx_err e = add_abbr(p, a, n, c, 0);
    for (const char *w = a; !e && strchr(a, ' ') && *w;) {
        size_t k = strcspn(w, " ");
        if (!k || w[k - 1] != '.')
            return NX_ERR_CONFIG;
        e = add_abbr(p, w, k, NX_AB_PART, 0);
        w += k + (w[k] == ' ');
    }
    return e;
}

int nx_tsv_line(FILE *fp, char *line, size_t cap, unsigned *lineno)
{
    while (fgets(line, (int)cap, fp)) {
        if (lineno)
            (*lineno)++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] && line[0] != '#')
            return 1;
    }
    return 0;
}

size_t nx_tsv_split(char *line, char **f, size_t max)
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

/* A value of amounts.tsv: a number, or an ISO 4217 code (three capitals)
 * packed into an int. */
static int parse_value(const char *v)
{
    if (strlen(v) == 3 && v[0] >= 'A' && v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z' && v[2] >= 'A' &&
        v[2] <= 'Z')
        return (v[0] << 16) | (v[1] << 8) | v[2];
    return atoi(v);
}

/* The NX_LW_UNIT value of a unit name ("year") or, for letter, of a
 * timex.tsv unit letter with an optional plural "s" ("Ys"); -1 for none. */
static int unit_value(const char *v, int letter)
{
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (letter ? v[0] == units[i].letter && (!v[1] || !strcmp(v + 1, "s"))
                   : !strcmp(v, units[i].name))
            return (int)i;
    return -1;
}

const char *nx_lang_unit_name(int value)
{
    return value >= 0 && (size_t)value < sizeof(units) / sizeof(units[0]) ? units[value].name
                                                                          : NULL;
}

void nx_lang_currency(int value, char out[4])
{
    out[0] = (char)((value >> 16) & 0x7f);
    out[1] = (char)((value >> 8) & 0x7f);
    out[2] = (char)(value & 0x7f);
    out[3] = '\0';
}

/* Read path line by line into the pack (kind: K_*); a missing optional file
 * is no error. */
static nx_err load_file(nx_lang_pack *p, const char *path, int kind, int optional, char *errstr,
                        size_t errstr_size)
{
    FILE *fp = fopen(path, "r");
    if (!fp && optional)
        return NX_OK;
    if (!fp)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "language pack: cannot open %s", path);
    char line[512];
    unsigned lineno = 0;
    nx_err e = NX_OK;
    while (!e && nx_tsv_line(fp, line, sizeof(line), &lineno)) {
        char *f[3];
        size_t nf = nx_tsv_split(line, f, 3);
        const char *want = NULL;
        if (kind == K_UNITS) {
            /* timex.tsv: only its units of time ("jahren unit Ys") */
            char low[LP_WORD_MAX];
            int u = nf == 3 && !strcmp(f[1], "unit") ? unit_value(f[2], 1) : -2;
            size_t n = u >= 0 ? nx_lang_lower(f[0], strlen(f[0]), low, sizeof(low)) : 0;
            if (u == -2)
                continue;
            if (!n)
                want = "word<TAB>unit<TAB>a unit letter (D, Ys, ...)";
            else if ((e = add_word(p, low, n, NX_LW_UNIT, u)))
                nx_seterr(errstr, errstr_size, e, "out of memory loading %s", path);
        } else if (kind == K_WORDS || kind == K_STOP) {
            unsigned cls = kind == K_STOP && nf == 1 ? NX_LW_STOP : 0;
            for (size_t c = 0;
                 kind == K_WORDS && nf == 3 && c < sizeof(classes) / sizeof(classes[0]); c++)
                if (!strcmp(f[1], classes[c].name))
                    cls = classes[c].cls;
            if (kind == K_WORDS && nf == 3 && !cls && !strncmp(f[1], "pattern-", 8))
                continue; /* "vor {0} Tagen": read by the dates stage's pack code later */
            if (kind == K_WORDS && nf == 3 && !strcmp(f[1], "option") &&
                !strcmp(f[0], "capitalized-nouns")) {
                p->capitalized_nouns = atoi(f[2]) != 0;
                continue;
            }
            char low[LP_WORD_MAX];
            size_t n = cls ? nx_lang_lower(f[0], strlen(f[0]), low, sizeof(low)) : 0;
            int v = kind == K_STOP ? 1 : n ? parse_value(f[2]) : 0;
            if (n && cls == NX_LW_UNIT && (v = unit_value(f[2], 0)) < 0)
                want = "word<TAB>unit<TAB>a unit (second, minute, hour, day, week, month, "
                       "quarter, half-year, year, decade, century)";
            else if (!n)
                want = kind == K_STOP ? "one word" : "word<TAB>class<TAB>value";
            else if ((e = add_word(p, low, n, cls, v)))
                nx_seterr(errstr, errstr_size, e, "out of memory loading %s", path);
        } else if (kind == K_ABBR) {
            if (nf == 2 && !strcmp(f[1], "ordinal") && !strcmp(f[0], "9."))
                p->ordinal_dot = 1;
            else if (nf != 2 || (e = add_abbr_line(p, f[0], f[1])) == NX_ERR_CONFIG)
                want = "abbreviation<TAB>nosplit|split|loose|word (words ending in '.') or "
                       "word<TAB>starter|continue";
            else if (e)
                nx_seterr(errstr, errstr_size, e, "out of memory loading %s", path);
        } else {
            lp_sym *list = kind == K_QUOTES ? p->quotes : p->numbers;
            size_t *n = kind == K_QUOTES ? &p->n_quotes : &p->n_numbers;
            const char *name = kind == K_QUOTES ? f[1] : f[0];
            const char *value = kind == K_QUOTES ? f[0] : f[1];
            if (nf != 2 || *n == LP_SYMBOLS || strlen(name) >= sizeof(list->name) ||
                strlen(value) >= sizeof(list->value) || !value[0]) {
                want = "two fields";
            } else {
                strcpy(list[*n].name, name);
                strcpy(list[*n].value, value);
                (*n)++;
            }
        }
        if (want)
            e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "language pack: %s:%u: want %s", path,
                          lineno, want);
    }
    fclose(fp);
    return e;
}

nx_lang_pack *nx_lang_pack_load(const char *dir, const char *code, char *errstr, size_t errstr_size)
{
    static const struct {
        const char *name;
        int kind, optional;
    } files[] = {{"calendar.tsv", K_WORDS, 0},      {"relative.tsv", K_WORDS, 0},
                 {"quotes.tsv", K_QUOTES, 0},       {"numbers.tsv", K_NUMBERS, 0},
                 {"amounts.tsv", K_WORDS, 1},       {"stopwords.tsv", K_STOP, 1},
                 {"stopwords-news.tsv", K_STOP, 1}, {"abbreviations.tsv", K_ABBR, 1},
                 {"sentences.tsv", K_ABBR, 1},      {"timex.tsv", K_UNITS, 1}};
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
        snprintf(path, sizeof(path), "%s/%s", dir, files[i].name);
        if (load_file(p, path, files[i].kind, files[i].optional, errstr, errstr_size)) {
            nx_lang_pack_free(p);
            return NULL;
        }
    }
    return p;
}

/* One file of kind `kind` alone, as a pack of language `code`. */
static nx_err load_one(const char *path, const char *code, int kind, nx_lang_pack **out,
                       char *errstr, size_t errstr_size)
{
    *out = NULL;
    if (strlen(code) >= sizeof(((nx_lang_pack *)0)->code))
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "language pack: bad code '%s'", code);
    nx_lang_pack *p = nx_calloc(1, sizeof(*p));
    if (!p)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading %s", path);
    strcpy(p->code, code);
    nx_err e = load_file(p, path, kind, 0, errstr, errstr_size);
    if (e)
        nx_lang_pack_free(p);
    else
        *out = p;
    return e;
}

nx_err nx_lang_pack_load_sentences(const char *dir, const char *code, nx_lang_pack **out,
                                   char *errstr, size_t errstr_size)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/sentences.tsv", dir);
    return load_one(path, code, K_ABBR, out, errstr, errstr_size);
}

nx_err nx_lang_pack_load_words(const char *path, const char *code, nx_lang_pack **out, char *errstr,
                               size_t errstr_size)
{
    return load_one(path, code, K_WORDS, out, errstr, errstr_size);
}

void nx_lang_pack_free(nx_lang_pack *p)
{
    if (!p)
        return;
    nx_free(p->slots);
    nx_free(p->abbrs);
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

unsigned nx_lang_pack_word_class(const nx_lang_pack *p, const char *s, size_t n, unsigned cls,
                                 int *value)
{
    char low[LP_WORD_MAX];
    size_t k = p->cap ? nx_lang_lower(s, n, low, sizeof(low)) : 0;
    if (!k)
        return 0;
    const lp_slot *sl = slot_of(p, nx_lang_word_key(low, k));
    if (!sl->key || !(sl->cls & cls))
        return 0;
    if (value)
        *value = sl->value[bit_index(sl->cls & cls)];
    return sl->cls;
}

int nx_lang_pack_abbrev(const nx_lang_pack *p, const char *s, size_t n)
{
    if (!p->abbr_cap || !n || n >= LP_WORD_MAX)
        return 0;
    const lp_abbr *a =
        nx_lang_slot(p->abbrs, p->abbr_cap, sizeof(*p->abbrs), nx_lang_word_key(s, n));
    if ((!a->key || !a->cls) && s[0] >= 'A' && s[0] <= 'Z') {
        /* "Nov." at a sentence start or in a heading: the entry "nov." */
        char low[LP_WORD_MAX];
        memcpy(low, s, n);
        low[0] = (char)(s[0] + 32);
        a = nx_lang_slot(p->abbrs, p->abbr_cap, sizeof(*p->abbrs), nx_lang_word_key(low, n));
    }
    return a->key && a->cls != NX_AB_WORD ? a->cls : 0;
}

int nx_lang_pack_abbrev_exact(const nx_lang_pack *p, const char *s, size_t n)
{
    if (!p->abbr_cap || !n || n >= LP_WORD_MAX)
        return 0;
    const lp_abbr *a =
        nx_lang_slot(p->abbrs, p->abbr_cap, sizeof(*p->abbrs), nx_lang_word_key(s, n));
    return a->key && a->cls != NX_AB_WORD ? a->cls : 0;
}

unsigned nx_lang_pack_sentence_word(const nx_lang_pack *p, const char *s, size_t n)
{
    if (!p->abbr_cap || !n || n >= LP_WORD_MAX)
        return 0;
    const lp_abbr *a =
        nx_lang_slot(p->abbrs, p->abbr_cap, sizeof(*p->abbrs), nx_lang_word_key(s, n));
    return a->key ? a->words : 0;
}

int nx_lang_pack_has_sentence_rules(const nx_lang_pack *p)
{
    return p->n_abbrs > 0 || p->ordinal_dot;
}

int nx_lang_pack_capitalized_nouns(const nx_lang_pack *p)
{
    return p->capitalized_nouns;
}

int nx_lang_pack_ordinal_dot(const nx_lang_pack *p)
{
    return p->ordinal_dot;
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
