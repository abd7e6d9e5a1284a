/*
 * quotes_words.c - the English quote stage's words: the built-in word
 * lists and their classes (cue verbs, auxiliaries, determiners, head nouns,
 * outlets), noun phrases around a cue and the cues themselves
 * (docs/quotes.md, section 2).
 */
#include <stdlib.h>
#include <string.h>

#include "lang_pack.h"
#include "nx_alloc.h"
#include "quotes_int.h"

static const char *const speech_words[] = {
    "said",        "says",         "say",          "saying",      "told",          "tells",
    "tell",        "telling",      "added",        "adds",        "adding",        "wrote",
    "writes",      "writing",      "write",        "stated",      "states",        "declared",
    "declares",    "declaring",    "announced",    "announces",   "explained",     "explains",
    "explaining",  "noted",        "notes",        "noting",      "insisted",      "insists",
    "insisting",   "argued",       "argues",       "arguing",     "claimed",       "claims",
    "claiming",    "asked",        "asks",         "asking",      "answered",      "replied",
    "replies",     "responded",    "responds",     "continued",   "continues",     "recalled",
    "recalls",     "recalling",    "warned",       "warns",       "warning",       "stressed",
    "stresses",    "stressing",    "emphasized",   "emphasised",  "emphasizes",    "emphasising",
    "emphasizing", "acknowledged", "acknowledges", "admitted",    "admits",        "denied",
    "denies",      "denying",      "tweeted",      "tweets",      "tweeting",      "posted",
    "suggested",   "suggests",     "predicted",    "concluded",   "observed",      "remarked",
    "commented",   "complained",   "complains",    "called",      "calls",         "calling",
    "described",   "describes",    "describing",   "quipped",     "joked",         "shouted",
    "yelled",      "urged",        "urges",        "urging",      "promised",      "promises",
    "vowed",       "vows",         "pledged",      "asserted",    "asserts",       "contended",
    "maintained",  "maintains",    "agreed",       "confirmed",   "confirms",      "testified",
    "recounted",   "boasted",      "lamented",     "mused",       "conceded",      "countered",
    "charged",     "accused",      "accusing",     "blasted",     "slammed",       "praised",
    "thundered",   "whispered",    "cried",        "exclaimed",   "reiterated",    "wondered",
    "demanded",    "proclaimed",   "labeled",      "labelled",    "dubbed",        "termed",
    "branded",     "echoed",       "texted",       "emailed",     "responded",     "retorted",
    "snapped",     "explained",    "speculated",   "estimated",   "cautioned",     "advised",
    "promised",    "assured",      "indicated",    "hinted",      "predicted",     "repeated",
    "put",         "thought",      "believes",     "believed",    "wanted",        "worried",
    "anticipated", "chanted",      "barked",       "echoing",     "endorsing",     "reveals",
    "revealed",    "derided",      "insulted",     "interrupted", "mouthing",      "referred",
    "referring",   "boasted",      "inviting",     "chanting",    "shouting",      "touted",
    "touting",     "argue",        "insist",       "claim",       "deny",          "warn",
    "wrote",       "pointed",      "vowing",       "pledging",    "predicting",    "joking",
    "quipping",    "explain",      "mocked",       "mocking",     "criticized",    "criticised",
    "attacked",    "praising",     "lauded",       "hailed",      "decried",       "according",
    "agrees",      "agree",        "sighed",       "laughed",     "beamed",        "scolded",
    "griped",      "fumed",        "grumbled",     "muttered",    "pleaded",       "protested",
    "objected",    "interjected",  "sang",         "sings",       "observes",      "concedes",
    "recounts",    "asserting",    "contending",   "conceding",   "questioned",    "wonders",
    "reiterating", "remarked",     "remarks",      "counters",    "replying",      "responding",
    "answering",   "continuing",   "announcing",   "confirming",  "acknowledging", "likened",
    "likening",    "likens"};
static const char *const ing_words[] = {
    "saying",     "telling",     "adding",      "declaring", "explaining", "noting",
    "insisting",  "arguing",     "claiming",    "asking",    "recalling",  "warning",
    "stressing",  "emphasising", "emphasizing", "denying",   "tweeting",   "calling",
    "describing", "urging",      "accusing",    "writing"};
static const char *const report_words[] = {"reported", "reports", "reporting", "learned"};
static const char *const read_words[] = {"read", "reads", "reading"};
static const char *const aux_words[] = {
    "has",   "had",    "have", "was",          "is",         "were",    "are",
    "also",  "later",  "then", "again",        "once",       "would",   "will",
    "could", "did",    "does", "do",           "even",       "further", "earlier",
    "first", "had",    "just", "recently",     "never",      "often",   "still",
    "since", "simply", "once", "’d",           "'d",         "’s",      "'s",
    "not",   "n't",    "n’t",  "subsequently", "ultimately", "finally"};
static const char *const det_words[] = {"the",   "a",    "an",    "its",     "his",  "her",
                                        "their", "this", "these", "those",   "our",  "another",
                                        "one",   "two",  "some",  "several", "many", "that"};
static const char *const pron_words[] = {"he", "she", "they", "it", "we", "i", "you"};
static const char *const stop_words[] = {
    "in",        "on",      "at",        "of",         "for",     "to",       "from",   "with",
    "by",        "and",     "or",        "but",        "that",    "which",    "who",    "whom",
    "as",        "than",    "if",        "when",       "while",   "because",  "after",  "before",
    "since",     "is",      "are",       "was",        "were",    "be",       "been",   "not",
    "meanwhile", "however", "also",      "still",      "yet",     "now",      "then",   "later",
    "earlier",   "today",   "yesterday", "separately", "instead", "so",       "though", "although",
    "where",     "what",    "how",       "why",        "about",   "into",     "over",   "under",
    "said",      "says",    "told",      "during",     "against", "between",  "like",   "via",
    "there",     "here",    "this",      "thus",       "indeed",  "moreover", "nor",    "either",
    "whether"};
static const char *const stmt_words[] = {
    "statement", "statements", "release",      "letter",    "message",  "post",    "tweet",
    "note",      "communique", "communiqué",   "document",  "report",   "email",   "memo",
    "notice",    "text",       "sign",         "banner",    "headline", "filing",  "complaint",
    "ruling",    "order",      "announcement", "editorial", "article",  "website", "ad"};
static const char *const orgh_words[] = {
    "ministry",     "department",   "government", "company", "agency",      "office",
    "campaign",     "committee",    "embassy",    "council", "party",       "administration",
    "organisation", "organization", "group",      "bank",    "court",       "commission",
    "firm",         "institute",    "university", "union",   "authority",   "authorities",
    "police",       "military",     "army",       "kremlin", "foundation",  "board",
    "team",         "network",      "newspaper",  "paper",   "corporation", "club",
    "league",       "federation",   "service",    "bureau",  "house",       "senate",
    "congress",     "parliament",   "cabinet",    "state",   "country",     "city",
    "association",  "alliance",     "coalition",  "council", "center",      "centre"};
static const char *const role_words[] = {
    "spokesperson", "spokesman", "spokeswoman", "spokespeople", "representative",
    "official",     "officials", "source",      "sources",      "aide",
    "aides",        "staff",     "staffer",     "press",        "secretary"};
static const char *const perh_words[] = {
    "president",     "minister",    "senator",       "leader",    "candidate",   "governor",
    "mayor",         "chairman",    "chairwoman",    "ceo",       "chief",       "director",
    "premier",       "chancellor",  "king",          "queen",     "prince",      "general",
    "lawmaker",      "congressman", "congresswoman", "nominee",   "man",         "woman",
    "father",        "mother",      "actor",         "actress",   "author",      "professor",
    "judge",         "ambassador",  "diplomat",      "coach",     "manager",     "founder",
    "analyst",       "expert",      "economist",     "lawyer",    "attorney",    "doctor",
    "officer",       "commander",   "envoy",         "sheriff",   "emperor",     "pope",
    "speaker",       "boss",        "owner",         "executive", "billionaire", "businessman",
    "businesswoman", "democrat",    "republican"};
static const char *const outlet_words[] = {
    "reuters",    "bloomberg",   "afp",      "ap",         "xinhua",    "tass",      "ria",
    "interfax",   "bbc",         "cnn",      "nbc",        "cbs",       "abc",       "msnbc",
    "npr",        "politico",    "axios",    "breitbart",  "news",      "times",     "post",
    "journal",    "press",       "agency",   "tribune",    "herald",    "gazette",   "telegraph",
    "guardian",   "daily",       "magazine", "television", "tv",        "radio",     "wire",
    "channel",    "newspaper",   "examiner", "observer",   "chronicle", "economist", "izvestia",
    "kommersant", "novosti",     "nikkei",   "yonhap",     "kyodo",     "sputnik",   "rt",
    "al-jazeera", "jazeera",     "newsweek", "forbes",     "vox",       "slate",     "buzzfeed",
    "huffpost",   "usa",         "today",    "fox",        "pbs",       "cnbc",      "dpa",
    "efe",        "ansa",        "yomiuri",  "asahi",      "haaretz",   "spiegel",   "monde",
    "figaro",     "independent", "mirror",   "sun",        "express",   "standard",  "globe",
    "inquirer",   "bulletin",    "dispatch", "courier",    "star",      "ft",        "wsj",
    "nyt",        "time",        "insider",  "hill",       "intercept", "atlantic",  "yorker",
    "broadcaster"};
static const char *const medium_words[] = {"statement",  "interview", "comments",  "remarks",
                                           "report",     "article",   "broadcast", "op-ed",
                                           "appearance", "briefing",  "address",   "post"};
static const char *const male_words[] = {"he", "him", "his"};
static const char *const fem_words[] = {"she", "her"};

static uint32_t lex_hash(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t k = 0; k < n; k++)
        h = (h ^ (unsigned char)w[k]) * 16777619u;
    return h;
}

static int cmp_lex(const void *a, const void *b)
{
    return strcmp(((const lex_entry *)a)->w, ((const lex_entry *)b)->w);
}

#define ADD_WORDS(arr, c)                                                                          \
    for (size_t k_ = 0; k_ < sizeof(arr) / sizeof(arr[0]); k_++) {                                 \
        st->lex[st->n].w = arr[k_];                                                                \
        st->lex[st->n++].cls = (c);                                                                \
    }

void nxq_free(void *state)
{
    qstate *st = state;
    if (!st)
        return;
    nx_free(st->lex);
    nx_qlang_free(st->other);
    nxq_cues_free(st->cues);
    nx_free(st);
}

/* The words of config_dir/lang/en/quote-words.tsv (word<TAB>particle|
 * relative|aux) into st->qw; none when the file is absent. */
static nx_err words_load(const char *config_dir, qstate *st, char *errstr, size_t errstr_size)
{
    static const char *const names[QW_CLASSES] = {"particle", "relative", "aux"};
    char path[4096];
    if (snprintf(path, sizeof(path), "%s/lang/en/quote-words.tsv", config_dir) >= (int)sizeof(path))
        return NX_OK;
    FILE *fp = fopen(path, "r");
    if (!fp)
        return NX_OK; /* no data: no particles after a verb, no "X, who" speakers */
    nx_err e = NX_OK;
    char line[256];
    unsigned lineno = 0;
    while (!e && nx_tsv_line(fp, line, sizeof(line), &lineno)) {
        char *f[3];
        size_t nf = nx_tsv_split(line, f, 3);
        int cls = -1;
        for (int k = 0; nf == 2 && k < QW_CLASSES; k++)
            if (!strcmp(f[1], names[k]))
                cls = k;
        char low[QW_LEN];
        size_t n = cls >= 0 ? nx_lang_lower(f[0], strlen(f[0]), low, sizeof(low)) : 0;
        if (!n || strchr(low, ' ') || st->n_qw[cls] == QW_MAX)
            e = nx_seterr(
                errstr, errstr_size, NX_ERR_CONFIG,
                "quote stage: %s:%u: want word<TAB>particle|relative|aux (at most %d each)", path,
                lineno, QW_MAX);
        else {
            st->qw_len[cls][st->n_qw[cls]] = (uint8_t)n;
            memcpy(st->qw[cls][st->n_qw[cls]++], low, n + 1);
        }
    }
    fclose(fp);
    return e;
}

#ifndef NEWSX_CONFIG_DIR
#define NEWSX_CONFIG_DIR "config"
#endif

nx_err nxq_init(const nx_core_opts *opts, void **state, char *errstr, size_t errstr_size)
{
    size_t total = sizeof(speech_words) / sizeof(char *) + sizeof(ing_words) / sizeof(char *) +
                   sizeof(report_words) / sizeof(char *) + sizeof(read_words) / sizeof(char *) +
                   sizeof(aux_words) / sizeof(char *) + sizeof(det_words) / sizeof(char *) +
                   sizeof(pron_words) / sizeof(char *) + sizeof(stop_words) / sizeof(char *) +
                   sizeof(stmt_words) / sizeof(char *) + sizeof(orgh_words) / sizeof(char *) +
                   sizeof(role_words) / sizeof(char *) + sizeof(perh_words) / sizeof(char *) +
                   sizeof(outlet_words) / sizeof(char *) + sizeof(medium_words) / sizeof(char *) +
                   sizeof(male_words) / sizeof(char *) + sizeof(fem_words) / sizeof(char *);
    qstate *st = nx_calloc(1, sizeof(*st));
    if (st)
        st->lex = nx_malloc((total + QW_MAX) * sizeof(lex_entry));
    if (!st || !st->lex) {
        nxq_free(st);
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading quote lexicon");
    }
    ADD_WORDS(speech_words, W_SPEECH);
    ADD_WORDS(ing_words, W_ING);
    ADD_WORDS(report_words, W_REPORT);
    ADD_WORDS(read_words, W_READ);
    ADD_WORDS(aux_words, W_AUX);
    /* quote-words.tsv's aux words (modals: should, might, must, ...) */
    const char *dir = opts && opts->config_dir ? opts->config_dir : NEWSX_CONFIG_DIR;
    nx_err e = words_load(dir, st, errstr, errstr_size);
    if (e) {
        nxq_free(st);
        return e;
    }
    for (size_t k = 0; k < st->n_qw[QW_AUX]; k++) {
        st->lex[st->n].w = st->qw[QW_AUX][k];
        st->lex[st->n++].cls = W_AUX;
    }
    ADD_WORDS(det_words, W_DET);
    ADD_WORDS(pron_words, W_PRON);
    ADD_WORDS(stop_words, W_STOP);
    ADD_WORDS(stmt_words, W_STMT);
    ADD_WORDS(orgh_words, W_ORGH);
    ADD_WORDS(role_words, W_ROLE);
    ADD_WORDS(perh_words, W_PERH);
    ADD_WORDS(outlet_words, W_OUTLET);
    ADD_WORDS(medium_words, W_MEDIUM);
    ADD_WORDS(male_words, W_MALE);
    ADD_WORDS(fem_words, W_FEM);
    qsort(st->lex, st->n, sizeof(lex_entry), cmp_lex);
    /* merge duplicates: one entry per word with all its classes */
    size_t w = 0;
    for (size_t i = 0; i < st->n; i++) {
        if (w && strcmp(st->lex[w - 1].w, st->lex[i].w) == 0)
            st->lex[w - 1].cls |= st->lex[i].cls;
        else
            st->lex[w++] = st->lex[i];
    }
    st->n = w;
    for (size_t k = 0; k < LEX_HASH; k++)
        st->slot[k] = -1;
    for (size_t k = 0; k < st->n; k++) {
        uint32_t h = lex_hash(st->lex[k].w, strlen(st->lex[k].w)) & (LEX_HASH - 1);
        while (st->slot[h] >= 0)
            h = (h + 1) & (LEX_HASH - 1);
        st->slot[h] = (int16_t)k;
    }
    e = nx_qlang_load(dir, &st->other, errstr, errstr_size);
    if (!e)
        e = nxq_cues_load(dir, &st->cues, errstr, errstr_size);
    if (e) {
        nxq_free(st);
        return e;
    }
    *state = st;
    return NX_OK;
}

uint16_t nxq_word_class(const qstate *st, const char *p, size_t n)
{
    char buf[32];
    if (n == 0 || n >= sizeof(buf))
        return 0;
    for (size_t k = 0; k < n; k++) {
        char a = p[k];
        buf[k] = (a >= 'A' && a <= 'Z') ? (char)(a - 'A' + 'a') : a;
    }
    for (uint32_t h = lex_hash(buf, n) & (LEX_HASH - 1); st->slot[h] >= 0;
         h = (h + 1) & (LEX_HASH - 1)) {
        const lex_entry *e = &st->lex[st->slot[h]];
        if (strncmp(e->w, buf, n) == 0 && e->w[n] == '\0')
            return e->cls;
    }
    return 0;
}

static int connector(const qctx *c, size_t i)
{
    return tok_eq(c, i, "of") || tok_eq(c, i, "for") || tok_eq(c, i, "de") || is_poss(c, i) ||
           tok_eq(c, i, "&");
}

/* A lower-case word in -ed or -ing (not -eed: "speed", "greed"). */
int nxq_verb_form(const qctx *c, size_t i)
{
    const char *p = c->doc->text + tk(c, i)->start;
    size_t n = tlen(c, i);
    return (n > 4 && p[n - 2] == 'e' && p[n - 1] == 'd' && p[n - 3] != 'e') ||
           (n > 4 && p[n - 3] == 'i' && p[n - 2] == 'n' && p[n - 1] == 'g');
}

/* The noun phrase that ends at token i (inclusive), not before lo. */
static tspan np_ending_at(const qctx *c, size_t i, size_t lo)
{
    tspan none = {0, 0};
    if (i < lo || c->inq[i] || !is_word(c, i))
        return none;
    uint16_t k = c->cls[i];
    if (k & W_PRON)
        return (tspan){i, i + 1};
    if ((k & (W_STOP | W_DET | W_AUX | W_SPEECH | W_REPORT)) && !(k & (W_STMT | W_ORGH)))
        return none;
    size_t a = i;
    if (is_cap(c, i)) {
        while (a > lo && !c->inq[a - 1]) {
            size_t p = a - 1;
            if (is_cap(c, p) && !(c->cls[p] & (W_DET | W_STOP | W_PRON)))
                a = p;
            else if (p > lo && connector(c, p) && is_cap(c, p - 1) &&
                     !(c->cls[p - 1] & (W_STOP | W_PRON)))
                a = p - 1;
            else
                break;
        }
    } else {
        /* a lower-case head: modifiers back to a determiner, at most 5 words */
        while (a > lo && i - a < 5 && !c->inq[a - 1]) {
            size_t p = a - 1;
            if (!is_word(c, p) && !is_poss(c, p) && tk(c, p)->kind != NX_TOK_NUM)
                break;
            if (c->cls[p] & (W_STOP | W_PRON | W_SPEECH | W_REPORT))
                break;
            if ((c->cls[p] & W_AUX) && !is_poss(c, p))
                break;
            a = p;
            if (c->cls[p] & W_DET)
                break;
        }
    }
    if (a < i + 1 && (c->cls[a] & W_DET) == 0 && a > lo && (c->cls[a - 1] & W_DET) &&
        !c->inq[a - 1] && !(c->cls[a - 1] & W_PRON) && !tok_eq(c, a - 1, "that"))
        a--; /* "the" before a name: the US State Department */
    /* a lower-case head in -ed or -ing with no determiner, no name and no
     * possessive before it is a verb, not a noun ("the network that were
     * hacked suggested", "could be celebrating being dubbed"); "the
     * meeting", "Thursday’s meeting", "Exit polling" are nouns */
    if (!is_cap(c, i) && !(c->cls[a] & W_DET) && nxq_verb_form(c, i)) {
        size_t m = a;
        while (m < i && !is_cap(c, m) && !is_poss(c, m))
            m++;
        if (m == i)
            return none;
    }
    return (tspan){a, i + 1};
}

tspan nxq_np_ending_at(const qctx *c, size_t i, size_t lo)
{
    return np_ending_at(c, i, lo);
}

/* The subject before cue token `cue`: skips auxiliaries and adverbs, and an
 * appositive between commas ("Mao Ning, spokesman for ..., said"). */
tspan nxq_np_before(const qctx *c, size_t cue, size_t lo)
{
    tspan none = {0, 0};
    if (cue == 0 || cue <= lo)
        return none;
    size_t i = cue - 1;
    while (i > lo && is_skip(c, i))
        i--;
    if (i < lo || c->inq[i])
        return none;
    /* "Mr. Ekovich, who noted": the phrase before the relative pronoun */
    if (tok_in(c, i, QW_RELATIVE) && i >= lo + 2 && tok_eq(c, i - 1, ","))
        return np_ending_at(c, i - 2, lo);
    if (tok_eq(c, i, ",") || tok_eq(c, i, ")") || tok_eq(c, i, "—")) {
        size_t j = i;
        int found = 0;
        while (j > lo && i - j < 25) {
            j--;
            if (c->inq[j])
                return none;
            if (tok_eq(c, j, ",") || tok_eq(c, j, "(") || tok_eq(c, j, "—")) {
                found = 1;
                break;
            }
        }
        if (!found || j == 0 || j <= lo)
            return none;
        i = j - 1;
        /* a parenthesis before the appositive: "Rep. Jim Jordan (R-Ohio), an
         * oversight panel member, said" */
        if (tok_eq(c, j, ",") && tok_eq(c, i, ")")) {
            size_t k = i;
            while (k > lo && i - k < 12 && !c->inq[k] && !tok_eq(c, k, "("))
                k--;
            if (k > lo && tok_eq(c, k, "("))
                i = k - 1;
        }
    }
    return np_ending_at(c, i, lo);
}

/* The noun phrase that starts at token i, before hi. */
tspan nxq_np_after(const qctx *c, size_t i, size_t hi)
{
    tspan none = {0, 0};
    while (i < hi && (tok_eq(c, i, ",") || is_skip(c, i)))
        i++;
    if (i < hi && tk(c, i)->kind == NX_TOK_NUM && i + 1 < hi && is_word(c, i + 1) &&
        !is_cap(c, i + 1) && !c->inq[i + 1] && !(c->cls[i + 1] & (W_STOP | W_SPEECH | W_AUX))) {
        tspan rest = nxq_np_after(c, i + 1, hi);
        return rest.b > rest.a ? (tspan){i, rest.b} : none;
    }
    if (i >= hi || c->inq[i] || !is_word(c, i))
        return none;
    uint16_t k = c->cls[i];
    if (k & W_PRON)
        return (tspan){i, i + 1};
    if (tok_eq(c, i, "that"))
        return none; /* a clause: "insisted that his party was" */
    size_t b = i + 1;
    if (k & W_DET) {
        while (b < hi && b - i < 7 && !c->inq[b] &&
               (is_word(c, b) || tk(c, b)->kind == NX_TOK_NUM || is_poss(c, b)) &&
               !(c->cls[b] & (W_STOP | W_SPEECH | W_REPORT | W_PRON | W_AUX)))
            b++;
        return b > i + 1 ? (tspan){i, b} : none;
    }
    if (k & (W_STOP | W_AUX | W_SPEECH | W_REPORT))
        return none;
    if (is_cap(c, i)) {
        while (b < hi && !c->inq[b]) {
            if (is_cap(c, b) && !(c->cls[b] & W_STOP))
                b++;
            else if (b + 1 < hi && connector(c, b) && is_cap(c, b + 1))
                b += 2;
            else
                break;
        }
        return (tspan){i, b};
    }
    while (b < hi && b - i < 3 && is_word(c, b) && !c->inq[b] &&
           !(c->cls[b] & (W_STOP | W_SPEECH | W_REPORT | W_AUX)))
        b++;
    /* lower-case modifiers before a name: "said 9/11 widow Terry Strada" */
    if (b < hi && !c->inq[b] && is_cap(c, b) && !(c->cls[b] & (W_STOP | W_PRON | W_DET))) {
        tspan name = nxq_np_after(c, b, hi);
        if (name.b > name.a)
            b = name.b;
    }
    return (tspan){i, b};
}

/* The cue that starts at token i, if any; *cend receives its end token. */
int nxq_cue_at(const qctx *c, size_t i, size_t hi, size_t *cend)
{
    *cend = i + 1;
    if (c->inq[i] || !is_word(c, i))
        return CUE_NONE;
    if (is_cap(c, i) && !(tk(c, i)->flags & NX_TOKF_SENT_START) && !(i > 0 && c->inq[i - 1]))
        return CUE_NONE;
    uint16_t k = c->cls[i];
    if (tok_eq(c, i, "according")) {
        if (i + 1 < hi && tok_eq(c, i + 1, "to")) {
            *cend = i + 2;
            return CUE_ACCORDING;
        }
        return CUE_NONE;
    }
    if (tok_eq(c, i, "put")) {
        /* "as he put it" */
        if (i + 1 < hi && tok_eq(c, i + 1, "it")) {
            *cend = i + 1;
            return CUE_SPEECH;
        }
        return CUE_NONE;
    }
    if (k & W_SPEECH)
        return CUE_SPEECH;
    if (k & W_REPORT) {
        if (tok_eq(c, i, "learned"))
            return (i > 0 && (tok_eq(c, i - 1, "has") || tok_eq(c, i - 1, "have"))) ? CUE_REPORT
                                                                                    : CUE_NONE;
        return CUE_REPORT;
    }
    if (k & W_READ) {
        /* "the statement read", "a sign reading" */
        size_t j = i;
        while (j > 0 && is_skip(c, j - 1))
            j--;
        if (j > 0 && (c->cls[j - 1] & W_STMT))
            return CUE_READ;
    }
    return CUE_NONE;
}

nx_span nxq_tspan_bytes(const qctx *c, tspan t)
{
    return (nx_span){tk(c, t.a)->start, tk(c, t.b - 1)->end};
}

/* Words that never head or open a speaker: times and dates, and a
 * capitalized participle opening the sentence ("Speaking to ..."). */
static int bad_speaker(const qctx *c, tspan sp)
{
    static const char *const never[] = {
        "monday",     "tuesday",   "wednesday", "thursday", "friday",   "saturday", "sunday",
        "january",    "february",  "march",     "april",    "may",      "june",     "july",
        "august",     "september", "october",   "november", "december", "hours",    "minutes",
        "days",       "weeks",     "months",    "years",    "today",    "tonight",  "yesterday",
        "past",       "already",   "time",      "morning",  "night",    "week",     "year",
        "washington", "former",    "last",      "earlier",  "later"};
    if (sp.b <= sp.a)
        return 0;
    /* a one-word phrase in the list, or a phrase headed by a time word */
    for (size_t k = 0; k < sizeof(never) / sizeof(never[0]); k++)
        if (tok_eq(c, sp.b - 1, never[k]) && (sp.b == sp.a + 1 || k < 35))
            return 1;
    const nx_token *t = tk(c, sp.a);
    size_t n = t->end - t->start;
    const char *p = c->doc->text + t->start;
    /* a lone capitalized participle opening the sentence ("Speaking"), not
     * a name in -ing after the quotation (",” Ebeling said") */
    return sp.b == sp.a + 1 && (t->flags & NX_TOKF_CAP) && (t->flags & NX_TOKF_SENT_START) &&
           n > 4 && p[n - 3] == 'i' && p[n - 2] == 'n' && p[n - 1] == 'g';
}

void nxq_set_attrib(const qctx *c, attrib *a, int kind, size_t ca, size_t cb, tspan sp)
{
    if (bad_speaker(c, sp))
        sp.b = sp.a;
    a->found = 1;
    a->kind = kind;
    a->basis = NX_BASIS_CUE;
    a->cue = (nx_span){tk(c, ca)->start, tk(c, cb - 1)->end};
    a->has_speaker = sp.b > sp.a;
    if (a->has_speaker)
        a->speaker = nxq_tspan_bytes(c, sp);
}
