/*
 * test_html_charset.c - the charset of an HTML page (common/html_charset.c) and how
 * the input stage hands pages over (common/input.c): BOM before the
 * transport's charset before <meta charset>, UTF-16 pages, Content-Type
 * parameters, envelope charset fields, pages carried in a JSON string one
 * character per byte, stray NUL bytes.
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
#include "nx_doc.h"

static nx_core_opts g_opts;

static void init(nx_doc *doc)
{
    memset(&g_opts, 0, sizeof(g_opts));
    g_opts.max_input_bytes = 1 << 20;
    g_opts.format = NX_IN_AUTO;
    nx_doc_init(doc, NULL, &g_opts);
}

static int charset(const char *html, size_t len, const char *transport, char *name, size_t *bom)
{
    return nx_html_charset(html, len, transport, name, 64, bom);
}

static void test_charset_order(void **state)
{
    (void)state;
    char name[64];
    size_t bom;
    static const char meta[] = "<html><head><meta charset=\"koi8-r\"></head><body>x</body></html>";
    /* meta alone */
    assert_int_equal(charset(meta, sizeof(meta) - 1, NULL, name, &bom), NX_CS_META);
    assert_string_equal(name, "koi8-r");
    /* the transport's charset beats meta */
    assert_int_equal(charset(meta, sizeof(meta) - 1, "windows-1251", name, &bom), NX_CS_TRANSPORT);
    assert_string_equal(name, "windows-1251");
    /* a label iconv does not know is passed over */
    assert_int_equal(charset(meta, sizeof(meta) - 1, "gzip", name, &bom), NX_CS_META);
    /* so is a UTF-16 label on bytes without NULs */
    assert_int_equal(charset(meta, sizeof(meta) - 1, "utf-16", name, &bom), NX_CS_META);
    /* a BOM beats both */
    char bommed[sizeof(meta) + 3] = "\xEF\xBB\xBF";
    memcpy(bommed + 3, meta, sizeof(meta));
    assert_int_equal(charset(bommed, sizeof(bommed) - 1, "windows-1251", name, &bom), NX_CS_BOM);
    assert_string_equal(name, "UTF-8");
    assert_int_equal(bom, 3);
    assert_int_equal(charset("\xFF\xFE<\0", 4, "windows-1251", name, &bom), NX_CS_BOM);
    assert_string_equal(name, "UTF-16LE");
    assert_int_equal(charset("\xFE\xFF\0<", 4, NULL, name, &bom), NX_CS_BOM);
    assert_string_equal(name, "UTF-16BE");
    /* UTF-16 without a BOM: '<' as the first 16-bit unit */
    assert_int_equal(charset("\n\0<\0h\0", 6, NULL, name, &bom), NX_CS_SNIFFED);
    assert_string_equal(name, "UTF-16LE");
    /* a UTF-16 label in ASCII bytes means UTF-8; ISO-8859-1 means windows-1252 */
    static const char m16[] = "<meta charset=utf-16><p>x</p>";
    charset(m16, sizeof(m16) - 1, NULL, name, &bom);
    assert_string_equal(name, "UTF-8");
    static const char latin[] =
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>x</p>";
    assert_int_equal(charset(latin, sizeof(latin) - 1, NULL, name, &bom), NX_CS_META);
    assert_string_equal(name, "windows-1252");
    /* nothing declared: sniffed */
    assert_int_equal(charset("<p>Stra\xdf"
                             "e</p>",
                             10, NULL, name, &bom),
                     NX_CS_SNIFFED);
    assert_string_equal(name, "windows-1252");
}

static void test_charset_param(void **state)
{
    (void)state;
    char name[64];
    const char *ct = "text/html; Charset = \"Windows-1252\"";
    assert_int_equal(nx_html_charset_param(ct, strlen(ct), name, sizeof(name)), 12);
    assert_string_equal(name, "Windows-1252");
    ct = "text/html";
    assert_int_equal(nx_html_charset_param(ct, strlen(ct), name, sizeof(name)), 0);
    assert_string_equal(name, "");
    ct = "text/html;charset=latin1";
    nx_html_charset_param(ct, strlen(ct), name, sizeof(name));
    assert_string_equal(name, "windows-1252");
}

/* A UTF-16 page (BOM or not, either byte order) read from raw bytes. */
static void test_utf16_pages(void **state)
{
    (void)state;
    static const char page[] = "<html><head><meta charset=\"utf-8\"><title>T</title></head>"
                               "<body><p>Zürich – „Genève“ ∑</p></body></html>";
    /* UTF-8 to UTF-16 by hand: the page has only BMP characters. */
    for (int be = 0; be < 2; be++)
        for (int with_bom = 0; with_bom < 2; with_bom++) {
            unsigned char buf[512];
            size_t n = 0;
            if (with_bom) {
                buf[n++] = be ? 0xFE : 0xFF;
                buf[n++] = be ? 0xFF : 0xFE;
            }
            const unsigned char *p = (const unsigned char *)page;
            while (*p) {
                unsigned c;
                if (*p < 0x80)
                    c = *p++;
                else if (*p < 0xE0)
                    c = (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F), p += 2;
                else
                    c = (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 |
                        (p[2] & 0x3F),
                    p += 3;
                buf[n++] = (unsigned char)(be ? c >> 8 : c & 0xFF);
                buf[n++] = (unsigned char)(be ? c & 0xFF : c >> 8);
            }
            nx_doc doc;
            nx_span junk;
            char err[256];
            init(&doc);
            doc.input = (const char *)buf;
            doc.input_len = n;
            assert_int_equal(nx_input_parse(&doc, &junk, err, sizeof(err)), NX_OK);
            assert_int_equal(doc.format, NX_IN_HTML);
            assert_string_equal(doc.raw, "Zürich – „Genève“ ∑");
            nx_doc_free(&doc);
        }
}

static nx_err parse(nx_doc *doc, const char *in)
{
    nx_span junk;
    char err[256];
    init(doc);
    doc->input = in;
    doc->input_len = strlen(in);
    return nx_input_parse(doc, &junk, err, sizeof(err));
}

/* The envelope's HTTP charset decodes a page carried one character per
 * byte; it beats the page's meta charset. */
static void test_envelope_charset(void **state)
{
    (void)state;
    static const char *const envs[] = {
        "{\"charset\": \"windows-1252\", \"html\": \"<p>\\u0093Caf\\u00e9\\u0094 \\u0080 5</p>\"}",
        "{\"encoding\": \"cp1252\", \"html\": \"<p>\\u0093Caf\\u00e9\\u0094 \\u0080 5</p>\"}",
        "{\"content_type\": \"text/html; charset=windows-1252\", \"html\": "
        "\"<meta charset=utf-8><p>\\u0093Caf\\u00e9\\u0094 \\u0080 5</p>\"}",
        "{\"headers\": {\"content-type\": [\"text/html;charset=windows-1252\"]}, \"html\": "
        "\"<p>\\u0093Caf\\u00e9\\u0094 \\u0080 5</p>\"}",
        /* no envelope charset: the page's meta says windows-1252 */
        "{\"html\": \"<meta charset=windows-1252><p>\\u0093Caf\\u00e9\\u0094 \\u0080 5</p>\"}",
    };
    for (size_t k = 0; k < sizeof(envs) / sizeof(envs[0]); k++) {
        nx_doc doc;
        assert_int_equal(parse(&doc, envs[k]), NX_OK);
        assert_string_equal(doc.raw, "“Café” € 5");
        nx_doc_free(&doc);
    }
    /* A decoded page (characters above U+00FF) is UTF-8 whatever it declares. */
    nx_doc doc;
    assert_int_equal(parse(&doc, "{\"charset\": \"windows-1252\", \"html\": "
                                 "\"<meta charset=koi8-r><p>Caf\\u00e9 \\u2013 \\u20ac 5</p>\"}"),
                     NX_OK);
    assert_string_equal(doc.raw, "Café – € 5");
    nx_doc_free(&doc);
    /* A Latin-1 string with no declared charset stays as it is. */
    assert_int_equal(parse(&doc, "{\"html\": \"<p>Caf\\u00e9 au lait</p>\"}"), NX_OK);
    assert_string_equal(doc.raw, "Café au lait");
    nx_doc_free(&doc);
}

/* Raw bytes: the BOM beats meta; NUL bytes in a page are left out, while
 * NUL bytes in plain text still mean binary input. */
static void test_bom_and_nul(void **state)
{
    (void)state;
    nx_doc doc;
    static const char bommed[] = "\xEF\xBB\xBF<html><head><meta charset=\"windows-1252\"></head>"
                                 "<body><p>Zürich</p></body></html>";
    assert_int_equal(parse(&doc, bommed), NX_OK);
    assert_string_equal(doc.raw, "Zürich");
    nx_doc_free(&doc);
    static const char nul[] = "<html><body><p>Before the gap,\0\0\0 after the gap.</p>"
                              "<p>Second paragraph.</p></body></html>";
    nx_span junk;
    char err[256];
    init(&doc);
    doc.input = nul;
    doc.input_len = sizeof(nul) - 1;
    assert_int_equal(nx_input_parse(&doc, &junk, err, sizeof(err)), NX_OK);
    assert_string_equal(doc.raw, "Before the gap, after the gap.\n\nSecond paragraph.");
    nx_doc_free(&doc);
    static const char text[] = "Plain text with a NUL \0 byte in the middle.";
    init(&doc);
    doc.input = text;
    doc.input_len = sizeof(text) - 1;
    assert_int_equal(nx_input_parse(&doc, &junk, err, sizeof(err)), NX_ERR_BINARY);
    nx_doc_free(&doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_charset_order), cmocka_unit_test(test_charset_param),
        cmocka_unit_test(test_utf16_pages),   cmocka_unit_test(test_envelope_charset),
        cmocka_unit_test(test_bom_and_nul),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
