/*
 * u64map.h - a small open-addressing map from non-zero 64-bit keys to
 * 32-bit values, sized once for at most n keys (it never fills: the table has
 * at least 2n slots). Per-document working memory for the stages that group
 * or count things by a hash (entities, keywords). The caller owns the map and
 * frees it with nx_u64map_free().
 */
#ifndef NX_U64MAP_H
#define NX_U64MAP_H

#include <stddef.h>
#include <stdint.h>

#include "nx_alloc.h"
#include "nx_err.h"

typedef struct nx_u64map {
    uint64_t *keys; /* 0 marks an empty slot */
    uint32_t *vals;
    size_t mask;
} nx_u64map;

static inline nx_err nx_u64map_init(nx_u64map *m, size_t n)
{
    size_t size = 64;
    while (size < n * 2)
        size <<= 1;
    m->keys = nx_calloc(size, sizeof(*m->keys));
    m->vals = nx_malloc(size * sizeof(*m->vals));
    m->mask = size - 1;
    if (m->keys && m->vals)
        return NX_OK;
    /* nothing stays allocated on failure: a caller may try again later */
    nx_free(m->keys);
    nx_free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    return NX_ERR_NOMEM;
}

static inline void nx_u64map_free(nx_u64map *m)
{
    nx_free(m->keys);
    nx_free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
}

/* The slot of key (non-zero): *found tells whether the key is there; if not,
 * the slot is where it goes (set keys[slot] and vals[slot]). */
static inline size_t nx_u64map_slot(const nx_u64map *m, uint64_t key, int *found)
{
    size_t i = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 24) & m->mask;
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & m->mask;
    *found = m->keys[i] != 0;
    return i;
}

#endif
