/*
 * test_langid_group.c - the langid second stage (langid_group.c) on the test
 * models of tests/data/langid/groups/: loading, scoring, the groups' rules
 * (which answers they apply to, short-only groups, the switch lead, texts
 * the model does not know), a malformed file and feature keys.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "langid_group.h"

#define DATA NEWSX_SOURCE_DIR "/tests/data/langid/"

static nx_langid_groups *load(void)
{
    char errstr[256] = "";
    nx_langid_groups *g = NULL;
    assert_int_equal(nx_langid_groups_load(DATA "groups", &g, errstr, sizeof(errstr)), NX_OK);
    assert_non_null(g);
    return g;
}

/* The group's answer for a text CLD2 gave `code`, or "-" when none. */
static const char *decide(const nx_langid_groups *g, const char *code, const char *text,
                          size_t letters, char *out)
{
    double post = -1.0;
    if (!nx_langid_groups_decide(g, code, text, strlen(text), letters, out, &post))
        return "-";
    assert_true(post > 0.0 && post <= 1.0);
    return out;
}

static void test_scores(void **unused)
{
    (void)unused;
    nx_langid_groups *g = load();
    char out[8];
    /* "kato" is aa's word, "hiru" bb's (and its n-gram "ir"). */
    assert_string_equal(decide(g, "aa", "la kato la kato", 15, out), "aa");
    assert_string_equal(decide(g, "aa", "La HIRU, la hiru; hiru!", 17, out), "bb");
    assert_string_equal(decide(g, "bb", "Kato la kato.", 10, out), "aa");
    /* Switch: a lead under 0.5 per word keeps CLD2's answer (6 over 13
     * words), a larger one overturns it (12 over 14 words). */
    const char *close = "kato kato hiru la la la la la la la la la la";
    assert_string_equal(decide(g, "bb", close, 40, out), "bb");
    assert_string_equal(decide(g, "aa", close, 40, out), "aa");
    assert_string_equal(
        decide(g, "bb", "kato kato kato hiru la la la la la la la la la la", 45, out), "aa");
    /* Words with a capital (names) are left out when three or more words
     * begin in lower case: all six words would give aa. */
    assert_string_equal(decide(g, "aa", "Kato Kato Kato la hiru hiru", 22, out), "bb");
    assert_string_equal(decide(g, "bb", "Kato Kato Kato La hiru hiru", 22, out), "aa");
    /* Not a group's language: no answer. */
    assert_string_equal(decide(g, "zz", "la kato", 6, out), "-");
    /* Fewer than one word in four known (another language, another script). */
    assert_string_equal(decide(g, "aa", "la xyz qqq www vvv", 14, out), "-");
    assert_string_equal(decide(g, "aa", "жена мати като", 12, out), "-");
    assert_string_equal(decide(g, "aa", "", 0, out), "-");
    /* Letters outside ASCII are lower-cased and matched ("ŽENA" -> "žena"). */
    assert_string_equal(decide(g, "bb", "ŽENA ŽENA la", 10, out), "aa");
    /* A short-only group: applies up to NX_LANGID_SHORT_LETTERS letters. */
    assert_string_equal(decide(g, "cc", "dos dos uno", 9, out), "dd");
    assert_string_equal(decide(g, "cc", "dos dos uno", NX_LANGID_SHORT_LETTERS + 1, out), "-");
    /* Invalid UTF-8 separates words; a word longer than 48 letters is left out. */
    assert_string_equal(decide(g, "cc",
                               "dos\xff"
                               "dos uno",
                               9, out),
                        "dd");
    char long_word[80];
    memset(long_word, 'a', 60);
    strcpy(long_word + 60, " uno");
    assert_string_equal(decide(g, "dd", long_word, 63, out), "cc");
    nx_langid_groups_free(g);
}

static void test_load_errors(void **unused)
{
    (void)unused;
    char errstr[256] = "";
    nx_langid_groups *g = (nx_langid_groups *)1;
    assert_int_equal(nx_langid_groups_load(DATA "groups-bad", &g, errstr, sizeof(errstr)),
                     NX_ERR_CONFIG);
    assert_null(g);
    assert_non_null(strstr(errstr, "broken.tsv:4"));
    /* No folder: an empty set that never answers. */
    assert_int_equal(nx_langid_groups_load(DATA "no-such-folder", &g, errstr, sizeof(errstr)),
                     NX_OK);
    char out[8];
    double post;
    assert_int_equal(nx_langid_groups_decide(g, "hr", "kato", 4, 4, out, &post), 0);
    nx_langid_groups_free(g);
}

/* Feature keys of the two kinds never meet: the word "č" and the bigram
 * "ča" both load, and a word the model lacks finds no bigram's row. */
static void test_keys(void **unused)
{
    (void)unused;
    char errstr[256] = "";
    nx_langid_groups *g = NULL;
    assert_int_equal(nx_langid_groups_load(DATA "groups-keys", &g, errstr, sizeof(errstr)), NX_OK);
    char out[8];
    /* "č" is ee's word (the bigram is not scored: weight 0). */
    assert_string_equal(decide(g, "ff", "č č la", 4, out), "ee");
    /* "č" unknown to gg/hh: "la" alone, a tie, CLD2's answer stays. */
    assert_string_equal(decide(g, "gg", "č č la", 4, out), "gg");
    assert_string_equal(decide(g, "hh", "č č la", 4, out), "hh");
    nx_langid_groups_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scores),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
