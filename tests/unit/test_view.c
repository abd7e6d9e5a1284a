/*
 * test_view.c - the annotated article view (nx_view_render): escaping of
 * every string from the record, properly nested markup for overlapping and
 * crossing spans, code point offsets over multi-byte text, paragraphs,
 * repairs, the side panel, bad records and allocation failures.
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
#include "view.h"

/* Render the record; the page (NUL-terminated) is returned and owned by the caller. */
static char *render(const char *json)
{
    nx_buf out;
    nx_buf_init(&out, 0);
    char errstr[256] = "";
    nx_err e = nx_view_render(json, strlen(json), &out, errstr, sizeof(errstr));
    if (e)
        fail_msg("render failed: %s: %s", nx_err_name(e), errstr);
    return nx_buf_steal(&out, NULL);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, l = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + l, needle))
        n++;
    return n;
}

/* The article element's markup, from <article to </article>. */
static char *article(const char *page)
{
    const char *a = strstr(page, "<article");
    const char *z = strstr(page, "</article>");
    assert_non_null(a);
    assert_non_null(z);
    return nx_strndup(a, (size_t)(z - a));
}

/* Tags in s are properly nested: every </span>, </del>, </p>, </a> closes
 * the innermost open element of that name; nothing stays open. */
static void assert_nested(const char *s)
{
    const char *stack[256];
    size_t lens[256];
    size_t depth = 0;
    for (const char *p = s; (p = strchr(p, '<')) != NULL; p++) {
        if (p[1] == '!' || !strncmp(p, "<br>", 4) || !strncmp(p, "<article", 8) ||
            !strncmp(p, "<svg", 4) || !strncmp(p, "</svg>", 6))
            continue;
        int closing = p[1] == '/';
        const char *n = p + 1 + closing;
        size_t len = strcspn(n, " >");
        if (closing) {
            assert_true(depth > 0);
            depth--;
            if (lens[depth] != len || strncmp(stack[depth], n, len) != 0)
                fail_msg("</%.*s> closes <%.*s>", (int)len, n, (int)lens[depth], stack[depth]);
        } else {
            assert_true(depth < 256);
            stack[depth] = n;
            lens[depth++] = len;
        }
    }
    assert_int_equal(depth, 0);
}

#define STATS "\"stats\":{\"chars\":1,\"words\":1,\"sentences\":1,\"paragraphs\":1}"

static void test_escaping(void **state)
{
    (void)state;
    const char *json =
        "{\"id\":\"x<1>\",\"title\":\"<script>alert('t')</script> & co\","
        "\"published\":\"2023-01-02\",\"source\":\"<i>S</i>\",\"author\":\"A \\\"B\\\"\","
        "\"url\":\"javascript:alert(1)\",\"lang\":\"en\\\" onload=\\\"x\","
        "\"text\":\"Eve <script>alert(1)</script> & 'x' \\\"y\\\" <img src=x onerror=alert(2)>\","
        "\"entities\":[{\"id\":\"E1\",\"type\":\"PERSON\",\"name\":\"<b>Eve</b>\","
        "\"mentions\":[{\"start\":0,\"end\":3,\"text\":\"Eve\"}],\"count\":1,\"salience\":1}],"
        "\"dates\":[{\"start\":4,\"end\":12,\"text\":\"<script>\",\"type\":\"DATE\","
        "\"value\":\"<v>\"}],"
        "\"repairs\":[{\"kind\":\"repeated_token\",\"start\":3,\"removed\":\"</span><b>\","
        "\"input_start\":0,\"input_end\":1}],"
        "\"extractor\":{\"name\":\"newsx\",\"version\":\"<1>\",\"models\":{\"<m>\":\"<v>\"}}}";
    char *page = render(json);
    /* Only the page's own script element; none of the record's markup. */
    assert_int_equal(count(page, "<script"), 1);
    assert_int_equal(count(page, "<img"), 0);
    assert_int_equal(count(page, "<b>"), 0);
    assert_int_equal(count(page, "<i>"), 0);
    assert_int_equal(count(page, "<v>"), 0);
    assert_non_null(strstr(page, "&lt;script&gt;</span>alert(1)&lt;/script&gt; &amp; &#39;x&#39; "
                                 "&quot;y&quot; &lt;img src=x onerror=alert(2)&gt;"));
    assert_non_null(strstr(page, "<title>&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; "
                                 "co"));
    assert_non_null(strstr(page, "&lt;b&gt;Eve&lt;/b&gt;"));
    assert_non_null(strstr(page, "lang=\"en&quot; onload=&quot;x\""));
    assert_null(strstr(page, "\" onload="));
    /* A javascript: URL is shown, never linked. */
    assert_null(strstr(page, "href=\"javascript"));
    assert_non_null(strstr(page, "<code>javascript:alert(1)</code>"));
    /* The removed text is escaped too: it cannot close an element. */
    assert_non_null(strstr(page, "&lt;/span&gt;&lt;b&gt;</del>"));
    char *art = article(page);
    assert_nested(art);
    nx_free(art);
    nx_free(page);
}

static void test_nesting(void **state)
{
    (void)state;
    /* Text: "AB said “CD EF” GH." — quote [8,15), entity CD [9,11) inside it,
     * a date [12,18) crossing the quote's end, speaker AB [0,2) = entity. */
    const char *json =
        "{\"id\":\"n\",\"text\":\"AB said \xE2\x80\x9C"
        "CD EF\xE2\x80\x9D GH.\"," STATS ","
        "\"entities\":[{\"id\":\"E1\",\"type\":\"ORG\",\"name\":\"AB\","
        "\"mentions\":[{\"start\":0,\"end\":2,\"text\":\"AB\"}],\"count\":1,\"salience\":0.5},"
        "{\"id\":\"E2\",\"type\":\"LOC\",\"name\":\"CD\",\"mentions\":[{\"start\":9,\"end\":11,"
        "\"text\":\"CD\"}],\"count\":1,\"salience\":0.9,\"place\":{\"country\":\"FR\","
        "\"lat\":48.85,\"lon\":2.35,\"kind\":\"city\"}}],"
        "\"dates\":[{\"start\":12,\"end\":18,\"text\":\"EF\xE2\x80\x9D GH\",\"type\":\"DATE\","
        "\"value\":\"2023-05\"}],"
        "\"quotes\":[{\"start\":8,\"end\":15,\"text\":\"\xE2\x80\x9C"
        "CD EF\xE2\x80\x9D\","
        "\"kind\":\"direct\",\"speaker\":{\"start\":0,\"end\":2,\"text\":\"AB\",\"entity\":\"E1\"},"
        "\"cue\":{\"start\":3,\"end\":7,\"text\":\"said\"}}]}";
    char *page = render(json);
    char *art = article(page);
    assert_nested(art);
    /* The speaker wraps the entity mention it coincides with. */
    assert_non_null(strstr(art, "<span class=\"spk\" data-spk=\"spk-0-2\" id=\"spk-0-2\" "
                                "data-qs=\"Q1\" title=\"speaker\"><span class=\"ent t-org\" "
                                "data-e=\"E1\" data-m=\"0\" id=\"m-E1-0\""));
    /* The quote label links the speaker and names the canonical entity. */
    assert_non_null(strstr(art, "<a class=\"ql\" href=\"#spk-0-2\" data-spk=\"spk-0-2\" "
                                "data-q=\"1\">Q1 AB</a><span class=\"q k-direct\" data-q=\"1\" "
                                "id=\"q1\""));
    /* The crossing date is split into two pieces at the quote's end. */
    assert_int_equal(count(art, "data-d=\"0\""), 2);
    assert_non_null(strstr(art, ">EF\xE2\x80\x9D</span></span><span class=\"tx\" data-d=\"0\""));
    assert_non_null(strstr(art, "> GH</span>."));
    /* Multi-byte text: code point offsets land on the right bytes. */
    assert_non_null(strstr(art, ">CD</span>"));
    assert_non_null(strstr(art, "FR \xC2\xB7 48.8500, 2.3500 \xC2\xB7 city"));
    assert_non_null(strstr(art, "title=\"2023-05 (DATE)\""));
    assert_int_equal(count(art, "class=\"cue\""), 1);
    /* Side panel: by salience, with the timeline row of the date. */
    const char *e2 = strstr(page, "<a class=\"ek t-loc\" href=\"#m-E2-0\"");
    const char *e1 = strstr(page, "<a class=\"ek t-org\" href=\"#m-E1-0\"");
    assert_non_null(e1);
    assert_non_null(e2);
    assert_true(e2 < e1);
    assert_int_equal(count(page, "<g class=\"row\">"), 1);
    assert_non_null(strstr(page, "<title>2023-05: 1 mention</title>"));
    nx_free(art);
    nx_free(page);
}

static void test_paragraphs_and_repairs(void **state)
{
    (void)state;
    const char *json = "{\"id\":\"p\",\"text\":\"One two.\\n\\nThree\\nfour.\"," STATS ","
                       "\"repairs\":[{\"kind\":\"header_junk\",\"start\":0,\"removed\":\"J\","
                       "\"input_start\":5,\"input_end\":6},{\"kind\":\"repeated_token\","
                       "\"start\":8,\"removed\":\" two.\",\"input_start\":9,\"input_end\":14},"
                       "{\"kind\":\"repeated_token\",\"start\":99,\"removed\":\"z\","
                       "\"input_start\":0,\"input_end\":1}]}";
    char *page = render(json);
    char *art = article(page);
    assert_nested(art);
    assert_int_equal(count(art, "<p>"), 2);
    assert_int_equal(count(art, "<br>"), 1);
    assert_non_null(strstr(art, "<p><del class=\"rep\" data-r=\"0\""));
    assert_non_null(strstr(art, "One two.<del class=\"rep\" data-r=\"1\" title=\"removed: "
                                "repeated words\"> two.</del></p>"));
    /* A repair past the end is shown at the end, not dropped. */
    assert_non_null(strstr(art, "four.<del class=\"rep\" data-r=\"2\""));
    nx_free(art);
    nx_free(page);
}

static void test_bad_offsets(void **state)
{
    (void)state;
    /* Spans past the end, reversed or without offsets are left out and counted. */
    const char *json =
        "{\"id\":\"b\",\"text\":\"short\",\"entities\":[{\"id\":\"E1\",\"type\":\"MISC\","
        "\"name\":\"x\",\"mentions\":[{\"start\":2,\"end\":50,\"text\":\"x\"},{\"start\":4,"
        "\"end\":1,\"text\":\"x\"},{\"text\":\"x\"},{\"start\":0,\"end\":5,\"text\":\"short\"}],"
        "\"count\":4,\"salience\":2.5}],\"dates\":[{\"start\":-1,\"end\":3}],"
        "\"quotes\":[{\"start\":0,\"end\":5,\"speaker\":{\"start\":7,\"end\":9,\"text\":\"x\","
        "\"entity\":null,\"basis\":\"guess\"},\"cue\":null}]}";
    char *page = render(json);
    char *art = article(page);
    assert_nested(art);
    assert_int_equal(count(art, "class=\"ent"), 1);
    assert_non_null(strstr(page, "5 annotations left out"));
    /* A quote whose speaker is out of range still gets a label, not a link;
     * a guessed speaker is marked with '?' there and in the quotes panel. */
    assert_non_null(strstr(art, "<span class=\"ql\" data-q=\"1\">Q1 x?</span>"));
    assert_non_null(strstr(page, "<span class=\"who\">x</span> <span class=\"basis guess\" "
                                 "title=\"speaker guessed\">guessed</span>"));
    /* Salience is clamped for the bar. */
    assert_non_null(strstr(page, "width:100%"));
    nx_free(art);
    nx_free(page);
}

static void test_sources(void **state)
{
    (void)state;
    /* Sources grouped by name with their count and distinct cues, in order. */
    const char *json =
        "{\"id\":\"s\",\"text\":\"Reuters reported, AP said, Reuters reported.\","
        "\"sources\":[{\"name\":\"Reuters\",\"entity\":null,\"cue\":{\"start\":8,\"end\":16,"
        "\"text\":\"reported\"},\"start\":0,\"end\":7},{\"name\":\"AP\",\"entity\":null,"
        "\"cue\":{\"start\":21,\"end\":25,\"text\":\"said\"},\"start\":18,\"end\":20},"
        "{\"name\":\"Reuters\",\"entity\":null,\"cue\":{\"start\":35,\"end\":43,"
        "\"text\":\"reported\"},\"start\":27,\"end\":34}]}";
    char *page = render(json);
    const char *r = strstr(page, "<li><span class=\"sn\">Reuters</span> \xC3\x97"
                                 "2 <span class=\"cues\">(reported)</span></li>");
    const char *ap = strstr(page, "<li><span class=\"sn\">AP</span> <span "
                                  "class=\"cues\">(said)</span></li>");
    assert_non_null(r);
    assert_non_null(ap);
    assert_true(r < ap);
    assert_int_equal(count(page, "<span class=\"sn\">"), 2);
    nx_free(page);
}

static void test_errors(void **state)
{
    (void)state;
    nx_buf out;
    nx_buf_init(&out, 0);
    char errstr[256];
    const char *bad[] = {"", "{", "[1,2]", "{\"text\":3}", "{\"id\":\"x\"}", "\"text\""};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        errstr[0] = '\0';
        assert_int_equal(nx_view_render(bad[i], strlen(bad[i]), &out, errstr, sizeof(errstr)),
                         NX_ERR_INVALID_ARG);
        assert_true(errstr[0] != '\0');
        assert_int_equal(out.len, 0);
    }
    assert_int_equal(nx_view_render(NULL, 0, &out, errstr, sizeof(errstr)), NX_ERR_INVALID_ARG);
    nx_buf_free(&out);
}

static void test_timeline_values(void **state)
{
    (void)state;
    /* Anchored values become rows (sorted by time); others are listed apart. */
    const char *json =
        "{\"id\":\"t\",\"published\":\"2023-02-01\",\"text\":\"abcdefghij\",\"dates\":["
        "{\"start\":0,\"end\":1,\"text\":\"a\",\"type\":\"DATE\",\"value\":\"2023-W05\"},"
        "{\"start\":1,\"end\":2,\"text\":\"b\",\"type\":\"DATE\",\"value\":\"2022-WI\"},"
        "{\"start\":2,\"end\":3,\"text\":\"c\",\"type\":\"DURATION\",\"value\":\"P3D\"},"
        "{\"start\":3,\"end\":4,\"text\":\"d\",\"type\":\"DATE\",\"value\":\"2023-Q1\"},"
        "{\"start\":4,\"end\":5,\"text\":\"e\",\"type\":\"DATE\",\"value\":\"PAST_REF\"},"
        "{\"start\":5,\"end\":6,\"text\":\"f\",\"type\":\"DATE\",\"value\":\"2023-13\"},"
        "{\"start\":6,\"end\":7,\"text\":\"g\",\"type\":\"TIME\","
        "\"value\":\"2023-01-30T10:00\"},"
        "{\"start\":7,\"end\":8,\"text\":\"h\",\"type\":\"DATE\",\"value\":\"2023-W05\"}]}";
    char *page = render(json);
    assert_int_equal(count(page, "<g class=\"row\">"), 4);
    const char *wi = strstr(page, ">2022-WI<");
    const char *q1 = strstr(page, ">2023-Q1<");
    const char *t = strstr(page, ">2023-01-30T10:\xE2\x80\xA6<");
    const char *w5 = strstr(page, ">2023-W05 \xC3\x97"
                                  "2<");
    assert_non_null(wi);
    assert_non_null(q1);
    assert_non_null(t);
    assert_non_null(w5);
    assert_true(wi < q1 && q1 < t && t < w5);
    assert_non_null(strstr(page, "Not on the axis: <code>P3D</code>, <code>PAST_REF</code>, "
                                 "<code>2023-13</code>"));
    assert_non_null(strstr(page, "class=\"pub\""));
    nx_free(page);
}

/* Every allocation of the renderer failing in turn: NX_ERR_NOMEM, nothing
 * written, no leak (the sanitizer build checks); then the same page. jansson
 * keeps its default allocator here: it reports some of its own allocation
 * failures as syntax errors, which is not the renderer's to fix. */
static void test_alloc_failures(void **state)
{
    (void)state;
    const char *json =
        "{\"id\":\"a\",\"published\":\"2023-02-01\",\"text\":\"AB said \xE2\x80\x9C"
        "CD\xE2\x80"
        "\x9D.\\n\\nMore.\",\"entities\":[{\"id\":\"E1\",\"type\":\"PERSON\",\"name\":\"AB\","
        "\"mentions\":[{\"start\":0,\"end\":2,\"text\":\"AB\"}],\"count\":1,\"salience\":1}],"
        "\"dates\":[{\"start\":9,\"end\":11,\"text\":\"CD\",\"type\":\"DATE\","
        "\"value\":\"2023\"},{\"start\":14,\"end\":18,\"text\":\"More\",\"type\":\"DATE\","
        "\"value\":\"FUTURE_REF\"}],\"quotes\":[{\"start\":8,\"end\":12,\"text\":\"x\","
        "\"kind\":\"direct\",\"speaker\":{\"start\":0,\"end\":2,\"text\":\"AB\","
        "\"entity\":\"E1\"},\"cue\":null}],\"sources\":[{\"name\":\"AB\",\"entity\":\"E1\","
        "\"cue\":null,\"start\":0,\"end\":2}],\"repairs\":[{\"kind\":\"repeated_token\","
        "\"start\":2,\"removed\":\" AB\",\"input_start\":0,\"input_end\":3}]}";
    char *want = render(json);
    int failures = 0;
    for (unsigned long n = 1;; n++) {
        nx_buf out;
        nx_buf_init(&out, 0);
        char errstr[256] = "";
        nx_alloc_fail_at(n);
        nx_err e = nx_view_render(json, strlen(json), &out, errstr, sizeof(errstr));
        unsigned long used = nx_alloc_count();
        nx_alloc_fail_at(0);
        if (e == NX_OK) {
            assert_string_equal(out.data, want);
            nx_buf_free(&out);
            assert_true(used < n); /* no allocation failed: done */
            break;
        }
        if (e != NX_ERR_NOMEM)
            fail_msg("allocation %lu failed: %s: %s", n, nx_err_name(e), errstr);
        assert_true(errstr[0] != '\0');
        assert_int_equal(out.len, 0);
        nx_buf_free(&out);
        failures++;
    }
    assert_true(failures > 5);
    nx_free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_nesting),
        cmocka_unit_test(test_paragraphs_and_repairs),
        cmocka_unit_test(test_bad_offsets),
        cmocka_unit_test(test_sources),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_timeline_values),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
