/*
 * test_alloc_fail.c - allocation failure: for every n, make the n-th
 * allocation of one extraction fail and check that the core returns
 * NX_ERR_NOMEM with a message and nothing written, or the complete record,
 * byte-identical to the one made without failures. Never a crash; the
 * sanitizer build (ASan + LSan) proves nothing leaks. Inputs: the seed
 * article and the project's noisy article (plain text with header lines and
 * repairs), a JSON envelope and an HTML page from tests/data, so that
 * every input path and every stage is covered.
 * Core creation (models and lexicons loading) is checked the same way at a
 * spread of failure points.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nx_alloc.h"
#include "nx_core.h"

static char *slurp(const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/%s", NEWSX_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    assert_true(n > 0);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static nx_core_t *core_new(void)
{
    char errstr[512];
    nx_alloc_fail_at(0);
    nx_core_t *core = nx_core_new(NULL, errstr, sizeof errstr);
    if (!core)
        fail_msg("nx_core_new: %s", errstr);
    return core;
}

/* Every failure point of one extraction of tests/data/name. */
static void every_failure(const char *name)
{
    size_t len;
    char *in = slurp(name, &len);
    nx_core_t *core = core_new();
    nx_input_meta meta = {"key-1", 5, 1700000000000};
    char errstr[512];

    nx_buf ref;
    nx_buf_init(&ref, 0);
    nx_alloc_fail_at(0);
    assert_int_equal(nx_extract(core, in, len, &meta, &ref, NULL, errstr, sizeof errstr), NX_OK);
    unsigned long total = nx_alloc_count();
    assert_true(total > 0);
    assert_true(ref.len > 0);

    /* The first problem is kept and reported after the clean-up, so that a
     * failing run still frees everything and LeakSanitizer stays meaningful. */
    char problem[768] = "";
    unsigned long failed = 0, complete = 0;
    for (unsigned long n = 1; n <= total + 1 && !problem[0]; n++) {
        nx_buf out;
        nx_buf_init(&out, 0);
        errstr[0] = '\0';
        nx_alloc_fail_at(n);
        nx_err e = nx_extract(core, in, len, &meta, &out, NULL, errstr, sizeof errstr);
        unsigned long made = nx_alloc_count();
        nx_alloc_fail_at(0);
        if (e == NX_OK) {
            /* The failure was absorbed (or n lay past the last allocation):
             * the record must be the complete one. */
            if (out.len != ref.len || memcmp(out.data, ref.data, ref.len) != 0)
                snprintf(problem, sizeof problem,
                         "%s: allocation %lu of %lu failed and the record differs", name, n, total);
            complete++;
        } else if (e != NX_ERR_NOMEM) {
            snprintf(problem, sizeof problem,
                     "%s: allocation %lu of %lu failed and the core returned %s (%s), not nomem",
                     name, n, total, nx_err_name(e), errstr);
        } else if (errstr[0] == '\0') {
            snprintf(problem, sizeof problem, "%s: allocation %lu: nomem without a message", name,
                     n);
        } else if (out.len != 0) {
            snprintf(problem, sizeof problem, "%s: allocation %lu: an error and %zu bytes written",
                     name, n, out.len);
        } else if (made < n) {
            snprintf(problem, sizeof problem, "%s: nomem at allocation %lu but only %lu were made",
                     name, n, made);
        } else {
            failed++;
        }
        nx_buf_free(&out);
    }
    nx_buf_free(&ref);
    nx_core_destroy(core);
    free(in);
    if (problem[0])
        fail_msg("%s", problem);
    /* Past the last allocation nothing fails: at least one complete record. */
    assert_true(complete >= 1);
    assert_true(failed >= 1);
    print_message("%s: %lu allocations; %lu failure points gave nomem, %lu a complete record\n",
                  name, total, failed, complete);
}

static void test_seed_article(void **state)
{
    (void)state;
    every_failure("seed-article.txt");
}

static void test_own_article(void **state)
{
    (void)state;
    every_failure("fjord-tunnel.txt");
}

static void test_json_envelope(void **state)
{
    (void)state;
    every_failure("envelope-article.json");
}

static void test_html_page(void **state)
{
    (void)state;
    every_failure("page.html");
}

/* Core creation: NULL with a message, or a working core; never a leak. */
static void test_core_new(void **state)
{
    (void)state;
    char errstr[512];
    nx_alloc_fail_at(0);
    nx_core_t *core = nx_core_new(NULL, errstr, sizeof errstr);
    assert_non_null(core);
    unsigned long total = nx_alloc_count();
    nx_core_destroy(core);
    assert_true(total > 0);

    /* Every point up to 64, then about 120 points spread evenly, then the last. */
    unsigned long step = total > 64 ? (total - 64) / 120 + 1 : 1;
    unsigned long tried = 0, nulls = 0;
    for (unsigned long n = 1; n <= total + 1;) {
        errstr[0] = '\0';
        nx_alloc_fail_at(n);
        core = nx_core_new(NULL, errstr, sizeof errstr);
        nx_alloc_fail_at(0);
        if (!core) {
            if (errstr[0] == '\0')
                fail_msg("nx_core_new: allocation %lu of %lu failed without a message", n, total);
            nulls++;
        } else {
            nx_core_destroy(core);
        }
        tried++;
        if (n == total + 1)
            break;
        n = n < 64 ? n + 1 : n + step;
        if (n > total)
            n = total + 1;
    }
    assert_true(nulls >= 1);
    print_message("nx_core_new: %lu allocations, %lu failure points tried, %lu refused\n", total,
                  tried, nulls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_article),  cmocka_unit_test(test_own_article),
        cmocka_unit_test(test_json_envelope), cmocka_unit_test(test_html_page),
        cmocka_unit_test(test_core_new),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
