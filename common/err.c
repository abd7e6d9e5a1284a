#include "nx_err.h"

#include <stdarg.h>
#include <stdio.h>

static const struct {
    const char *name;
    const char *msg;
} nx_err_table[NX_ERR__COUNT] = {
    [NX_OK] = {"ok", "success"},
    [NX_ERR_NOMEM] = {"nomem", "out of memory"},
    [NX_ERR_INPUT_TOO_LARGE] = {"input_too_large", "input exceeds the maximum input size"},
    [NX_ERR_RECORD_TOO_LARGE] = {"record_too_large", "record exceeds the maximum record size"},
    [NX_ERR_EMPTY_BODY] = {"empty_body", "article has no text"},
    [NX_ERR_BAD_UTF8] = {"bad_utf8", "input is not valid UTF-8"},
    [NX_ERR_BAD_ENVELOPE] = {"bad_envelope", "JSON envelope is malformed or has no body"},
    [NX_ERR_BAD_HTML] = {"bad_html", "HTML could not be parsed"},
    [NX_ERR_BINARY] = {"binary_input", "input is binary, not text"},
    [NX_ERR_INVALID_ARG] = {"invalid_argument", "invalid argument"},
    [NX_ERR_IO] = {"io", "input/output error"},
    [NX_ERR_CONFIG] = {"config", "invalid configuration"},
    [NX_ERR_MODEL] = {"model", "model or lexicon failed to load"},
    [NX_ERR_INTERNAL] = {"internal", "internal error"},
    [NX_ERR_TOO_COMPLEX] = {"too_complex", "article exceeds the work budget of the core"},
};

const char *nx_err_name(nx_err err)
{
    if ((unsigned)err >= NX_ERR__COUNT)
        return "unknown";
    return nx_err_table[err].name;
}

const char *nx_strerror(nx_err err)
{
    if ((unsigned)err >= NX_ERR__COUNT)
        return "unknown error";
    return nx_err_table[err].msg;
}

int nx_err_is_retriable(nx_err err)
{
    return err == NX_ERR_NOMEM || err == NX_ERR_IO;
}

nx_err nx_seterr(char *errstr, size_t errstr_size, nx_err err, const char *fmt, ...)
{
    if (errstr && errstr_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(errstr, errstr_size, fmt, ap);
        va_end(ap);
    }
    return err;
}
