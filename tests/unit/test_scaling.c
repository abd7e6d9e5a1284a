/*
 * test_scaling.c - the core does work linear in the article's size on the
 * adversarial shapes of tests/scaling/gen.h (issue 25), and the work budget
 * turns a costlier article into NX_ERR_TOO_COMPLEX, deterministically.
 *
 * The work is the budget's step count (nx_stage_times.steps_total), which the
 * stages add in their loops, including the loops that once were quadratic
 * (the headline check per quotation, the walk back over earlier sentences,
 * the writer's scan of all mentions per entity, the title comparison at every
 * offset): each shape runs at 64 KiB and at 1 MiB, and the steps may grow at
 * most 1.5 times as fast as the bytes.
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

#include "../scaling/gen.h"
#include "nx_core.h"

static nx_core_t *g_core;

static int setup(void **state)
{
    (void)state;
    char errstr[256];
    nx_core_opts opts;
    nx_core_opts_init(&opts);
    g_core = nx_core_new(&opts, errstr, sizeof(errstr));
    if (!g_core)
        fprintf(stderr, "core: %s\n", errstr);
    return g_core ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    nx_core_destroy(g_core);
    return 0;
}

/* Steps of one extraction of shape at about n bytes; *len gets the size. */
static uint64_t steps_of(const nx_core_t *core, const char *shape, size_t n, size_t *len,
                         nx_err *err)
{
    char *in = gen_article(shape, n, len);
    assert_non_null(in);
    nx_buf out;
    nx_buf_init(&out, 0);
    nx_stage_times st;
    char errstr[256];
    *err = nx_extract(core, in, *len, NULL, &out, &st, errstr, sizeof(errstr));
    nx_buf_free(&out);
    free(in);
    return st.steps_total;
}

static void test_linear_work(void **state)
{
    (void)state;
    for (size_t s = 0; s < GEN_N_SHAPES; s++) {
        size_t l0, l1;
        nx_err e0, e1;
        uint64_t s0 = steps_of(g_core, gen_shapes[s].name, 64 << 10, &l0, &e0);
        uint64_t s1 = steps_of(g_core, gen_shapes[s].name, 1 << 20, &l1, &e1);
        double growth = ((double)s1 / (double)s0) / ((double)l1 / (double)l0);
        printf("scaling %-12s 64 KiB: %10llu steps (%.2f/byte)  1 MiB: %10llu steps (%.2f/byte)  "
               "steps grow %.2fx as fast as bytes\n",
               gen_shapes[s].name, (unsigned long long)s0, (double)s0 / (double)l0,
               (unsigned long long)s1, (double)s1 / (double)l1, growth);
        /* both sizes extract (the default budget is far above these shapes) */
        assert_int_equal(e0, NX_OK);
        assert_int_equal(e1, NX_OK);
        assert_true(s0 > l0 / 2); /* the steps count the work at all */
        assert_true(growth <= 1.5);
    }
}

/* Past the budget: too_complex, nothing written, the same on every run. */
static void test_too_complex(void **state)
{
    (void)state;
    char errstr[256];
    nx_core_opts opts;
    nx_core_opts_init(&opts);
    opts.max_steps_per_byte = 2;
    opts.min_steps = 1000;
    nx_core_t *core = nx_core_new(&opts, errstr, sizeof(errstr));
    assert_non_null(core);
    size_t len;
    char *in = gen_article("quotes", 64 << 10, &len);
    uint64_t steps[2];
    for (int r = 0; r < 2; r++) {
        nx_buf out, id;
        nx_buf_init(&out, 0);
        nx_buf_init(&id, 0);
        nx_stage_times st;
        nx_err e = nx_extract_id(core, in, len, NULL, &out, &id, &st, errstr, sizeof(errstr));
        assert_int_equal(e, NX_ERR_TOO_COMPLEX);
        assert_string_equal(nx_err_name(e), "too_complex");
        assert_non_null(strstr(errstr, "steps"));
        assert_int_equal(out.len, 0);
        assert_int_equal(id.len, 0);
        assert_true(st.steps_total > 2 * len);
        steps[r] = st.steps_total;
        nx_buf_free(&out);
        nx_buf_free(&id);
    }
    assert_true(steps[0] == steps[1]);
    /* a zero budget is a configuration error */
    opts.max_steps_per_byte = 0;
    assert_null(nx_core_new(&opts, errstr, sizeof(errstr)));
    free(in);
    nx_core_destroy(core);
}

/* nx_extract_id gives the record's "id" value: the envelope's, the key, or the hash. */
static void check_id(const char *in, const char *key, const char *want)
{
    nx_input_meta meta = {key, key ? strlen(key) : 0, -1};
    nx_buf out, id;
    nx_buf_init(&out, 0);
    nx_buf_init(&id, 0);
    char errstr[256];
    assert_int_equal(
        nx_extract_id(g_core, in, strlen(in), &meta, &out, &id, NULL, errstr, sizeof(errstr)),
        NX_OK);
    json_error_t jerr;
    json_t *rec = json_loadb(out.data, out.len, 0, &jerr);
    assert_non_null(rec);
    const char *rid = json_string_value(json_object_get(rec, "id"));
    assert_non_null(rid);
    assert_int_equal(id.len, strlen(rid));
    assert_memory_equal(id.data, rid, id.len);
    if (want)
        assert_string_equal(id.data, want);
    json_decref(rec);
    nx_buf_free(&out);
    nx_buf_free(&id);
}

static void test_record_id(void **state)
{
    (void)state;
    check_id("{\"id\": \"a\\\"b\\u00e9\\n\", \"text\": \"Some text here.\"}", NULL,
             "a\"b\xc3\xa9\n");
    check_id("Plain text of an article.", "key-7", "key-7");
    check_id("Plain text of an article.", "bad\xff", "bad\xef\xbf\xbd");
    check_id("Plain text of an article.", NULL, NULL);
}

/* Bytes of the text of the record's indirect attributions for the input. */
static size_t indirect_bytes(const char *in, size_t len, size_t *n_quotes)
{
    nx_buf out;
    nx_buf_init(&out, 0);
    char errstr[256];
    assert_int_equal(nx_extract(g_core, in, len, NULL, &out, NULL, errstr, sizeof(errstr)), NX_OK);
    json_error_t jerr;
    json_t *rec = json_loadb(out.data, out.len, 0, &jerr);
    assert_non_null(rec);
    size_t sum = 0, i;
    json_t *q;
    *n_quotes = 0;
    json_array_foreach(json_object_get(rec, "quotes"), i, q)
    {
        if (strcmp(json_string_value(json_object_get(q, "kind")), "indirect") == 0) {
            sum += strlen(json_string_value(json_object_get(q, "text")));
            ++*n_quotes;
        }
    }
    json_decref(rec);
    nx_buf_free(&out);
    return sum;
}

/* An article of nothing but cues: each indirect attribution writes its
 * clause in full, so without the per-sentence bound (docs/quotes.md,
 * "Record size") every word would be written once per cue before it, up
 * to 60 tokens back (about 20 times the text); with it, at most 3 times
 * the sentence's tokens (and one clause). */
static void test_record_size(void **state)
{
    (void)state;
    static const char *const unit[] = {
        "Berg said that Lund said that ", "Berg told Lund that Berg warned that ",
        "Berg said that Lund said that Holm said that the fee rose. "};
    for (size_t u = 0; u < 3; u++) {
        size_t ul = strlen(unit[u]), n = (256 << 10) / ul, len = 9 + n * ul;
        char *p = malloc(len + 1);
        assert_non_null(p);
        memcpy(p, "Council\n\n", 9);
        for (size_t i = 0; i < n; i++)
            memcpy(p + 9 + i * ul, unit[u], ul);
        p[len] = 0;
        size_t nq, bytes = indirect_bytes(p, len, &nq);
        printf("record size: '%s' x %zu: %zu bytes in, %zu indirect, %zu bytes of clauses "
               "(%.2fx)\n",
               unit[u], n, len, nq, bytes, (double)bytes / (double)len);
        assert_true(nq > n / 8); /* the cues are read */
        assert_true(bytes < (size_t)(3.2 * (double)len));
        free(p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear_work),
        cmocka_unit_test(test_too_complex),
        cmocka_unit_test(test_record_id),
        cmocka_unit_test(test_record_size),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
