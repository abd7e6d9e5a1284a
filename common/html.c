/*
 * html.c - the article body of an HTML page (libxml2's HTML parser).
 *
 * The page is converted to UTF-8 (charset from a BOM, the transport's
 * Content-Type, <meta charset>, else UTF-8 when the bytes are valid UTF-8,
 * else windows-1252; iconv, in html_charset.c), parsed, and its elements are
 * laid out in one array in document order. The steps, detailed in docs/html.md:
 *   1. boilerplate: elements whose tag, role, class/id or visibility marks
 *      them as navigation, header/footer, share bar, comments, ads, cookie
 *      banner... are dropped with their subtree (unless they hold most of
 *      the page's text, as some page wrappers do); so are credit lines
 *      and "related" headings with the link lists after them;
 *   2. scoring: every paragraph-like block scores by its length and commas
 *      and passes its score to its ancestors; an ancestor's score is scaled
 *      by its tag and class/id hints and by (1 - link density);
 *   3. the best-scoring element and its siblings of similar weight form the
 *      article; inside it link lists, forms and link-dense blocks are
 *      dropped;
 *   4. the kept text is written in reading order, one paragraph per block
 *      (headings, paragraphs, list items, quotes, table rows), blank lines
 *      between them.
 * Every walk is iterative, so nesting depth costs no stack; every step is
 * linear in the number of nodes.
 */
#include "input.h"

#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "html_dom.h"
#include "nx_alloc.h"

/* ------------------------------------------------------------ tag table */

enum {
    T_OTHER = 0,
    T_SKIP,  /* never text: script, style, ... */
    T_BLOCK, /* paragraph break around it */
    T_PARA,  /* block that scores as a paragraph */
    T_HEAD,  /* h1..h6 */
    T_LIST,  /* ul, ol, dl */
    T_LI,    /* li, dt, dd */
    T_A,
    T_BR,
    T_IMG,
    T_INPUT,
    T_CELL,  /* td, th */
    T_DIV,   /* div, section, article, main: may hold text directly */
    T_BOIL,  /* nav, aside, footer, header, form, menu, dialog */
    T_INLINE /* span, strong, em...: text-level markup */
};

typedef struct tagdef {
    const char *name;
    uint8_t kind;
} tagdef;

static const tagdef tags[] = {
    /* sorted by name for bsearch */
    {"a", T_A},           {"abbr", T_INLINE},     {"address", T_BLOCK},  {"applet", T_SKIP},
    {"area", T_SKIP},     {"article", T_DIV},     {"aside", T_BOIL},     {"audio", T_SKIP},
    {"b", T_INLINE},      {"base", T_SKIP},       {"bdi", T_INLINE},     {"bdo", T_INLINE},
    {"big", T_INLINE},    {"blockquote", T_PARA}, {"body", T_BLOCK},     {"br", T_BR},
    {"button", T_SKIP},   {"canvas", T_SKIP},     {"caption", T_BLOCK},  {"center", T_DIV},
    {"cite", T_INLINE},   {"code", T_INLINE},     {"data", T_INLINE},    {"datalist", T_SKIP},
    {"dd", T_LI},         {"del", T_INLINE},      {"details", T_BLOCK},  {"dfn", T_INLINE},
    {"dialog", T_BOIL},   {"div", T_DIV},         {"dl", T_LIST},        {"dt", T_LI},
    {"em", T_INLINE},     {"embed", T_SKIP},      {"fieldset", T_BLOCK}, {"figcaption", T_SKIP},
    {"figure", T_BLOCK},  {"font", T_INLINE},     {"footer", T_BOIL},    {"form", T_BOIL},
    {"frame", T_SKIP},    {"frameset", T_SKIP},   {"h1", T_HEAD},        {"h2", T_HEAD},
    {"h3", T_HEAD},       {"h4", T_HEAD},         {"h5", T_HEAD},        {"h6", T_HEAD},
    {"head", T_SKIP},     {"header", T_BOIL},     {"hr", T_BLOCK},       {"i", T_INLINE},
    {"iframe", T_SKIP},   {"img", T_IMG},         {"input", T_INPUT},    {"ins", T_INLINE},
    {"kbd", T_INLINE},    {"label", T_INLINE},    {"legend", T_BLOCK},   {"li", T_LI},
    {"link", T_SKIP},     {"main", T_DIV},        {"map", T_SKIP},       {"mark", T_INLINE},
    {"math", T_SKIP},     {"menu", T_BOIL},       {"meta", T_SKIP},      {"nav", T_BOIL},
    {"nobr", T_INLINE},   {"noscript", T_SKIP},   {"object", T_SKIP},    {"ol", T_LIST},
    {"option", T_SKIP},   {"p", T_PARA},          {"picture", T_IMG},    {"pre", T_PARA},
    {"q", T_INLINE},      {"s", T_INLINE},        {"samp", T_INLINE},    {"script", T_SKIP},
    {"section", T_DIV},   {"select", T_SKIP},     {"small", T_INLINE},   {"span", T_INLINE},
    {"strike", T_INLINE}, {"strong", T_INLINE},   {"style", T_SKIP},     {"sub", T_INLINE},
    {"summary", T_BLOCK}, {"sup", T_INLINE},      {"svg", T_SKIP},       {"table", T_BLOCK},
    {"tbody", T_BLOCK},   {"td", T_CELL},         {"template", T_SKIP},  {"textarea", T_SKIP},
    {"tfoot", T_BLOCK},   {"th", T_CELL},         {"thead", T_BLOCK},    {"time", T_INLINE},
    {"title", T_SKIP},    {"tr", T_BLOCK},        {"tt", T_INLINE},      {"u", T_INLINE},
    {"ul", T_LIST},       {"var", T_INLINE},      {"video", T_SKIP},
};

static int tag_cmp(const void *k, const void *e)
{
    return strcmp((const char *)k, ((const tagdef *)e)->name);
}

static uint8_t tag_kind(const xmlNode *n)
{
    if (!n->name)
        return T_OTHER;
    const tagdef *t =
        bsearch(n->name, tags, sizeof(tags) / sizeof(tags[0]), sizeof(tags[0]), tag_cmp);
    return t ? t->kind : T_OTHER;
}

static int is_block_kind(uint8_t k)
{
    return k == T_BLOCK || k == T_PARA || k == T_HEAD || k == T_LIST || k == T_LI || k == T_DIV ||
           k == T_BOIL;
}

/* ------------------------------------------------------------ DOM helpers */

const char *nx_html_attr(const xmlNode *n, const char *name)
{
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && xmlStrcasecmp(a->name, (const xmlChar *)name) == 0 && a->children &&
            a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

int nx_html_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Append s with runs of white space folded (a leading run only when b does
 * not already end in a space). */
static void put_folded(nx_buf *b, const char *s)
{
    const char *p = s;
    while (*p) {
        if (is_space((unsigned char)*p)) {
            while (is_space((unsigned char)*p))
                p++;
            if (b->len && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '\n')
                nx_buf_putc(b, ' ');
            continue;
        }
        const char *q = p;
        while (*q && !is_space((unsigned char)*q))
            q++;
        nx_buf_append(b, p, (size_t)(q - p));
        p = q;
    }
}

xmlNode *nx_html_walk_next(xmlNode *n, const xmlNode *sub, int descend)
{
    if (descend && n->children && n->type == XML_ELEMENT_NODE)
        return n->children;
    while (n && n != sub) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

nx_err nx_html_text(const xmlNode *sub, nx_buf *b)
{
    xmlNode *n = (xmlNode *)(uintptr_t)sub;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
            put_folded(b, (const char *)n->content);
        return b->err;
    }
    for (n = n->children; n;) {
        int desc = 1;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                put_folded(b, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            uint8_t k = tag_kind(n);
            if (k == T_SKIP)
                desc = 0;
            else if (k == T_BR && b->len && b->data[b->len - 1] != ' ')
                nx_buf_putc(b, ' ');
        } else {
            desc = 0;
        }
        n = nx_html_walk_next(n, sub, desc);
    }
    return b->err;
}

nx_err nx_html_set_trimmed(nx_str *dst, const char *s, size_t len)
{
    nx_buf b;
    nx_buf_init(&b, 0);
    char *tmp = nx_strndup(s, len);
    if (!tmp)
        return NX_ERR_NOMEM;
    put_folded(&b, tmp);
    nx_free(tmp);
    nx_err e = b.err;
    size_t n = b.len;
    while (n && b.data[n - 1] == ' ')
        n--;
    const char *p = b.data;
    while (n && *p == ' ') {
        p++;
        n--;
    }
    if (!e && n)
        e = nx_str_set(dst, p, n);
    nx_buf_free(&b);
    return e;
}

/* ------------------------------------------------------------ node array */

#ifndef SPREAD_SHARE
#define SPREAD_SHARE 0.2
#endif
#ifndef CLIMB_RATIO
#define CLIMB_RATIO 1.0
#endif
#ifndef CLIMB_MIN
#define CLIMB_MIN 200
#endif
#ifndef CLIMB_LD
#define CLIMB_LD 0.35
#endif
#ifndef NOSCRIPT_MIN
#define NOSCRIPT_MIN 200
#endif
#ifndef INPUT_TEXT_MAX
#define INPUT_TEXT_MAX 1000
#endif
#ifndef LONE_SLACK
#define LONE_SLACK 25
#endif
#define F_DROP     0x01 /* boilerplate: dropped with its subtree */
#define F_POS      0x02 /* class/id or role say content */
#define F_NEG      0x04 /* class/id say boilerplate (weakly) */
#define F_KEEP     0x08 /* part of the article */
#define F_CLEAN    0x10 /* dropped by the in-article clean-up */
#define F_BODYHINT 0x20 /* a well-known article-body marker */

typedef struct hnode {
    xmlNode *x;
    int32_t parent;
    int32_t end; /* one past the last descendant */
    uint8_t kind;
    uint8_t flags;
    uint32_t own;  /* characters of direct text */
    uint32_t text; /* characters of the subtree's text */
    uint32_t link; /* ... of which inside links */
    uint32_t commas;
    uint32_t np, ninput, nlist_text;
    uint32_t ptext; /* text of paragraph-like blocks, links excluded */
    double score;
} hnode;

typedef struct page {
    hnode *v;
    size_t n, cap;
} page;

static uint32_t visible_chars(const char *s, uint32_t *commas)
{
    uint32_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80 || is_space(*p))
            continue;
        n++;
        if (*p == ',')
            (*commas)++;
        else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) /* U+FF0C */
            (*commas)++;
        else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x81) /* U+3001 */
            (*commas)++;
    }
    return n;
}

/* Lay out the elements under root in document order. */
static nx_err build(page *pg, xmlNode *root)
{
    int32_t cur = -1;
    xmlNode *n = root;
    while (n) {
        int desc = 0;
        if (n->type == XML_ELEMENT_NODE) {
            uint8_t k = tag_kind(n);
            /* <noscript> is laid out: mark_boilerplate() keeps it only when
             * it holds the page's text (pages built by scripts). */
            if (k == T_SKIP && nx_html_is(n, "noscript"))
                k = T_BLOCK;
            if (k != T_SKIP) {
                nx_err e = nx_grow((void **)&pg->v, &pg->cap, pg->n + 1, sizeof(hnode));
                if (e)
                    return e;
                hnode *h = &pg->v[pg->n];
                memset(h, 0, sizeof(*h));
                h->x = n;
                h->kind = k;
                h->parent = cur;
                n->_private = (void *)(uintptr_t)(pg->n + 1);
                if (n->children) {
                    cur = (int32_t)pg->n;
                    desc = 1;
                }
                pg->n++;
                if (!desc)
                    pg->v[pg->n - 1].end = (int32_t)pg->n;
            }
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && cur >= 0 &&
                   n->content) {
            hnode *p = &pg->v[cur];
            p->own += visible_chars((const char *)n->content, &p->commas);
        }
        if (desc) {
            n = n->children;
            continue;
        }
        /* Next sibling, or climb, closing the elements left behind. */
        for (;;) {
            if (n == root) {
                n = NULL;
                break;
            }
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (!n)
                break;
            if (n->_private && cur >= 0) {
                pg->v[cur].end = (int32_t)pg->n;
                cur = pg->v[cur].parent;
            }
        }
    }
    while (cur >= 0) {
        pg->v[cur].end = (int32_t)pg->n;
        cur = pg->v[cur].parent;
    }
    return NX_OK;
}

/* Sum the subtree counts bottom-up; dropped subtrees count only when all is set. */
static void accumulate(page *pg, int all)
{
    for (size_t i = 0; i < pg->n; i++) {
        hnode *h = &pg->v[i];
        h->text = h->own;
        h->link = 0;
        h->np = h->kind == T_PARA;
        h->ninput = h->kind == T_INPUT;
        h->nlist_text = 0;
        h->ptext = h->own >= 25 ? h->own : 0;
    }
    for (size_t i = pg->n; i-- > 0;) {
        hnode *h = &pg->v[i];
        if (h->kind == T_A)
            h->link = h->text;
        if (h->kind == T_LIST)
            h->nlist_text = h->text;
        if (h->kind == T_PARA || h->kind == T_HEAD || h->kind == T_LI || h->kind == T_CELL)
            h->ptext = h->text - h->link;
        if (h->parent < 0 || (!all && (h->flags & (F_DROP | F_CLEAN))))
            continue;
        hnode *p = &pg->v[h->parent];
        p->text += h->text;
        p->link += h->link;
        p->np += h->np;
        p->ninput += h->ninput;
        p->nlist_text += h->nlist_text;
        p->ptext += h->ptext;
    }
}

/* ------------------------------------------------------------ class/id hints */

static int in_list(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && memcmp(*list, w, n) == 0)
            return 1;
    return 0;
}

static const char *const strong_words[] = {
    "nav",          "navi",        "navbar",     "navigation",    "menu",        "menubar",
    "ad",           "ads",         "advert",     "advertisement", "comments",    "comment",
    "share",        "sharing",     "shariff",    "social",        "socials",     "related",
    "sidebar",      "footer",      "cookie",     "cookies",       "consent",     "gdpr",
    "breadcrumb",   "breadcrumbs", "newsletter", "disqus",        "outbrain",    "taboola",
    "banner",       "popup",       "modal",      "pagination",    "pager",       "subscribe",
    "subscription", "signup",      "login",      "respond",       "replies",     "jump",
    "toolbar",      "topbar",      "submenu",    "subnav",        "dropdown",    "sponsor",
    "sponsored",    "promo",       "teaser",     "teasers",       "recommended", "recommendations",
    "trending",     "popular",     "masthead",   "copyright",     "overlay",     "lightbox",
    "newsticker",   "ticker",      "search",     "searchform",    "caption",     "credit",
    "credits",      "kommentare",  "kommentar",  "commentaires",  "comentarios", "discussion",
    "shoutbox",     "sharebar",    "anzeige",    "werbung",       NULL};

static const char *const weak_words[] = {
    "meta",      "date",     "time",      "author",    "authors",       "byline",
    "tags",      "tag",      "tagged",    "category",  "categories",    "more",
    "readmore",  "links",    "tools",     "utility",   "follow",        "rss",
    "feed",      "prev",     "next",      "secondary", "complementary", "legal",
    "partner",   "partners", "sr",        "visually",  "sticky",        "badge",
    "bio",       "profile",  "avatar",    "published", "posted",        "updated",
    "timestamp", "dateline", "kicker",    "overline",  "cta",           "shop",
    "cart",      "rating",   "aside",     "print",     "noprint",       "skip",
    "widget",    "widgets",  "impressum", "contact",   "kontakt",       "newsletterbox",
    "abo",       "paywall",  NULL};

static const char *const pos_words[] = {
    "article", "articlebody", "content", "main",   "body",     "entry",    "post",   "text",
    "story",   "hentry",      "blog",    "prose",  "richtext", "markdown", "single", "column",
    "page",    "maincontent", "copy",    "inhalt", "artikel",  "beitrag",  "texto",  "contenido",
    "corps",   "contenu",     "testo",   "tekst",  "news",     NULL};

static const char *const strong_subs[] = {"comment",
                                          "cookie",
                                          "sidebar",
                                          "footer",
                                          "breadcrumb",
                                          "newsletter",
                                          "navigation",
                                          "navbar",
                                          "social",
                                          "share",
                                          "related",
                                          "advert",
                                          "sponsor",
                                          "disqus",
                                          "outbrain",
                                          "taboola",
                                          "popup",
                                          "consent",
                                          "pagination",
                                          "banner",
                                          "recommend",
                                          "teaser",
                                          "caption",
                                          "copyright",
                                          "credit",
                                          "metadata",
                                          "disclosure",
                                          "disclaimer",
                                          "affiliate",
                                          "infobox",
                                          "factbox",
                                          "notice",
                                          "licen",
                                          "lizenz",
                                          "donat",
                                          "spende",
                                          "rating",
                                          "readingtime",
                                          "reading-time",
                                          "read-time",
                                          "pop-up",
                                          "popmake",
                                          "author-info",
                                          "author-desc",
                                          "authorbox",
                                          "author-box",
                                          "about-author",
                                          "image-source",
                                          "imagesource",
                                          "imagedescription",
                                          "image-description",
                                          "image-subtitle",
                                          "img-meta",
                                          "bildunter",
                                          "untertitel",
                                          "legend",
                                          "linkbox",
                                          "sabox",
                                          "post-author",
                                          "werbung",
                                          NULL};

static const char *const body_markers[] = {"articlebody",     "article-body",
                                           "article__body",   "article_body",
                                           "articletext",     "article-text",
                                           "article-content", "article__content",
                                           "articlecontent",  "entry-content",
                                           "post-content",    "post-body",
                                           "postbody",        "post-entry",
                                           "story-body",      "storybody",
                                           "story-content",   "td-post-content",
                                           "body-text",       "content-body",
                                           "main-content",    "maincontent",
                                           "news-text",       "article__text",
                                           "text-content",    "post-text",
                                           "entry-body",      "single-content",
                                           "blog-content",    "c-article-body",
                                           "rich-text",       "field-body",
                                           "node-content",    NULL};

/* 1 when the word low[i..j) has a layout modifier as a neighbour word. */
static int layout_word(const char *low, size_t n, size_t i, size_t j)
{
    static const char *const mods[] = {"left", "right", "has", "with", "no", "layout", NULL};
    size_t a = i, b = j;
    /* previous word */
    if (a > 0 && (low[a - 1] == '-' || low[a - 1] == '_')) {
        size_t e = a - 1, s = e;
        while (s > 0 && low[s - 1] >= 'a' && low[s - 1] <= 'z')
            s--;
        if (in_list(low + s, e - s, mods))
            return 1;
    }
    if (b < n && (low[b] == '-' || low[b] == '_')) {
        size_t s = b + 1, e = s;
        while (e < n && low[e] >= 'a' && low[e] <= 'z')
            e++;
        if (in_list(low + s, e - s, mods))
            return 1;
    }
    return 0;
}

/* 1 when the word low[i..j) is "category", "tag" or "tags" naming one item's
 * taxonomy ("category-news", "tag-climate" on a blog post), not a tag box. */
static int taxonomy_label(const char *low, size_t n, size_t i, size_t j)
{
    static const char *const box[] = {"list", "cloud", "links", "box", "wrap", "container", NULL};
    if (!((j - i == 8 && !memcmp(low + i, "category", 8)) ||
          (j - i == 3 && !memcmp(low + i, "tag", 3)) ||
          (j - i == 4 && !memcmp(low + i, "tags", 4))))
        return 0;
    if (j + 1 >= n || low[j] != '-' || !(low[j + 1] >= 'a' && low[j + 1] <= 'z'))
        return 0;
    size_t s = j + 1, e = s;
    while (e < n && low[e] >= 'a' && low[e] <= 'z')
        e++;
    return !in_list(low + s, e - s, box);
}

/* Strong words naming lists of other articles: a content word beside them
 * ("related-posts", "recommended-articles") names what is listed. */
static const char *const listing_words[] = {
    "related", "recommended", "recommendations", "trending", "popular", "promo", NULL};

typedef struct hints {
    int strong, weak, pos, body, header;
    int listing; /* "related", "recommended"...: other articles, whatever else the class says */
} hints;

static void scan_hints(const char *s, hints *h)
{
    char low[512];
    size_t n = strlen(s);
    if (n >= sizeof(low))
        n = sizeof(low) - 1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    low[n] = '\0';
    for (const char *const *p = strong_subs; *p; p++)
        if (strstr(low, *p))
            h->weak = 1;
    for (const char *const *p = body_markers; *p; p++)
        if (strstr(low, *p))
            h->body = 1;
    size_t i = 0;
    while (i < n) {
        while (i < n && !((low[i] >= 'a' && low[i] <= 'z') || (low[i] >= '0' && low[i] <= '9')))
            i++;
        size_t j = i;
        while (j < n && ((low[j] >= 'a' && low[j] <= 'z') || (low[j] >= '0' && low[j] <= '9')))
            j++;
        if (j > i) {
            if (j - i == 7 && !memcmp(low + i, "sidebar", 7) && layout_word(low, n, i, j))
                ; /* "sidebar-right", "has-sidebar": a page layout, not a sidebar */
            else if (j - i == 6 && !memcmp(low + i, "header", 6))
                h->header = 1;
            else if (in_list(low + i, j - i, strong_words)) {
                h->strong = 1;
                h->listing |= in_list(low + i, j - i, listing_words);
            } else if (in_list(low + i, j - i, weak_words) && !taxonomy_label(low, n, i, j))
                h->weak = 1;
            if (in_list(low + i, j - i, pos_words))
                h->pos = 1;
        }
        i = j;
    }
}

static int style_hidden(const char *s)
{
    char buf[256];
    size_t k = 0;
    for (; *s && k + 1 < sizeof(buf); s++)
        if (!is_space((unsigned char)*s))
            buf[k++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
    buf[k] = '\0';
    return strstr(buf, "display:none") || strstr(buf, "visibility:hidden");
}

/* Mark boilerplate elements. total is the page's text length. */
static void mark_boilerplate(page *pg, uint32_t total, uint32_t total_p)
{
    for (size_t i = 0; i < pg->n; i++) {
        hnode *h = &pg->v[i];
        if (h->parent >= 0 && (pg->v[h->parent].flags & F_DROP)) {
            h->flags |= F_DROP;
            continue;
        }
        xmlNode *x = h->x;
        if (nx_html_is(x, "body") || nx_html_is(x, "html"))
            continue;
        hints hi = {0, 0, 0, 0, 0, 0};
        const char *cls = nx_html_attr(x, "class"), *id = nx_html_attr(x, "id");
        if (cls)
            scan_hints(cls, &hi);
        if (id)
            scan_hints(id, &hi);
        const char *role = nx_html_attr(x, "role");
        if (role) {
            if (!strcmp(role, "navigation") || !strcmp(role, "banner") ||
                !strcmp(role, "contentinfo") || !strcmp(role, "complementary") ||
                !strcmp(role, "search") || !strcmp(role, "dialog") || !strcmp(role, "menu") ||
                !strcmp(role, "menubar") || !strcmp(role, "alert"))
                hi.strong = 1;
            else if (!strcmp(role, "main") || !strcmp(role, "article"))
                hi.pos = 1;
        }
        const char *ip = nx_html_attr(x, "itemprop");
        if (ip && (!strcmp(ip, "articleBody") || !strcmp(ip, "text")))
            hi.body = 1;
        if (hi.body)
            h->flags |= F_BODYHINT | F_POS;
        else if (hi.pos)
            h->flags |= F_POS;
        if (hi.weak || hi.strong)
            h->flags |= F_NEG;

        int drop = 0, guarded = 1;
        if (nx_html_is(x, "noscript") && h->ptext < NOSCRIPT_MIN) {
            h->flags |= F_DROP;
            continue;
        }
        const char *st = nx_html_attr(x, "style");
        if (nx_html_attr(x, "hidden") || (st && style_hidden(st))) {
            drop = h->text < 200 || h->link * 2 > h->text;
        } else {
            const char *ah = nx_html_attr(x, "aria-hidden");
            if (ah && !strcmp(ah, "true") && h->text < 200)
                drop = 1;
        }
        /* Headers inside an article hold its lead; the page's header does not. */
        int in_art = 0;
        if (hi.header || nx_html_is(x, "header"))
            for (int32_t a = h->parent; a >= 0 && !in_art; a = pg->v[a].parent)
                in_art = nx_html_is(pg->v[a].x, "article") || nx_html_is(pg->v[a].x, "main") ||
                         (pg->v[a].flags & F_BODYHINT);
        if (hi.header && !in_art)
            hi.weak = 1;
        int big_pos = hi.pos && !hi.listing && h->text >= 500 && h->link * 3 < h->text;
        if (!drop && !hi.body && !nx_html_is(x, "main")) {
            if (hi.strong && !big_pos)
                drop = 1;
            else if (hi.weak && !nx_html_is(x, "article") &&
                     (h->text < 400 || h->link * 2 > h->text))
                drop = 1;
            else if (h->kind == T_BOIL && !hi.pos &&
                     !(nx_html_is(x, "header") &&
                       (in_art || (h->ptext >= 400 && h->link * 4 < h->text))))
                drop = 1;
        }
        if (drop && !hi.body) {
            /* Comments and cookie banners go even when large. */
            char both[600];
            snprintf(both, sizeof(both), "%s %s", cls ? cls : "", id ? id : "");
            for (char *c = both; *c; c++)
                if (*c >= 'A' && *c <= 'Z')
                    *c = (char)(*c + 32);
            if (strstr(both, "comment") || strstr(both, "cookie") || strstr(both, "consent") ||
                strstr(both, "disqus"))
                guarded = 0;
        } else if (!drop && !hi.body && big_pos) {
            char both[600];
            snprintf(both, sizeof(both), "%s %s", cls ? cls : "", id ? id : "");
            if (strstr(both, "comments") || strstr(both, "comment-list") ||
                strstr(both, "commentlist") || strstr(both, "disqus"))
                drop = 1, guarded = 0;
        }
        /* A wrapper holding most of the page is not boilerplate. */
        if (drop && guarded && total &&
            ((h->text * 10 >= total * 6 && h->link * 2 < h->text) ||
             (total_p && h->ptext * 10 >= total_p * 5)))
            drop = 0;
        if (drop)
            h->flags |= F_DROP;
#ifdef NX_HTML_TRACE
        if (drop && h->text > 100)
            fprintf(stderr, "drop %s class=%s id=%s text=%u\n", (const char *)x->name,
                    cls ? cls : "", id ? id : "", h->text);
#endif
    }
}

/* ------------------------------------------------------------ scoring */

static double link_density(const hnode *h)
{
    return h->text ? (double)h->link / (double)h->text : 0.0;
}

/* ------------------------------------------------------------ text cues */

/* Short lines that credit an image or a source. */
static const char *const credit_starts[] = {
    "foto:",   "fotos:",   "foto ©",     "fotos ©", "photo:",   "photos:",   "photo credit",
    "bild:",   "bilder:",  "titelbild:", "image:",  "images:",  "credit:",   "credits:",
    "crédit",  "quelle:",  "quellen:",   "source:", "sources:", "fuente:",   "fonte:",
    "źródło:", "zdjęcie:", "fot.",       "©",       "(c) ",     "copyright", "abbildung",
    "abb.",    NULL};
/* ... and inside a short line: "Blick vom Turm. (Foto: dpa)". */
static const char *const credit_inside[] = {
    "(foto", "foto:", "(photo", "photo:", "(bild:", "bild:", "©", NULL};

/* Headings of "related" blocks: the heading goes, and the link lists after it. */
static const char *const related_heads[] = {"mehr zum thema",
                                            "mehr zu diesem thema",
                                            "weitere informationen",
                                            "lesen sie auch",
                                            "lesen sie mehr",
                                            "auch interessant",
                                            "das könnte sie auch interessieren",
                                            "das könnte dich auch interessieren",
                                            "weitere artikel",
                                            "weitere beiträge",
                                            "ähnliche artikel",
                                            "ähnliche beiträge",
                                            "verwandte artikel",
                                            "zum weiterlesen",
                                            "passend dazu",
                                            "siehe auch",
                                            "links zum thema",
                                            "top themen",
                                            "inhaltsverzeichnis",
                                            "related",
                                            "read more",
                                            "read also",
                                            "read next",
                                            "see also",
                                            "more from",
                                            "more on this",
                                            "more stories",
                                            "you may also like",
                                            "you might also like",
                                            "recommended for you",
                                            "further reading",
                                            "table of contents",
                                            "most popular",
                                            "most read",
                                            "à lire aussi",
                                            "a lire aussi",
                                            "lire aussi",
                                            "vous aimerez aussi",
                                            "dans la même rubrique",
                                            "sur le même sujet",
                                            "articles similaires",
                                            "plus d'articles",
                                            "à voir aussi",
                                            "sommaire",
                                            "lee también",
                                            "leer más",
                                            "te puede interesar",
                                            "también te puede interesar",
                                            "noticias relacionadas",
                                            "más noticias",
                                            "contenido relacionado",
                                            "leia também",
                                            "leia mais",
                                            "veja também",
                                            "notícias relacionadas",
                                            "leggi anche",
                                            "articoli correlati",
                                            "potrebbe interessarti",
                                            "zobacz także",
                                            "zobacz też",
                                            "czytaj też",
                                            "czytaj także",
                                            "przeczytaj także",
                                            "polecamy",
                                            "lees ook",
                                            "gerelateerde artikelen",
                                            NULL};

/* The element's text, white space folded, lower-cased (ASCII and Latin-1
 * letters), cut at about cap bytes. */
static const char *cue_text(const xmlNode *x, nx_buf *b, size_t cap)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
    nx_html_text(x, b);
    if (b->err || !b->data)
        return "";
    size_t n = b->len;
    char *t = b->data;
    size_t i = 0;
    while (i < n && t[i] == ' ')
        i++;
    if (n - i > cap)
        n = i + cap;
    t[n] = '\0';
    for (size_t k = i; k < n; k++) {
        unsigned char c = (unsigned char)t[k];
        if (c >= 'A' && c <= 'Z')
            t[k] = (char)(c + 32);
        else if (c == 0xC3 && k + 1 < n && (unsigned char)t[k + 1] >= 0x80 &&
                 (unsigned char)t[k + 1] <= 0x9E && (unsigned char)t[k + 1] != 0x97)
            t[k + 1] = (char)(t[k + 1] + 0x20), k++;
    }
    return t + i;
}

static int starts_with_any(const char *t, const char *const *list)
{
    for (; *list; list++) {
        size_t n = strlen(*list);
        if (!strncmp(t, *list, n))
            return 1;
    }
    return 0;
}

/* A related-block heading: one of related_heads, then nothing but a short
 * tail ("Mehr zum Thema Corona") or ':'. */
static int related_head(const char *t)
{
    for (const char *const *p = related_heads; *p; p++) {
        size_t n = strlen(*p);
        if (strncmp(t, *p, n) != 0)
            continue;
        unsigned char c = (unsigned char)t[n];
        if (c == '\0' || c == ':' || c == ' ' || c == '.' || c == '!' || c == '?')
            return 1;
    }
    return 0;
}

/* Drop credit lines, and related-block headings with the link lists that
 * follow them in the same parent. Runs after mark_boilerplate(). */
static nx_err mark_cues(page *pg)
{
    nx_buf b;
    nx_buf_init(&b, 0);
    for (size_t i = 1; i < pg->n; i++) {
        hnode *h = &pg->v[i];
        if (h->flags & F_DROP) {
            i = (size_t)h->end - 1;
            continue;
        }
        if (!h->text || h->text >= 300 || h->kind == T_A || h->kind == T_LI || h->kind == T_LIST ||
            h->kind == T_CELL)
            continue;
        const hnode *par = h->parent >= 0 ? &pg->v[h->parent] : NULL;
        if (par && par->text == h->text && par->kind != T_LI && par->kind != T_CELL &&
            par->parent >= 0)
            continue; /* the parent holds the same text and is tested */
        const char *t = cue_text(h->x, &b, 200);
        if (b.err)
            break;
        int drop = 0;
        if (h->text < 150 && !(h->flags & F_BODYHINT)) {
            if (starts_with_any(t + (t[0] == '(' || t[0] == '['), credit_starts))
                drop = 1;
            else if (h->text < 100)
                for (const char *const *p = credit_inside; *p && !drop; p++)
                    drop = strstr(t, *p) != NULL;
        }
        int head = 0;
        if (!drop && related_head(t) &&
            (h->kind == T_HEAD ? h->text < 60
                               : h->text < 40 || (h->link * 10 > h->text * 3 && h->np <= 1)))
            drop = head = 1;
        if (!drop)
            continue;
        h->flags |= F_DROP;
        int32_t end = h->end;
        if (head && h->parent >= 0) {
            /* The lists and link blocks that follow, up to other text. */
            for (int32_t j = h->end; j < pg->v[h->parent].end; j = pg->v[j].end) {
                hnode *s = &pg->v[j];
                if (s->flags & F_DROP)
                    continue;
                if (!s->text)
                    continue;
                if (s->kind == T_HEAD || !(s->kind == T_LIST || link_density(s) > 0.3))
                    break;
                s->flags |= F_DROP;
                end = s->end;
            }
        }
#ifdef NX_HTML_TRACE
        fprintf(stderr, "cue %s: %s (%s, %d nodes)\n", head ? "related" : "credit", t,
                (const char *)h->x->name, (int)(end - (int32_t)i));
#endif
        for (int32_t j = (int32_t)i + 1; j < end; j++)
            pg->v[j].flags |= F_DROP;
        i = (size_t)end - 1;
    }
    nx_err e = b.err;
    nx_buf_free(&b);
    return e;
}

static double base_score(const hnode *h)
{
    double s = 0;
    switch (h->kind) {
    case T_DIV:
        s = 5;
        break;
    case T_PARA:
    case T_CELL:
        s = 3;
        break;
    case T_LIST:
    case T_LI:
        s = -3;
        break;
    case T_HEAD:
        s = -5;
        break;
    default:
        break;
    }
    if (h->flags & F_POS)
        s += 25;
    if (h->flags & F_NEG)
        s -= 25;
    if (h->flags & F_BODYHINT)
        s += 25;
    return s;
}

/* Score the paragraphs and return the best candidate's index (-1 for none). */
static int32_t score(page *pg)
{
    uint8_t *init = nx_calloc(pg->n ? pg->n : 1, 1);
    if (!init)
        return -2;
    for (size_t i = 0; i < pg->n; i++) {
        hnode *h = &pg->v[i];
        if (h->flags & F_DROP)
            continue;
        uint32_t len;
        if (h->kind == T_PARA || h->kind == T_CELL)
            len = h->text;
        else if (h->kind == T_DIV || h->kind == T_OTHER || h->kind == T_LI)
            len = h->own; /* text standing directly in a container */
        else
            continue;
        if (len < 25)
            continue;
        if (h->kind == T_LI && len < 80)
            continue;
        double s =
            1.0 + (double)(h->commas < 20 ? h->commas : 20) + (len / 100.0 < 3 ? len / 100.0 : 3);
        if (h->kind != T_PARA && h->kind != T_CELL)
            s *= 0.8;
        /* The element itself (for text held directly) and five ancestors. */
        int32_t a = (h->kind == T_PARA || h->kind == T_CELL) ? h->parent : (int32_t)i;
        for (int level = 0; a >= 0 && level < 5; level++, a = pg->v[a].parent) {
            hnode *an = &pg->v[a];
            if (!init[a]) {
                init[a] = 1;
                an->score = base_score(an);
            }
            double div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
            an->score += s / div;
        }
    }
    int32_t best = -1;
    double bs = 0;
    for (size_t i = 0; i < pg->n; i++) {
        hnode *h = &pg->v[i];
        if (!init[i] || (h->flags & F_DROP))
            continue;
        h->score *= 1.0 - link_density(h);
        if (best < 0 || h->score > bs) {
            best = (int32_t)i;
            bs = h->score;
        }
    }
    nx_free(init); /* nodes never scored keep the 0 build() gave them */
    return best;
}

/* Readability's conditional clean-up inside the article: link lists, forms,
 * image galleries and short link-heavy blocks go. */
static void clean_inside(page *pg, int32_t top)
{
    for (int32_t i = top + 1; i < pg->v[top].end; i++) {
        hnode *h = &pg->v[i];
        if (h->flags & (F_DROP | F_CLEAN)) {
            i = h->end - 1;
            continue;
        }
        double ld = link_density(h);
        int drop = 0;
        if (h->kind == T_DIV || h->kind == T_LIST || h->kind == T_BLOCK || h->kind == T_OTHER ||
            h->kind == T_BOIL) {
            if (h->text == 0)
                continue;
            int is_list = h->kind == T_LIST || h->nlist_text * 10 >= h->text * 9;
            int pos = (h->flags & F_POS) != 0;
            if (h->commas < 10) {
                if (ld > 0.5 && !pos)
                    drop = 1;
                else if (!is_list && !pos && ld > 0.33 && h->text < 300)
                    drop = 1;
                else if (h->ninput > 1 && h->ninput * 3 > h->np && h->text < INPUT_TEXT_MAX)
                    drop = 1;
            }
            if (is_list && ld > 0.6)
                drop = 1;
        } else if (h->kind == T_PARA || h->kind == T_LI || h->kind == T_HEAD) {
            if (h->text && ld > 0.8 && h->text < 120)
                drop = 1;
        }
        if (drop) {
            h->flags |= F_CLEAN;
            i = h->end - 1;
        }
    }
}

/* ------------------------------------------------------------ output */

static void para_break(nx_buf *b)
{
    while (b->len && b->data[b->len - 1] == ' ')
        b->len--;
    if (b->data)
        b->data[b->len] = '\0';
    if (b->len && !(b->len >= 2 && b->data[b->len - 1] == '\n' && b->data[b->len - 2] == '\n'))
        nx_buf_append(b, "\n\n", 2);
}

static hnode *node_of(page *pg, const xmlNode *x)
{
    return x->_private ? &pg->v[(uintptr_t)x->_private - 1] : NULL;
}

/* A heading with no text after it (before the next heading or the end) is
 * the title of a dropped block ("Related", "More news"): it goes too. */
typedef struct heads {
    size_t start, end;
    int pending;
    size_t keep_end;   /* end of the last list item, quote or table row written */
    size_t para_start; /* where the open <p> began */
} heads;

static void head_open(heads *hs, nx_buf *b)
{
    if (hs->pending && b->len == hs->end) {
        b->len = hs->start;
        if (b->data)
            b->data[b->len] = '\0';
    }
    hs->pending = 0;
    hs->start = b->len;
}

/* 1 when the paragraph written from start is a short lead-in ending in ':'. */
static int lead_in(const nx_buf *b, size_t start)
{
    size_t end = b->len;
    while (end > start && (b->data[end - 1] == '\n' || b->data[end - 1] == ' '))
        end--;
    return end > start && end - start < 100 && b->data[end - 1] == ':';
}

/* Write the text of the element sub (its kept parts) to b. */
static void emit(page *pg, xmlNode *sub, nx_buf *b, heads *hs)
{
    para_break(b);
    xmlNode *n = sub->children;
    /* Block elements close with a paragraph break: climbing out of one is
     * seen in nx_html_walk_next, so closing is done by checking each climb. */
    while (n) {
        int desc = 1;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                put_folded(b, (const char *)n->content);
            desc = 0;
        } else if (n->type == XML_ELEMENT_NODE) {
            hnode *h = node_of(pg, n);
            if (!h || (h->flags & (F_DROP | F_CLEAN))) {
                desc = 0;
            } else if (h->kind == T_BR) {
                while (b->len && b->data[b->len - 1] == ' ')
                    b->len--;
                if (b->data)
                    b->data[b->len] = '\0';
                nx_buf_putc(b, '\n');
            } else if (is_block_kind(h->kind) || h->kind == T_CELL) {
                if (h->kind == T_CELL)
                    nx_buf_putc(b, ' ');
                else
                    para_break(b);
                if (h->kind == T_HEAD)
                    head_open(hs, b);
                else if (nx_html_is(n, "p"))
                    hs->para_start = b->len;
            }
        } else {
            desc = 0;
        }
        if (desc && n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && n != sub) {
            if (n->type == XML_ELEMENT_NODE) {
                hnode *h = node_of(pg, n);
                if (h && !(h->flags & (F_DROP | F_CLEAN)) && is_block_kind(h->kind)) {
                    para_break(b);
                    if (h->kind == T_HEAD) {
                        hs->end = b->len;
                        hs->pending = 1;
                    } else if (nx_html_is(n, "p") && lead_in(b, hs->para_start)) {
                        /* "More on this:" works as a heading. */
                        if (!(hs->pending && hs->end == hs->para_start))
                            hs->start = hs->para_start;
                        hs->end = b->len;
                        hs->pending = 1;
                    } else if (h->kind == T_LI || nx_html_is(n, "blockquote") ||
                               nx_html_is(n, "tr")) {
                        hs->keep_end = b->len;
                    }
                }
            }
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
        if (n == sub)
            n = NULL;
    }
    para_break(b);
}

/* 1 when a sibling of element i has its (non-empty) class. */
static int same_class_sibling(const page *pg, int32_t i)
{
    const char *c = nx_html_attr(pg->v[i].x, "class");
    int32_t par = pg->v[i].parent;
    if (!c || !c[0] || par < 0)
        return 0;
    for (int32_t j = par + 1; j < pg->v[par].end; j = pg->v[j].end) {
        const char *d = j == i ? NULL : nx_html_attr(pg->v[j].x, "class");
        if (d && !strcmp(c, d) && pg->v[j].text && !(pg->v[j].flags & F_DROP))
            return 1;
    }
    return 0;
}

/* Pick the article: the best candidate and its worthy siblings. */
static void choose(page *pg, int32_t top, nx_buf *out, heads *hs)
{
    /* Climb while the parent holds clearly more paragraph text, few links. */
    for (int32_t a = pg->v[top].parent; a > 0; a = pg->v[a].parent) {
        hnode *p = &pg->v[a];
        if (link_density(p) >= CLIMB_LD)
            break;
        if ((double)p->ptext > (double)pg->v[top].ptext * CLIMB_RATIO + CLIMB_MIN)
            top = a;
    }
    /* A lone child: its parent holds the same text; when an ancestor
     * reached so has a sibling of the same class with text, the article is
     * split over sibling wrappers and is taken from there. */
    for (int32_t a = top; a > 0 && pg->v[a].parent > 0;) {
        int32_t p = pg->v[a].parent;
        if (pg->v[p].text >= pg->v[a].text + LONE_SLACK || link_density(&pg->v[p]) >= CLIMB_LD)
            break;
        a = p;
        if (same_class_sibling(pg, a))
            top = a;
    }
    /* A candidate with a small share of the page's paragraph text means the
     * article is spread over many blocks: take the page minus boilerplate. */
    if (top > 0 && (double)pg->v[top].ptext < (double)pg->v[0].ptext * SPREAD_SHARE)
        top = 0;
    hnode *t = &pg->v[top];
#ifdef NX_HTML_TRACE
    for (int32_t a = top; a >= 0; a = pg->v[a].parent)
        fprintf(stderr, "top%s %s class=%s text=%u link=%u ptext=%u score=%.1f\n",
                a == top ? "" : " ^", (const char *)pg->v[a].x->name,
                nx_html_attr(pg->v[a].x, "class") ? nx_html_attr(pg->v[a].x, "class") : "",
                pg->v[a].text, pg->v[a].link, pg->v[a].ptext, pg->v[a].score);
#endif
    /* A sibling is taken with a score of a fifth of the candidate's (at
     * least 10); one of the candidate's class counts that much again. */
    double thr = t->score * 0.2 > 10 ? t->score * 0.2 : 10;
    const char *tcls = nx_html_attr(t->x, "class");
    if (t->parent < 0) {
        clean_inside(pg, top);
        accumulate(pg, 0);
        emit(pg, t->x, out, hs);
        return;
    }
    hnode *par = &pg->v[t->parent];
    for (int32_t i = t->parent + 1; i < par->end; i = pg->v[i].end) {
        hnode *s = &pg->v[i];
        int take = 0;
        if (i == top) {
            take = 1;
        } else if (!(s->flags & (F_DROP | F_CLEAN)) && s->text) {
            double bonus = 0;
            const char *c = nx_html_attr(s->x, "class");
            if (c && tcls && !strcmp(c, tcls) && tcls[0])
                bonus = thr;
            double ld = link_density(s);
            if (s->score + bonus >= thr && ld < 0.5)
                take = 1;
            else if (s->kind == T_PARA || s->kind == T_HEAD || s->kind == T_LIST ||
                     s->kind == T_INLINE || s->kind == T_OTHER) {
                if (s->text > 80 && ld < 0.25)
                    take = 1;
                else if (s->text > 0 && s->text <= 80 && ld == 0 && s->kind == T_PARA)
                    take = 1;
            }
        }
        if (take) {
            s->flags |= F_KEEP;
            clean_inside(pg, i);
        }
    }
    accumulate(pg, 0);
    for (int32_t i = t->parent + 1; i < par->end; i = pg->v[i].end) {
        hnode *s = &pg->v[i];
        if (!(s->flags & F_KEEP))
            continue;
        if (!(s->flags & (F_DROP | F_CLEAN)))
            emit(pg, s->x, out, hs);
    }
}

/* Drop a run of short paragraphs (< TAIL_SHORT characters) at the end of
 * the article: the "More on this:", "Share:", credit and contact lines that
 * follow the body. At most TAIL_MAX paragraphs, never the whole text, never
 * list items, quotes or table rows. */
#ifndef TAIL_SHORT
#define TAIL_SHORT 60
#endif
#ifndef TAIL_KEEP
#define TAIL_KEEP 400
#endif
#ifndef TAIL_MAX
#define TAIL_MAX 4
#endif
#ifndef TAIL_CTA
#define TAIL_CTA 250
#endif
/* Words of the lines that ask the reader to subscribe, log in, download
 * the app or support the site, and of legal lines (matched in lower case). */
static const char *const cta_words[] = {"newsletter",  "subscribe",
                                        "subscriber",  "subscription",
                                        "sign up",     "log in",
                                        "einloggen",   "eingeloggt",
                                        "anmelden",    "registrier",
                                        "abonn",       "suscrib",
                                        "únete",       "telegram",
                                        "whatsapp",    "download the",
                                        "app store",   "google play",
                                        "unsere app",  "support our",
                                        "spende",      "permalink",
                                        "permalien",   "impressum",
                                        "datenschutz", "all rights reserved",
                                        "alle rechte", NULL};

/* 1 when s[0..n) holds one of cta_words. */
static int call_to_action(const char *s, size_t n)
{
    char low[1024];
    if (n >= sizeof(low))
        n = sizeof(low) - 1;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    low[n] = '\0';
    for (const char *const *w = cta_words; *w; w++)
        if (strstr(low, *w))
            return 1;
    return 0;
}

/* Start the output again from the whole page, the nodes keeping only the
 * flags in keep (a fall-back when the chosen article holds too little). */
static void reemit(page *pg, nx_buf *out, heads *hs, uint8_t keep)
{
    out->len = 0;
    if (out->data)
        out->data[0] = '\0';
    for (size_t i = 0; i < pg->n; i++)
        pg->v[i].flags &= keep;
    hs->pending = 0;
    hs->keep_end = 0;
    emit(pg, pg->v[0].x, out, hs);
}

static void trim_tail(nx_buf *b, size_t keep_end)
{
    size_t end = b->len;
    while (end && (b->data[end - 1] == '\n' || b->data[end - 1] == ' '))
        end--;
    for (int k = 0; k < TAIL_MAX && end; k++) {
        size_t start = end;
        while (start >= 2 && !(b->data[start - 1] == '\n' && b->data[start - 2] == '\n'))
            start--;
        /* the first paragraph, list items, quotes and rows stay; the
         * remaining text must stay long, so short pages keep their last lines */
        if (start < 2 || start < keep_end || start < TAIL_KEEP)
            break;
        uint32_t commas = 0;
        char save = b->data[end];
        b->data[end] = '\0';
        uint32_t chars = visible_chars(b->data + start, &commas);
        b->data[end] = save;
        /* A sentence ends a paragraph of the body. A call to subscribe, log
         * in, comment or support goes even as a sentence. */
        if ((chars >= TAIL_SHORT || b->data[end - 1] == '.') &&
            !(chars < TAIL_CTA && call_to_action(b->data + start, end - start)))
            break;
        end = start - 2;
        while (end && (b->data[end - 1] == '\n' || b->data[end - 1] == ' '))
            end--;
    }
    b->len = end;
    if (b->data)
        b->data[end] = '\0';
}

/* libxml2's messages (encoding errors of broken pages) are not printed. */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* ------------------------------------------------------------ entry */

nx_err nx_html_extract(nx_doc *doc, const char *html, size_t len, char *errstr, size_t errstr_size)
{
    return nx_html_extract_from(doc, html, len, NULL, 0, errstr, errstr_size);
}

nx_err nx_html_extract_from(nx_doc *doc, const char *page_in, size_t page_len,
                            const char *transport, int decoded, char *errstr, size_t errstr_size)
{
    if (page_len > (size_t)0x7fffffff)
        return nx_seterr(errstr, errstr_size, NX_ERR_INPUT_TOO_LARGE, "HTML page too large");
    nx_buf conv;
    nx_buf_init(&conv, 0);
    const char *html;
    size_t len;
    nx_err ce = nx_html_page_utf8(page_in, page_len, transport, decoded, &conv, &html, &len);
    if (ce) {
        nx_buf_free(&conv);
        return ce == NX_ERR_NOMEM
                   ? ce
                   : nx_seterr(errstr, errstr_size, ce, "HTML page: unknown charset");
    }
    if (len == 0) {
        nx_buf_free(&conv);
        nx_free(doc->raw_owned);
        doc->raw_owned = nx_strndup("", 0);
        if (!doc->raw_owned)
            return NX_ERR_NOMEM;
        doc->raw = doc->raw_owned;
        doc->raw_len = 0;
        doc->raw_base = 0;
        return NX_OK;
    }
    xmlSetGenericErrorFunc(NULL, quiet);
    htmlDocPtr hd =
        htmlReadMemory(html, (int)len, NULL, "UTF-8",
                       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                           HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC);
    nx_buf_free(&conv);
    if (!hd)
        return nx_seterr(errstr, errstr_size, NX_ERR_BAD_HTML, "HTML page could not be parsed");
    page pg = {NULL, 0, 0};
    heads hs = {0, 0, 0, 0, 0};
    nx_buf out;
    nx_buf_init(&out, 0);
    nx_err e = NX_OK;
    xmlNode *root = xmlDocGetRootElement(hd);
    xmlNode *body = NULL;
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (nx_html_is(c, "body"))
            body = c;
    if (!body)
        body = root;
    const xmlNode *top_x = NULL;
    if (body) {
        e = build(&pg, body);
        if (!e && pg.n) {
            accumulate(&pg, 1);
            mark_boilerplate(&pg, pg.v[0].text, pg.v[0].ptext);
            e = mark_cues(&pg);
            accumulate(&pg, 0);
            int32_t top = score(&pg);
            if (top == -2)
                e = NX_ERR_NOMEM;
            else if (top >= 0) {
                choose(&pg, top, &out, &hs);
                top_x = pg.v[top].x;
            }
            /* Too little found: fall back to the whole page minus boilerplate. */
            if (!e && out.len < 100 && pg.v[0].text > out.len)
                reemit(&pg, &out, &hs, (uint8_t)~F_CLEAN);
            /* Nothing left: the page's visible text as it is. */
            if (!e && out.len == 0)
                reemit(&pg, &out, &hs, 0);
        }
    }
    if (hs.start > 0)
        head_open(&hs, &out);
    if (out.data)
        trim_tail(&out, hs.keep_end);

    if (!e && out.err)
        e = out.err;
    if (!e && root)
        e = nx_html_meta(doc, root, top_x);
    if (!e) {
        while (out.len && (out.data[out.len - 1] == '\n' || out.data[out.len - 1] == ' '))
            out.len--;
        if (out.data)
            out.data[out.len] = '\0';
        if (!out.data)
            e = nx_buf_append(&out, "", 0);
    }
    if (!e) {
        nx_free(doc->raw_owned);
        doc->raw_owned = nx_buf_steal(&out, &doc->raw_len);
        doc->raw = doc->raw_owned;
        doc->raw_base = 0;
    }
    nx_buf_free(&out);
    nx_free(pg.v);
    xmlFreeDoc(hd);
    return e;
}
