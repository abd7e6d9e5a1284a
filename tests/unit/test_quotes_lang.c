/*
 * test_quotes_lang.c - the quote stage's data for languages other than
 * English (quotes_lang.h): the project's files load, a malformed line is a
 * start-up error naming it, and a language without data still gets its
 * quotations, with no speaker rather than a guessed one.
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

#include "nx_buf.h"
#include "nx_core.h"
#include "quotes_lang.h"
#include "en_config.h"

static const char ISSUE_DE[] =
    "Berlin (dpa) - Bundeskanzler Friedrich Merz hat am Montag in Paris mit dem französischen "
    "Präsidenten Emmanuel Macron über die Lage in der Ukraine gesprochen. „Wir stehen fest an "
    "der Seite der Ukraine“, sagte Merz nach dem Treffen.\n";

static void test_project_data(void **unused)
{
    (void)unused;
    nx_qlang *q = NULL;
    char errstr[256] = "";
    assert_int_equal(nx_qlang_load(NEWSX_SOURCE_DIR "/config", &q, errstr, sizeof(errstr)), NX_OK);
    assert_non_null(q);
    nx_qlang_free(q);
    /* no config folder: no data, no error */
    assert_int_equal(nx_qlang_load("/nonexistent-newsx-config", &q, errstr, sizeof(errstr)), NX_OK);
    nx_qlang_free(q);
}

static void test_malformed(void **unused)
{
    (void)unused;
    char dir[] = "/tmp/newsx-qlang-XXXXXX", path[256], errstr[256] = "";
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/lang", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/lang/xx", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/lang/xx/speech-verbs.tsv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# comment\nsagte\tverb\nmeinte\tverbs\n", f);
    fclose(f);
    nx_qlang *q = NULL;
    assert_int_equal(nx_qlang_load(dir, &q, errstr, sizeof(errstr)), NX_ERR_CONFIG);
    assert_null(q);
    assert_non_null(strstr(errstr, "speech-verbs.tsv:3"));
    /* the speaker words are required beside the verbs */
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("sagte\tverb\n", f);
    fclose(f);
    assert_int_equal(nx_qlang_load(dir, &q, errstr, sizeof(errstr)), NX_ERR_CONFIG);
    assert_non_null(strstr(errstr, "speaker-words.tsv"));
    unlink(path);
    snprintf(path, sizeof(path), "%s/lang/xx", dir);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/lang", dir);
    rmdir(path);
    rmdir(dir);
}

/* The issue's sentence through a core with config_dir; returns the record. */
static json_t *extract(const char *config_dir)
{
    nx_core_opts opts;
    nx_core_opts_init(&opts);
    opts.config_dir = config_dir;
    char errstr[256] = "";
    nx_core_t *core = nx_core_new(&opts, errstr, sizeof(errstr));
    if (!core)
        fail_msg("core: %s", errstr);
    nx_buf out;
    nx_buf_init(&out, 0);
    assert_int_equal(
        nx_extract(core, ISSUE_DE, strlen(ISSUE_DE), NULL, &out, NULL, errstr, sizeof(errstr)),
        NX_OK);
    json_error_t jerr;
    json_t *r = json_loadb(out.data, out.len, 0, &jerr);
    assert_non_null(r);
    nx_buf_free(&out);
    nx_core_destroy(core);
    return r;
}

static void test_issue_sentence(void **unused)
{
    (void)unused;
    json_t *r = extract(NEWSX_SOURCE_DIR "/config");
    json_t *qs = json_object_get(r, "quotes");
    assert_int_equal(json_array_size(qs), 1);
    json_t *q = json_array_get(qs, 0);
    assert_string_equal(json_string_value(json_object_get(q, "text")),
                        "„Wir stehen fest an der Seite der Ukraine“");
    assert_string_equal(json_string_value(json_object_get(q, "kind")), "direct");
    json_t *sp = json_object_get(q, "speaker");
    assert_string_equal(json_string_value(json_object_get(sp, "text")), "Merz");
    assert_true(json_is_null(json_object_get(sp, "entity")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(q, "cue"), "text")),
                        "sagte");
    json_decref(r);
    /* without the language's data (a config whose lang/ holds only the
     * English words, which the core requires): the quotation,
     * no speaker, no cue */
    static const char *const keep[] = {"gazetteers", "lexicons", "models", "schema",
                                       "newsx.properties"};
    char dir[] = "/tmp/newsx-qlang-XXXXXX", path[512], target[512];
    assert_non_null(mkdtemp(dir));
    for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, keep[i]);
        snprintf(target, sizeof(target), "%s/config/%s", NEWSX_SOURCE_DIR, keep[i]);
        assert_int_equal(symlink(target, path), 0);
    }
    snprintf(path, sizeof(path), "%s/lang", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/lang/en", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    static const char *const en[] = {"quote-words.tsv", "stopwords.tsv", "word-classes.tsv",
                                     "sentences.tsv",   "amounts.tsv",   "input-words.tsv"};
    nx_test_link_en(dir, en, sizeof(en) / sizeof(en[0]));
    r = extract(dir);
    assert_string_equal(json_string_value(json_object_get(r, "lang")), "de");
    qs = json_object_get(r, "quotes");
    assert_int_equal(json_array_size(qs), 1);
    q = json_array_get(qs, 0);
    assert_true(json_is_null(json_object_get(q, "speaker")));
    assert_true(json_is_null(json_object_get(q, "cue")));
    json_decref(r);
    nx_test_unlink_en(dir, en, sizeof(en) / sizeof(en[0]));
    snprintf(path, sizeof(path), "%s/lang/en", dir);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/lang", dir);
    rmdir(path);
    for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, keep[i]);
        unlink(path);
    }
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_project_data),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_issue_sentence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
