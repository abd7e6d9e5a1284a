/*
 * html.c - visible text and metadata of an HTML page (libxml2's HTML parser).
 *
 * The parser recovers from malformed markup and decodes the page's charset
 * (meta charset, BOM) to UTF-8. Text of script, style, template, noscript,
 * svg, head and form controls is skipped; block elements separate paragraphs
 * with a blank line, <br> with a newline. The cleaner then normalizes the
 * whitespace. Main-content extraction (dropping navigation, ads, comments)
 * builds on this walk.
 */
#include "input.h"

#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "nx_alloc.h"

typedef struct walk {
    nx_buf out;
    nx_doc *doc;
    const xmlChar *title;
    int depth;
} walk;

static int name_is(const xmlNode *n, const char *name)
{
    return n->name && xmlStrcasecmp(n->name, (const xmlChar *)name) == 0;
}

static int is_skipped(const xmlNode *n)
{
    static const char *const skip[] = {"script", "style",  "template", "noscript", "svg",
                                       "head",   "select", "option",   "button",   "iframe",
                                       "object", "canvas", "textarea", "math"};
    for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
        if (name_is(n, skip[i]))
            return 1;
    return 0;
}

static int is_block(const xmlNode *n)
{
    static const char *const block[] = {
        "p",       "div",    "h1",         "h2",     "h3",      "h4",
        "h5",      "h6",     "li",         "ul",     "ol",      "dl",
        "dt",      "dd",     "tr",         "table",  "article", "section",
        "header",  "footer", "blockquote", "pre",    "figure",  "figcaption",
        "aside",   "nav",    "main",       "hr",     "address", "details",
        "summary", "form",   "fieldset",   "legend", "caption", "body"};
    for (size_t i = 0; i < sizeof(block) / sizeof(block[0]); i++)
        if (name_is(n, block[i]))
            return 1;
    return 0;
}

static void para_break(walk *w)
{
    if (w->out.len && !(w->out.len >= 2 && w->out.data[w->out.len - 1] == '\n' &&
                        w->out.data[w->out.len - 2] == '\n'))
        nx_buf_append(&w->out, "\n\n", 2);
}

static void walk_node(walk *w, xmlNode *n)
{
    /* Bound the recursion: deeper content is flattened into its ancestor. */
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                nx_buf_puts(&w->out, (const char *)n->content);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_skipped(n))
            continue;
        if (name_is(n, "br")) {
            nx_buf_putc(&w->out, '\n');
            continue;
        }
        int block = is_block(n);
        if (block)
            para_break(w);
        else if (name_is(n, "td") || name_is(n, "th"))
            nx_buf_putc(&w->out, ' ');
        if (w->depth < 256) {
            w->depth++;
            walk_node(w, n->children);
            w->depth--;
        }
        if (block)
            para_break(w);
    }
}

static const xmlChar *attr(const xmlNode *n, const char *name)
{
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && xmlStrcasecmp(a->name, (const xmlChar *)name) == 0 && a->children)
            return a->children->content;
    return NULL;
}

/* Metadata from <head>: og:title, article:published_time, canonical link, lang. */
static nx_err head_meta(walk *w, nx_doc *doc, xmlNode *n, int depth)
{
    nx_err e = NX_OK;
    for (; n && !e && depth < 64; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(n, "title") && !w->title && n->children && n->children->content) {
            w->title = n->children->content;
        } else if (name_is(n, "html")) {
            const xmlChar *lang = attr(n, "lang");
            if (lang && !doc->lang.data)
                e = nx_str_set(&doc->lang, (const char *)lang, strlen((const char *)lang));
        } else if (name_is(n, "meta")) {
            const xmlChar *p = attr(n, "property");
            if (!p)
                p = attr(n, "name");
            if (!p)
                p = attr(n, "itemprop");
            const xmlChar *c = attr(n, "content");
            if (p && c) {
                const char *ps = (const char *)p, *cs = (const char *)c;
                size_t cl = strlen(cs);
                if ((!strcmp(ps, "og:title") || !strcmp(ps, "twitter:title")) && cl &&
                    !doc->title.data) {
                    e = nx_str_set(&doc->title, cs, cl);
                } else if ((!strcmp(ps, "article:published_time") || !strcmp(ps, "datePublished") ||
                            !strcmp(ps, "date")) &&
                           !doc->published.data) {
                    char norm[32];
                    size_t nl = nx_date_normalize(cs, cl, norm);
                    if (nl) {
                        e = nx_str_set(&doc->published, norm, nl);
                        doc->published_source = "html_meta";
                    }
                } else if (!strcmp(ps, "og:url") && cl && !doc->url.data) {
                    e = nx_str_set(&doc->url, cs, cl);
                }
            }
        } else if (name_is(n, "link")) {
            const xmlChar *rel = attr(n, "rel"), *href = attr(n, "href");
            if (rel && href && !xmlStrcasecmp(rel, (const xmlChar *)"canonical") && !doc->url.data)
                e = nx_str_set(&doc->url, (const char *)href, strlen((const char *)href));
        }
        if (!e && n->children && !name_is(n, "body"))
            e = head_meta(w, doc, n->children, depth + 1);
    }
    return e;
}

nx_err nx_html_extract(nx_doc *doc, const char *html, size_t len, char *errstr, size_t errstr_size)
{
    if (len > (size_t)0x7fffffff)
        return nx_seterr(errstr, errstr_size, NX_ERR_INPUT_TOO_LARGE, "HTML page too large");
    htmlDocPtr hd = htmlReadMemory(html, (int)len, NULL, NULL,
                                   HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                       HTML_PARSE_NONET | HTML_PARSE_COMPACT);
    if (!hd)
        return nx_seterr(errstr, errstr_size, NX_ERR_BAD_HTML, "HTML page could not be parsed");
    walk w;
    memset(&w, 0, sizeof(w));
    w.doc = doc;
    nx_buf_init(&w.out, 0);
    xmlNode *root = xmlDocGetRootElement(hd);
    nx_err e = root ? head_meta(&w, doc, root, 0) : NX_OK;
    if (!e && root)
        walk_node(&w, root);
    if (!e && w.out.err)
        e = w.out.err;
    if (!e && w.title && !doc->title.data) {
        const char *t = (const char *)w.title;
        size_t tl = strlen(t);
        while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '\n'))
            tl--;
        while (tl && (*t == ' ' || *t == '\n')) {
            t++;
            tl--;
        }
        if (tl)
            e = nx_str_set(&doc->title, t, tl);
    }
    if (!e) {
        if (!w.out.data && (e = nx_buf_append(&w.out, "", 0)) != NX_OK) {
            nx_buf_free(&w.out);
            xmlFreeDoc(hd);
            return e;
        }
        nx_free(doc->raw_owned);
        doc->raw_owned = nx_buf_steal(&w.out, &doc->raw_len);
        doc->raw = doc->raw_owned;
        doc->raw_base = 0;
    }
    nx_buf_free(&w.out);
    xmlFreeDoc(hd);
    return e;
}
