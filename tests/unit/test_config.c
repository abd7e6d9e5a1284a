/*
 * test_config.c - the worker's configuration table and sources
 * (worker/wconfig.c, compiled into this test; it has no Kafka in it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../worker/wconfig.c"

static void test_defaults(void **state)
{
    (void)state;
    nxw_config c;
    char err[512];
    assert_int_equal(nxw_config_init(&c, err, sizeof err), NX_OK);
    size_t n;
    const nxw_key *k = nxw_keys(&n);
    assert_true(n >= 15);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(c.values[i], k[i].def);
        assert_int_equal(c.srcs[i], NXW_SRC_DEFAULT);
        assert_non_null(k[i].help);
        /* every default passes its own type check */
        assert_int_equal(check_value(&k[i], k[i].def, "default", err, sizeof err), NX_OK);
    }
    assert_int_equal(nxw_cfg_int(&c, "shutdown.timeout.ms"), 30000);
    assert_int_equal(nxw_cfg_int(&c, "threads"), 0);
    assert_string_equal(nxw_cfg_str(&c, "kafka.consumer.partition.assignment.strategy"),
                        "cooperative-sticky");
    nxw_config_free(&c);
}

static void test_required_keys(void **state)
{
    (void)state;
    static const char *const need[] = {
        "input.topics",     "output.topic",           "deadletter.topic",
        "group.id",         "core.max.input.bytes",   "core.max.record.bytes",
        "core.strict.utf8", "core.emit.sentences",    "core.field.map",
        "threads",          "inflight.max",           "shutdown.timeout.ms",
        "log.level",        "kafka.bootstrap.servers"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        assert_true(key_index(need[i]) >= 0);
}

static void test_types_and_unknown(void **state)
{
    (void)state;
    nxw_config c;
    char err[512];
    nxw_config_init(&c, err, sizeof err);
    assert_int_equal(nxw_config_set_arg(&c, "threads=4", err, sizeof err), NX_OK);
    assert_int_equal(nxw_cfg_int(&c, "threads"), 4);
    assert_int_equal(nxw_config_set_arg(&c, "threads=four", err, sizeof err), NX_ERR_CONFIG);
    assert_non_null(strstr(err, "threads"));
    assert_int_equal(nxw_config_set_arg(&c, "inflight.max=0", err, sizeof err), NX_ERR_CONFIG);
    assert_non_null(strstr(err, "out of range"));
    assert_int_equal(nxw_config_set_arg(&c, "core.strict.utf8=maybe", err, sizeof err),
                     NX_ERR_CONFIG);
    assert_int_equal(nxw_config_set_arg(&c, "core.strict.utf8=yes", err, sizeof err), NX_OK);
    assert_int_equal(nxw_cfg_bool(&c, "core.strict.utf8"), 1);
    assert_int_equal(nxw_config_set_arg(&c, "log.level=loud", err, sizeof err), NX_ERR_CONFIG);
    assert_int_equal(nxw_config_set_arg(&c, "no.such.key=1", err, sizeof err), NX_ERR_CONFIG);
    assert_non_null(strstr(err, "no.such.key"));
    assert_int_equal(nxw_config_set_arg(&c, "novalue", err, sizeof err), NX_ERR_CONFIG);
    /* managed librdkafka settings are refused */
    assert_int_equal(nxw_config_set_arg(&c, "kafka.enable.auto.offset.store=true", err, sizeof err),
                     NX_ERR_CONFIG);
    assert_int_equal(nxw_config_set_arg(&c, "kafka.producer.acks=1", err, sizeof err),
                     NX_ERR_CONFIG);
    assert_int_equal(nxw_config_set_arg(&c, "kafka.consumer.group.id=x", err, sizeof err),
                     NX_ERR_CONFIG);
    assert_int_equal(nxw_config_set_arg(&c, "kafka.=x", err, sizeof err), NX_ERR_CONFIG);
    /* ... and so are the ones exactly-once depends on */
    static const char *const eos_keys[] = {
        "kafka.consumer.isolation.level=read_uncommitted", "kafka.isolation.level=read_committed",
        "kafka.consumer.enable.auto.commit=true",          "kafka.auto.commit.enable=true",
        "kafka.producer.enable.idempotence=false",         "kafka.producer.transactional.id=x",
        "kafka.consumer.offset.store.method=file"};
    for (size_t i = 0; i < sizeof eos_keys / sizeof eos_keys[0]; i++) {
        assert_int_equal(nxw_config_set_arg(&c, eos_keys[i], err, sizeof err), NX_ERR_CONFIG);
        assert_non_null(strstr(err, "exactly-once"));
    }
    nxw_config_free(&c);
}

typedef struct seen_kafka {
    int n;
    char names[16][128];
    char values[16][128];
} seen_kafka;

static nx_err record_kafka(const char *name, const char *value, const char *key, void *ud,
                           char *errstr, size_t errstr_size)
{
    (void)key;
    (void)errstr;
    (void)errstr_size;
    seen_kafka *s = ud;
    if (s->n < 16) {
        snprintf(s->names[s->n], sizeof s->names[0], "%s", name);
        snprintf(s->values[s->n], sizeof s->values[0], "%s", value);
        s->n++;
    }
    return NX_OK;
}

static const char *lookup(const seen_kafka *s, const char *name)
{
    const char *v = NULL;
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->names[i], name) == 0)
            v = s->values[i]; /* the last one is what librdkafka keeps */
    return v;
}

static void test_kafka_routing(void **state)
{
    (void)state;
    nxw_config c;
    char err[512];
    nxw_config_init(&c, err, sizeof err);
    assert_int_equal(nxw_config_set_arg(&c, "kafka.linger.ms=7", err, sizeof err), NX_OK);
    assert_int_equal(nxw_config_set_arg(&c, "kafka.producer.linger.ms=9", err, sizeof err), NX_OK);
    assert_int_equal(nxw_config_set_arg(&c, "kafka.consumer.fetch.wait.max.ms=50", err, sizeof err),
                     NX_OK);
    assert_int_equal(nxw_config_set_arg(&c, "kafka.bootstrap.servers=h:1", err, sizeof err), NX_OK);
    seen_kafka cons = {0}, prod = {0};
    assert_int_equal(nxw_config_each_kafka(&c, 1, record_kafka, &cons, err, sizeof err), NX_OK);
    assert_int_equal(nxw_config_each_kafka(&c, 0, record_kafka, &prod, err, sizeof err), NX_OK);
    assert_string_equal(lookup(&cons, "bootstrap.servers"), "h:1");
    assert_string_equal(lookup(&prod, "bootstrap.servers"), "h:1");
    assert_string_equal(lookup(&cons, "linger.ms"), "7");
    assert_string_equal(lookup(&prod, "linger.ms"), "9"); /* specific beats general */
    assert_string_equal(lookup(&cons, "fetch.wait.max.ms"), "50");
    assert_null(lookup(&prod, "fetch.wait.max.ms"));
    assert_string_equal(lookup(&cons, "partition.assignment.strategy"), "cooperative-sticky");
    assert_null(lookup(&prod, "partition.assignment.strategy"));
    nxw_config_free(&c);
}

/* group.protocol=consumer (KIP-848): the classic protocol's defaults that
 * librdkafka refuses there are left out; set by hand they are passed on (and
 * librdkafka's refusal is the configuration error). */
static void test_kip848_defaults(void **state)
{
    (void)state;
    nxw_config c;
    char err[512];
    nxw_config_init(&c, err, sizeof err);
    assert_string_equal(nxw_group_protocol(&c), "classic");
    assert_int_equal(nxw_config_set_arg(&c, "kafka.group.protocol=consumer", err, sizeof err),
                     NX_OK);
    assert_string_equal(nxw_group_protocol(&c), "consumer");
    assert_int_equal(nxw_config_set(&c, "kafka.consumer.heartbeat.interval.ms", "300", NXW_SRC_MODE,
                                    "test", err, sizeof err),
                     NX_OK);
    seen_kafka cons = {0}, prod = {0};
    assert_int_equal(nxw_config_each_kafka(&c, 1, record_kafka, &cons, err, sizeof err), NX_OK);
    assert_string_equal(lookup(&cons, "group.protocol"), "consumer");
    assert_null(lookup(&cons, "partition.assignment.strategy"));
    assert_null(lookup(&cons, "session.timeout.ms"));
    assert_null(lookup(&cons, "heartbeat.interval.ms"));
    assert_string_equal(lookup(&cons, "auto.offset.reset"), "earliest");
    /* the producer's view is unchanged */
    assert_int_equal(nxw_config_each_kafka(&c, 0, record_kafka, &prod, err, sizeof err), NX_OK);
    assert_null(lookup(&prod, "session.timeout.ms"));

    /* the consumer-specific key wins over kafka.X, as for every property */
    assert_int_equal(
        nxw_config_set_arg(&c, "kafka.consumer.group.protocol=classic", err, sizeof err), NX_OK);
    assert_string_equal(nxw_group_protocol(&c), "classic");
    assert_int_equal(
        nxw_config_set_arg(&c, "kafka.consumer.group.protocol=consumer", err, sizeof err), NX_OK);
    assert_int_equal(
        nxw_config_set_arg(&c, "kafka.consumer.session.timeout.ms=30000", err, sizeof err), NX_OK);
    seen_kafka cons2 = {0};
    assert_int_equal(nxw_config_each_kafka(&c, 1, record_kafka, &cons2, err, sizeof err), NX_OK);
    assert_string_equal(lookup(&cons2, "session.timeout.ms"), "30000");
    assert_null(lookup(&cons2, "partition.assignment.strategy"));
    nxw_config_free(&c);
}

static void test_precedence(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "/tmp/test_config_%d.properties", (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("output.topic = from-file\ngroup.id: file-group\ninflight.max 10\n"
          "kafka.producer.linger.ms=3\n",
          f);
    fclose(f);
    nxw_config c;
    char err[512];
    nxw_config_init(&c, err, sizeof err);
    assert_int_equal(nxw_config_load_file(&c, path, err, sizeof err), NX_OK);
    char *env[] = {"NEWSX_OUTPUT_TOPIC=from-env",
                   "NEWSX_INFLIGHT_MAX=20",
                   "NEWSX_KAFKA_CONSUMER_FETCH_WAIT_MAX_MS=77",
                   "NEWSX_WORKER_BIN=/not/a/key",
                   "NEWSX_KAFKA_BOOTSTRAP_SERVERS=envhost:9",
                   "OTHER=1",
                   NULL};
    assert_int_equal(nxw_config_load_env(&c, env, err, sizeof err), NX_OK);
    assert_int_equal(nxw_config_set_arg(&c, "inflight.max=30", err, sizeof err), NX_OK);
    assert_string_equal(nxw_cfg_str(&c, "group.id"), "file-group");
    assert_string_equal(nxw_cfg_str(&c, "output.topic"), "from-env");
    assert_int_equal(nxw_cfg_int(&c, "inflight.max"), 30);
    assert_string_equal(nxw_cfg_str(&c, "kafka.bootstrap.servers"), "envhost:9");
    assert_int_equal(c.srcs[key_index("group.id")], NXW_SRC_FILE);
    assert_int_equal(c.srcs[key_index("output.topic")], NXW_SRC_ENV);
    assert_int_equal(c.srcs[key_index("inflight.max")], NXW_SRC_SET);
    seen_kafka cons = {0};
    nxw_config_each_kafka(&c, 1, record_kafka, &cons, err, sizeof err);
    assert_string_equal(lookup(&cons, "fetch.wait.max.ms"), "77");
    nxw_config_free(&c);

    /* an unknown key in the file names the file and line */
    f = fopen(path, "w");
    fputs("# x\nthreads=2\nbogus.key=1\n", f);
    fclose(f);
    nxw_config_init(&c, err, sizeof err);
    assert_int_equal(nxw_config_load_file(&c, path, err, sizeof err), NX_ERR_CONFIG);
    assert_non_null(strstr(err, ":3"));
    assert_non_null(strstr(err, "bogus.key"));
    nxw_config_free(&c);
    unlink(path);

    char name[128];
    nxw_config_env_name("kafka.bootstrap.servers", name, sizeof name);
    assert_string_equal(name, "NEWSX_KAFKA_BOOTSTRAP_SERVERS");
}

static void test_secrets(void **state)
{
    (void)state;
    assert_true(nxw_key_is_secret("kafka.sasl.password"));
    assert_true(nxw_key_is_secret("kafka.sasl.jaas.config"));
    assert_true(nxw_key_is_secret("kafka.ssl.key.password"));
    assert_true(nxw_key_is_secret("kafka.sasl.oauthbearer.client.secret"));
    assert_true(nxw_key_is_secret("kafka.ssl.key.pem"));
    assert_true(nxw_key_is_secret("x.TOKEN"));
    assert_false(nxw_key_is_secret("kafka.bootstrap.servers"));
    assert_false(nxw_key_is_secret("output.topic"));

    nxw_config c;
    char err[512];
    nxw_config_init(&c, err, sizeof err);
    nxw_config_set_arg(&c, "kafka.sasl.password=hunter2", err, sizeof err);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nxw_config_dump(&c, f);
    fclose(f);
    assert_null(strstr(buf, "hunter2"));
    assert_non_null(strstr(buf, "kafka.sasl.password=***"));
    assert_non_null(strstr(buf, "output.topic=newsx.articles.enriched"));
    free(buf);
    nxw_config_free(&c);
}

static nx_err note_key(const char *key, const char *value, unsigned line, void *ud, char *errstr,
                       size_t errstr_size)
{
    (void)line;
    (void)errstr;
    (void)errstr_size;
    nxw_config *c = ud;
    long i = key_index(key);
    if (i < 0)
        return NX_ERR_CONFIG;
    /* the example documents the default value */
    if (strcmp(value, nxw_table[i].def) != 0)
        return NX_ERR_CONFIG;
    c->srcs[i] = NXW_SRC_FILE;
    return NX_OK;
}

/* config/newsx.properties lists every key of the table with its default. */
static void test_example_file_in_sync(void **state)
{
    (void)state;
    nxw_config c;
    char err[512];
    nxw_config_init(&c, err, sizeof err);
    assert_int_equal(nx_props_parse_file(NEWSX_SOURCE_DIR "/config/newsx.properties", 0, note_key,
                                         &c, err, sizeof err),
                     NX_OK);
    size_t n;
    nxw_keys(&n);
    for (size_t i = 0; i < n; i++) {
        if (c.srcs[i] != NXW_SRC_FILE)
            fail_msg("config/newsx.properties lacks %s", nxw_table[i].key);
    }
    /* and the generator writes a file the parser reads back the same way */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nxw_config_example(f);
    fclose(f);
    nxw_config d;
    nxw_config_init(&d, err, sizeof err);
    assert_int_equal(nx_props_parse(buf, len, note_key, &d, err, sizeof err), NX_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(d.srcs[i], NXW_SRC_FILE);
    free(buf);
    nxw_config_free(&d);
    nxw_config_free(&c);
}

static void test_split_list(void **state)
{
    (void)state;
    char **v;
    size_t n = nxw_split_list(" a, b ,,c ,", &v);
    assert_int_equal(n, 3);
    assert_string_equal(v[0], "a");
    assert_string_equal(v[1], "b");
    assert_string_equal(v[2], "c");
    nxw_strv_free(v, n);
    assert_int_equal(nxw_split_list("", &v), 0);
    assert_int_equal(nxw_split_list("^news\\..*", &v), 1);
    assert_string_equal(v[0], "^news\\..*");
    nxw_strv_free(v, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),          cmocka_unit_test(test_required_keys),
        cmocka_unit_test(test_types_and_unknown), cmocka_unit_test(test_kafka_routing),
        cmocka_unit_test(test_kip848_defaults),   cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_secrets),           cmocka_unit_test(test_example_file_in_sync),
        cmocka_unit_test(test_split_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
