/*
 * wconfig.h - the worker's configuration: one table of keys drives parsing,
 * --help, unknown-key errors, --check-config and the example file.
 *
 * Sources, lowest precedence first: the table's defaults, a properties file
 * (--config FILE), the environment (NEWSX_<KEY> with the key upper-cased and
 * dots turned into underscores) and --set key=value. Keys under "kafka." are
 * handed to librdkafka (both clients), "kafka.consumer." and "kafka.producer."
 * to one client only; the worker checks them against librdkafka at startup.
 * This module has no Kafka in it so that it can be unit-tested alone.
 */
#ifndef NXW_CONFIG_H
#define NXW_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nx_err.h"

typedef enum nxw_type { NXW_STR, NXW_INT, NXW_BOOL, NXW_LIST, NXW_ENUM } nxw_type;

typedef enum nxw_source {
    NXW_SRC_DEFAULT = 0,
    NXW_SRC_FILE,
    NXW_SRC_ENV,
    NXW_SRC_SET,
    NXW_SRC_MODE /* forced by a run mode such as --embedded */
} nxw_source;

typedef struct nxw_key {
    const char *key;
    nxw_type type;
    const char *def;     /* default as text; "" for none */
    long long min, max;  /* NXW_INT bounds */
    const char *choices; /* NXW_ENUM: '|'-separated */
    const char *help;    /* one line */
} nxw_key;

/* The table, in documentation order; n receives the number of entries. */
const nxw_key *nxw_keys(size_t *n);

/* Keys the worker sets itself and refuses to take from the user
 * (at-least-once depends on them). NULL-terminated. */
extern const char *const nxw_managed_kafka_keys[];

typedef struct nxw_kv {
    char *key; /* owned */
    char *value;
    nxw_source src;
    char *origin; /* "file.properties:12", "NEWSX_X", "--set" */
} nxw_kv;

typedef struct nxw_config {
    char **values;    /* one per table entry, owned */
    nxw_source *srcs; /* where each value came from */
    nxw_kv *extra;    /* kafka.* keys not in the table, in first-set order */
    size_t n_extra, cap_extra;
} nxw_config;

/* Fill cfg with the defaults. Free with nxw_config_free(). */
nx_err nxw_config_init(nxw_config *cfg, char *errstr, size_t errstr_size);
void nxw_config_free(nxw_config *cfg);

/* Set key to value from src (origin names the place for messages; borrowed).
 * Unknown keys outside "kafka." are NX_ERR_CONFIG, as are values of the wrong
 * type and managed Kafka keys. */
nx_err nxw_config_set(nxw_config *cfg, const char *key, const char *value, nxw_source src,
                      const char *origin, char *errstr, size_t errstr_size);

/* Apply "key=value" (as given to --set). */
nx_err nxw_config_set_arg(nxw_config *cfg, const char *arg, char *errstr, size_t errstr_size);

/* Load a properties file (every key in it must be known). */
nx_err nxw_config_load_file(nxw_config *cfg, const char *path, char *errstr, size_t errstr_size);

/* Apply NEWSX_* variables from envp (NULL-terminated "NAME=value" strings):
 * every table key's variable, and NEWSX_KAFKA_* for other librdkafka
 * properties (lower-cased, underscores to dots). Other NEWSX_ variables are
 * ignored. */
nx_err nxw_config_load_env(nxw_config *cfg, char *const *envp, char *errstr, size_t errstr_size);

/* The environment variable name of a key, written into buf. */
void nxw_config_env_name(const char *key, char *buf, size_t size);

/* Typed getters; the key must be in the table (a bug otherwise: aborts). */
const char *nxw_cfg_str(const nxw_config *cfg, const char *key);
long long nxw_cfg_int(const nxw_config *cfg, const char *key);
int nxw_cfg_bool(const nxw_config *cfg, const char *key);

/* Split a comma list into trimmed, non-empty items; returns the count and an
 * owned array of owned strings in *items (free with nxw_strv_free). */
size_t nxw_split_list(const char *s, char ***items);
void nxw_strv_free(char **v, size_t n);

/* Non-zero if the key names a secret (password, secret, token, sasl.jaas,
 * ssl.key): its value is printed as ***. */
int nxw_key_is_secret(const char *key);

/* Callback over the Kafka settings for one client: is_consumer selects the
 * consumer's view (kafka.X and kafka.consumer.X) or the producer's. name is
 * the librdkafka property name (prefix stripped). */
typedef nx_err (*nxw_kafka_cb)(const char *name, const char *value, const char *key, void *ud,
                               char *errstr, size_t errstr_size);
nx_err nxw_config_each_kafka(const nxw_config *cfg, int is_consumer, nxw_kafka_cb cb, void *ud,
                             char *errstr, size_t errstr_size);
/* The consumer group protocol in effect: kafka.consumer.group.protocol or
 * kafka.group.protocol, "classic" when neither is set. Under "consumer"
 * (KIP-848) nxw_config_each_kafka leaves out the classic protocol's defaults
 * that librdkafka refuses there (session.timeout.ms,
 * partition.assignment.strategy, heartbeat.interval.ms); set explicitly, they
 * are passed on and librdkafka's refusal is a configuration error. */
const char *nxw_group_protocol(const nxw_config *cfg);

/* Print the effective configuration as a properties file, secrets masked,
 * each line followed by a comment naming its source. */
void nxw_config_dump(const nxw_config *cfg, FILE *out);

/* Print the table as --help text. */
void nxw_config_help(FILE *out);

/* Print the table as a documented example properties file (every key, its
 * default, its help). */
void nxw_config_example(FILE *out);

#endif
