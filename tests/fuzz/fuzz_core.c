/*
 * fuzz_core.c - libFuzzer target: the whole core (every stage and the record
 * writer) on arbitrary bytes, with a message key and timestamp as the worker
 * passes them.
 *
 * Checks beyond the sanitizers: a success appends one valid JSON object
 * (parsed back with jansson) and the same bytes give the same record again
 * (determinism); an error appends nothing and has a name and a message.
 * The core is created once, as in the worker; its models stay loaded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "nx_core.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static nx_core_t *core;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char errstr[512];
    core = nx_core_new(NULL, errstr, sizeof errstr);
    if (!core) {
        fprintf(stderr, "fuzz_core: nx_core_new: %s\n", errstr);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nx_input_meta meta = {"fuzz-key", 8, 1700000000000};
    nx_buf out, again, id;
    nx_buf_init(&out, 0);
    nx_buf_init(&again, 0);
    nx_buf_init(&id, 0);
    char errstr[512];
    nx_err e = nx_extract_id(core, (const char *)data, size, &meta, &out, &id, NULL, errstr,
                             sizeof errstr);
    if (e == NX_OK) {
        json_error_t jerr;
        json_t *rec = json_loadb(out.data, out.len, JSON_ALLOW_NUL, &jerr);
        if (!json_is_object(rec)) {
            fprintf(stderr, "fuzz_core: record is not a JSON object: %s\n", jerr.text);
            abort();
        }
        /* nx_extract_id's id is the record's "id" value, byte for byte */
        json_t *rid = json_object_get(rec, "id");
        if (!json_is_string(rid) || json_string_length(rid) != id.len ||
            memcmp(json_string_value(rid), id.data ? id.data : "", id.len) != 0) {
            fputs("fuzz_core: nx_extract_id's id is not the record's id\n", stderr);
            abort();
        }
        json_decref(rec);
        if (nx_extract(core, (const char *)data, size, &meta, &again, NULL, errstr,
                       sizeof errstr) != NX_OK ||
            again.len != out.len || memcmp(again.data, out.data, out.len) != 0) {
            fputs("fuzz_core: the same input gave a different record\n", stderr);
            abort();
        }
    } else if (e >= NX_ERR__COUNT || out.len != 0 || id.len != 0 || errstr[0] == '\0') {
        abort();
    }
    nx_buf_free(&out);
    nx_buf_free(&again);
    nx_buf_free(&id);
    return 0;
}
