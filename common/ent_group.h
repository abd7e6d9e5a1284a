/*
 * ent_group.h - the entity stage's grouping of mentions into entities, with
 * their places and salience (docs/entities.md, "Grouping", "Places",
 * "Salience"). entities.c tags the mentions and calls nx_ent_group(); the
 * unit tests call it with mentions of their own.
 */
#ifndef NX_ENT_GROUP_H
#define NX_ENT_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "ent_lang.h"
#include "gazetteer.h"
#include "nx_doc.h"

/* A mention as tagged: filled by the caller (entity is an output). */
typedef struct nx_ment {
    uint32_t start, end; /* bytes */
    uint32_t tb, te;     /* token range */
    uint8_t type;        /* tagged type, NX_ENT_* */
    uint8_t infl;        /* set here: an inflected form ("Merkels") */
    uint32_t entity;     /* set here */
} nx_ment;

/* Group the n mentions of ms (in text order, over doc's tokens) into
 * doc->entities and doc->mentions, resolving places against g and, for the
 * article's language, lang (NULL: none, as for English). The language's
 * forms may trim a mention's start (ms[k].start, tb change). */
nx_err nx_ent_group(nx_doc *doc, const nx_gaz *g, const nx_ent_lang *lang, nx_ment *ms, size_t n,
                    char *errstr, size_t errstr_size);

#endif
