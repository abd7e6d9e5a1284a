/*
 * wlog.h - the worker's stderr log: one line per event with a UTC time, a
 * level, a message and optional context fields (topic, partition, offset,
 * error code, Kafka client). Formats: json (default, one object a line),
 * logfmt, and text for people. Thread-safe (each line is written with one
 * call). Every registered secret value is printed as *** wherever it appears.
 */
#ifndef NXW_LOG_H
#define NXW_LOG_H

#include <stdint.h>

#include "wconfig.h"

typedef enum nxw_level { NXW_LOG_ERROR = 0, NXW_LOG_WARN, NXW_LOG_INFO, NXW_LOG_DEBUG } nxw_level;

typedef enum nxw_log_format { NXW_LOGF_JSON = 0, NXW_LOGF_LOGFMT, NXW_LOGF_TEXT } nxw_log_format;

/* Context fields of one event; absent fields are NULL or -1. Borrowed. */
typedef struct nxw_log_ctx {
    const char *topic;
    int32_t partition;
    int64_t offset;
    const char *code;     /* error code name, e.g. "bad_utf8" or a librdkafka error name */
    const char *client;   /* librdkafka client name */
    const char *facility; /* librdkafka log facility */
} nxw_log_ctx;

/* Set the level from its name (error, warn, info, debug); unknown names keep
 * the current level and return -1. */
int nxw_log_set_level(const char *name);
nxw_level nxw_log_level(void);

/* Set the format from its name (json, logfmt, text); unknown names keep the
 * current format and return -1. */
int nxw_log_set_format(const char *name);

/* Register a secret: from now on every occurrence of value in a log line is
 * printed as ***. The value is copied. Values shorter than 3 bytes are not
 * registered (masking them would garble every line). Call before the
 * threads that log start; returns -1 when the table is full or out of
 * memory. */
int nxw_log_add_secret(const char *value);

/* Register the value of every secret key of cfg (nxw_key_is_secret), and
 * the password="..." parts of a sasl.jaas.config. cfg is borrowed. */
void nxw_log_add_config_secrets(const nxw_config *cfg);

/* Mask the registered secrets in s, writing the result to out (always
 * NUL-terminated, truncated to size). */
void nxw_log_mask(const char *s, char *out, size_t size);

void nxw_log(nxw_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* nxw_log with context fields (ctx may be NULL). */
void nxw_logc(nxw_level level, const nxw_log_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define NXW_ERROR(...) nxw_log(NXW_LOG_ERROR, __VA_ARGS__)
#define NXW_WARN(...)  nxw_log(NXW_LOG_WARN, __VA_ARGS__)
#define NXW_INFO(...)  nxw_log(NXW_LOG_INFO, __VA_ARGS__)
#define NXW_DEBUG(...) nxw_log(NXW_LOG_DEBUG, __VA_ARGS__)

#endif
