/*
 * test_lang_text.c - sentences, keywords, amounts and tone in de, fr, es,
 * it, pt, nl from the language packs (config/lang/<code>/), through
 * nx_extract on envelopes written for these tests, and the pack loader's
 * new files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "lang_pack.h"
#include "nx_core.h"
#include "en_config.h"

static nx_core_t *core;

static int setup(void **unused)
{
    (void)unused;
    char errstr[256];
    core = nx_core_new(NULL, errstr, sizeof(errstr));
    return core ? 0 : -1;
}

static int teardown(void **unused)
{
    (void)unused;
    nx_core_destroy(core);
    return 0;
}

/* The record of text declared as lang (the caller frees it). */
static json_t *extract(const char *lang, const char *text)
{
    json_t *env = json_pack("{s:s, s:s, s:s}", "id", "t", "lang", lang, "text", text);
    char *s = json_dumps(env, 0);
    json_decref(env);
    char errstr[256];
    nx_buf out;
    nx_buf_init(&out, 0);
    assert_int_equal(nx_extract(core, s, strlen(s), NULL, &out, NULL, errstr, sizeof(errstr)),
                     NX_OK);
    free(s);
    json_error_t jerr;
    json_t *r = json_loadb(out.data, out.len, 0, &jerr);
    assert_non_null(r);
    nx_buf_free(&out);
    assert_string_equal(json_string_value(json_object_get(r, "lang")), lang);
    return r;
}

/* The sentences of a record as their texts joined by " | ". */
static void sentences(json_t *r, char *out, size_t cap)
{
    const char *text = json_string_value(json_object_get(r, "text"));
    size_t k = 0;
    out[0] = '\0';
    json_t *ss = json_object_get(r, "sentences"), *s;
    size_t i;
    json_array_foreach(ss, i, s)
    {
        /* code point offsets: the texts here are walked by code point */
        size_t a = (size_t)json_integer_value(json_array_get(s, 0));
        size_t b = (size_t)json_integer_value(json_array_get(s, 1));
        const char *p = text;
        for (size_t c = 0; c < a; c++)
            do
                p++;
            while (((unsigned char)*p & 0xC0) == 0x80);
        const char *q = p;
        for (size_t c = a; c < b; c++)
            do
                q++;
            while (((unsigned char)*q & 0xC0) == 0x80);
        k += (size_t)snprintf(out + k, cap - k, "%s%.*s", i ? " | " : "", (int)(q - p), p);
        assert_true(k < cap);
    }
}

static void check_sentences(const char *lang, const char *text, const char *want)
{
    json_t *r = extract(lang, text);
    char got[2048];
    sentences(r, got, sizeof(got));
    assert_string_equal(got, want);
    json_decref(r);
}

static void test_sentences(void **unused)
{
    (void)unused;
    check_sentences("de",
                    "Der Vertrag wurde am 3. März 2024 unterzeichnet. Dr. Müller sagte, dies sei "
                    "u. a. wegen der Kosten bzw. der Zeit nötig. Der 2. Weltkrieg endete im 20. "
                    "Jahrhundert. Die Zahl stieg auf 3. Der Rest fiel.",
                    "Der Vertrag wurde am 3. März 2024 unterzeichnet. | Dr. Müller sagte, dies sei "
                    "u. a. wegen der Kosten bzw. der Zeit nötig. | Der 2. Weltkrieg endete im 20. "
                    "Jahrhundert. | Die Zahl stieg auf 3. | Der Rest fiel.");
    /* a CLDR abbreviation that is a common word ("sentences.tsv": word) */
    check_sentences("de", "Es war ein formeller Akt. Absehbar ist das Ende nicht.",
                    "Es war ein formeller Akt. | Absehbar ist das Ende nicht.");
    check_sentences(
        "es", "El Sr. García viajó a EE. UU. El presidente lo recibió. La Sra. Pérez no.",
        "El Sr. García viajó a EE. UU. | El presidente lo recibió. | La Sra. Pérez no.");
    check_sentences("fr", "M. Dupont a parlé. Mme Durand aussi, p. ex. hier. Le reste suit.",
                    "M. Dupont a parlé. | Mme Durand aussi, p. ex. hier. | Le reste suit.");
    check_sentences("nl", "Volgens dhr. De Vries en mr. Bakker is het klaar. Het kabinet zwijgt.",
                    "Volgens dhr. De Vries en mr. Bakker is het klaar. | Het kabinet zwijgt.");
    check_sentences("it",
                    "Il Sig. Rossi ha incontrato il Dott. Bianchi, ca. alle nove. Il "
                    "governo tace.",
                    "Il Sig. Rossi ha incontrato il Dott. Bianchi, ca. alle nove. | Il governo "
                    "tace.");
    check_sentences("pt", "O Sr. Costa falou com a Dra. Lima. O Governo não comentou.",
                    "O Sr. Costa falou com a Dra. Lima. | O Governo não comentou.");
    /* Spanish has no ordinal dot: a number ending a sentence ends it before
     * a capitalized function word, and starts none */
    check_sentences("es", "Los votos fueron 3. Después hubo otra votación.",
                    "Los votos fueron 3. | Después hubo otra votación.");
    /* English keeps its own rules: "1." before a capitalized word is a list number */
    check_sentences("en", "The winners were: 1. Maria Lopez and 2. John Smith.",
                    "The winners were: | 1. Maria Lopez and | 2. John Smith.");
}

/* The amount whose text is want_text: its value and unit. */
static void check_amount(json_t *r, const char *want_text, double value, const char *unit)
{
    json_t *as = json_object_get(r, "amounts"), *a;
    size_t i;
    json_array_foreach(as, i, a)
    {
        if (strcmp(json_string_value(json_object_get(a, "text")), want_text) != 0)
            continue;
        assert_float_equal(json_number_value(json_object_get(a, "value")), value, 1e-6 * value);
        assert_string_equal(json_string_value(json_object_get(a, "unit")), unit);
        return;
    }
    fail_msg("no amount '%s'", want_text);
}

static void test_amounts(void **unused)
{
    (void)unused;
    json_t *r =
        extract("de", "Die Kosten werden auf rund 4,5 Milliarden Euro geschätzt. Der Umsatz "
                      "stieg um 3,2 Prozent auf 1.234,5 Mio. EUR. Es kamen 1.234 Kinder "
                      "und 1 234 Erwachsene. Das Haus kostet 250.000 €.");
    check_amount(r, "4,5 Milliarden Euro", 4.5e9, "EUR");
    check_amount(r, "3,2 Prozent", 3.2, "percent");
    check_amount(r, "1.234,5 Mio. EUR", 1.2345e9, "EUR");
    check_amount(r, "1.234 Kinder", 1234, "kinder");
    check_amount(r, "1 234 Erwachsene", 1234, "erwachsene");
    check_amount(r, "250.000 €", 250000, "EUR");
    json_t *st = json_object_get(json_object_get(r, "extractor"), "stages");
    assert_string_equal(json_string_value(json_object_get(st, "amounts")), "ok");
    json_decref(r);
    r = extract("es", "El plan cuesta 1.500 millones de euros, un 3,5 por ciento más, y 10 mil "
                      "millones de dólares.");
    check_amount(r, "1.500 millones de euros", 1.5e9, "EUR");
    check_amount(r, "3,5 por ciento", 3.5, "percent");
    check_amount(r, "10 mil millones de dólares", 1e10, "USD");
    json_decref(r);
    r = extract("fr", "Le gouvernement a présenté mardi un plan de 4,5 milliards d'euros pour "
                      "les hôpitaux de la région, qui compte 1\u202f234,5 habitants.");
    check_amount(r, "4,5 milliards d'euros", 4.5e9, "EUR");
    /* the cleaner makes the narrow no-break space a space */
    check_amount(r, "1 234,5 habitants", 1234.5, "habitants");
    json_decref(r);
    r = extract("it", "Il governo ha stanziato 2,5 miliardi di euro per 1.200 scuole.");
    check_amount(r, "2,5 miliardi di euro", 2.5e9, "EUR");
    check_amount(r, "1.200 scuole", 1200, "scuole");
    json_decref(r);
    r = extract("pt", "O Governo aprovou 2,3 mil milhões de euros e o Brasil R$ 3,5 bilhões.");
    check_amount(r, "2,3 mil milhões de euros", 2.3e9, "EUR");
    check_amount(r, "R$ 3,5 bilhões", 3.5e9, "BRL");
    json_decref(r);
    /* a modifier between the number and its noun */
    r = extract("pt", "A prefeitura anunciou nesta segunda-feira a abertura de três novas creches "
                      "em bairros da zona norte.");
    check_amount(r, "três novas creches", 3, "creches");
    json_decref(r);
    r = extract("nl", "Het kabinet trekt 1,2 miljard euro uit, 3 procent meer.");
    check_amount(r, "1,2 miljard euro", 1.2e9, "EUR");
    check_amount(r, "3 procent", 3, "percent");
    json_decref(r);
    /* number words; an article only before a scale word; German nouns */
    r = extract("de", "Die Regierung will eine Milliarde Euro ausgeben, zwei Millionen Menschen "
                      "profitieren, ein Mann sagte, es gebe drei schwer verletzte Personen und "
                      "zwei Millionen weniger als im Vorjahr.");
    check_amount(r, "eine Milliarde Euro", 1e9, "EUR");
    check_amount(r, "zwei Millionen Menschen", 2e6, "menschen");
    check_amount(r, "drei schwer verletzte Personen", 3, "personen");
    assert_int_equal(json_array_size(json_object_get(r, "amounts")), 3);
    json_decref(r);
    r = extract("fr", "Le gouvernement a présenté mardi un plan de deux milliards d'euros pour "
                      "trois cents lits et mille soldats dans les hôpitaux publics.");
    check_amount(r, "deux milliards d'euros", 2e9, "EUR");
    check_amount(r, "trois cents lits", 300, "lits");
    check_amount(r, "mille soldats", 1000, "soldats");
    json_decref(r);
    /* a unit of time has the English name in every language (timex.tsv
     * "unit" words, amounts.tsv "unit" lines); other counted words stay */
    r = extract("de", "Das Werk war nach zwei Jahren und drei Monaten wieder offen, nach 40 "
                      "Stunden Verhandlungen und vier Quartale mit Verlust.");
    check_amount(r, "zwei Jahren", 2, "year");
    check_amount(r, "drei Monaten", 3, "month");
    check_amount(r, "40 Stunden", 40, "hour");
    check_amount(r, "vier Quartale", 4, "quarter");
    json_decref(r);
    r = extract("fr", "Le chantier a duré trois ans et deux semaines pour 12 maisons, "
                      "après deux décennies d'attente.");
    check_amount(r, "trois ans", 3, "year");
    check_amount(r, "deux semaines", 2, "week");
    check_amount(r, "12 maisons", 12, "maisons");
    check_amount(r, "deux décennies", 2, "decade");
    json_decref(r);
    r = extract("es", "La obra duró dos semanas y 36 horas.");
    check_amount(r, "dos semanas", 2, "week");
    check_amount(r, "36 horas", 36, "hour");
    json_decref(r);
    r = extract("nl", "De bouw duurde 15 minuten en de renovatie drie eeuwen.");
    check_amount(r, "15 minuten", 15, "minute");
    check_amount(r, "drie eeuwen", 3, "century");
    json_decref(r);
    r = extract("en", "The works took two years.");
    check_amount(r, "two years", 2, "year");
    json_decref(r);
    /* English: "1.234" is one and a bit */
    r = extract("en", "The ship carried 1.234 tonnes of grain and 1,234 people to the port.");
    check_amount(r, "1.234 tonnes", 1.234, "tonne");
    json_decref(r);
}

static void test_keywords_and_tone(void **unused)
{
    (void)unused;
    json_t *r = extract("de", "Die Bundesregierung hat am Montag das neue Klimaschutzgesetz "
                              "beschlossen. Das Klimaschutzgesetz soll die Emissionen senken. "
                              "Nach dem Klimaschutzgesetz müssen die Emissionen bis 2030 sinken. "
                              "Die Opposition kritisierte das Klimaschutzgesetz und die "
                              "Bundesregierung scharf.");
    json_t *st = json_object_get(json_object_get(r, "extractor"), "stages");
    assert_string_equal(json_string_value(json_object_get(st, "keywords")), "ok");
    /* no lexicon with a known license for German: no tone, and the record says so */
    assert_string_equal(json_string_value(json_object_get(st, "tone")), "skipped: language");
    assert_true(json_is_null(json_object_get(r, "tone")));
    json_t *kws = json_object_get(r, "keywords"), *k;
    size_t i;
    assert_true(json_array_size(kws) > 0);
    int law = 0;
    json_array_foreach(kws, i, k)
    {
        const char *t = json_string_value(json_object_get(k, "text"));
        law |= !strcmp(t, "Klimaschutzgesetz");
        /* function and calendar words are no keywords */
        assert_string_not_equal(t, "die");
        assert_string_not_equal(t, "Die");
        assert_string_not_equal(t, "das");
        assert_string_not_equal(t, "Montag");
        assert_string_not_equal(t, "müssen");
    }
    assert_true(law);
    json_decref(r);
    /* French elision: "l'Assemblée" and "d'Assemblée" are the term "Assemblée" */
    r = extract("fr", "Le projet de loi sur l'énergie a été présenté à l'Assemblée nationale "
                      "mardi. Les députés de l'Assemblée nationale ont critiqué le texte. Le "
                      "président de l'Assemblée nationale a annoncé un vote sur l'énergie.");
    kws = json_object_get(r, "keywords");
    int assemblee = 0;
    json_array_foreach(kws, i, k)
    {
        const char *t = json_string_value(json_object_get(k, "text"));
        assemblee |= !strncmp(t, "Assemblée", strlen("Assemblée"));
        assert_null(strchr(t, '\''));
    }
    assert_true(assemblee);
    json_decref(r);
}

static void write_file(const char *path, const char *s)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(s, f);
    fclose(f);
}

static void test_pack_files(void **unused)
{
    (void)unused;
    char dir[] = "/tmp/newsx-pack-XXXXXX", path[256], errstr[256];
    assert_non_null(mkdtemp(dir));
    const char *req[] = {"calendar.tsv", "relative.tsv", "quotes.tsv", "numbers.tsv"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, req[i]);
        write_file(path, i == 0 ? "märz\tmonth\t3\n" : i == 3 ? "decimal\t,\n" : "");
    }
    snprintf(path, sizeof(path), "%s/sentences.tsv", dir);
    write_file(path, "# test\n9.\tordinal\nz. B.\tnosplit\nnov.\tsplit\nTest.\tsplit\nTest.\tword\n"
                     "etc.\tloose\nDer\tstarter\nder\tcontinue\n");
    snprintf(path, sizeof(path), "%s/amounts.tsv", dir);
    write_file(path, "mio.\tscale\t6\neuro\tcurrency\tEUR\nmil millones\tscale\t9\n"
                     "quartale\tunit\tquarter\n");
    /* of timex.tsv only its units of time are the pack's */
    snprintf(path, sizeof(path), "%s/timex.tsv", dir);
    write_file(path, "# test\njahren\tunit\tYs\nnach\tago\tafter\nstunde\tunit\th\n");
    snprintf(path, sizeof(path), "%s/stopwords.tsv", dir);
    write_file(path, "der\n");
    nx_lang_pack *p = nx_lang_pack_load(dir, "xx", errstr, sizeof(errstr));
    assert_non_null(p);
    assert_true(nx_lang_pack_ordinal_dot(p));
    assert_true(nx_lang_pack_has_sentence_rules(p));
    assert_int_equal(nx_lang_pack_abbrev(p, "z. B.", 5), NX_AB_NOSPLIT);
    assert_int_equal(nx_lang_pack_abbrev(p, "z.", 2), NX_AB_PART);
    assert_int_equal(nx_lang_pack_abbrev(p, "Nov.", 4), NX_AB_SPLIT); /* capital for "nov." */
    assert_int_equal(nx_lang_pack_abbrev(p, "nov", 3), 0);
    assert_int_equal(nx_lang_pack_abbrev(p, "Test.", 5), 0); /* "word" undoes an entry */
    /* the English rules' classes and lookups: exactly as written */
    assert_int_equal(nx_lang_pack_abbrev(p, "etc.", 4), NX_AB_LOOSE);
    assert_int_equal(nx_lang_pack_abbrev_exact(p, "Nov.", 4), 0);
    assert_int_equal(nx_lang_pack_abbrev_exact(p, "nov.", 4), NX_AB_SPLIT);
    assert_int_equal(nx_lang_pack_sentence_word(p, "Der", 3), NX_SW_STARTER);
    assert_int_equal(nx_lang_pack_sentence_word(p, "der", 3), NX_SW_CONTINUE);
    assert_int_equal(nx_lang_pack_sentence_word(p, "DER", 3), 0);
    assert_int_equal(nx_lang_pack_abbrev(p, "Der", 3), 0); /* a starter is no abbreviation */
    int v = 0;
    assert_true(nx_lang_pack_word_class(p, "Mio.", 4, NX_LW_SCALE, &v));
    assert_int_equal(v, 6);
    assert_true(nx_lang_pack_word_class(p, "MIL MILLONES", 12, NX_LW_SCALE, &v));
    assert_int_equal(v, 9);
    assert_true(nx_lang_pack_word_class(p, "Euro", 4, NX_LW_CURRENCY, &v));
    char code[4];
    nx_lang_currency(v, code);
    assert_string_equal(code, "EUR");
    assert_true(nx_lang_pack_word_class(p, "Jahren", 6, NX_LW_UNIT, &v));
    assert_string_equal(nx_lang_unit_name(v), "year");
    assert_true(nx_lang_pack_word_class(p, "Stunde", 6, NX_LW_UNIT, &v));
    assert_string_equal(nx_lang_unit_name(v), "hour");
    assert_true(nx_lang_pack_word_class(p, "Quartale", 8, NX_LW_UNIT, &v));
    assert_string_equal(nx_lang_unit_name(v), "quarter");
    assert_int_equal(nx_lang_pack_word(p, "nach", 4, NULL), 0);
    assert_null(nx_lang_unit_name(-1));
    assert_true(nx_lang_pack_word_class(p, "Der", 3, NX_LW_STOP, NULL));
    assert_false(nx_lang_pack_word_class(p, "März", 5, NX_LW_STOP, NULL));
    nx_lang_pack_free(p);
    /* a malformed line stops the load, naming the file and line */
    snprintf(path, sizeof(path), "%s/sentences.tsv", dir);
    write_file(path, "Dr.\tnosplit\nbzw.\tmaybe\n");
    assert_null(nx_lang_pack_load(dir, "xx", errstr, sizeof(errstr)));
    assert_non_null(strstr(errstr, "sentences.tsv:2"));
    write_file(path, "z. B\tnosplit\n"); /* a word of a phrase without its period */
    assert_null(nx_lang_pack_load(dir, "xx", errstr, sizeof(errstr)));
    assert_non_null(strstr(errstr, "sentences.tsv:1"));
    unlink(path);
    /* a unit no language names, or a unit letter timex.tsv does not have */
    snprintf(path, sizeof(path), "%s/amounts.tsv", dir);
    write_file(path, "mio.\tscale\t6\nlustren\tunit\tlustrum\n");
    assert_null(nx_lang_pack_load(dir, "xx", errstr, sizeof(errstr)));
    assert_non_null(strstr(errstr, "amounts.tsv:2"));
    write_file(path, "mio.\tscale\t6\n");
    snprintf(path, sizeof(path), "%s/timex.tsv", dir);
    write_file(path, "jahren\tunit\tYs\nlustren\tunit\tL\n");
    assert_null(nx_lang_pack_load(dir, "xx", errstr, sizeof(errstr)));
    assert_non_null(strstr(errstr, "timex.tsv:2"));
    const char *all[] = {"calendar.tsv", "relative.tsv", "quotes.tsv",   "numbers.tsv",
                         "amounts.tsv",  "timex.tsv",    "stopwords.tsv"};
    for (size_t i = 0; i < 7; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, all[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* A core whose config folder has no language packs (its lang/ holds only
 * the English words the core requires, and no pack's
 * calendar.tsv): a German article gets no amounts or keywords (never the
 * English rules on German text), and its record says those stages were
 * skipped for its language. */
static void test_no_packs(void **unused)
{
    (void)unused;
    char dir[] = "/tmp/newsx-nopacks-XXXXXX", path[512], target[512], errstr[256];
    assert_non_null(mkdtemp(dir));
    const char *keep[] = {"models", "lexicons", "gazetteers"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, keep[i]);
        snprintf(target, sizeof(target), "%s/config/%s", NEWSX_SOURCE_DIR, keep[i]);
        assert_int_equal(symlink(target, path), 0);
    }
    const char *sub[] = {"lang", "lang/en"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, sub[i]);
        assert_int_equal(mkdir(path, 0700), 0);
    }
    /* the English words the core requires: the quote stage's, the extra
     * stages' function words and word classes, the sentence rules, the
     * amount words, the input and clean stages' words */
    static const char *const en[] = {"quote-words.tsv", "stopwords.tsv", "word-classes.tsv",
                                     "sentences.tsv",   "amounts.tsv",   "input-words.tsv"};
    nx_test_link_en(dir, en, sizeof(en) / sizeof(en[0]));
    nx_core_opts o;
    nx_core_opts_init(&o);
    o.config_dir = dir;
    nx_core_t *c = nx_core_new(&o, errstr, sizeof(errstr));
    if (c) {
        const char *env = "{\"id\":\"t\",\"lang\":\"de\",\"text\":\"Die Regierung will 250 "
                          "Millionen Euro ausgeben, sagte der Minister am Montag in Berlin.\"}";
        nx_buf out;
        nx_buf_init(&out, 0);
        assert_int_equal(nx_extract(c, env, strlen(env), NULL, &out, NULL, errstr, sizeof(errstr)),
                         NX_OK);
        json_error_t jerr;
        json_t *r = json_loadb(out.data, out.len, 0, &jerr);
        assert_non_null(r);
        assert_string_equal(json_string_value(json_object_get(r, "lang")), "de");
        assert_int_equal(json_array_size(json_object_get(r, "amounts")), 0);
        assert_int_equal(json_array_size(json_object_get(r, "keywords")), 0);
        json_t *st = json_object_get(json_object_get(r, "extractor"), "stages");
        assert_string_equal(json_string_value(json_object_get(st, "amounts")), "skipped: language");
        assert_string_equal(json_string_value(json_object_get(st, "keywords")),
                            "skipped: language");
        json_decref(r);
        nx_buf_free(&out);
        nx_core_destroy(c);
    }
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, keep[i]);
        unlink(path);
    }
    nx_test_unlink_en(dir, en, sizeof(en) / sizeof(en[0]));
    for (size_t i = 2; i-- > 0;) {
        snprintf(path, sizeof(path), "%s/%s", dir, sub[i]);
        rmdir(path);
    }
    rmdir(dir);
    if (!c)
        fail_msg("core without packs: %s", errstr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sentences),         cmocka_unit_test(test_amounts),
        cmocka_unit_test(test_keywords_and_tone), cmocka_unit_test(test_pack_files),
        cmocka_unit_test(test_no_packs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
