/*
 * test_langid.c - the langid engine: declared tags, the CLD2 adapter's codes,
 * and the stage's decision through nx_extract (envelope in, record out).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "langid.h"
#include "nx_core.h"

static void test_tag_norm(void **unused)
{
    (void)unused;
    char out[8];
    assert_int_equal(nx_lang_tag_norm("en-US", 5, out), 2);
    assert_string_equal(out, "en");
    assert_int_equal(nx_lang_tag_norm("pt_BR", 5, out), 2);
    assert_string_equal(out, "pt");
    assert_int_equal(nx_lang_tag_norm("DE", 2, out), 2);
    assert_string_equal(out, "de");
    assert_int_equal(nx_lang_tag_norm("ckb", 3, out), 3);
    assert_string_equal(out, "ckb");
    assert_int_equal(nx_lang_tag_norm("english", 7, out), 0);
    assert_int_equal(nx_lang_tag_norm("e", 1, out), 0);
    assert_int_equal(nx_lang_tag_norm("x1", 2, out), 0);
    assert_int_equal(nx_lang_tag_norm("", 0, out), 0);
}

static void test_cld2_codes(void **unused)
{
    (void)unused;
    nx_langid_guess g;
    /* CLD2 calls Hebrew "iw" and Norwegian "no": the adapter gives ISO codes. */
    const char *he = "הממשלה הודיעה היום כי תקציב המדינה לשנה הבאה יאושר בשבוע הבא "
                     "לאחר דיונים ארוכים בוועדת הכספים של הכנסת.";
    assert_int_equal(nx_cld2_detect(he, strlen(he), &g), 0);
    assert_string_equal(g.code[0], "he");
    const char *de = "Die Bundesregierung will die Steuern für kleine Betriebe im nächsten Jahr "
                     "senken, teilte das Finanzministerium am Mittwoch in Berlin mit.";
    assert_int_equal(nx_cld2_detect(de, strlen(de), &g), 0);
    assert_string_equal(g.code[0], "de");
    assert_true(g.reliable);
    assert_true(g.percent[0] > 80);
    /* Invalid UTF-8: CLD2 stops there; the adapter identifies the valid
     * prefix (and never reads outputs CLD2 left unset: UBSan checks). */
    char broken[256];
    snprintf(broken, sizeof broken, "%s \xff\xfe rest", de);
    memset(&g, 0x7f, sizeof g);
    assert_int_equal(nx_cld2_detect(broken, strlen(broken), &g), 0);
    assert_string_equal(g.code[0], "de");
    assert_int_equal(nx_cld2_detect("\xff\xfe", 2, &g), -1);
    assert_false(g.reliable);
    assert_int_equal(nx_cld2_detect("12345 67", 8, &g), -1);
    assert_string_equal(g.code[0], "");
    assert_true(nx_cld2_knows("de"));
    assert_true(nx_cld2_knows("he"));
    assert_false(nx_cld2_knows("qq"));
    assert_non_null(strstr(nx_cld2_version(), "cld2"));
}

/* The record of one JSON envelope (the caller frees it with json_decref). */
static json_t *extract(const char *envelope)
{
    char errstr[256];
    nx_core_t *core = nx_core_new(NULL, errstr, sizeof(errstr));
    assert_non_null(core);
    nx_buf out;
    nx_buf_init(&out, 0);
    assert_int_equal(
        nx_extract(core, envelope, strlen(envelope), NULL, &out, NULL, errstr, sizeof(errstr)),
        NX_OK);
    json_error_t jerr;
    json_t *r = json_loadb(out.data, out.len, 0, &jerr);
    assert_non_null(r);
    nx_buf_free(&out);
    nx_core_destroy(core);
    return r;
}

static void check(const char *envelope, const char *lang, const char *source, const char *entities)
{
    json_t *r = extract(envelope);
    json_t *l = json_object_get(r, "lang");
    if (lang)
        assert_string_equal(json_string_value(l), lang);
    else
        assert_true(json_is_null(l));
    assert_string_equal(json_string_value(json_object_get(r, "lang_source")), source);
    json_t *st = json_object_get(json_object_get(r, "extractor"), "stages");
    assert_string_equal(json_string_value(json_object_get(st, "entities")), entities);
    assert_string_equal(json_string_value(json_object_get(st, "fingerprint")), "ok");
    assert_string_equal(json_string_value(json_object_get(st, "langid")), "ok");
    json_decref(r);
}

#define EN_TEXT                                                                                    \
    "The council said on Monday that the new bridge would open in the spring, after two years "    \
    "of work that had been delayed by a shortage of steel and by the wet winter. It is the first " \
    "crossing to be built in the city for more than forty years, and the mayor has said that she " \
    "wants it to carry buses and bicycles only."
#define FR_TEXT                                                                                    \
    "Le conseil municipal a voté mardi soir un budget en hausse pour la rénovation des écoles " \
    "de la ville. Selon le maire, les travaux commenceront dès le printemps et dureront deux ans."

static void test_decisions(void **unused)
{
    (void)unused;
    check("{\"text\":\"" EN_TEXT "\"}", "en", "detected", "ok");
    check("{\"text\":\"" EN_TEXT "\",\"lang\":\"en-GB\"}", "en", "envelope", "ok");
    /* French and German have entity models (config/models/ner-fr.bin, ner-de.bin) */
    check("{\"text\":\"" FR_TEXT "\"}", "fr", "detected", "ok");
    check("{\"text\":\"" FR_TEXT "\",\"lang\":\"fr\"}", "fr", "envelope", "ok");
    /* A clear disagreement: the text wins, the declared tag stays visible. */
    check("{\"text\":\"" FR_TEXT "\",\"lang\":\"en\"}", "fr", "detected", "ok");
    /* Not a language code: reported in lang_declared, never an error. */
    check("{\"text\":\"" FR_TEXT "\",\"lang\":\"french!\"}", "fr", "detected", "ok");
    /* Too little text: the declaration stands; without one, undetermined. */
    check("{\"text\":\"Merz in Paris\",\"lang\":\"de\"}", "de", "envelope", "ok");
    check("{\"text\":\"Merz in Paris\"}", NULL, "undetermined", "skipped: language");
    /* No letters: undetermined whatever was declared. */
    check("{\"text\":\"2025-03-14 12:00 +++ 17 %\",\"lang\":\"en\"}", NULL, "undetermined",
          "skipped: language");
    json_t *r = extract("{\"text\":\"" FR_TEXT "\",\"lang\":\"en\"}");
    assert_string_equal(json_string_value(json_object_get(r, "lang_declared")), "en");
    assert_true(json_real_value(json_object_get(r, "lang_confidence")) > 0.5);
    assert_int_equal(json_array_size(json_object_get(r, "entities")), 0);
    assert_true(json_is_null(json_object_get(r, "tone")));
    json_decref(r);
}

/* The record of one envelope from a core with room for 5 MiB of input and no
 * entity model (the test is about the langid stage); *read gets the bytes
 * the detector was given. The caller frees the record. */
static json_t *extract_counted(const char *envelope, size_t *read)
{
    char errstr[256];
    nx_core_opts opts;
    nx_core_opts_init(&opts);
    opts.max_input_bytes = 5u << 20;
    opts.languages = "en";
    nx_core_t *core = nx_core_new(&opts, errstr, sizeof(errstr));
    assert_non_null(core);
    nx_buf out;
    nx_buf_init(&out, 0);
    size_t before = nx_cld2_bytes_read();
    assert_int_equal(
        nx_extract(core, envelope, strlen(envelope), NULL, &out, NULL, errstr, sizeof(errstr)),
        NX_OK);
    *read = nx_cld2_bytes_read() - before;
    json_error_t jerr;
    json_t *r = json_loadb(out.data, out.len, 0, &jerr);
    assert_non_null(r);
    nx_buf_free(&out);
    nx_core_destroy(core);
    return r;
}

/* An envelope {"text": head repeated to at least `bytes` bytes, then tail},
 * optionally with "lang": declared. The caller frees it. */
static char *long_envelope(const char *head, size_t bytes, const char *tail, const char *declared)
{
    size_t hn = strlen(head), tn = strlen(tail);
    char *e = malloc(bytes + hn + tn + 64);
    assert_non_null(e);
    size_t n = (size_t)sprintf(e, "{\"text\":\"");
    for (size_t k = 0; k < bytes; k += hn) {
        memcpy(e + n, head, hn);
        n += hn;
    }
    memcpy(e + n, tail, tn);
    n += tn;
    if (declared)
        n += (size_t)sprintf(e + n, "\",\"lang\":\"%s", declared);
    strcpy(e + n, "\"}");
    return e;
}

#define DE_PARA                                                                                    \
    "Die Bundesregierung will die Steuern für kleine Betriebe im nächsten Jahr senken, teilte "  \
    "das Finanzministerium am Mittwoch in Berlin mit. Die Entlastung soll vor allem Handwerker "   \
    "und Händler treffen, die unter den hohen Energiepreisen leiden. "

static void check_long(const char *envelope, const char *lang, size_t *read)
{
    json_t *r = extract_counted(envelope, read);
    assert_string_equal(json_string_value(json_object_get(r, "lang")), lang);
    json_decref(r);
}

static void test_sample_bound(void **unused)
{
    (void)unused;
    size_t read_small, read_long, read_huge, read_declared;
    /* A German article of about 20 KB with a French tail: German, its main
     * language; the head settles it, so the detector reads the head only. */
    char *e = long_envelope(DE_PARA, 20000, FR_TEXT " " FR_TEXT " " FR_TEXT, NULL);
    check_long(e, "de", &read_long);
    free(e);
    assert_true(read_long > 0);
    assert_true(read_long <= NX_LANGID_HEAD);
    /* A short article is read whole, once. */
    e = long_envelope(DE_PARA, 1, "", NULL);
    check_long(e, "de", &read_small);
    free(e);
    assert_true(read_small >= strlen(DE_PARA) - 1);
    assert_true(read_small <= strlen(DE_PARA));
    /* 4 MiB of text costs the detector no more than a 20 KB one, and never
     * more than the cap. */
    e = long_envelope(DE_PARA, 4u << 20, FR_TEXT, NULL);
    check_long(e, "de", &read_huge);
    free(e);
    assert_int_equal(read_huge, read_long);
    assert_true(read_huge <= NX_LANGID_READ_MAX);
    /* A head that does not settle it (a declared language the head's answer
     * is not): the whole sample is read, and still within the cap. */
    e = long_envelope(DE_PARA, 4u << 20, FR_TEXT, "fr");
    check_long(e, "de", &read_declared);
    free(e);
    assert_true(read_declared > NX_LANGID_SAMPLE);
    assert_true(read_declared <= NX_LANGID_READ_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tag_norm),
        cmocka_unit_test(test_cld2_codes),
        cmocka_unit_test(test_decisions),
        cmocka_unit_test(test_sample_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
