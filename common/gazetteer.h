/*
 * gazetteer.h - the place and given-name lists of the entity stage.
 *
 * Loaded once from config/gazetteers/ (places.tsv, given-names.txt and, when
 * present, organisations.txt; built by tests/train/build-gazetteers.sh, see
 * NOTICE) and read-only afterwards, so
 * any number of threads may look names up at once.
 *
 * Names are matched case-insensitively with spaces ignored: the key of a
 * name is the hash of its lower-cased code points, skipping white space, so
 * the tokens "Washington" "," "D.C." hash like the name "Washington, D.C.".
 * A key can be built token by token with nx_gaz_key_add().
 */
#ifndef NX_GAZETTEER_H
#define NX_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "nx_err.h"

/* Lists a key can belong to (bit flags). */
#define NX_GAZ_COUNTRY  0x01u
#define NX_GAZ_REGION   0x02u
#define NX_GAZ_CITY     0x04u /* a city of at least 5,000 people */
#define NX_GAZ_CITY_BIG 0x08u /* a city of at least 100,000 people */
#define NX_GAZ_GIVEN    0x10u /* a given name */
#define NX_GAZ_NLISTS   5
/* An organisation or brand name (organisations.txt): outside the
 * NX_GAZ_NLISTS lists above, the tagger uses it only when its model asks. */
#define NX_GAZ_ORG 0x20u

enum { NX_PLACE_COUNTRY = 0, NX_PLACE_REGION, NX_PLACE_CITY };

typedef struct nx_gaz_place {
    char country[3]; /* ISO 3166-1 alpha-2 */
    uint8_t kind;    /* NX_PLACE_* */
    uint8_t capital; /* a national capital */
    float lat, lon;
    uint32_t population;
    uint32_t next; /* next place with the same key, UINT32_MAX at the end */
} nx_gaz_place;

typedef struct nx_gaz nx_gaz;

/* Load the lists from dir (e.g. "config/gazetteers"). The caller owns *out and
 * frees it with nx_gaz_free(). NX_ERR_MODEL when a file is missing or bad. */
nx_err nx_gaz_load(const char *dir, nx_gaz **out, char *errstr, size_t errstr_size);
/* Load one file of places.tsv's format (a language's place names,
 * config/lang/<code>/places.tsv) into a list of its own. */
nx_err nx_gaz_load_places(const char *path, nx_gaz **out, char *errstr, size_t errstr_size);
void nx_gaz_free(nx_gaz *g);

/* Start value of a key; extend it with the bytes of each token in turn. */
#define NX_GAZ_KEY_INIT 0xcbf29ce484222325ull
uint64_t nx_gaz_key_add(uint64_t key, const char *s, size_t len);

/* Flags of a key (0 when unknown); *first receives the index of its first
 * place (UINT32_MAX when it names no place). first may be NULL. */
unsigned nx_gaz_lookup(const nx_gaz *g, uint64_t key, uint32_t *first);

/* The place at index i (valid while g lives). */
const nx_gaz_place *nx_gaz_place_at(const nx_gaz *g, uint32_t i);

/* Number of places and names loaded (for the memory report). */
size_t nx_gaz_bytes(const nx_gaz *g);

#endif
