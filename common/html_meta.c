/*
 * html_meta.c - metadata of an HTML page: title, authors, publication date,
 * site name, canonical URL, language, description, top image.
 *
 * One iterative walk over the tree collects every candidate with a rank
 * (lower is better); the best candidate of each field wins, and a field the
 * doc already holds (from an envelope) is never replaced. Sources, best
 * first, are listed in docs/html.md: JSON-LD (schema.org Article types),
 * OpenGraph/article:* and Twitter meta tags, other meta names, microdata,
 * <time datetime>, bylines, the URL's date pattern, <h1> and <title>.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <libxml/tree.h>

#include "html_dom.h"
#include "input.h"
#include "nx_alloc.h"
#include "nx_buf.h"

#define MAX_AUTHORS 10

typedef struct slot {
    const char *s; /* borrowed (tree or JSON) or NULL */
    size_t len;
    int rank;
} slot;

typedef struct meta {
    slot title, published, site, desc, image, url, lang;
    /* authors: the best rank's list */
    const char *auth[MAX_AUTHORS];
    size_t auth_len[MAX_AUTHORS];
    int n_auth, auth_rank;
    json_t *ld[8]; /* parsed JSON-LD blocks, freed at the end */
    int n_ld;
    nx_buf scratch[16]; /* owned copies of element texts (h1, byline, time) */
    int n_scratch;
} meta;

static void offer(slot *sl, const char *s, size_t len, int rank)
{
    while (len && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')) {
        s++;
        len--;
    }
    if (!s || !len)
        return;
    if (!sl->s || rank < sl->rank) {
        sl->s = s;
        sl->len = len;
        sl->rank = rank;
    }
}

static void offer_z(slot *sl, const char *s, int rank)
{
    if (s)
        offer(sl, s, strlen(s), rank);
}

static int is_url(const char *s)
{
    return !strncmp(s, "http://", 7) || !strncmp(s, "https://", 8) || !strncmp(s, "//", 2) ||
           s[0] == '/';
}

/* Add one author name (trimmed, "By " removed) to the list of rank rank. */
static void offer_author(meta *m, const char *s, size_t len, int rank)
{
    if (!s)
        return;
    if (m->n_auth && rank > m->auth_rank)
        return;
    if (m->n_auth && rank < m->auth_rank)
        m->n_auth = 0;
    while (len && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r' || *s == '|')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\t' ||
                   s[len - 1] == '\r' || s[len - 1] == ',' || s[len - 1] == '|'))
        len--;
    static const char *const by[] = {"by ",  "By ",  "BY ", "von ", "Von ",  "Par ",  "par ",
                                     "Por ", "por ", "Di ", "di ",  "Door ", "door ", NULL};
    for (const char *const *b = by; *b; b++) {
        size_t bl = strlen(*b);
        if (len > bl && !memcmp(s, *b, bl)) {
            s += bl;
            len -= bl;
            break;
        }
    }
    if (!len || len > 80 || is_url(s) || memchr(s, '@', len))
        return;
    for (size_t i = 0; i < len; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return;
    /* A name has at most a few words. */
    size_t spaces = 0;
    for (size_t i = 0; i < len; i++)
        spaces += s[i] == ' ';
    if (spaces > 5)
        return;
    for (int i = 0; i < m->n_auth; i++)
        if (m->auth_len[i] == len && !memcmp(m->auth[i], s, len))
            return;
    if (m->n_auth >= MAX_AUTHORS)
        return;
    m->auth[m->n_auth] = s;
    m->auth_len[m->n_auth] = len;
    m->n_auth++;
    m->auth_rank = rank;
}

/* Split a list of names ("A, B and C") and offer each. */
static void offer_authors(meta *m, const char *s, size_t len, int rank)
{
    if (!s)
        return;
    size_t i = 0, start = 0;
    while (i <= len) {
        size_t sep = 0;
        if (i == len)
            sep = 1;
        else if (s[i] == ',' || s[i] == ';' || s[i] == '|')
            sep = 1;
        else if (i + 5 <= len && !memcmp(s + i, " and ", 5))
            sep = 5;
        else if (i + 5 <= len && !memcmp(s + i, " und ", 5))
            sep = 5;
        else if (i + 3 <= len && !memcmp(s + i, " & ", 3))
            sep = 3;
        if (sep) {
            offer_author(m, s + start, i - start, rank);
            i += sep;
            start = i;
        } else {
            i++;
        }
    }
}

/* ------------------------------------------------------------ JSON-LD */

static int type_is_article(json_t *t)
{
    static const char *const types[] = {"Article",
                                        "NewsArticle",
                                        "BlogPosting",
                                        "ReportageNewsArticle",
                                        "AnalysisNewsArticle",
                                        "OpinionNewsArticle",
                                        "ReviewNewsArticle",
                                        "TechArticle",
                                        "ScholarlyArticle",
                                        "Report",
                                        "LiveBlogPosting",
                                        "SocialMediaPosting",
                                        "Recipe",
                                        NULL};
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (type_is_article(v)) return 1;
        return 0;
    }
    if (!json_is_string(t))
        return 0;
    for (const char *const *p = types; *p; p++)
        if (!strcmp(json_string_value(t), *p))
            return 1;
    return 0;
}

static const char *jstr(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void ld_author(meta *m, json_t *a, int rank, int depth)
{
    if (depth > 3)
        return;
    if (json_is_string(a)) {
        offer_authors(m, json_string_value(a), json_string_length(a), rank);
    } else if (json_is_object(a)) {
        const char *n = jstr(a, "name");
        if (n)
            offer_author(m, n, strlen(n), rank);
    } else if (json_is_array(a)) {
        size_t i;
        json_t *v;
        json_array_foreach(a, i, v) ld_author(m, v, rank, depth + 1);
    }
}

static const char *ld_image(json_t *im, int depth)
{
    if (depth > 3)
        return NULL;
    if (json_is_string(im))
        return json_string_value(im);
    if (json_is_object(im))
        return jstr(im, "url") ? jstr(im, "url") : jstr(im, "contentUrl");
    if (json_is_array(im) && json_array_size(im))
        return ld_image(json_array_get(im, 0), depth + 1);
    return NULL;
}

static void ld_object(meta *m, json_t *o, int depth)
{
    if (depth > 4)
        return;
    if (json_is_array(o)) {
        size_t i;
        json_t *v;
        json_array_foreach(o, i, v) ld_object(m, v, depth + 1);
        return;
    }
    if (!json_is_object(o))
        return;
    json_t *graph = json_object_get(o, "@graph");
    if (graph)
        ld_object(m, graph, depth + 1);
    json_t *type = json_object_get(o, "@type");
    if (type_is_article(type)) {
        offer_z(&m->title, jstr(o, "headline"), 2);
        offer_z(&m->published, jstr(o, "datePublished"), 0);
        offer_z(&m->desc, jstr(o, "description"), 3);
        offer_z(&m->image, ld_image(json_object_get(o, "image"), 0), 2);
        offer_z(&m->lang, jstr(o, "inLanguage"), 2);
        json_t *a = json_object_get(o, "author");
        if (a)
            ld_author(m, a, 0, 0);
        json_t *pub = json_object_get(o, "publisher");
        if (json_is_object(pub))
            offer_z(&m->site, jstr(pub, "name"), 1);
    } else if (json_is_string(type) && !strcmp(json_string_value(type), "WebSite")) {
        offer_z(&m->site, jstr(o, "name"), 2);
    } else if (json_is_string(type) && !strcmp(json_string_value(type), "WebPage")) {
        offer_z(&m->published, jstr(o, "datePublished"), 3);
    }
}

static void ld_script(meta *m, const xmlNode *n)
{
    if (m->n_ld >= (int)(sizeof(m->ld) / sizeof(m->ld[0])))
        return;
    const xmlNode *c = n->children;
    if (!c || !c->content)
        return;
    json_error_t err;
    json_t *j = json_loads((const char *)c->content, JSON_DECODE_ANY, &err);
    if (!j)
        return;
    m->ld[m->n_ld++] = j;
    ld_object(m, j, 0);
}

/* ------------------------------------------------------------ meta tags */

/* <meta> keys (lower-cased), the slot each one's content is offered to and
 * its rank there (lower is better). */
#define AUTHORS ((size_t)-1) /* the author list, not a slot */
static const struct {
    const char *key;
    size_t slot; /* offsetof(meta, ...) or AUTHORS */
    int rank;
} meta_keys[] = {
    {"og:title", offsetof(meta, title), 0},
    {"twitter:title", offsetof(meta, title), 1},
    {"article:published_time", offsetof(meta, published), 1},
    {"og:published_time", offsetof(meta, published), 1},
    {"datepublished", offsetof(meta, published), 1},
    {"article:published", offsetof(meta, published), 1},
    {"pubdate", offsetof(meta, published), 2},
    {"publishdate", offsetof(meta, published), 2},
    {"publish-date", offsetof(meta, published), 2},
    {"publish_date", offsetof(meta, published), 2},
    {"dc.date", offsetof(meta, published), 2},
    {"dc.date.issued", offsetof(meta, published), 2},
    {"dcterms.date", offsetof(meta, published), 2},
    {"dcterms.created", offsetof(meta, published), 2},
    {"date", offsetof(meta, published), 2},
    {"sailthru.date", offsetof(meta, published), 2},
    {"parsely-pub-date", offsetof(meta, published), 2},
    {"citation_publication_date", offsetof(meta, published), 2},
    {"citation_date", offsetof(meta, published), 2},
    {"article.published", offsetof(meta, published), 2},
    {"originalpublicationdate", offsetof(meta, published), 2},
    {"datecreated", offsetof(meta, published), 2},
    {"og:site_name", offsetof(meta, site), 0},
    {"application-name", offsetof(meta, site), 3},
    {"og:description", offsetof(meta, desc), 0},
    {"description", offsetof(meta, desc), 1},
    {"twitter:description", offsetof(meta, desc), 2},
    {"og:image", offsetof(meta, image), 0},
    {"og:image:url", offsetof(meta, image), 0},
    {"og:image:secure_url", offsetof(meta, image), 0},
    {"twitter:image", offsetof(meta, image), 1},
    {"twitter:image:src", offsetof(meta, image), 1},
    {"og:url", offsetof(meta, url), 1},
    {"og:locale", offsetof(meta, lang), 1},
    {"author", AUTHORS, 1},
    {"article:author", AUTHORS, 1},
    {"dc.creator", AUTHORS, 1},
    {"parsely-author", AUTHORS, 1},
    {"sailthru.author", AUTHORS, 1},
    {"byl", AUTHORS, 1},
    {"citation_author", AUTHORS, 1},
    {"dcterms.creator", AUTHORS, 1},
};

static void meta_tag(meta *m, const xmlNode *n)
{
    const char *k = nx_html_attr(n, "property");
    if (!k)
        k = nx_html_attr(n, "name");
    if (!k)
        k = nx_html_attr(n, "itemprop");
    const char *c = nx_html_attr(n, "content");
    const char *he = nx_html_attr(n, "http-equiv");
    if (he && c && !xmlStrcasecmp((const xmlChar *)he, (const xmlChar *)"content-language"))
        offer_z(&m->lang, c, 2);
    if (!k || !c)
        return;
    char key[64];
    size_t kl = strlen(k);
    if (kl >= sizeof(key))
        return;
    for (size_t i = 0; i <= kl; i++)
        key[i] = (char)(k[i] >= 'A' && k[i] <= 'Z' ? k[i] + 32 : k[i]);
    size_t cl = strlen(c);
    for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++) {
        if (strcmp(key, meta_keys[i].key) != 0)
            continue;
        if (meta_keys[i].slot == AUTHORS)
            offer_authors(m, c, cl, meta_keys[i].rank);
        else
            offer((slot *)(void *)((char *)m + meta_keys[i].slot), c, cl, meta_keys[i].rank);
        return;
    }
}

/* ------------------------------------------------------------ visible text */

/* Copy the folded text of n into a scratch buffer; returns it or NULL. */
static const char *text_of(meta *m, const xmlNode *n, size_t *len)
{
    if (m->n_scratch >= (int)(sizeof(m->scratch) / sizeof(m->scratch[0])))
        return NULL;
    nx_buf *b = &m->scratch[m->n_scratch];
    nx_buf_init(b, 4096);
    nx_html_text(n, b);
    if (b->err || !b->len) {
        nx_buf_free(b);
        return NULL;
    }
    m->n_scratch++;
    *len = b->len;
    return b->data;
}

static int class_has(const xmlNode *n, const char *word)
{
    const char *c = nx_html_attr(n, "class");
    return c && strstr(c, word) != NULL;
}

/* The date in a URL: /2012/05/31/, /2012-05-31, _20120531_ forms. */
static size_t url_date(const char *u, char *out)
{
    if (!u)
        return 0;
    for (const char *p = u; *p; p++) {
        if (*p != '/' && *p != '-' && *p != '_')
            continue;
        const char *q = p + 1;
        int y = 0, mo = 0, d = 0, k;
        for (k = 0; k < 4 && q[k] >= '0' && q[k] <= '9'; k++)
            y = y * 10 + (q[k] - '0');
        if (k != 4 || y < 1990 || y > 2039)
            continue;
        char sep = q[4];
        if (sep != '/' && sep != '-' && sep != '_')
            continue;
        q += 5;
        if (!(q[0] >= '0' && q[0] <= '9' && q[1] >= '0' && q[1] <= '9'))
            continue;
        mo = (q[0] - '0') * 10 + (q[1] - '0');
        if (q[2] != sep || !(q[3] >= '0' && q[3] <= '9' && q[4] >= '0' && q[4] <= '9'))
            continue;
        d = (q[3] - '0') * 10 + (q[4] - '0');
        if (q[5] >= '0' && q[5] <= '9')
            continue;
        if (mo < 1 || mo > 12 || d < 1 || d > 31)
            continue;
        snprintf(out, 32, "%04d-%02d-%02d", y, mo, d);
        return 10;
    }
    return 0;
}

/* ------------------------------------------------------------ walk */

static int inside(const xmlNode *n, const xmlNode *anc)
{
    for (; n; n = n->parent)
        if (n == anc)
            return 1;
    return 0;
}

static void collect(meta *m, xmlNode *root, const xmlNode *body_top)
{
    int n_time = 0, n_byline = 0;
    xmlNode *n = root;
    while (n) {
        int desc = 1;
        if (n->type == XML_ELEMENT_NODE && n->name) {
            const char *name = (const char *)n->name;
            if (!strcmp(name, "html")) {
                offer_z(&m->lang, nx_html_attr(n, "lang"), 0);
                offer_z(&m->lang, nx_html_attr(n, "xml:lang"), 0);
            } else if (!strcmp(name, "meta")) {
                meta_tag(m, n);
            } else if (!strcmp(name, "title")) {
                if (n->children && n->children->content && !m->title.s)
                    offer_z(&m->title, (const char *)n->children->content, 5);
                desc = 0;
            } else if (!strcmp(name, "link")) {
                const char *rel = nx_html_attr(n, "rel"), *href = nx_html_attr(n, "href");
                if (rel && href &&
                    !xmlStrcasecmp((const xmlChar *)rel, (const xmlChar *)"canonical") &&
                    strncmp(href, "http", 4) == 0)
                    offer_z(&m->url, href, 0);
                else if (rel && href && !strcmp(rel, "image_src"))
                    offer_z(&m->image, href, 3);
            } else if (!strcmp(name, "script")) {
                const char *t = nx_html_attr(n, "type");
                if (t && !xmlStrcasecmp((const xmlChar *)t, (const xmlChar *)"application/ld+json"))
                    ld_script(m, n);
                desc = 0;
            } else if (!strcmp(name, "style") || !strcmp(name, "noscript") ||
                       !strcmp(name, "template") || !strcmp(name, "svg")) {
                desc = 0;
            } else if (!strcmp(name, "h1")) {
                if (!m->title.s || m->title.rank > 3) {
                    size_t l;
                    const char *t = text_of(m, n, &l);
                    if (t)
                        offer(&m->title, t, l, 4);
                }
            } else if (!strcmp(name, "time")) {
                const char *dt = nx_html_attr(n, "datetime");
                const char *ip = nx_html_attr(n, "itemprop");
                if (dt) {
                    int rank = 6;
                    if ((ip && !strcmp(ip, "datePublished")) || nx_html_attr(n, "pubdate") ||
                        class_has(n, "publish"))
                        rank = 3;
                    else if (body_top && inside(n, body_top))
                        rank = 4;
                    else if (n_time == 0)
                        rank = 5;
                    offer_z(&m->published, dt, rank);
                    n_time++;
                }
            } else {
                const char *ip = nx_html_attr(n, "itemprop");
                const char *rel = nx_html_attr(n, "rel");
                if (ip && !strcmp(ip, "datePublished")) {
                    const char *c = nx_html_attr(n, "content");
                    if (!c)
                        c = nx_html_attr(n, "datetime");
                    offer_z(&m->published, c, 2);
                }
                if ((ip && !strcmp(ip, "author")) || (rel && !strcmp(rel, "author")) ||
                    class_has(n, "byline") || class_has(n, "author-name")) {
                    int rank = (ip || rel) ? 2 : 3;
                    /* Class-named bylines: only the first one (lists of
                     * teasers carry bylines too). */
                    if (rank == 3 && n_byline++)
                        rank = 99;
                    if (rank != 99 && (!m->n_auth || rank <= m->auth_rank)) {
                        size_t l;
                        const char *t = text_of(m, n, &l);
                        if (t && l < 120)
                            offer_authors(m, t, l, rank);
                    }
                    desc = 0;
                }
            }
        } else if (n->type != XML_ELEMENT_NODE) {
            desc = 0;
        }
        n = nx_html_walk_next(n, root, desc);
    }
}

/* ------------------------------------------------------------ store */

static nx_err store(nx_str *dst, const slot *sl)
{
    if (dst->data || !sl->s)
        return NX_OK;
    return nx_html_set_trimmed(dst, sl->s, sl->len);
}

nx_err nx_html_meta(nx_doc *doc, xmlNode *root, const xmlNode *body_top)
{
    meta m;
    memset(&m, 0, sizeof(m));
    collect(&m, root, body_top);
    nx_err e = NX_OK;
    if (!e)
        e = store(&doc->title, &m.title);
    if (!e)
        e = store(&doc->url, &m.url);
    if (!e && !doc->lang.data && m.lang.s && m.lang.len < 32) {
        char l[32];
        memcpy(l, m.lang.s, m.lang.len);
        l[m.lang.len] = '\0';
        for (char *c = l; *c; c++)
            if (*c == '_')
                *c = '-';
        e = nx_html_set_trimmed(&doc->lang, l, strlen(l));
        doc->lang_declared_from = "html";
    }
    if (!e)
        e = store(&doc->site_name, &m.site);
    if (!e)
        e = store(&doc->description, &m.desc);
    if (!e)
        e = store(&doc->image, &m.image);
    if (!e && !doc->published.data) {
        char norm[32];
        size_t nl = 0;
        if (m.published.s)
            nl = nx_date_normalize(m.published.s, m.published.len, norm);
        if (!nl)
            nl = url_date(doc->url.data, norm);
        if (nl) {
            e = nx_str_set(&doc->published, norm, nl);
            doc->published_source = "html_meta";
        }
    }
    if (!e && m.n_auth && !doc->authors.data) {
        nx_buf a, j;
        nx_buf_init(&a, 0);
        nx_buf_init(&j, 0);
        for (int i = 0; i < m.n_auth; i++) {
            nx_str one = {NULL, 0};
            if (nx_html_set_trimmed(&one, m.auth[i], m.auth_len[i]) == NX_OK && one.data) {
                if (a.len) {
                    nx_buf_putc(&a, '\n');
                    nx_buf_append(&j, ", ", 2);
                }
                nx_buf_append(&a, one.data, one.len);
                nx_buf_append(&j, one.data, one.len);
            }
            nx_str_free(&one);
        }
        e = a.err ? a.err : j.err;
        if (!e && a.len)
            e = nx_str_set(&doc->authors, a.data, a.len);
        if (!e && j.len && !doc->author.data)
            e = nx_str_set(&doc->author, j.data, j.len);
        nx_buf_free(&a);
        nx_buf_free(&j);
    }
    for (int i = 0; i < m.n_ld; i++)
        json_decref(m.ld[i]);
    for (int i = 0; i < m.n_scratch; i++)
        nx_buf_free(&m.scratch[i]);
    return e;
}
