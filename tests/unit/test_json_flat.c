/*
 * test_json_flat.c - the flat envelope reader (common/json_flat.c) against
 * jansson: every input it takes must give the value json_loadb() gives, and
 * the inputs it must leave to jansson (nested values, reals, errors,
 * duplicate keys, bad UTF-8, \u0000, lone surrogates) it must refuse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json_flat.h"

/* The reader takes in[0 .. len) and gives what jansson gives. */
static void same_as_jansson(const char *in, size_t len)
{
    json_error_t err;
    json_t *want = json_loadb(in, len, JSON_REJECT_DUPLICATES, &err);
    if (!want)
        fail_msg("jansson refuses %s: %s", in, err.text);
    json_t *got = nx_json_flat_load(in, len);
    if (!got)
        fail_msg("the flat reader refuses %s", in);
    if (!json_equal(want, got))
        fail_msg("different values for %s", in);
    /* equal keys in the same order (json_equal ignores the order) */
    void *a = json_object_iter(want), *b = json_object_iter(got);
    while (a && b) {
        assert_string_equal(json_object_iter_key(a), json_object_iter_key(b));
        a = json_object_iter_next(want, a);
        b = json_object_iter_next(got, b);
    }
    assert_null(a);
    assert_null(b);
    json_decref(want);
    json_decref(got);
}

static void taken(const char *in)
{
    same_as_jansson(in, strlen(in));
}

static void left_to_jansson(const char *in, size_t len)
{
    json_t *got = nx_json_flat_load(in, len);
    if (got)
        fail_msg("the flat reader takes %s", in);
}

static void refused(const char *in)
{
    left_to_jansson(in, strlen(in));
}

static void test_takes_flat_objects(void **state)
{
    (void)state;
    taken("{}");
    taken(" \t\r\n{ } \n");
    taken("{\"id\":\"a-1\",\"published\":\"1996-08-22\",\"text\":\"EU rejects German call "
          ".\\nPeter\"}");
    taken("{\"id\": 42, \"n\": -7, \"z\": 0, \"big\": 123456789012345678}");
    taken("{\"a\":true,\"b\":false,\"c\":null , \"d\" : \"\"}");
    taken("{\"esc\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t u\\u00e9\\u20AC\\ud83d\\ude00 end\"}");
    taken("{\"k\\u00e9y\":\"v\",\"x\\ny\":1}");
    taken("{\"utf8\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xed\x9f\xbf \xf4\x8f\xbf\xbf\"}");
    /* long strings: the vector scan and its tail */
    char buf[400];
    size_t n = (size_t)snprintf(buf, sizeof buf, "{\"text\":\"");
    for (size_t i = 0; i < 300; i++)
        buf[n++] = (char)('a' + i % 26);
    memcpy(buf + n, "\\u00e9\"}", 9);
    taken(buf);
    memcpy(buf + n, "\xc3\xa9\"}", 5);
    taken(buf);
}

static void test_leaves_the_rest_to_jansson(void **state)
{
    (void)state;
    refused("");
    refused("[1]");
    refused("\"s\"");
    refused("\xef\xbb\xbf{}");    /* a byte order mark */
    refused("{\"a\":{\"b\":1}}"); /* nested */
    refused("{\"a\":[\"x\"]}");   /* an array */
    refused("{\"a\":1.5}");       /* a real */
    refused("{\"a\":1e3}");
    refused("{\"a\":01}"); /* a leading zero */
    refused("{\"a\":-0}");
    refused("{\"a\":-}");
    refused("{\"a\":1234567890123456789}"); /* maybe past int64 */
    refused("{\"a\":1,\"a\":2}");           /* a duplicate key */
    refused("{\"a\":1,}");                  /* syntax errors */
    refused("{\"a\" 1}");
    refused("{\"a\":1} x");
    refused("{\"a\":truex}");
    refused("{\"a\":\"unterminated}");
    refused("{a:1}");
    refused("{\"a\":\"\\u0000\"}"); /* NUL */
    refused("{\"a\":\"\\ud800\"}"); /* lone surrogates */
    refused("{\"a\":\"\\udc00\"}");
    refused("{\"a\":\"\\ud800\\u0041\"}");
    refused("{\"a\":\"\\x\"}"); /* unknown escape */
    refused("{\"a\":\"\\u12g4\"}");
    refused("{\"a\":\"tab\there\"}");        /* a control byte */
    refused("{\"a\":\"\xc0\xaf\"}");         /* overlong */
    refused("{\"a\":\"\xed\xa0\x80\"}");     /* an encoded surrogate */
    refused("{\"a\":\"\xf4\x90\x80\x80\"}"); /* past U+10FFFF */
    refused("{\"a\":\"\xc3\"}");             /* truncated */
    refused("{\"a\":\"\x80\"}");
    left_to_jansson("{\"a\":\"x\0y\"}", 11); /* a NUL byte */
    left_to_jansson("{\"a\":1}\0", 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_takes_flat_objects),
        cmocka_unit_test(test_leaves_the_rest_to_jansson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
