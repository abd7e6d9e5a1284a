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

/* A long filler paragraph so that the article outweighs the page's chrome. */
#define LONG_P                                                                                     \
    "<p>The council met on Tuesday evening to discuss the new budget, which includes money "       \
    "for roads, schools, the library and the harbour, and it voted to approve it after a long "    \
    "debate about taxes, fees and the cost of repairs to the old town hall.</p>"

/* The same text held directly by a <div> (no paragraph element). */
#define LONG_DIV                                                                                   \
    "<div>The council met on Tuesday evening to discuss the new budget, which includes money "     \
    "for roads, schools, the library and the harbour, and it voted to approve it after a long "    \
    "debate about taxes, fees and the cost of repairs to the old town hall.</div>"

/* Captions and credits named by class, and blog posts whose classes list
 * their taxonomy ("category-news", "tag-climate"). */
static void test_caption_hints_and_taxonomy(void **state)
{
    (void)state;
    static const char page[] =
        "<html><body><div class=\"post type-post category-news tag-climate hentry\">"
        "<p>A short post about the harbour, with one sentence of text in it.</p>"
        "<div class=\"head__image-source\">Quelle Steven Miller Agency</div>"
        "<div class=\"image-subtitle\">The harbour at night seen from the hill</div>"
        "</div><div class=\"sidebar\"><a href=\"/a\">Archive</a></div></body></html>";
    nx_doc doc;
    assert_int_equal(run(&doc, page, sizeof(page) - 1), NX_OK);
    assert_non_null(strstr(doc.raw, "A short post about the harbour"));
    assert_null(strstr(doc.raw, "Steven Miller"));
    assert_null(strstr(doc.raw, "seen from the hill"));
    nx_doc_free(&doc);
}

/* Credit lines ("Foto: ...", "... (Foto: dpa)", "©") and related-block
 * headings with the link lists after them go; the article stays. */
static void test_credit_and_related_cues(void **state)
{
    (void)state;
    static const char page[] =
        "<html><body><div class=\"story\"><h1>Budget approved</h1>" LONG_P "<p>Foto: Anna Berg</p>"
        "<p><em>View of the town hall. (Foto: dpa)</em></p>" LONG_P
        "<p>\xC2\xA9 Town Gazette Ltd</p>"
        "<p>The budget runs until the end of next year.</p>"
        "<h3>Mehr zum Thema</h3><ul><li><a href=\"/x\">Council elects a new mayor after a "
        "close vote</a></li><li><a href=\"/y\">Harbour repairs start in spring</a></li></ul>"
        "<p>Lesen Sie auch: <a href=\"/z\">Why the town hall needs a new roof</a></p>"
        "</div></body></html>";
    nx_doc doc;
    assert_int_equal(run(&doc, page, sizeof(page) - 1), NX_OK);
    const char *t = doc.raw;
    assert_non_null(strstr(t, "The council met on Tuesday"));
    assert_non_null(strstr(t, "The budget runs until the end of next year."));
    assert_null(strstr(t, "Anna Berg"));
    assert_null(strstr(t, "View of the town hall"));
    assert_null(strstr(t, "Town Gazette"));
    assert_null(strstr(t, "Mehr zum Thema"));
    assert_null(strstr(t, "new mayor"));
    assert_null(strstr(t, "new roof"));
    nx_doc_free(&doc);
}

/* Trailing calls to subscribe or download an app go even as sentences;
 * the last sentence of the body stays. */
static void test_tail_calls_to_action(void **state)
{
    (void)state;
    static const char page[] =
        "<html><body><div class=\"story\">" LONG_P LONG_P "<p>The next meeting is in May.</p>"
        "<p>Subscribe to our newsletter for more stories like this one.</p>"
        "<p>For the latest news download the Gazette app for iOS and Android.</p>"
        "</div></body></html>";
    nx_doc doc;
    assert_int_equal(run(&doc, page, sizeof(page) - 1), NX_OK);
    assert_non_null(strstr(doc.raw, "The next meeting is in May."));
    assert_null(strstr(doc.raw, "newsletter"));
    assert_null(strstr(doc.raw, "Gazette app"));
    nx_doc_free(&doc);
}

/* A large list of other articles whose class also holds a content word
 * ("related-post-list") is still a list of other articles. */
static void test_related_listing(void **state)
{
    (void)state;
    static const char page[] =
        "<html><body><div class=\"story\">" LONG_P LONG_P LONG_P "</div>"
        "<ul class=\"related-post-list\"><li><a href=\"/1\">Ferry timetable</a> <small>The "
        "summer timetable adds two evening boats on weekdays and one on Sundays, starting in "
        "June, with tickets at the same price as last year for all passengers.</small></li>"
        "<li><a href=\"/2\">Library hours</a> <small>The library opens one hour earlier from "
        "Monday, the council said, because more students use the reading room in the morning "
        "before their classes begin at the college.</small></li><li><a href=\"/3\">Road "
        "works</a> <small>Works on the coast road will close one lane for three weeks while "
        "the bridge is repaired, and buses will stop at a temporary halt near the "
        "harbour.</small></li><li><a href=\"/4\">Market day</a> <small>The Saturday market "
        "moves to the square behind the church for the summer, with more room for stalls "
        "selling fish, bread, cheese and vegetables from the farms around the "
        "town.</small></li></ul></body></html>";
    nx_doc doc;
    assert_int_equal(run(&doc, page, sizeof(page) - 1), NX_OK);
    assert_non_null(strstr(doc.raw, "The council met on Tuesday"));
    assert_null(strstr(doc.raw, "summer timetable"));
    assert_null(strstr(doc.raw, "reading room"));
    nx_doc_free(&doc);
}

/* An article split over sibling wrappers of one class: the best block is a
 * lone child, its wrapper's same-class sibling holds the rest. */
static void test_split_siblings(void **state)
{
    (void)state;
    static const char page[] =
        "<html><body><nav><a href=\"/\">Home</a></nav><article>"
        "<div class=\"field\"><div class=\"field__item\"><div class=\"article-text\">" LONG_P LONG_P
        "</div></div>"
        "<div class=\"field__item\"><div class=\"article-text\"><h2>Witnesses sought</h2>"
        "<div><p>The police ask witnesses to call 0631-3692150.</p></div></div></div>"
        "</div></article></body></html>";
    nx_doc doc;
    assert_int_equal(run(&doc, page, sizeof(page) - 1), NX_OK);
    assert_non_null(strstr(doc.raw, "The council met on Tuesday"));
    assert_non_null(strstr(doc.raw, "Witnesses sought"));
    assert_non_null(strstr(doc.raw, "The police ask witnesses"));
    nx_doc_free(&doc);
}

/* Form controls in a long text block do not make it a form; a page built
 * by scripts is read from its <noscript>, a short <noscript> notice is not. */
static void test_inputs_and_noscript(void **state)
{
    (void)state;
    static const char inputs[] =
        "<html><body><div class=\"wrap\"><div class=\"col\"><input type=\"text\">"
        "<input type=\"text\"><input type=\"submit\">" LONG_DIV LONG_DIV LONG_DIV LONG_DIV LONG_DIV
            LONG_DIV LONG_DIV "</div><div class=\"col2\">" LONG_DIV LONG_DIV
        "</div></div></body></html>";
    nx_doc doc;
    assert_int_equal(run(&doc, inputs, sizeof(inputs) - 1), NX_OK);
    size_t copies = 0;
    for (const char *p = doc.raw; (p = strstr(p, "The council met")) != NULL; p++)
        copies++;
    assert_int_equal(copies, 9);
    nx_doc_free(&doc);
    static const char noscript[] =
        "<html><body><noscript><p>Please enable JavaScript to view this site.</p></noscript>"
        "<div id=\"app\"></div><noscript><div class=\"post\">" LONG_P LONG_P
        "</div></noscript></body></html>";
    assert_int_equal(run(&doc, noscript, sizeof(noscript) - 1), NX_OK);
    assert_non_null(strstr(doc.raw, "The council met on Tuesday"));
    assert_null(strstr(doc.raw, "enable JavaScript"));
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
        cmocka_unit_test(test_caption_hints_and_taxonomy),
        cmocka_unit_test(test_credit_and_related_cues),
        cmocka_unit_test(test_tail_calls_to_action),
        cmocka_unit_test(test_related_listing),
        cmocka_unit_test(test_split_siblings),
        cmocka_unit_test(test_inputs_and_noscript),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
