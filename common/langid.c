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
 *     bounded sample (the title and the first NX_LANGID_SAMPLE bytes).
 * A declared language is used when detection agrees or is unsure; a clear
 * disagreement (the detector is reliable and the declared language is not
 * among its three candidates) gives the detected language, and the record
 * keeps the declared tag in lang_declared for the consumer to see. Text with
 * no letters, or too little to identify without a declaration, is
 * undetermined. docs/langid.md has the measured accuracy and cost.
 */
#include "langid.h"

#include <string.h>

#include <utf8proc.h>

#include "extras.h"
#include "nx_doc.h"
#include "stage.h"

/* Bytes of text (after the title) given to the detector: enough for its
 * accuracy on long texts (docs/langid.md), a constant cost per article. */
#define NX_LANGID_SAMPLE 2048
/* Bytes of the title put before the sample. */
#define NX_LANGID_TITLE 256
/* Fewer letters than this: the detector's answer is not trusted alone. */
#define NX_LANGID_MIN_LETTERS 12

/* The English screen: over the first SCREEN_WORDS word tokens, at least
 * SCREEN_MIN_WORDS words, a share of English function words of at least
 * SCREEN_SHARE with SCREEN_DISTINCT different ones, and at most
 * SCREEN_NONASCII of words with a non-ASCII letter. On the development set
 * the lowest English values are 0.32 and 16, the highest of any other
 * language 0.29 (Tahitian, 9 different) and 13 (Samoan, share 0.18). */
#define SCREEN_WORDS     100
#define SCREEN_MIN_WORDS 30
#define SCREEN_SHARE     0.30
#define SCREEN_DISTINCT  14
#define SCREEN_NONASCII  0.10
/* lang_confidence of a screened English text: CLD2's usual share on English news. */
#define SCREEN_CONFIDENCE 0.99
/* An unreliable answer with no second candidate is still sure with this
 * share of the text and this many letters. */
#define SURE_PERCENT 50
#define SURE_LETTERS 100
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

/* 1 when the first words are plainly English (see SCREEN_*). */
static int english_screen(const nx_doc *doc)
{
    uint64_t seen[SCREEN_WORDS];
    size_t words = 0, stop = 0, distinct = 0, nonascii = 0;
    for (size_t t = 0; t < doc->n_toks && words < SCREEN_WORDS; t++) {
        const nx_token *tok = &doc->toks[t];
        if (tok->kind != NX_TOK_WORD)
            continue;
        words++;
        const char *s = doc->text + tok->start;
        size_t n = tok->end - tok->start;
        char low[NX_WORD_CLASS_MAX];
        if (!nx_lower_ascii(s, n, low, sizeof(low))) {
            for (size_t i = 0; i < n; i++)
                if ((unsigned char)s[i] >= 0x80) {
                    nonascii++;
                    break;
                }
            continue;
        }
        uint64_t h = nx_word_hash(low, n);
        if (!(nx_word_class_hash(h, NULL) & NX_W_STOP))
            continue;
        stop++;
        size_t k = 0;
        while (k < distinct && seen[k] != h)
            k++;
        if (k == distinct)
            seen[distinct++] = h;
    }
    return words >= SCREEN_MIN_WORDS && (double)stop >= SCREEN_SHARE * (double)words &&
           distinct >= SCREEN_DISTINCT && (double)nonascii <= SCREEN_NONASCII * (double)words;
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

static nx_err langid_run(nx_doc *doc, const void *state, char *errstr, size_t errstr_size)
{
    (void)state;
    (void)errstr;
    (void)errstr_size;
    char declared[8] = "";
    const char *declared_from = doc->lang_declared_from ? doc->lang_declared_from : "envelope";
    if (doc->lang.data)
        nx_lang_tag_norm(doc->lang.data, doc->lang.len, declared);
    set_lang(doc, "", "undetermined", -1.0);

    if ((!declared[0] || !strcmp(declared, "en")) && english_screen(doc)) {
        set_lang(doc, "en", declared[0] ? declared_from : "detected", SCREEN_CONFIDENCE);
        return NX_OK;
    }

    char sample[NX_LANGID_TITLE + 2 + NX_LANGID_SAMPLE];
    size_t n = 0;
    if (doc->title.data && doc->title.len) {
        n = utf8_cut(doc->title.data, doc->title.len, NX_LANGID_TITLE);
        memcpy(sample, doc->title.data, n);
        sample[n++] = '\n';
        sample[n++] = '\n';
    }
    size_t body = utf8_cut(doc->text, doc->text_len, NX_LANGID_SAMPLE);
    memcpy(sample + n, doc->text, body);
    n += body;
    size_t letters = count_letters(sample, n);
    if (letters == 0)
        return NX_OK; /* nothing to identify, whatever was declared */

    nx_langid_guess g;
    int found = letters >= NX_LANGID_MIN_LETTERS && nx_cld2_detect(sample, n, &g) == 0;
    /* CLD2 calls a text unreliable when much of it scores as no language
     * (names, numbers, ...), even with no other candidate: a clear majority
     * and no rival is sure enough. */
    int sure = found && (g.reliable || (g.percent[0] >= SURE_PERCENT && !g.code[1][0] &&
                                        letters >= SURE_LETTERS));
    if (declared[0]) {
        int agree_pct = -1; /* the detector's share for the declared language */
        for (int k = 0; found && k < 3; k++)
            if (!strcmp(g.code[k], declared))
                agree_pct = g.percent[k];
        /* Unsure, agreeing, or unable to recognise it at all: the declaration stands. */
        if (!sure || agree_pct >= AGREE_PERCENT || !nx_cld2_knows(declared)) {
            set_lang(doc, declared, declared_from,
                     found ? (agree_pct > 0 ? agree_pct / 100.0 : 0.0) : -1.0);
            return NX_OK;
        }
    }
    if (sure)
        set_lang(doc, g.code[0], "detected", g.percent[0] / 100.0);
    return NX_OK;
}

static const char *langid_version(const void *state)
{
    (void)state;
    return nx_cld2_version();
}

/* Language-independent by definition. */
const nx_stage nx_stage_langid = {"langid", NULL, langid_run, NULL, langid_version, NULL};
