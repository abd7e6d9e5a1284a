/*
 * langid.c - the langid stage: which language an article is written in.
 *
 * Runs after segmentation (which is language-independent) and before every
 * stage that reads words. It decides doc->lang_code, lang_source and
 * lang_confidence from two witnesses:
 *   - the declared language (doc->lang: an envelope or header field, or the
 *     page's <html lang>/og:locale, lang_declared_from says which);
 *   - the text itself: first a screen for plain English (function-word
 *     density over the first words, no detector call), else CLD2 over a
 *     bounded sample (the title and the first NX_LANGID_SAMPLE bytes; first
 *     its head of NX_LANGID_HEAD bytes, the rest only when the head does not
 *     settle it), so its cost per article is bounded however long the text.
 * A declared language is used when detection agrees or is unsure; a clear
 * disagreement (the detector is reliable and the declared language is not
 * among its three candidates) gives the detected language, and the record
 * keeps the declared tag in lang_declared for the consumer to see. Text with
 * no letters, or too little to identify without a declaration, is
 * undetermined. docs/langid.md has the measured accuracy and cost.
 */
#include "langid.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

#include "extras.h"
#include "lang_pack.h"
#include "langid_group.h"
#include "nx_alloc.h"
#include "nx_doc.h"
#include "stage.h"

/* The sample of a text the English screen nearly passed (tables, lists,
 * headlines in capitals): the detector's cost is per byte. */
#define NX_LANGID_SAMPLE_NEAR 768
/* A text at most this many bytes longer than the head is read whole at once
 * (NX_LANGID_HEAD in langid.h). */
#define NX_LANGID_HEAD_SLACK 256
/* The head's answer settles with this share of the scored text. */
#define HEAD_PERCENT 90
/* Fewer letters than this: the detector's answer is not trusted alone. */
#define NX_LANGID_MIN_LETTERS 12

/* The English screen: over the first SCREEN_WORDS word tokens, at least
 * SCREEN_MIN_WORDS words, a share of English function words of at least
 * SCREEN_SHARE with SCREEN_DISTINCT different ones, and at most
 * SCREEN_NONASCII of words with a non-ASCII letter. On the development set
 * (texts of 30 words or more) the lowest English values are 0.32 and 16,
 * the highest of any other language 0.29 (Tahitian, 9 different) and 13
 * (Samoan, share 0.18); the number of different words alone separates. */
#define SCREEN_WORDS     100
#define SCREEN_MIN_WORDS 30
#define SCREEN_SHARE     0.20
#define SCREEN_DISTINCT  14
#define SCREEN_NONASCII  0.10
#define SCREEN_NEAR      8
/* The second test, over the words that begin with a lower-case letter:
 * at least LOW_MIN_WORDS of them, a share LOW_SHARE of English function
 * words of two letters or more, LOW_DISTINCT different ones. On the
 * development set no other language passes (the highest share with five
 * different words is 0.15); on the bench corpus it takes 649 of the 1,436
 * articles the first test leaves (results tables, lists). */
#define LOW_MIN_WORDS 8
#define LOW_SHARE     0.30
#define LOW_DISTINCT  5
/* lang_confidence of a screened English text: CLD2's usual share on English news. */
#define SCREEN_CONFIDENCE 0.99
/* An unreliable answer with no second candidate is still sure with this
 * share of the text and this many letters. */
#define SURE_PERCENT 50
#define SURE_LETTERS 100
/* English running text around names from elsewhere (a Dutch league's
 * results table, a list of Polish clubs): the detector gives most of the
 * letters to the names' language and English MIX_PERCENT or more, and the
 * first words hold MIX_EN_WORDS different English function words. Such a
 * text is English: its names are not its language. */
#define MIX_PERCENT  30
#define MIX_EN_WORDS 5
/* Names around a few words of text: more than NAMES_CAPS_SHARE of the first
 * words (at least NAMES_MIN_WORDS) begin with a capital. On the development
 * set the highest share of any long text is 0.50 (German); results tables of
 * the bench corpus have 0.79-0.87. */
#define NAMES_CAPS_SHARE 0.70
#define NAMES_MIN_WORDS  20
#define NAMES_EN_WORDS   2
/* lang_confidence of such a text given English: judged on a few words. */
#define NAMES_CONFIDENCE 0.5
/* CLD2's English with this many different English function words among the
 * first words is not asked again (a short Spanish headline that CLD2 calls
 * English for its names holds one or two: "The", "of"). */
#define EN_SURE_WORDS 3
/* A declared language the detector gives at least this share agrees with it. */
#define AGREE_PERCENT 10

size_t nx_lang_tag_norm(const char *tag, size_t n, char *out)
{
    size_t k = 0;
    while (k < n && tag[k] != '-' && tag[k] != '_')
        k++;
    if (k < 2 || k > 3)
        return 0;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = (unsigned char)tag[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c < 'a' || c > 'z')
            return 0;
        out[i] = (char)c;
    }
    out[k] = '\0';
    return k;
}

/* The screen's word table: English function words of at most 8 bytes, each
 * packed into a uint64 (its bytes, zero-padded), in an open-addressing
 * table; a token is looked up without hashing its text. */
#define SCREEN_SLOTS 1024u

#ifndef NEWSX_CONFIG_DIR
#define NEWSX_CONFIG_DIR "config"
#endif

/* Language packs loaded at most (config/lang/<code>/). */
#define LANGID_PACKS 32

typedef struct langid_state {
    uint64_t key[SCREEN_SLOTS]; /* 0: empty */
    nx_lang_pack *packs[LANGID_PACKS];
    size_t n_packs;
    nx_langid_groups *groups; /* second stage (config/langid/) */
} langid_state;

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Load every pack under dir/lang (a folder with a calendar.tsv), in name
 * order; no such folder is no pack. */
static nx_err load_packs(langid_state *st, const char *dir, char *errstr, size_t errstr_size)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/lang", dir);
    DIR *d = opendir(path);
    if (!d)
        return NX_OK;
    char *names[LANGID_PACKS];
    size_t n = 0;
    struct dirent *de;
    nx_err e = NX_OK;
    while ((de = readdir(d)) && !e) {
        char probe[4096 + 256];
        if (de->d_name[0] == '.' ||
            snprintf(probe, sizeof(probe), "%s/%s/calendar.tsv", path, de->d_name) >=
                (int)sizeof(probe) ||
            access(probe, R_OK))
            continue;
        if (n == LANGID_PACKS)
            e = nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "more than %d language packs in %s",
                          LANGID_PACKS, path);
        else if (!(names[n] = nx_strndup(de->d_name, strlen(de->d_name))))
            e = nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading %s", path);
        else
            n++;
    }
    closedir(d);
    qsort(names, n, sizeof(names[0]), cmp_name);
    for (size_t i = 0; i < n; i++) {
        char pack_dir[4096 + 256];
        snprintf(pack_dir, sizeof(pack_dir), "%s/%s", path, names[i]);
        if (!e &&
            !(st->packs[st->n_packs] = nx_lang_pack_load(pack_dir, names[i], errstr, errstr_size)))
            e = NX_ERR_CONFIG;
        else if (!e)
            st->n_packs++;
        nx_free(names[i]);
    }
    return e;
}

static size_t screen_slot(uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 54) & (SCREEN_SLOTS - 1);
}

/* The packed lower-case form of an ASCII word of 1-8 bytes, else 0. */
static uint64_t screen_key(const char *s, size_t n)
{
    if (n == 0 || n > 8)
        return 0;
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = (unsigned char)s[i];
        if (c >= 0x80)
            return 0;
        c += (c - 'A' < 26u) << 5;
        k |= (uint64_t)c << (8 * i);
    }
    return k;
}

static void langid_free(void *state)
{
    langid_state *st = state;
    for (size_t i = 0; st && i < st->n_packs; i++)
        nx_lang_pack_free(st->packs[i]);
    if (st)
        nx_langid_groups_free(st->groups);
    nx_free(st);
}

static nx_err langid_init(const nx_core_opts *opts, void **state, char *errstr, size_t errstr_size)
{
    const char *dir = opts && opts->config_dir ? opts->config_dir : NEWSX_CONFIG_DIR;
    langid_state *st = nx_calloc(1, sizeof(*st));
    if (!st)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading langid");
    /* The screen's English function words: config/lang/en/stopwords.tsv,
     * read through the extra stages' word table. */
    nx_words *table;
    nx_err e = nx_words_load(dir, &table, errstr, errstr_size);
    if (e) {
        langid_free(st);
        return e;
    }
    const char *const *words;
    size_t n = nx_stopword_list(table, &words), used = 0;
    for (size_t w = 0; w < n && !e; w++) {
        uint64_t k = screen_key(words[w], strlen(words[w]));
        if (!k)
            continue;
        if (++used > SCREEN_SLOTS / 2) { /* the screen's table stays at most half full */
            e = nx_seterr(
                errstr, errstr_size, NX_ERR_CONFIG,
                "langid: more than %u words of at most 8 bytes in %s/lang/en/stopwords.tsv",
                SCREEN_SLOTS / 2, dir);
            break;
        }
        size_t i = screen_slot(k);
        while (st->key[i] && st->key[i] != k)
            i = (i + 1) & (SCREEN_SLOTS - 1);
        st->key[i] = k;
    }
    nx_words_free(table);
    if (!e)
        e = load_packs(st, dir, errstr, errstr_size);
    if (!e) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/langid", dir);
        e = nx_langid_groups_load(path, &st->groups, errstr, errstr_size);
    }
    if (e) {
        langid_free(st);
        return e;
    }
    *state = st;
    return NX_OK;
}

/* What the screen saw of the first SCREEN_WORDS words. */
typedef struct screen_seen {
    size_t words;        /* word tokens read */
    size_t caps;         /* of them, beginning with a capital (Lu, Lt) */
    size_t low_distinct; /* different English function words in lower case */
} screen_seen;

/* The number of different English function words among the first
 * SCREEN_WORDS words; *plain receives 1 when the text is plainly English
 * (see SCREEN_*: the scan stops as soon as the thresholds are met), *out
 * the counts of the words read. */
static size_t english_screen(const langid_state *st, const nx_doc *doc, int *plain,
                             screen_seen *out)
{
    uint64_t seen[SCREEN_WORDS], seen_low[SCREEN_WORDS];
    size_t words = 0, stop = 0, distinct = 0, nonascii = 0;
    size_t low = 0, low_stop = 0, low_distinct = 0; /* words in lower case */
    size_t caps = 0;                                /* words with a capital first */
    for (size_t t = 0; t < doc->n_toks && words < SCREEN_WORDS; t++) {
        const nx_token *tok = &doc->toks[t];
        if (tok->kind != NX_TOK_WORD)
            continue;
        words++;
        const char *s = doc->text + tok->start;
        size_t n = tok->end - tok->start;
        unsigned char c0 = (unsigned char)s[0];
        int lower = (unsigned)(c0 - 'a') < 26u;
        uint64_t k = screen_key(s, n);
        if (!k) {
            for (size_t i = 0; i < n; i++)
                if ((unsigned char)s[i] >= 0x80) {
                    nonascii++;
                    break;
                }
            if (c0 >= 0x80) {
                utf8proc_int32_t cp;
                if (utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp) > 0) {
                    utf8proc_category_t cat = utf8proc_category(cp);
                    lower = cat == UTF8PROC_CATEGORY_LL;
                    caps += cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
                }
            } else
                caps += (unsigned)(c0 - 'A') < 26u;
            low += lower;
            continue;
        }
        caps += (unsigned)(c0 - 'A') < 26u;
        low += lower;
        size_t i = screen_slot(k);
        while (st->key[i] && st->key[i] != k)
            i = (i + 1) & (SCREEN_SLOTS - 1);
        if (!st->key[i])
            continue;
        stop++;
        size_t d = 0;
        while (d < distinct && seen[d] != k)
            d++;
        if (d == distinct)
            seen[distinct++] = k;
        if (lower && n >= 2) {
            low_stop++;
            for (d = 0; d < low_distinct && seen_low[d] != k;)
                d++;
            if (d == low_distinct)
                seen_low[low_distinct++] = k;
        }
        if (distinct >= SCREEN_DISTINCT && words >= SCREEN_MIN_WORDS &&
            (double)stop >= SCREEN_SHARE * (double)words &&
            (double)nonascii <= SCREEN_NONASCII * (double)words) {
            *plain = 1;
            *out = (screen_seen){words, caps, low_distinct};
            return distinct;
        }
    }
    *out = (screen_seen){words, caps, low_distinct};
    /* Names, capitals and numbers around English running text (tables,
     * results, lists): the lower-case words alone decide. */
    *plain = low >= LOW_MIN_WORDS && low_distinct >= LOW_DISTINCT &&
             (double)low_stop >= LOW_SHARE * (double)low &&
             (double)nonascii <= SCREEN_NONASCII * (double)words;
    return distinct;
}

/* Length of the longest prefix of s[0, n) that ends on a character boundary. */
static size_t utf8_cut(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

/* Copy s[0, n) to out (room for n bytes) with each byte of an invalid UTF-8
 * sequence as a space (a title can hold raw bytes: CLD2 stops at the first
 * invalid one). Returns the bytes written (n). */
static size_t copy_valid_utf8(char *out, const char *s, size_t n)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            out[i] = s[i];
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            out[i++] = ' ';
            continue;
        }
        memcpy(out + i, s + i, (size_t)k);
        i += (size_t)k;
    }
    return n;
}

/* Letters (Unicode category L*) in s[0, n). */
static size_t count_letters(const char *s, size_t n)
{
    size_t letters = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            letters += (unsigned)((c | 0x20) - 'a') < 26u;
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            i++;
            continue;
        }
        utf8proc_category_t cat = utf8proc_category(cp);
        letters += cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
        i += (size_t)k;
    }
    return letters;
}

static void set_lang(nx_doc *doc, const char *code, const char *source, double confidence)
{
    size_t n = strlen(code);
    if (n >= sizeof(doc->lang_code))
        n = sizeof(doc->lang_code) - 1;
    memcpy(doc->lang_code, code, n);
    doc->lang_code[n] = '\0';
    doc->lang_source = source;
    doc->lang_confidence = confidence;
}

/* Whether CLD2's answer g on the title and the head of the text settles
 * the language, so that the rest of the sample need not be scored: it is
 * reliable, has HEAD_PERCENT of the text, is the declared language if one
 * was declared, is in no group whose model would read the sample, and no
 * rule that reads CLD2's second candidates (English running text around
 * names) could apply. */
static int head_settles(const langid_state *st, const nx_langid_guess *g, const char *declared,
                        size_t en_words, size_t letters)
{
    return g && g->reliable && g->percent[0] >= HEAD_PERCENT &&
           (!declared[0] || !strcmp(declared, g->code[0])) &&
           (!strcmp(g->code[0], "en") || en_words < MIX_EN_WORDS) &&
           !nx_langid_groups_applies(st->groups, g->code[0], letters);
}

/* Decide doc->lang_code, lang_source and lang_confidence (see the top of the file). */
static void langid_decide(nx_doc *doc, const langid_state *st)
{
    char declared[8] = "";
    const char *declared_from = doc->lang_declared_from ? doc->lang_declared_from : "envelope";
    if (doc->lang.data)
        nx_lang_tag_norm(doc->lang.data, doc->lang.len, declared);
    set_lang(doc, "", "undetermined", -1.0);

    int plain = 0;
    screen_seen seen;
    size_t en_words = english_screen(st, doc, &plain, &seen);
    if ((!declared[0] || !strcmp(declared, "en")) && plain) {
        set_lang(doc, "en", declared[0] ? declared_from : "detected", SCREEN_CONFIDENCE);
        return;
    }

    /* NX_CLD2_PAD zero bytes after the sample: CLD2 reads one character
     * past its end, and stack garbage there made its answer (and the
     * record) differ between two runs on the same input */
    char sample[NX_LANGID_TITLE + 2 + NX_LANGID_SAMPLE + NX_CLD2_PAD];
    size_t n = 0;
    if (doc->title.data && doc->title.len) {
        n = copy_valid_utf8(sample, doc->title.data,
                            utf8_cut(doc->title.data, doc->title.len, NX_LANGID_TITLE));
        sample[n++] = '\n';
        sample[n++] = '\n';
    }
    size_t body = utf8_cut(doc->text, doc->text_len,
                           en_words >= SCREEN_NEAR ? NX_LANGID_SAMPLE_NEAR : NX_LANGID_SAMPLE);
    /* First the title and a short head of the text; the rest of the sample
     * only when the head does not settle it (see NX_LANGID_HEAD). */
    size_t head = body > NX_LANGID_HEAD + NX_LANGID_HEAD_SLACK
                      ? utf8_cut(doc->text, doc->text_len, NX_LANGID_HEAD)
                      : body;
    n += copy_valid_utf8(sample + n, doc->text, head);
    memset(sample + n, 0, NX_CLD2_PAD);
    size_t letters = count_letters(sample, n);
    nx_langid_guess g;
    int found = letters >= NX_LANGID_MIN_LETTERS && nx_cld2_detect(sample, n, &g) == 0;
    if (head < body && !head_settles(st, found ? &g : NULL, declared, en_words, letters)) {
        size_t more = copy_valid_utf8(sample + n, doc->text + head, body - head);
        letters += count_letters(sample + n, more);
        n += more;
        memset(sample + n, 0, NX_CLD2_PAD);
        found = letters >= NX_LANGID_MIN_LETTERS && nx_cld2_detect(sample, n, &g) == 0;
    }
    if (letters == 0)
        return; /* nothing to identify, whatever was declared */

    /* CLD2 calls a text unreliable when much of it scores as no language
     * (names, numbers, ...), even with no other candidate: a clear majority
     * and no rival is sure enough. */
    int sure =
        found &&
        (g.reliable || (g.percent[0] >= SURE_PERCENT && !g.code[1][0] && letters >= SURE_LETTERS));
    /* A results table, a list of clubs: most words are names, and the
     * detector names their language, not the text's. Its own words (those
     * in lower case) decide: English with NAMES_EN_WORDS different English
     * function words, else nothing. */
    int names = sure && strcmp(g.code[0], "en") && letters > NX_LANGID_SHORT_LETTERS &&
                seen.words >= NAMES_MIN_WORDS &&
                (double)seen.caps > NAMES_CAPS_SHARE * (double)seen.words;
    if (names) {
        sure = 0;
        if (!declared[0] && seen.low_distinct >= NAMES_EN_WORDS) {
            set_lang(doc, "en", "detected", NAMES_CONFIDENCE);
            return;
        }
    }
    if (declared[0]) {
        int agree_pct = -1; /* the detector's share for the declared language */
        for (int k = 0; found && k < 3; k++)
            if (!strcmp(g.code[k], declared))
                agree_pct = g.percent[k];
        /* CLD2 names a language it mixes up with the declared one (hr for
         * bs): the declaration stands when the group's model agrees with it. */
        char best[8];
        double post;
        int group_agrees =
            sure &&
            nx_langid_groups_decide(st->groups, g.code[0], sample, n, letters, best, &post) &&
            !strcmp(best, declared);
        /* Unsure, agreeing, or unable to recognise it at all: the declaration stands. */
        if (!sure || agree_pct >= AGREE_PERCENT || group_agrees || !nx_cld2_knows(declared)) {
            set_lang(doc, declared, declared_from,
                     found ? (agree_pct > 0 ? agree_pct / 100.0 : 0.0) : -1.0);
            return;
        }
    }
    if (sure && strcmp(g.code[0], "en") && en_words >= MIX_EN_WORDS)
        for (int k = 1; k < 3; k++)
            if (!strcmp(g.code[k], "en") && g.percent[k] >= MIX_PERCENT) {
                set_lang(doc, "en", "detected", g.percent[k] / 100.0);
                return;
            }
    if (!sure)
        return;
    /* A language CLD2 mixes up with others: the group's model decides;
     * English with EN_SURE_WORDS different English function words needs
     * no second opinion. */
    char best[8];
    double post;
    if ((strcmp(g.code[0], "en") || en_words < EN_SURE_WORDS) &&
        nx_langid_groups_decide(st->groups, g.code[0], sample, n, letters, best, &post) &&
        strcmp(best, g.code[0]))
        set_lang(doc, best, "detected", post);
    else
        set_lang(doc, g.code[0], "detected", g.percent[0] / 100.0);
}

static nx_err langid_run(nx_doc *doc, const void *state, char *errstr, size_t errstr_size)
{
    const langid_state *st = state;
    (void)errstr;
    (void)errstr_size;
    langid_decide(doc, st);
    doc->lang_pack = NULL;
    for (size_t i = 0; doc->lang_code[0] && i < st->n_packs; i++)
        if (!strcmp(nx_lang_pack_code(st->packs[i]), doc->lang_code))
            doc->lang_pack = st->packs[i];
    return NX_OK;
}

static const char *langid_version(const void *state)
{
    (void)state;
    return nx_cld2_version();
}

/* Language-independent by definition. */
const nx_stage nx_stage_langid = {"langid",    langid_init,    langid_run,
                                  langid_free, langid_version, NULL};
