/*
 * test_lang_pack.c - language packs (lang_pack.h): the CLDR-generated files
 * under config/lang/ load, and words, marks and symbols come back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lang_pack.h"

static nx_lang_pack *load(const char *code)
{
    char dir[1024], errstr[256];
    snprintf(dir, sizeof(dir), "%s/config/lang/%s", NEWSX_SOURCE_DIR, code);
    nx_lang_pack *p = nx_lang_pack_load(dir, code, errstr, sizeof(errstr));
    if (!p)
        fail_msg("%s", errstr);
    return p;
}

static void test_german(void **unused)
{
    (void)unused;
    nx_lang_pack *p = load("de");
    int v = 0;
    assert_string_equal(nx_lang_pack_code(p), "de");
    assert_true(nx_lang_pack_size(p) > 60);
    assert_int_equal(nx_lang_pack_word(p, "März", strlen("März"), &v), NX_LW_MONTH);
    assert_int_equal(v, 3);
    assert_int_equal(nx_lang_pack_word(p, "MÄRZ", strlen("MÄRZ"), &v), NX_LW_MONTH);
    assert_int_equal(nx_lang_pack_word(p, "Dezember", 8, &v), NX_LW_MONTH);
    assert_int_equal(v, 12);
    assert_int_equal(nx_lang_pack_word(p, "Sonntag", 7, &v), NX_LW_WEEKDAY);
    assert_int_equal(v, 7);
    assert_int_equal(nx_lang_pack_word(p, "Montag", 6, &v), NX_LW_WEEKDAY);
    assert_int_equal(v, 1);
    assert_int_equal(nx_lang_pack_word(p, "gestern", 7, &v), NX_LW_REL_DAY);
    assert_int_equal(v, -1);
    assert_int_equal(nx_lang_pack_word(p, "letzte Woche", 12, &v), NX_LW_REL_WEEK);
    assert_int_equal(v, -1);
    assert_int_equal(nx_lang_pack_word(p, "Seite", 5, &v), 0);
    assert_string_equal(nx_lang_pack_quote(p, "open"), "„");
    assert_string_equal(nx_lang_pack_quote(p, "close"), "“");
    assert_string_equal(nx_lang_pack_number(p, "decimal"), ",");
    assert_string_equal(nx_lang_pack_number(p, "group"), ".");
    assert_null(nx_lang_pack_number(p, "nonsense"));
    nx_lang_pack_free(p);
}

static void test_every_pack(void **unused)
{
    (void)unused;
    static const struct {
        const char *code, *january, *open;
    } packs[] = {{"en", "January", "“"}, {"de", "Januar", "„"},  {"fr", "janvier", "«"},
                 {"es", "enero", "«"},   {"it", "gennaio", "«"}, {"pt", "janeiro", "“"},
                 {"nl", "januari", "‘"}};
    for (size_t i = 0; i < sizeof(packs) / sizeof(packs[0]); i++) {
        nx_lang_pack *p = load(packs[i].code);
        int v = 0;
        assert_int_equal(nx_lang_pack_word(p, packs[i].january, strlen(packs[i].january), &v),
                         NX_LW_MONTH);
        assert_int_equal(v, 1);
        assert_string_equal(nx_lang_pack_quote(p, "open"), packs[i].open);
        assert_non_null(nx_lang_pack_number(p, "decimal"));
        nx_lang_pack_free(p);
    }
}

static void test_malformed(void **unused)
{
    (void)unused;
    char dir[] = "/tmp/newsx-lang-pack-XXXXXX";
    assert_non_null(mkdtemp(dir));
    static const char *const files[] = {"calendar.tsv", "relative.tsv", "quotes.tsv",
                                        "numbers.tsv"};
    char path[256], errstr[256];
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(i == 0 ? "# comment\njanuar\tmonth\t1\nfebruar\tmonthly\t2\n" : "", f);
        fclose(f);
    }
    assert_null(nx_lang_pack_load(dir, "xx", errstr, sizeof(errstr)));
    assert_non_null(strstr(errstr, "calendar.tsv:3"));
    snprintf(path, sizeof(path), "%s/calendar.tsv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("januar\tmonth\t1\n", f);
    fclose(f);
    nx_lang_pack *p = nx_lang_pack_load(dir, "xx", errstr, sizeof(errstr));
    assert_non_null(p);
    assert_null(nx_lang_pack_quote(p, "open"));
    nx_lang_pack_free(p);
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
        unlink(path);
    }
    snprintf(path, sizeof(path), "%s/quotes.tsv", dir);
    assert_null(nx_lang_pack_load(dir, "xx", errstr, sizeof(errstr)));
    assert_non_null(strstr(errstr, "cannot open"));
    rmdir(dir);
}

/* One words file alone (nx_lang_pack_load_words): en/amounts.tsv's classes
 * and values; a missing file is a configuration error naming it. */
static void test_load_words(void **unused)
{
    (void)unused;
    char path[1024], errstr[256] = "";
    snprintf(path, sizeof(path), "%s/config/lang/en/amounts.tsv", NEWSX_SOURCE_DIR);
    nx_lang_pack *p = NULL;
    assert_int_equal(nx_lang_pack_load_words(path, "en", &p, errstr, sizeof(errstr)), NX_OK);
    int v = 0;
    assert_int_equal(nx_lang_pack_word_class(p, "Million", 7, NX_LW_SCALE, &v), NX_LW_SCALE);
    assert_int_equal(v, 6);
    assert_int_equal(nx_lang_pack_word_class(p, "dozen", 5, NX_LW_FACTOR, &v), NX_LW_FACTOR);
    assert_int_equal(v, 12);
    char code[4];
    assert_true(nx_lang_pack_word_class(p, "euros", 5, NX_LW_CURRENCY, &v) != 0);
    nx_lang_currency(v, code);
    assert_string_equal(code, "EUR");
    assert_true(nx_lang_pack_word_class(p, "per cent", 8, NX_LW_PERCENT, &v) != 0);
    assert_int_equal(v, 1);
    assert_true(nx_lang_pack_word_class(p, "barrel", 6, NX_LW_MEASURE, NULL) != 0);
    assert_int_equal(nx_lang_pack_word_class(p, "barrel", 6, NX_LW_VERB, NULL), 0);
    /* "a": an article and a determiner */
    assert_int_equal(nx_lang_pack_word(p, "a", 1, NULL), NX_LW_ARTICLE | NX_LW_DET);
    /* no calendar: only the one file */
    assert_int_equal(nx_lang_pack_word(p, "January", 7, NULL), 0);
    nx_lang_pack_free(p);
    p = NULL;
    assert_int_equal(
        nx_lang_pack_load_words("/nonexistent/amounts.tsv", "en", &p, errstr, sizeof(errstr)),
        NX_ERR_CONFIG);
    assert_null(p);
    assert_non_null(strstr(errstr, "/nonexistent/amounts.tsv"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_german),
        cmocka_unit_test(test_every_pack),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_load_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
