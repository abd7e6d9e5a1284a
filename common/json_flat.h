/*
 * json_flat.h - a fast reader for the common JSON envelope: one object whose
 * values are strings, integers, true, false or null.
 *
 * jansson's json_loadb() reads such an envelope at well over 100 instructions
 * per byte; this reader scans it at a few, and builds the same jansson value.
 * It takes only input it is sure of: anything else (a nested object or
 * array, a real number, an escape it does not decode, a duplicate key, bytes
 * that are not strict UTF-8, a syntax error) makes it answer NULL, and the
 * caller parses with json_loadb() as before, which gives the same value or
 * the same error message as without this reader.
 */
#ifndef NX_JSON_FLAT_H
#define NX_JSON_FLAT_H

#include <stddef.h>

#include <jansson.h>

/* The object in in[0 .. len) as json_loadb(in, len, JSON_REJECT_DUPLICATES)
 * would return it, or NULL when the input is not a flat object this reader
 * takes (or memory ran out): then call json_loadb(). The caller owns the
 * result (json_decref). */
json_t *nx_json_flat_load(const char *in, size_t len);

#endif
