/*
 * word_stream.h - the unlabelled text as a stream of word ids, shared by the
 * word-cluster tools (brown-clusters, embed-clusters).
 *
 * ws_read() reads JSON lines with a "text" field, segments each text with
 * nx_segment() exactly as the core does and appends one id per token (the
 * exact bytes, case kept), WS_DOC_END after each document. ws_vocab() ranks
 * the words by falling count (ties in byte order) and keeps those seen at
 * least min_count times.
 */
#ifndef NX_WORD_STREAM_H
#define NX_WORD_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define WS_DOC_END UINT32_MAX

typedef struct wtab {
    char **word;
    uint32_t *len;
    uint64_t *count;
    uint32_t n, cap; /* entries */
    uint32_t *slot;  /* index + 1, 0 = empty */
    uint32_t size;   /* slots, power of two */
} wtab;

typedef struct stream {
    uint32_t *id;
    size_t n, cap;
} stream;

/* Exit with a message (the tools' only error path). */
void ws_die(const char *tool, const char *msg);
/* Read all of f into t and s; *n_docs counts the documents. */
void ws_read(FILE *f, wtab *t, stream *s, size_t *n_docs);
/* order[k]: the word of rank k (all t->n words); rank[w]: the rank of word w
 * when it is seen min_count times, else UINT32_MAX. Returns the number kept.
 * The caller frees *order and *rank. */
uint32_t ws_vocab(const wtab *t, uint64_t min_count, uint32_t **order, uint32_t **rank);

#endif
