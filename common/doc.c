#include "nx_doc.h"

#include <string.h>

#include "extras.h"
#include "nx_alloc.h"

void nx_doc_init(nx_doc *doc, const nx_core_t *core, const nx_core_opts *opts)
{
    memset(doc, 0, sizeof(*doc));
    doc->core = core;
    doc->words = core ? nx_core_words(core) : NULL;
    doc->opts = opts;
    doc->budget = &doc->budget_store;
    doc->budget->limit = UINT64_MAX;
}

void nx_str_free(nx_str *s)
{
    nx_free(s->data);
    s->data = NULL;
    s->len = 0;
}

nx_err nx_str_set(nx_str *s, const char *p, size_t n)
{
    char *d = nx_strndup(p, n);
    if (!d)
        return NX_ERR_NOMEM;
    nx_free(s->data);
    s->data = d;
    s->len = n;
    return NX_OK;
}

nx_err nx_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return NX_OK;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap *= 2;
    if (ncap > SIZE_MAX / elem)
        return NX_ERR_NOMEM;
    void *p = nx_realloc(*arr, ncap * elem);
    if (!p)
        return NX_ERR_NOMEM;
    *arr = p;
    *cap = ncap;
    return NX_OK;
}

void nx_doc_free(nx_doc *doc)
{
    nx_str_free(&doc->id);
    nx_str_free(&doc->title);
    nx_str_free(&doc->url);
    nx_str_free(&doc->lang);
    nx_str_free(&doc->source);
    nx_str_free(&doc->author);
    nx_str_free(&doc->published);
    nx_str_free(&doc->authors);
    nx_str_free(&doc->site_name);
    nx_str_free(&doc->description);
    nx_str_free(&doc->image);
    nx_free(doc->raw_owned);
    nx_free(doc->text);
    nx_free(doc->text_map);
    for (size_t i = 0; i < doc->n_repairs; i++)
        nx_str_free(&doc->repairs[i].removed);
    nx_free(doc->repairs);
    nx_free(doc->paras);
    nx_free(doc->sents);
    nx_free(doc->toks);
    nx_free(doc->tok_words);
    nx_free(doc->mentions);
    for (size_t i = 0; i < doc->n_entities; i++)
        nx_str_free(&doc->entities[i].name);
    nx_free(doc->entities);
    nx_free(doc->timexes);
    nx_free(doc->quotes);
    nx_free(doc->sources);
    nx_free(doc->amounts);
    nx_free(doc->keywords);
    memset(doc, 0, sizeof(*doc));
}
