/*
 * test_props.c - the properties-file parser (common/props.c).
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

#include "nx_alloc.h"
#include "nx_props.h"

#define MAXP 32

typedef struct got {
    size_t n;
    char key[MAXP][128];
    char val[MAXP][256];
    unsigned line[MAXP];
} got;

static nx_err collect(const char *key, const char *value, unsigned line, void *ud, char *errstr,
                      size_t errstr_size)
{
    (void)errstr;
    (void)errstr_size;
    got *g = ud;
    if (g->n >= MAXP)
        return NX_ERR_INTERNAL;
    snprintf(g->key[g->n], sizeof g->key[0], "%s", key);
    snprintf(g->val[g->n], sizeof g->val[0], "%s", value);
    g->line[g->n] = line;
    g->n++;
    return NX_OK;
}

static nx_err parse(const char *text, got *g, char *err, size_t errn)
{
    memset(g, 0, sizeof *g);
    return nx_props_parse(text, strlen(text), collect, g, err, errn);
}

static void test_separators(void **state)
{
    (void)state;
    got g;
    char err[256];
    assert_int_equal(parse("a=1\nb: 2\nc 3\nd\t=\t4\ne   :five six\nf\n", &g, err, sizeof err),
                     NX_OK);
    assert_int_equal(g.n, 6);
    assert_string_equal(g.key[0], "a");
    assert_string_equal(g.val[0], "1");
    assert_string_equal(g.key[1], "b");
    assert_string_equal(g.val[1], "2");
    assert_string_equal(g.key[2], "c");
    assert_string_equal(g.val[2], "3");
    assert_string_equal(g.key[3], "d");
    assert_string_equal(g.val[3], "4");
    assert_string_equal(g.key[4], "e");
    assert_string_equal(g.val[4], "five six");
    assert_string_equal(g.key[5], "f");
    assert_string_equal(g.val[5], "");
}

static void test_comments_and_blanks(void **state)
{
    (void)state;
    got g;
    char err[256];
    assert_int_equal(parse("# comment\n  ! another\n\n   \nkey=value # not a comment\n"
                           "#last=1",
                           &g, err, sizeof err),
                     NX_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.key[0], "key");
    assert_string_equal(g.val[0], "value # not a comment");
    assert_int_equal(g.line[0], 5);
}

static void test_continuation(void **state)
{
    (void)state;
    got g;
    char err[256];
    assert_int_equal(
        parse("list = one, \\\n      two, \\\r\n\tthree\nnext=x\\\\\n", &g, err, sizeof err),
        NX_OK);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.val[0], "one, two, three");
    assert_int_equal(g.line[0], 1);
    assert_string_equal(g.key[1], "next");
    assert_string_equal(g.val[1], "x\\"); /* an escaped backslash does not continue */
    assert_int_equal(g.line[1], 4);
    /* a comment marker on a continuation line is text */
    assert_int_equal(parse("a=1\\\n#2\n", &g, err, sizeof err), NX_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.val[0], "1#2");
    /* a trailing backslash at end of input is dropped */
    assert_int_equal(parse("a=b\\", &g, err, sizeof err), NX_OK);
    assert_string_equal(g.val[0], "b");
}

static void test_escapes(void **state)
{
    (void)state;
    got g;
    char err[256];
    assert_int_equal(parse("k\\=ey\\:x\\ y=t\\tn\\nr\\rq\\q \\u00e9\\u20AC\\uD83D\\uDE00\n", &g,
                           err, sizeof err),
                     NX_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.key[0], "k=ey:x y");
    assert_string_equal(g.val[0], "t\tn\nr\rqq \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    /* raw UTF-8 passes through */
    assert_int_equal(parse("name=J\xC3\xBCrgen\n", &g, err, sizeof err), NX_OK);
    assert_string_equal(g.val[0], "J\xC3\xBCrgen");
}

static void test_errors(void **state)
{
    (void)state;
    got g;
    char err[256];
    assert_int_equal(parse("ok=1\nbad=\\u12G4\n", &g, err, sizeof err), NX_ERR_CONFIG);
    assert_non_null(strstr(err, "line 2"));
    assert_int_equal(parse("bad=\\u12\n", &g, err, sizeof err), NX_ERR_CONFIG);
    assert_int_equal(parse("bad=\\uD800x\n", &g, err, sizeof err), NX_ERR_CONFIG);
    assert_int_equal(parse("bad=\\uDC00\n", &g, err, sizeof err), NX_ERR_CONFIG);
    assert_int_equal(parse("bad=\\u0000\n", &g, err, sizeof err), NX_ERR_CONFIG);
    assert_int_equal(parse("=value\n", &g, err, sizeof err), NX_ERR_CONFIG);
    const char nul[] = "a=1\nb=x\0y\n";
    memset(&g, 0, sizeof g);
    assert_int_equal(nx_props_parse(nul, sizeof nul - 1, collect, &g, err, sizeof err),
                     NX_ERR_CONFIG);
    assert_int_equal(nx_props_parse(NULL, 3, collect, &g, err, sizeof err), NX_ERR_INVALID_ARG);
}

static nx_err stop_at_b(const char *key, const char *value, unsigned line, void *ud, char *errstr,
                        size_t errstr_size)
{
    (void)value;
    (void)line;
    (*(int *)ud)++;
    if (strcmp(key, "b") == 0)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG, "no b here");
    return NX_OK;
}

static void test_callback_stops(void **state)
{
    (void)state;
    int calls = 0;
    char err[256];
    const char *t = "a=1\nb=2\nc=3\n";
    assert_int_equal(nx_props_parse(t, strlen(t), stop_at_b, &calls, err, sizeof err),
                     NX_ERR_CONFIG);
    assert_int_equal(calls, 2);
    assert_string_equal(err, "no b here");
}

static void test_escape_round_trip(void **state)
{
    (void)state;
    static const char *const keys[] = {"plain", "with space", "a=b:c", "#hash", "tab\there"};
    static const char *const vals[] = {"  leading", "back\\slash", "line\nbreak", "ctl\x01x",
                                       "#not comment"};
    for (size_t i = 0; i < 5; i++) {
        nx_buf b;
        nx_buf_init(&b, 0);
        nx_props_escape(&b, keys[i], 1);
        nx_buf_putc(&b, '=');
        nx_props_escape(&b, vals[i], 0);
        nx_buf_putc(&b, '\n');
        assert_int_equal(b.err, NX_OK);
        got g;
        char err[256];
        assert_int_equal(parse(b.data, &g, err, sizeof err), NX_OK);
        assert_int_equal(g.n, 1);
        assert_string_equal(g.key[0], keys[i]);
        assert_string_equal(g.val[0], vals[i]);
        nx_buf_free(&b);
    }
}

static void test_file(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "/tmp/test_props_%d.properties", (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# file\r\nx = 1\r\ny:2\r\n", f);
    fclose(f);
    got g;
    memset(&g, 0, sizeof g);
    char err[256];
    assert_int_equal(nx_props_parse_file(path, 0, collect, &g, err, sizeof err), NX_OK);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.val[1], "2");
    assert_int_equal(g.line[1], 3);
    assert_int_equal(nx_props_parse_file(path, 4, collect, &g, err, sizeof err), NX_ERR_CONFIG);
    unlink(path);
    assert_int_equal(nx_props_parse_file(path, 0, collect, &g, err, sizeof err), NX_ERR_IO);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    const char *t = "alpha=one\\\n two\nbeta: \\u00e9\n";
    for (unsigned long n = 1; n < 64; n++) {
        got g;
        memset(&g, 0, sizeof g);
        char err[256];
        nx_alloc_fail_at(n);
        nx_err e = nx_props_parse(t, strlen(t), collect, &g, err, sizeof err);
        nx_alloc_fail_at(0);
        assert_true(e == NX_OK || e == NX_ERR_NOMEM);
        if (e == NX_OK) {
            assert_int_equal(g.n, 2);
            assert_string_equal(g.val[0], "onetwo");
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_separators),
        cmocka_unit_test(test_comments_and_blanks),
        cmocka_unit_test(test_continuation),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_escape_round_trip),
        cmocka_unit_test(test_file),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
