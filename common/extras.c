/*
 * extras.c - helpers shared by the extra stages: an English function-word
 * list, a noun lemmatizer for counted nouns and a fixed-point formatter.
 */
#include "extras.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "nx_alloc.h"

/* English function words, sorted (strcmp order) for bsearch. */
static const char *const stopwords[] = {
    "a",          "about",    "above",   "according", "across",   "added",      "after",
    "again",      "against",  "ago",     "all",       "almost",   "along",      "already",
    "also",       "although", "am",      "amid",      "among",    "an",         "and",
    "another",    "any",      "are",     "around",    "as",       "at",         "be",
    "became",     "because",  "been",    "before",    "behind",   "being",      "below",
    "between",    "beyond",   "both",    "but",       "by",       "can",        "could",
    "despite",    "did",      "do",      "does",      "doing",    "down",       "during",
    "each",       "either",   "else",    "even",      "ever",     "every",      "except",
    "few",        "for",      "from",    "further",   "had",      "has",        "have",
    "having",     "he",       "her",     "here",      "hers",     "herself",    "him",
    "himself",    "his",      "how",     "however",   "i",        "if",         "in",
    "inside",     "into",     "is",      "it",        "its",      "itself",     "just",
    "last",       "least",    "less",    "like",      "many",     "may",        "me",
    "might",      "more",     "most",    "much",      "must",     "my",         "myself",
    "near",       "neither",  "never",   "next",      "no",       "nor",        "not",
    "now",        "of",       "off",     "often",     "on",       "once",       "only",
    "onto",       "or",       "other",   "others",    "ought",    "our",        "ours",
    "ourselves",  "out",      "outside", "over",      "own",      "per",        "rather",
    "said",       "same",     "say",     "says",      "several",  "shall",      "she",
    "should",     "since",    "so",      "some",      "still",    "such",       "than",
    "that",       "the",      "their",   "theirs",    "them",     "themselves", "then",
    "there",      "these",    "they",    "this",      "those",    "though",     "through",
    "throughout", "thus",     "to",      "told",      "too",      "toward",     "towards",
    "under",      "unlike",   "until",   "up",        "upon",     "us",         "very",
    "via",        "was",      "we",      "were",      "what",     "when",       "where",
    "whereas",    "whether",  "which",   "while",     "whilst",   "who",        "whom",
    "whose",      "why",      "will",    "with",      "within",   "without",    "would",
    "yet",        "you",      "your",    "yours",     "yourself",
};

/* Negators (the tone stage's negation), number words, scales, calendar
 * names and the modifiers allowed between a number and its noun. */
static const char *const negators[] = {"not",     "n't",    "no",     "never",   "nor",
                                       "neither", "none",   "nobody", "nothing", "nowhere",
                                       "without", "cannot", "hardly", "rarely",  "seldom"};
static const char *const small_numbers[] = {
    "zero",     "one",     "two",     "three",     "four",     "five",    "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
static const char *const tens_numbers[] = {"twenty", "thirty",  "forty",  "fifty",
                                           "sixty",  "seventy", "eighty", "ninety"};
static const struct {
    const char *w;
    double v;
} scales[] = {{"hundred", 1e2},   {"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9},
              {"trillion", 1e12}, {"dozen", 12},     {"bn", 1e9},      {"mn", 1e6},
              {"mln", 1e6},       {"tn", 1e12},      {"trn", 1e12}};
static const char *const calendar[] = {
    "january",   "february", "march",    "april",    "may",    "june",    "july",      "august",
    "september", "october",  "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday",    "saturday", "sunday",   "jan",      "feb",    "mar",     "apr",       "jun",
    "jul",       "aug",      "sep",      "sept",     "oct",    "nov",     "dec"};
static const char *const modifiers[] = {"more", "other", "further", "additional", "new", "extra"};

/* The word table: XXH3 of the lower-case word -> classes and value. Built
 * once (pthread_once) in static memory, read-only afterwards. Keys and
 * classes lie apart from the values, which few lookups read: a lookup
 * touches 9 KB, not 24. */
#define WTAB_SIZE 1024
static uint64_t wtab_key[WTAB_SIZE]; /* 0: empty */
static uint8_t wtab_cls[WTAB_SIZE];
static double wtab_value[WTAB_SIZE];
static pthread_once_t wtab_once = PTHREAD_ONCE_INIT;
/* Set (release) once the table is built: lookups skip pthread_once then. */
static atomic_int wtab_ready;

static size_t wtab_slot(uint64_t key)
{
    size_t i = (size_t)(key >> 11) & (WTAB_SIZE - 1);
    while (wtab_key[i] && wtab_key[i] != key)
        i = (i + 1) & (WTAB_SIZE - 1);
    return i;
}

static void wtab_add(const char *w, unsigned cls, double v)
{
    uint64_t key = nx_word_hash(w, strlen(w));
    size_t i = wtab_slot(key);
    wtab_key[i] = key;
    wtab_cls[i] |= (uint8_t)cls;
    if (cls & (NX_W_NUM | NX_W_SCALE))
        wtab_value[i] = v;
}

static void wtab_build(void)
{
#define ADD_ALL(list, cls)                                                                         \
    for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++)                                    \
    wtab_add(list[i], cls, 0)
    ADD_ALL(stopwords, NX_W_STOP);
    ADD_ALL(negators, NX_W_NEG);
    ADD_ALL(calendar, NX_W_CAL);
    ADD_ALL(modifiers, NX_W_MOD);
#undef ADD_ALL
    for (size_t i = 0; i < sizeof(small_numbers) / sizeof(small_numbers[0]); i++)
        wtab_add(small_numbers[i], NX_W_NUM, (double)i);
    for (size_t i = 0; i < sizeof(tens_numbers) / sizeof(tens_numbers[0]); i++)
        wtab_add(tens_numbers[i], NX_W_NUM, 20.0 + 10.0 * (double)i);
    for (size_t i = 0; i < sizeof(scales) / sizeof(scales[0]); i++)
        wtab_add(scales[i].w, NX_W_SCALE, scales[i].v);
    atomic_store_explicit(&wtab_ready, 1, memory_order_release);
}

uint64_t nx_word_hash(const char *lower, size_t n)
{
    return XXH3_64bits(lower, n) | 1u;
}

unsigned nx_word_class_hash(uint64_t h, double *value)
{
    if (!atomic_load_explicit(&wtab_ready, memory_order_acquire))
        pthread_once(&wtab_once, wtab_build);
    size_t i = wtab_slot(h);
    if (!wtab_key[i])
        return 0;
    if (value)
        *value = wtab_value[i];
    return wtab_cls[i];
}

/* Bit c % 64 of alnum_bits[c / 64]: byte c is an ASCII letter or digit. */
static const uint64_t alnum_bits[4] = {0x03FF000000000000ull, 0x07FFFFFE07FFFFFEull, 0, 0};

const nx_tok_word *nx_doc_words(nx_doc *doc)
{
    if (doc->tok_words || !doc->n_toks)
        return doc->tok_words;
    nx_tok_word *tw = nx_malloc(doc->n_toks * sizeof(*tw));
    if (!tw)
        return NULL;
    for (size_t t = 0; t < doc->n_toks; t++) {
        const nx_token *tok = &doc->toks[t];
        const unsigned char *s = (const unsigned char *)doc->text + tok->start;
        size_t n = tok->end - tok->start;
        char low[NX_TOK_WORD_MAX];
        unsigned any = 0, other = 0;
        tw[t].hash = 0;
        tw[t].cls = 0;
        tw[t].alnum = 0;
        if (tok->kind != NX_TOK_WORD || n == 0 || n > sizeof(low))
            continue;
        for (size_t i = 0; i < n; i++) {
            unsigned c = s[i];
            any |= c;
            other |= ~(alnum_bits[c >> 6] >> (c & 63)) & 1u;
            low[i] = (char)(c + ((c - 'A' < 26u) << 5));
        }
        if (any >= 0x80)
            continue;
        tw[t].hash = nx_word_hash(low, n);
        tw[t].cls = (uint8_t)nx_word_class_hash(tw[t].hash, NULL);
        tw[t].alnum = !other;
    }
    doc->tok_words = tw;
    return tw;
}

unsigned nx_word_class(const char *s, size_t n, double *value)
{
    char low[NX_WORD_CLASS_MAX];
    if (!nx_lower_ascii(s, n, low, sizeof(low)))
        return 0;
    return nx_word_class_hash(nx_word_hash(low, n), value);
}

size_t nx_stopword_list(const char *const **words)
{
    *words = stopwords;
    return sizeof(stopwords) / sizeof(stopwords[0]);
}

int nx_is_stopword(const char *s, size_t n)
{
    return (nx_word_class(s, n, NULL) & NX_W_STOP) != 0;
}

/* Irregular plurals and words whose -s is not a plural. */
static const struct {
    const char *plural, *lemma;
} irregular[] = {
    {"children", "child"},
    {"men", "man"},
    {"women", "woman"},
    {"people", "people"},
    {"feet", "foot"},
    {"teeth", "tooth"},
    {"mice", "mouse"},
    {"geese", "goose"},
    {"lives", "life"},
    {"wives", "wife"},
    {"knives", "knife"},
    {"leaves", "leaf"},
    {"halves", "half"},
    {"wolves", "wolf"},
    {"shelves", "shelf"},
    {"thieves", "thief"},
    {"series", "series"},
    {"species", "species"},
    {"news", "news"},
    {"police", "police"},
    {"data", "data"},
    {"criteria", "criterion"},
    {"phenomena", "phenomenon"},
    {"crises", "crisis"},
    {"analyses", "analysis"},
    {"cattle", "cattle"},
    {"sheep", "sheep"},
    {"fish", "fish"},
    {"deer", "deer"},
    {"aircraft", "aircraft"},
    {"troops", "troop"},
    {"shoes", "shoe"},
    {"lbs", "lb"},
    {"kms", "km"},
    {"mph", "mph"},
    {"gas", "gas"},
    {"bus", "bus"},
    {"yes", "yes"},
    {"canvas", "canvas"},
    {"headquarters", "headquarters"},
};

size_t nx_noun_lemma(const char *s, size_t n, char *out, size_t out_size)
{
    if (n == 0 || n >= out_size)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[n] = '\0';
    for (size_t k = 0; k < sizeof(irregular) / sizeof(irregular[0]); k++) {
        if (out[0] == irregular[k].plural[0] && strcmp(out, irregular[k].plural) == 0) {
            size_t m = strlen(irregular[k].lemma);
            memcpy(out, irregular[k].lemma, m + 1);
            return m;
        }
    }
#define ENDS(suf)                                                                                  \
    (n > sizeof(suf) && memcmp(out + n - (sizeof(suf) - 1), suf, sizeof(suf) - 1) == 0)
    if (n <= 3 || out[n - 1] != 's')
        return n;
    if (ENDS("ss") || ENDS("us") || ENDS("is"))
        return n;
    if (ENDS("ies")) { /* cities -> city */
        memcpy(out + n - 3, "y", 2);
        return n - 2;
    }
    if (ENDS("ches") || ENDS("shes") || ENDS("sses") || ENDS("xes") || ENDS("zes") ||
        ENDS("oes")) { /* boxes -> box, heroes -> hero */
        out[n - 2] = '\0';
        return n - 2;
    }
#undef ENDS
    out[n - 1] = '\0'; /* barrels -> barrel */
    return n - 1;
}

size_t nx_fmt_fixed(double v, int d, char *out)
{
    size_t n = 0;
    int neg = 0;
    if (v != v) /* NaN */
        v = 0;
    if (v < 0) {
        v = -v;
        neg = 1;
    }
    if (d < 0)
        d = 0;
    if (d > 9)
        d = 9;
    uint64_t scale = 1;
    for (int k = 0; k < d; k++)
        scale *= 10;
    if (v * (double)scale >= 1.8e19) { /* too large for the integer path: no decimals */
        d = 0;
        scale = 1;
    }
    if (v >= 1.8e19)
        v = 1.8e19;
    uint64_t x = (uint64_t)(v * (double)scale + 0.5);
    if (neg && x)
        out[n++] = '-';
    uint64_t ip = x / scale, fp = x % scale;
    char tmp[24];
    int t = 0;
    do {
        tmp[t++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    while (t)
        out[n++] = tmp[--t];
    if (d) {
        out[n++] = '.';
        for (int k = d - 1; k >= 0; k--) {
            out[n + (size_t)k] = (char)('0' + fp % 10);
            fp /= 10;
        }
        n += (size_t)d;
    }
    out[n] = '\0';
    return n;
}
