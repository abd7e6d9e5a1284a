/*
 * nx_err.h - the one error model of newsx.
 *
 * Every fallible function returns an nx_err: 0 is success, anything else is
 * a code with a stable name (nx_err_name(), used as the dead-letter header
 * newsx-error-code) and a default message (nx_strerror()). Functions that
 * can say more fill a caller-provided errstr buffer (librdkafka style).
 */
#ifndef NX_ERR_H
#define NX_ERR_H

#include <stddef.h>

typedef enum nx_err {
    NX_OK = 0,
    NX_ERR_NOMEM,            /* allocation failed (retriable) */
    NX_ERR_INPUT_TOO_LARGE,  /* input exceeds core.max.input.bytes */
    NX_ERR_RECORD_TOO_LARGE, /* record would exceed core.max.record.bytes */
    NX_ERR_EMPTY_BODY,       /* no article text after cleaning */
    NX_ERR_BAD_UTF8,         /* invalid UTF-8 under the strict policy */
    NX_ERR_BAD_ENVELOPE,     /* JSON envelope malformed or without a body */
    NX_ERR_BAD_HTML,         /* HTML could not be parsed */
    NX_ERR_BINARY,           /* input is not text (NUL bytes, mostly invalid UTF-8) */
    NX_ERR_INVALID_ARG,      /* caller error */
    NX_ERR_IO,               /* file or stream error */
    NX_ERR_CONFIG,           /* bad configuration */
    NX_ERR_MODEL,            /* a model or lexicon failed to load */
    NX_ERR_INTERNAL,         /* a bug: an invariant did not hold */
    NX_ERR_TOO_COMPLEX,      /* the article needs more work than core.max.steps.per.byte allows */
    NX_ERR__COUNT
} nx_err;

/* Stable lower-case identifier of the code, e.g. "input_too_large". Never NULL. */
const char *nx_err_name(nx_err err);

/* Human-readable default message for the code. Never NULL. */
const char *nx_strerror(nx_err err);

/* Non-zero if retrying the same input may succeed (e.g. out of memory). */
int nx_err_is_retriable(nx_err err);

/* Write a formatted message into errstr (if errstr && errstr_size) and return err. */
nx_err nx_seterr(char *errstr, size_t errstr_size, nx_err err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
