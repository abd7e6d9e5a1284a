/*
 * ent_lang.c - the entity stage's language data (ent_lang.h): the forms of
 * entity-forms.tsv in short lists (a dozen per language, scanned in order)
 * and places.tsv in a gazetteer of its own (gazetteer.c).
 */
#include "ent_lang.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang_pack.h"
#include "nx_alloc.h"

#define EL_LANGS    16
#define EL_FORM_MAX 16 /* bytes of a form */
#define EL_FORMS    64 /* forms of one class */

enum { EL_LEAD = 0, EL_PREFIX, EL_SUFFIX, EL_CLASSES };

typedef struct el_form {
    char s[EL_FORM_MAX];
    uint8_t n;
} el_form;

struct nx_ent_lang {
    char code[8];
    el_form forms[EL_CLASSES][EL_FORMS];
    size_t n_forms[EL_CLASSES];
    nx_gaz *places;
};

struct nx_ent_langs {
    nx_ent_lang langs[EL_LANGS];
    size_t n;
};

static const char *const class_names[EL_CLASSES] = {"lead", "prefix", "suffix"};

static nx_err load_forms(nx_ent_lang *l, const char *path, char *errstr, size_t errstr_size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "cannot read %s", path);
    char line[256];
    unsigned lineno = 0;
    nx_err e = NX_OK;
    while (!e && nx_tsv_line(f, line, sizeof(line), &lineno)) {
        char *tab = strchr(line, '\t');
        int cls = -1;
        for (int c = 0; tab && c < EL_CLASSES; c++)
            if (!strcmp(tab + 1, class_names[c]))
                cls = c;
        size_t n = tab ? (size_t)(tab - line) : 0;
        if (cls < 0 || !n || n >= EL_FORM_MAX || l->n_forms[cls] == EL_FORMS) {
            e = nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "%s line %u: bad form \"%s\"", path,
                          lineno, line);
            break;
        }
        el_form *fm = &l->forms[cls][l->n_forms[cls]++];
        memcpy(fm->s, line, n);
        fm->n = (uint8_t)n;
    }
    fclose(f);
    return e;
}

nx_err nx_ent_langs_load(const char *config_dir, nx_ent_langs **out, char *errstr,
                         size_t errstr_size)
{
    *out = NULL;
    nx_ent_langs *ls = nx_calloc(1, sizeof(*ls));
    if (!ls)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading entity data");
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/lang", config_dir);
    DIR *d = opendir(dir);
    nx_err e = NX_OK;
    struct dirent *de;
    while (d && !e && (de = readdir(d))) {
        char forms[4096 + 512], places[4096 + 512];
        if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(ls->langs[0].code))
            continue;
        snprintf(forms, sizeof(forms), "%s/%s/entity-forms.tsv", dir, de->d_name);
        snprintf(places, sizeof(places), "%s/%s/places.tsv", dir, de->d_name);
        int has_forms = !access(forms, R_OK), has_places = !access(places, R_OK);
        if (!has_forms && !has_places)
            continue;
        if (ls->n == EL_LANGS) {
            e = nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "more than %d entity data folders",
                          EL_LANGS);
            break;
        }
        nx_ent_lang *l = &ls->langs[ls->n++];
        strcpy(l->code, de->d_name);
        if (has_forms)
            e = load_forms(l, forms, errstr, errstr_size);
        if (!e && has_places)
            e = nx_gaz_load_places(places, &l->places, errstr, errstr_size);
    }
    if (d)
        closedir(d);
    if (e) {
        nx_ent_langs_free(ls);
        return e;
    }
    *out = ls;
    return NX_OK;
}

void nx_ent_langs_free(nx_ent_langs *ls)
{
    for (size_t i = 0; ls && i < ls->n; i++)
        nx_gaz_free(ls->langs[i].places);
    nx_free(ls);
}

const nx_ent_lang *nx_ent_langs_find(const nx_ent_langs *ls, const char *code)
{
    if (!ls || !code || !code[0])
        return NULL;
    for (size_t i = 0; i < ls->n; i++)
        if (!strcmp(ls->langs[i].code, code))
            return &ls->langs[i];
    return NULL;
}

size_t nx_ent_langs_bytes(const nx_ent_langs *ls)
{
    size_t n = ls ? sizeof(*ls) : 0;
    for (size_t i = 0; ls && i < ls->n; i++)
        if (ls->langs[i].places)
            n += nx_gaz_bytes(ls->langs[i].places);
    return n;
}

const nx_gaz *nx_ent_lang_places(const nx_ent_lang *l)
{
    return l ? l->places : NULL;
}

int nx_ent_lang_has_forms(const nx_ent_lang *l)
{
    for (int c = 0; l && c < EL_CLASSES; c++)
        if (l->n_forms[c])
            return 1;
    return 0;
}

int nx_ent_lang_lead(const nx_ent_lang *l, const char *s, size_t n)
{
    for (size_t i = 0; l && i < l->n_forms[EL_LEAD]; i++)
        if (l->forms[EL_LEAD][i].n == n && !memcmp(l->forms[EL_LEAD][i].s, s, n))
            return 1;
    return 0;
}

size_t nx_ent_lang_prefix(const nx_ent_lang *l, const char *s, size_t n)
{
    size_t best = 0;
    for (size_t i = 0; l && i < l->n_forms[EL_PREFIX]; i++) {
        const el_form *f = &l->forms[EL_PREFIX][i];
        if (f->n < n && f->n > best && !memcmp(f->s, s, f->n))
            best = f->n;
    }
    return best;
}

size_t nx_ent_lang_suffix(const nx_ent_lang *l, const char *s, size_t n)
{
    size_t best = 0;
    for (size_t i = 0; l && i < l->n_forms[EL_SUFFIX]; i++) {
        const el_form *f = &l->forms[EL_SUFFIX][i];
        if ((size_t)f->n + 3 <= n && f->n > best && !memcmp(f->s, s + n - f->n, f->n))
            best = f->n;
    }
    return best;
}
