/*
 * test_html.c - HTML pages (common/html.c, common/html_meta.c): the article
 * body without boilerplate, reading order, metadata sources and their
 * priority, charsets, malformed and deeply nested pages, allocation failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "input.h"
#include "nx_alloc.h"
#include "nx_buf.h"
#include "nx_doc.h"

static nx_core_opts g_opts;

static nx_err run(nx_doc *doc, const char *html, size_t len)
{
    char err[256];
    memset(&g_opts, 0, sizeof(g_opts));
    nx_doc_init(doc, NULL, &g_opts);
    return nx_html_extract(doc, html, len, err, sizeof(err));
}

static const char *article_page =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Harbour ferry returns | Coast News</title>"
    "<meta property=\"og:site_name\" content=\"Coast News\">"
    "<meta property=\"og:description\" content=\"The ferry runs again.\">"
    "<meta property=\"og:image\" content=\"https://example.org/ferry.jpg\">"
    "<meta property=\"article:published_time\" content=\"2024-03-05T08:30:00+01:00\">"
    "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
    "\"@type\":\"NewsArticle\",\"headline\":\"Ferry back\",\"datePublished\":"
    "\"2024-03-04\",\"author\":[{\"@type\":\"Person\",\"name\":\"Ada Lind\"},"
    "{\"@type\":\"Person\",\"name\":\"Bo Chen\"}]}</script>"
    "</head><body>"
    "<header class=\"site-header\"><a href=\"/\">Coast News</a> <a href=\"/w\">World</a></header>"
    "<nav><ul><li><a href=\"/a\">Home</a></li><li><a href=\"/b\">Sport</a></li></ul></nav>"
    "<div class=\"cookie-banner\">We use cookies to improve your experience on this site.</div>"
    "<main><article><h1>Harbour ferry returns</h1>"
    "<div class=\"share-bar\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Tweet</a></div>"
    "<div class=\"article-body\">"
    "<p>The harbour ferry will run again from Monday, the port authority said on Tuesday, "
    "after a winter of repairs to the landing stage.</p>"
    "<h2>Timetable</h2>"
    "<p>Boats leave every half hour between seven in the morning and nine at night, "
    "and tickets cost the same as last year.</p>"
    "<ul><li>Weekdays: every 30 minutes</li><li>Sundays: every hour</li></ul>"
    "<blockquote>We are glad to have the ferry back, said a regular passenger.</blockquote>"
    "</div>"
    "<div class=\"related-articles\"><h3>Related</h3><ul><li><a href=\"/x\">Bridge closed "
    "for repairs</a></li><li><a href=\"/y\">New bus line opens</a></li></ul></div>"
    "</article>"
    "<section id=\"comments\"><p>First comment: great news for commuters, finally, after "
    "all these months of waiting for the repairs.</p></section></main>"
    "<footer><p>Copyright 2024 Coast News. All rights reserved. Imprint and privacy.</p></footer>"
    "</body></html>";

static void test_body_drops_boilerplate(void **state)
{
    (void)state;
    nx_doc doc;
    assert_int_equal(run(&doc, article_page, strlen(article_page)), NX_OK);
    const char *t = doc.raw;
    assert_non_null(strstr(t, "The harbour ferry will run again from Monday"));
    assert_non_null(strstr(t, "Boats leave every half hour"));
    assert_non_null(strstr(t, "Timetable"));
    assert_non_null(strstr(t, "Weekdays: every 30 minutes"));
    assert_non_null(strstr(t, "We are glad to have the ferry back"));
    assert_null(strstr(t, "Sport"));
    assert_null(strstr(t, "cookies"));
    assert_null(strstr(t, "Share on Facebook"));
    assert_null(strstr(t, "Bridge closed"));
    assert_null(strstr(t, "Related"));
    assert_null(strstr(t, "First comment"));
    assert_null(strstr(t, "Copyright"));
    /* Reading order and paragraph breaks. */
    const char *a = strstr(t, "The harbour ferry"), *b = strstr(t, "Timetable"),
               *c = strstr(t, "Boats leave"), *d = strstr(t, "Sundays");
    assert_true(a < b && b < c && c < d);
    assert_non_null(strstr(t, "repairs to the landing stage.\n\nTimetable\n\nBoats"));
    nx_doc_free(&doc);
}

static void test_metadata_priority(void **state)
{
    (void)state;
    nx_doc doc;
    assert_int_equal(run(&doc, article_page, strlen(article_page)), NX_OK);
    /* JSON-LD datePublished wins over article:published_time. */
    assert_string_equal(doc.published.data, "2024-03-04");
    assert_string_equal(doc.published_source, "html_meta");
    /* No og:title: JSON-LD headline before <h1> and <title>. */
    assert_string_equal(doc.title.data, "Ferry back");
    assert_string_equal(doc.authors.data, "Ada Lind\nBo Chen");
    assert_string_equal(doc.author.data, "Ada Lind, Bo Chen");
    assert_string_equal(doc.site_name.data, "Coast News");
    assert_string_equal(doc.description.data, "The ferry runs again.");
    assert_string_equal(doc.image.data, "https://example.org/ferry.jpg");
    assert_string_equal(doc.lang.data, "en");
    nx_doc_free(&doc);
}

static void test_metadata_fallbacks(void **state)
{
    (void)state;
    static const char page[] =
        "<html><head><meta property=\"og:locale\" content=\"de_DE\">"
        "<meta name=\"author\" content=\"By Jana Roth and Paul Weber\">"
        "<link rel=\"canonical\" href=\"https://example.de/2019/11/14/zinsen-steigen/\">"
        "<title>  Zinsen steigen\n </title></head><body>"
        "<p>Die Zinsen für Kredite steigen, sagte die Bank am Donnerstag, und zwar deutlich, "
        "schneller als erwartet und für alle Laufzeiten.</p></body></html>";
    nx_doc doc;
    assert_int_equal(run(&doc, page, strlen(page)), NX_OK);
    assert_string_equal(doc.title.data, "Zinsen steigen");
    assert_string_equal(doc.lang.data, "de-DE");
    assert_string_equal(doc.url.data, "https://example.de/2019/11/14/zinsen-steigen/");
    assert_string_equal(doc.published.data, "2019-11-14"); /* from the URL */
    assert_string_equal(doc.authors.data, "Jana Roth\nPaul Weber");
    assert_null(doc.site_name.data);
    assert_non_null(strstr(doc.raw, "Die Zinsen für Kredite steigen"));
    nx_doc_free(&doc);
}

static void test_time_element_and_envelope_wins(void **state)
{
    (void)state;
    static const char page[] =
        "<html><head><title>T</title></head><body><article>"
        "<time datetime=\"2021-06-01T10:00:00Z\" pubdate>1 June</time>"
        "<p>A paragraph long enough to be the article body of this small test page here.</p>"
        "</article></body></html>";
    nx_doc doc;
    assert_int_equal(run(&doc, page, strlen(page)), NX_OK);
    assert_string_equal(doc.published.data, "2021-06-01T10:00:00Z");
    nx_doc_free(&doc);

    /* A title the doc already holds (from an envelope) is kept. */
    memset(&g_opts, 0, sizeof(g_opts));
    nx_doc_init(&doc, NULL, &g_opts);
    assert_int_equal(nx_str_set(&doc.title, "Envelope title", 14), NX_OK);
    char err[128];
    assert_int_equal(nx_html_extract(&doc, page, strlen(page), err, sizeof(err)), NX_OK);
    assert_string_equal(doc.title.data, "Envelope title");
    nx_doc_free(&doc);
}

static void test_charsets(void **state)
{
    (void)state;
    /* Declared windows-1252: "Café" with 0xE9. */
    static const char latin[] = "<html><head><meta charset=\"windows-1252\"></head><body>"
                                "<p>Caf\xe9"
                                " au lait, cr\xe8"
                                "me br\xfbl\xe9"
                                "e.</p></body></html>";
    nx_doc doc;
    assert_int_equal(run(&doc, latin, sizeof(latin) - 1), NX_OK);
    assert_non_null(strstr(doc.raw, "Café au lait, crème brûlée."));
    nx_doc_free(&doc);
    /* Undeclared, valid UTF-8: read as UTF-8. */
    static const char utf8[] = "<html><body><p>Zürich – Genève</p></body></html>";
    assert_int_equal(run(&doc, utf8, sizeof(utf8) - 1), NX_OK);
    assert_non_null(strstr(doc.raw, "Zürich – Genève"));
    nx_doc_free(&doc);
    /* Undeclared and not UTF-8: windows-1252. */
    static const char undecl[] = "<html><body><p>Stra\xdf"
                                 "e</p></body></html>";
    assert_int_equal(run(&doc, undecl, sizeof(undecl) - 1), NX_OK);
    assert_non_null(strstr(doc.raw, "Straße"));
    nx_doc_free(&doc);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    const size_t depth = 50000;
    nx_buf b;
    nx_buf_init(&b, 0);
    nx_buf_puts(&b, "<html><body>");
    for (size_t i = 0; i < depth; i++)
        nx_buf_puts(&b, "<div>");
    nx_buf_puts(&b, "<p>Deep text that sits under very many divs, a long way down.</p>");
    for (size_t i = 0; i < depth; i++)
        nx_buf_puts(&b, i % 2 ? "</div>" : "<span>");
    assert_int_equal(b.err, NX_OK);
    nx_doc doc;
    nx_err e = run(&doc, b.data, b.len);
    /* libxml2 stops at its depth limit; either way no crash and a defined result. */
    assert_true(e == NX_OK || e == NX_ERR_BAD_HTML);
    if (e == NX_OK)
        assert_non_null(doc.raw);
    nx_doc_free(&doc);
    nx_buf_free(&b);
}

static void test_junk_and_unclosed(void **state)
{
    (void)state;
    char junk[4096];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof(junk); i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (char)(x >> 16);
    }
    nx_doc doc;
    nx_err e = run(&doc, junk, sizeof(junk));
    assert_true(e == NX_OK || e == NX_ERR_BAD_HTML);
    nx_doc_free(&doc);

    static const char unclosed[] = "<html><body><div class=\"content\"><p>One unclosed paragraph "
                                   "with enough words in it<p>and a second one <b>bold <i>and "
                                   "italic<table><tr><td>cell";
    assert_int_equal(run(&doc, unclosed, sizeof(unclosed) - 1), NX_OK);
    assert_non_null(strstr(doc.raw, "One unclosed paragraph"));
    assert_non_null(strstr(doc.raw, "cell"));
    nx_doc_free(&doc);

    assert_int_equal(run(&doc, "", 0), NX_OK);
    assert_int_equal(doc.raw_len, 0);
    nx_doc_free(&doc);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    int failures = 0, successes = 0;
    for (unsigned long n = 1; n <= 400; n++) {
        nx_alloc_fail_at(n);
        nx_doc doc;
        nx_err e = run(&doc, article_page, strlen(article_page));
        nx_alloc_fail_at(0);
        if (e == NX_OK)
            successes++;
        else {
            assert_int_equal(e, NX_ERR_NOMEM);
            failures++;
        }
        nx_doc_free(&doc);
    }
    assert_true(failures > 0);
    assert_true(successes > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_body_drops_boilerplate),
        cmocka_unit_test(test_metadata_priority),
        cmocka_unit_test(test_metadata_fallbacks),
        cmocka_unit_test(test_time_element_and_envelope_wins),
        cmocka_unit_test(test_charsets),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_junk_and_unclosed),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
