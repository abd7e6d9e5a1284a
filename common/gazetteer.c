/*
 * gazetteer.c - loading and looking up the entity stage's name lists
 * (see gazetteer.h).
 */
#include "gazetteer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "nx_alloc.h"
#include "nx_doc.h"

typedef struct gaz_slot {
    uint64_t key; /* 0 = empty */
    uint32_t first;
    uint32_t flags;
} gaz_slot;

struct nx_gaz {
    gaz_slot *slots;
    size_t mask;
    size_t used;
    nx_gaz_place *places;
    size_t n_places, cap_places;
};

uint64_t nx_gaz_key_add(uint64_t key, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        if (p[i] < 0x80) {
            cp = p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i];
            i++;
        } else {
            utf8proc_ssize_t k =
                utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), (utf8proc_int32_t *)&cp);
            if (k <= 0) {
                cp = p[i];
                k = 1;
            } else {
                cp = utf8proc_tolower(cp);
            }
            i += (size_t)k;
        }
        if (cp == ' ' || cp == '\t' || cp == 0xA0)
            continue;
        key ^= (uint64_t)(uint32_t)cp;
        key *= 0x100000001b3ull;
    }
    return key;
}

static uint64_t fix_key(uint64_t k)
{
    return k ? k : 1;
}

unsigned nx_gaz_lookup(const nx_gaz *g, uint64_t key, uint32_t *first)
{
    key = fix_key(key);
    size_t i = (size_t)(key ^ (key >> 29)) & g->mask;
    for (;;) {
        const gaz_slot *s = &g->slots[i];
        if (s->key == key) {
            if (first)
                *first = s->first;
            return s->flags;
        }
        if (!s->key) {
            if (first)
                *first = UINT32_MAX;
            return 0;
        }
        i = (i + 1) & g->mask;
    }
}

const nx_gaz_place *nx_gaz_place_at(const nx_gaz *g, uint32_t i)
{
    return i < g->n_places ? &g->places[i] : NULL;
}

size_t nx_gaz_bytes(const nx_gaz *g)
{
    return sizeof(*g) + (g->mask + 1) * sizeof(gaz_slot) + g->cap_places * sizeof(nx_gaz_place);
}

static nx_err gaz_rehash(nx_gaz *g, size_t n)
{
    gaz_slot *old = g->slots;
    size_t old_n = old ? g->mask + 1 : 0;
    gaz_slot *ns = nx_calloc(n, sizeof(*ns));
    if (!ns)
        return NX_ERR_NOMEM;
    g->slots = ns;
    g->mask = n - 1;
    for (size_t i = 0; i < old_n; i++) {
        if (!old[i].key)
            continue;
        size_t j = (size_t)(old[i].key ^ (old[i].key >> 29)) & g->mask;
        while (ns[j].key)
            j = (j + 1) & g->mask;
        ns[j] = old[i];
    }
    nx_free(old);
    return NX_OK;
}

/* The slot of key, inserted empty when absent. */
static gaz_slot *gaz_slot_for(nx_gaz *g, uint64_t key)
{
    key = fix_key(key);
    if (!g->slots || (g->used + 1) * 2 > g->mask + 1)
        if (gaz_rehash(g, g->slots ? (g->mask + 1) * 2 : 1024))
            return NULL;
    size_t i = (size_t)(key ^ (key >> 29)) & g->mask;
    while (g->slots[i].key && g->slots[i].key != key)
        i = (i + 1) & g->mask;
    if (!g->slots[i].key) {
        g->slots[i].key = key;
        g->slots[i].first = UINT32_MAX;
        g->used++;
    }
    return &g->slots[i];
}

static char *read_file(const char *path, size_t *len, int *nomem)
{
    *nomem = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && fseek(f, 0, SEEK_SET) == 0) {
            buf = nx_malloc((size_t)n + 1);
            *nomem = !buf;
            if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
                nx_free(buf);
                buf = NULL;
            } else if (buf) {
                buf[n] = '\0';
                *len = (size_t)n;
            }
        }
    }
    fclose(f);
    return buf;
}

/* Split line at tabs into at most max fields; returns the count. */
static size_t split_tabs(char *line, char **f, size_t max)
{
    size_t n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static nx_err load_places(nx_gaz *g, char *buf, char *errstr, size_t errstr_size)
{
    size_t lineno = 0;
    for (char *line = buf; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        if (line[0] && line[0] != '#') {
            char *f[7];
            if (split_tabs(line, f, 7) != 7)
                return nx_seterr(errstr, errstr_size, NX_ERR_MODEL,
                                 "places.tsv line %zu: 7 fields expected", lineno);
            unsigned kind = !strcmp(f[1], "country")  ? NX_PLACE_COUNTRY
                            : !strcmp(f[1], "region") ? NX_PLACE_REGION
                                                      : NX_PLACE_CITY;
            if (nx_grow((void **)&g->places, &g->cap_places, g->n_places + 1, sizeof(nx_gaz_place)))
                return NX_ERR_NOMEM;
            nx_gaz_place *p = &g->places[g->n_places];
            memset(p, 0, sizeof(*p));
            p->country[0] = f[2][0];
            p->country[1] = f[2][0] ? f[2][1] : '\0';
            p->kind = (uint8_t)kind;
            p->lat = strtof(f[3], NULL);
            p->lon = strtof(f[4], NULL);
            p->population = (uint32_t)strtoul(f[5], NULL, 10);
            p->capital = f[6][0] == '1';
            gaz_slot *s = gaz_slot_for(g, nx_gaz_key_add(NX_GAZ_KEY_INIT, f[0], strlen(f[0])));
            if (!s)
                return NX_ERR_NOMEM;
            /* keep the chain in file order */
            p->next = UINT32_MAX;
            if (s->first == UINT32_MAX) {
                s->first = (uint32_t)g->n_places;
            } else {
                uint32_t k = s->first;
                while (g->places[k].next != UINT32_MAX)
                    k = g->places[k].next;
                g->places[k].next = (uint32_t)g->n_places;
            }
            s->flags |= kind == NX_PLACE_COUNTRY  ? NX_GAZ_COUNTRY
                        : kind == NX_PLACE_REGION ? NX_GAZ_REGION
                                                  : NX_GAZ_CITY;
            if (kind == NX_PLACE_CITY && p->population >= 100000)
                s->flags |= NX_GAZ_CITY_BIG;
            g->n_places++;
        }
        line = nl ? nl + 1 : NULL;
    }
    return NX_OK;
}

static nx_err load_names(nx_gaz *g, char *buf, unsigned flag)
{
    for (char *line = buf; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (line[0] && line[0] != '#') {
            gaz_slot *s = gaz_slot_for(g, nx_gaz_key_add(NX_GAZ_KEY_INIT, line, strlen(line)));
            if (!s)
                return NX_ERR_NOMEM;
            s->flags |= flag;
        }
        line = nl ? nl + 1 : NULL;
    }
    return NX_OK;
}

/* Read path and load it into g as places (kind 0), given names (kind 1) or
 * organisations (kind 2; optional: a missing file is no error). */
static nx_err gaz_load_file(nx_gaz *g, const char *path, int kind, char *errstr, size_t errstr_size)
{
    size_t len = 0;
    int nomem;
    char *buf = read_file(path, &len, &nomem);
    if (!buf && kind == 2 && !nomem)
        return NX_OK; /* organisations.txt is optional */
    if (!buf) {
        if (nomem)
            return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory reading %s", path);
        return nx_seterr(errstr, errstr_size, NX_ERR_MODEL, "cannot read gazetteer %s", path);
    }
    nx_err e = kind == 0 ? load_places(g, buf, errstr, errstr_size)
                         : load_names(g, buf, kind == 1 ? NX_GAZ_GIVEN : NX_GAZ_ORG);
    nx_free(buf);
    if (e == NX_ERR_NOMEM)
        nx_seterr(errstr, errstr_size, e, "out of memory loading gazetteers");
    return e;
}

nx_err nx_gaz_load(const char *dir, nx_gaz **out, char *errstr, size_t errstr_size)
{
    *out = NULL;
    nx_gaz *g = nx_calloc(1, sizeof(*g));
    if (!g)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading gazetteers");
    static const char *const files[] = {"places.tsv", "given-names.txt", "organisations.txt"};
    for (size_t k = 0; k < 3; k++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, files[k]);
        nx_err e = gaz_load_file(g, path, (int)k, errstr, errstr_size);
        if (e) {
            nx_gaz_free(g);
            return e;
        }
    }
    *out = g;
    return NX_OK;
}

nx_err nx_gaz_load_places(const char *path, nx_gaz **out, char *errstr, size_t errstr_size)
{
    *out = NULL;
    nx_gaz *g = nx_calloc(1, sizeof(*g));
    if (!g)
        return nx_seterr(errstr, errstr_size, NX_ERR_NOMEM, "out of memory loading gazetteers");
    nx_err e = gaz_load_file(g, path, 0, errstr, errstr_size);
    if (e) {
        nx_gaz_free(g);
        return e;
    }
    *out = g;
    return NX_OK;
}

void nx_gaz_free(nx_gaz *g)
{
    if (!g)
        return;
    nx_free(g->slots);
    nx_free(g->places);
    nx_free(g);
}
