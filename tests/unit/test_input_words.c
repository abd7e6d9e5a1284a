/*
 * test_input_words.c - the English words of the input and clean stages come
 * from config/lang/en/input-words.tsv: a copy with a word added or removed
 * changes the header_junk and repeated_token repairs; a missing or
 * malformed file is a configuration error naming its path (and line).
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

#include "clean.h"
#include "input.h"
#include "input_words.h"
#include "nx_core.h"
#include "nx_doc.h"
#include "en_config.h"

/* dir/lang/en/input-words.tsv: the project's file without its lines equal
 * to drop (NULL: none), then the text add. */
static void write_words(const char *dir, const char *drop, const char *add)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/lang", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof(path), "%s/lang/en", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof(path), "%s/lang/en/input-words.tsv", dir);
    nx_test_copy_en(path, "input-words.tsv", 1, drop, add);
}

/* The header junk removed from a text input ("" when none). */
static void junk_of(const nx_input_words *iw, const char *in, char *got, size_t cap)
{
    nx_core_opts o;
    nx_core_opts_init(&o);
    nx_doc doc;
    nx_doc_init(&doc, NULL, &o);
    doc.input = in;
    doc.input_len = strlen(in);
    nx_span junk;
    char err[256];
    assert_int_equal(nx_input_parse_with(&doc, iw, &junk, err, sizeof(err)), NX_OK);
    snprintf(got, cap, "%.*s", (int)(junk.end - junk.start), in + junk.start);
    nx_doc_free(&doc);
}

/* The clean text of raw. */
static void clean_of(const nx_input_words *iw, const char *raw, char *got, size_t cap)
{
    nx_core_opts o;
    nx_core_opts_init(&o);
    nx_doc doc;
    nx_doc_init(&doc, NULL, &o);
    doc.raw = raw;
    doc.raw_len = strlen(raw);
    char err[256];
    assert_int_equal(nx_clean_with(&doc, iw, err, sizeof(err)), NX_OK);
    snprintf(got, cap, "%s", doc.text);
    nx_doc_free(&doc);
}

static const char glued_the[] = "date 2023-02-01 JThe Russian government said so.\n";
static const char glued_ministry[] = "date 2023-02-01 JMinistry officials said so.\n";
static const char yes_yes[] = "He said yes. yes. Then he left.";
static const char wow_wow[] = "Oh wow. wow. Then he left.";

static void test_project_words(void **state)
{
    (void)state;
    const nx_input_words *iw = NULL;
    char err[256] = "", got[256];
    assert_int_equal(nx_input_words_default(&iw, err, sizeof(err)), NX_OK);
    junk_of(iw, glued_the, got, sizeof(got));
    assert_string_equal(got, "J");
    junk_of(iw, glued_ministry, got, sizeof(got));
    assert_string_equal(got, "");
    clean_of(iw, yes_yes, got, sizeof(got));
    assert_string_equal(got, yes_yes);
    clean_of(iw, "He left. left. Then.", got, sizeof(got));
    assert_string_equal(got, "He left. Then.");
}

/* A copy with "the" and "yes" removed and "ministry" and "wow" added. */
static void test_words_from_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/newsx-iwords-XXXXXX", err[256] = "", got[256];
    assert_non_null(mkdtemp(dir));
    write_words(dir, "the\topener\n", "ministry\topener\nwow\trepeat\n");
    nx_input_words *iw = NULL;
    assert_int_equal(nx_input_words_load(dir, &iw, err, sizeof(err)), NX_OK);
    junk_of(iw, glued_the, got, sizeof(got));
    assert_string_equal(got, "");
    junk_of(iw, glued_ministry, got, sizeof(got));
    assert_string_equal(got, "J");
    clean_of(iw, wow_wow, got, sizeof(got));
    assert_string_equal(got, wow_wow);
    nx_input_words_free(iw);
    write_words(dir, "yes\trepeat\n", "");
    assert_int_equal(nx_input_words_load(dir, &iw, err, sizeof(err)), NX_OK);
    clean_of(iw, yes_yes, got, sizeof(got));
    assert_string_equal(got, "He said yes. Then he left.");
    nx_input_words_free(iw);
    char path[512];
    snprintf(path, sizeof(path), "%s/lang/en/input-words.tsv", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/lang/en", dir);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/lang", dir);
    rmdir(path);
    rmdir(dir);
}

/* Missing: NX_ERR_CONFIG naming the path; malformed
 * lines name file:line. */
static void test_bad_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/newsx-iwords-XXXXXX", err[512] = "", path[512];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/lang/en/input-words.tsv", dir);
    nx_input_words *iw = NULL;
    assert_int_equal(nx_input_words_load(dir, &iw, err, sizeof(err)), NX_ERR_CONFIG);
    assert_null(iw);
    assert_non_null(strstr(err, path));
    snprintf(path, sizeof(path), "%s/lang", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/lang/en", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    static const struct {
        const char *add, *want;
    } bad[] = {
        {"ministry\n", "input-words.tsv:2"},          /* no class */
        {"ministry\topeners\n", "input-words.tsv:2"}, /* unknown class */
        {"Ministry\topener\n", "input-words.tsv:2"},  /* not lower case */
        {"vice president\topener\n", "input-words.tsv:2"},
        {"abcdefghijklmnopq\topener\n", "input-words.tsv:2"}, /* 17 bytes */
        {"wow\trepeat\n", "no opener words"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(path, sizeof(path), "%s/lang/en/input-words.tsv", dir);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fprintf(f, "# comment\n%s", bad[i].add);
        fclose(f);
        err[0] = '\0';
        assert_int_equal(nx_input_words_load(dir, &iw, err, sizeof(err)), NX_ERR_CONFIG);
        assert_null(iw);
        if (!strstr(err, bad[i].want))
            fail_msg("line \"%s\": error \"%s\" lacks \"%s\"", bad[i].add, err, bad[i].want);
    }
    unlink(path);
    snprintf(path, sizeof(path), "%s/lang/en", dir);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/lang", dir);
    rmdir(path);
    rmdir(dir);
}

/* A config folder with everything the core needs but input-words.tsv: the
 * core is not created, and its error names the file. */
static void test_core_needs_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/newsx-iwcore-XXXXXX", path[512], target[512], err[512] = "";
    assert_non_null(mkdtemp(dir));
    const char *keep[] = {"models", "lexicons", "gazetteers"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, keep[i]);
        snprintf(target, sizeof(target), "%s/config/%s", NEWSX_SOURCE_DIR, keep[i]);
        assert_int_equal(symlink(target, path), 0);
    }
    snprintf(path, sizeof(path), "%s/lang", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/lang/en", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    static const char *const en[] = {"quote-words.tsv", "stopwords.tsv", "word-classes.tsv",
                                     "sentences.tsv", "amounts.tsv"};
    nx_test_link_en(dir, en, sizeof(en) / sizeof(en[0]));
    nx_core_opts o;
    nx_core_opts_init(&o);
    o.config_dir = dir;
    nx_core_t *c = nx_core_new(&o, err, sizeof(err));
    if (c)
        nx_core_destroy(c);
    assert_null(c);
    snprintf(path, sizeof(path), "%s/lang/en/input-words.tsv", dir);
    if (!strstr(err, path))
        fail_msg("core error \"%s\" lacks %s", err, path);
    nx_test_unlink_en(dir, en, sizeof(en) / sizeof(en[0]));
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, keep[i]);
        unlink(path);
    }
    snprintf(path, sizeof(path), "%s/lang/en", dir);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/lang", dir);
    rmdir(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_project_words),
        cmocka_unit_test(test_words_from_file),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_core_needs_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
