/*
 * test_timex_intl.c - the word tables of the dates stage for languages
 * other than English (timex_intl.h, timex_intl_words.c): every shipped
 * config/lang/<code>/timex.tsv loads, and a malformed line (unknown class,
 * phrase of more than three words, text value too long) is a start-up error
 * naming its file and line.
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

#include "timex_intl.h"

static void test_shipped_files_load(void **unused)
{
    (void)unused;
    char dir[1024], errstr[256] = "";
    snprintf(dir, sizeof(dir), "%s/config", NEWSX_SOURCE_DIR);
    nx_timex_intl *t = NULL;
    nx_err e = nx_timex_intl_new(dir, &t, errstr, sizeof(errstr));
    if (e)
        fail_msg("%s", errstr);
    assert_string_equal(nx_timex_intl_langs(t), "de es fr it nl pt");
    nx_timex_intl_free(t);
}

/* A config dir under /tmp with one language "xx" whose timex.tsv is body;
 * returns the error of loading it (errstr filled). */
static nx_err load_body(const char *body, char *errstr, size_t errstr_size)
{
    char root[] = "/tmp/nx_timex_intl_XXXXXX";
    assert_non_null(mkdtemp(root));
    char path[256];
    snprintf(path, sizeof(path), "%s/lang", root);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/lang/xx", root);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/lang/xx/timex.tsv", root);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(body, f);
    fclose(f);
    nx_timex_intl *t = NULL;
    nx_err e = nx_timex_intl_new(root, &t, errstr, errstr_size);
    if (!e) {
        assert_string_equal(nx_timex_intl_langs(t), "xx");
        nx_timex_intl_free(t);
    } else
        assert_null(t);
    unlink(path);
    snprintf(path, sizeof(path), "%s/lang/xx", root);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/lang", root);
    rmdir(path);
    rmdir(root);
    return e;
}

static void test_good_and_malformed_lines(void **unused)
{
    (void)unused;
    char errstr[256];
    assert_int_equal(load_body("# comment\nheute\trelative-day\t0\nvor\tago\t-1\n"
                               "jeden\teach\t-\nab\tage\tany\nhora local\tclock\th\n",
                               errstr, sizeof(errstr)),
                     NX_OK);
    assert_int_equal(
        load_body("heute\trelative-day\t0\nfoo\tnot-a-class\t-\n", errstr, sizeof(errstr)),
        NX_ERR_CONFIG);
    assert_non_null(strstr(errstr, "timex.tsv:2: malformed line"));
    assert_int_equal(load_body("a b c d\tref\tPRESENT_REF\n", errstr, sizeof(errstr)),
                     NX_ERR_CONFIG);
    assert_non_null(strstr(errstr, "timex.tsv:1:"));
    assert_int_equal(load_body("x\tref\tPRESENT_REF_TOO_LONG\n", errstr, sizeof(errstr)),
                     NX_ERR_CONFIG);
    assert_int_equal(load_body("x\tref\n", errstr, sizeof(errstr)), NX_ERR_CONFIG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_files_load),
        cmocka_unit_test(test_good_and_malformed_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
