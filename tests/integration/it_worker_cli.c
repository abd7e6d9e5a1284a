/*
 * it_worker_cli.c - the newsx-worker command line without a broker.
 *
 * Configuration: --check-config masks secrets; precedence is defaults < file <
 * environment < --set; an unknown key and a property librdkafka rejects are
 * exit 2 naming the key; --help lists every key. Embedded mode: the sample
 * articles of config/samples go through the in-memory broker and come out as
 * one JSON record per line, and a directory with a poison file yields the
 * good records plus a dead letter, exit 0.
 */
#include "it_worker_util.h"

#include <dirent.h>
#include <sys/stat.h>

#include <jansson.h>

typedef struct run_out {
    int rc;
    char *out; /* stdout */
    char *err; /* stderr */
} run_out;

/* Run the worker with argv (NULL-terminated, without the program) and extra
 * environment entries (NULL-terminated "NAME=value" or NULL). */
static run_out run(const char *const *args, const char *const *env)
{
    const char *bin = itest_env("NEWSX_WORKER_BIN");
    char out_path[128], err_path[128];
    snprintf(out_path, sizeof out_path, "/tmp/it-worker-cli-%d.out", (int)getpid());
    snprintf(err_path, sizeof err_path, "/tmp/it-worker-cli-%d.err", (int)getpid());
    char *argv[64];
    int a = 0;
    argv[a++] = (char *)(uintptr_t)bin;
    for (size_t i = 0; args[i] && a < 63; i++)
        argv[a++] = (char *)(uintptr_t)args[i];
    argv[a] = NULL;
    pid_t pid = wu_spawn(bin, argv, env, out_path, err_path, 0);
    run_out r;
    r.rc = wu_wait(pid, 60000);
    if (r.rc < 0) {
        itest_fail("newsx-worker did not finish in 60 s"); /* wu_cleanup() kills it */
    }
    r.out = wu_slurp(out_path);
    r.err = wu_slurp(err_path);
    unlink(out_path);
    unlink(err_path);
    return r;
}

static void run_free(run_out *r)
{
    free(r->out);
    free(r->err);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

int main(void)
{
    /* secrets masked, valid configuration exits 0 */
    const char *a1[] = {"--check-config",
                        "--set",
                        "kafka.sasl.password=hunter2",
                        "--set",
                        "kafka.sasl.mechanisms=PLAIN",
                        NULL};
    run_out r = run(a1, NULL);
    ITEST_CHECK(r.rc == 0, "--check-config exit %d: %s", r.rc, r.err);
    ITEST_CHECK(strstr(r.out, "kafka.sasl.password=***") != NULL, "password not masked");
    ITEST_CHECK(strstr(r.out, "hunter2") == NULL && strstr(r.err, "hunter2") == NULL,
                "the secret was printed");
    run_free(&r);

    /* precedence: defaults < file < environment < --set */
    char conf[128];
    snprintf(conf, sizeof conf, "/tmp/it-worker-cli-%d.properties", (int)getpid());
    FILE *f = fopen(conf, "w");
    fputs("output.topic = from-file\ngroup.id: from-file\nthreads 3\n", f);
    fclose(f);
    const char *env[] = {"NEWSX_OUTPUT_TOPIC=from-env", "NEWSX_THREADS=4", NULL};
    const char *a2[] = {"--config", conf, "--set", "threads=5", "--check-config", NULL};
    r = run(a2, env);
    ITEST_CHECK(r.rc == 0, "precedence run exit %d: %s", r.rc, r.err);
    ITEST_CHECK(strstr(r.out, "group.id=from-file") != NULL, "file value lost");
    ITEST_CHECK(strstr(r.out, "output.topic=from-env") != NULL, "env does not beat the file");
    ITEST_CHECK(strstr(r.out, "threads=5") != NULL, "--set does not beat env");
    run_free(&r);
    unlink(conf);

    /* a property librdkafka rejects: exit 2 naming it */
    const char *a3[] = {"--check-config", "--set", "kafka.consumer.no.such.property=1", NULL};
    r = run(a3, NULL);
    ITEST_CHECK(r.rc == 2, "rejected property: exit %d", r.rc);
    ITEST_CHECK(strstr(r.err, "kafka.consumer.no.such.property") != NULL,
                "error does not name the key: %s", r.err);
    run_free(&r);
    const char *a3b[] = {"--check-config", "--set", "kafka.session.timeout.ms=abc", NULL};
    r = run(a3b, NULL);
    ITEST_CHECK(r.rc == 2, "invalid librdkafka value: exit %d", r.rc);
    run_free(&r);

    /* KIP-848: a classic-protocol setting given by hand is refused by
     * librdkafka at start-up (exit 2, naming it); the worker's own defaults
     * of those settings are left out (tests/unit/test_config.c) */
    const char *a3c[] = {"--set", "kafka.bootstrap.servers=127.0.0.1:1",
                         "--set", "http.enabled=false",
                         "--set", "kafka.consumer.group.protocol=consumer",
                         "--set", "kafka.consumer.session.timeout.ms=3000",
                         NULL};
    r = run(a3c, NULL);
    ITEST_CHECK(r.rc == 2, "session.timeout.ms under group.protocol=consumer: exit %d", r.rc);
    ITEST_CHECK(strstr(r.err, "session.timeout.ms") && strstr(r.err, "group.protocol=consumer"),
                "error does not name the setting: %s", r.err);
    run_free(&r);

    /* --version names the librdkafka in use: the one this test runs with */
    const char *a3d[] = {"--version", NULL};
    r = run(a3d, NULL);
    char want[64];
    snprintf(want, sizeof want, "(librdkafka %s)", rd_kafka_version_str());
    ITEST_CHECK(r.rc == 0 && strstr(r.out, want), "--version: exit %d, '%s' lacks '%s'", r.rc,
                r.out, want);
    ITEST_CHECK(rd_kafka_version() >= 0x020c00ff, "librdkafka %s is older than 2.12.0",
                rd_kafka_version_str());
    run_free(&r);

    /* an unknown newsx key: exit 2 */
    const char *a4[] = {"--set", "output.topik=x", NULL};
    r = run(a4, NULL);
    ITEST_CHECK(r.rc == 2, "unknown key: exit %d", r.rc);
    ITEST_CHECK(strstr(r.err, "output.topik") != NULL, "error does not name the key");
    run_free(&r);

    /* --help lists every key of the example file */
    const char *a5[] = {"--help", NULL};
    r = run(a5, NULL);
    ITEST_CHECK(r.rc == 0, "--help exit %d", r.rc);
    char path[512];
    snprintf(path, sizeof path, "%s/config/newsx.properties", itest_env("NEWSX_SOURCE_DIR"));
    char *example = wu_slurp(path);
    int keys = 0;
    for (char *line = strtok(example, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || !strchr(line, '='))
            continue;
        *strchr(line, '=') = '\0';
        ITEST_CHECK(strstr(r.out, line) != NULL, "--help does not list %s", line);
        keys++;
    }
    ITEST_CHECK(keys >= 15, "config/newsx.properties lists only %d keys", keys);
    free(example);
    run_free(&r);

    /* embedded mode over config/samples */
    snprintf(path, sizeof path, "%s/config/samples", itest_env("NEWSX_SOURCE_DIR"));
    size_t n_samples = 0;
    DIR *d = opendir(path);
    ITEST_CHECK(d != NULL, "no %s", path);
    for (struct dirent *de; (de = readdir(d)) != NULL;)
        if (de->d_name[0] != '.')
            n_samples++;
    closedir(d);
    const char *a6[] = {"--embedded", "--compact", NULL};
    r = run(a6, NULL);
    ITEST_CHECK(r.rc == 0, "--embedded exit %d: %s", r.rc, r.err);
    ITEST_CHECK(strstr(r.err, "in-memory") != NULL, "embedded mode does not say so");
    ITEST_CHECK(count_lines(r.out) == n_samples, "%zu records for %zu samples", count_lines(r.out),
                n_samples);
    for (char *line = strtok(r.out, "\n"); line; line = strtok(NULL, "\n")) {
        json_error_t jerr;
        json_t *doc = json_loads(line, 0, &jerr);
        ITEST_CHECK(doc && json_is_string(json_object_get(doc, "id")),
                    "embedded output is not a record: %.80s", line);
        json_decref(doc);
    }
    run_free(&r);

    /* embedded mode with a poison file: the good ones print, the bad one is a
     * dead letter, exit 0 */
    char dir[128];
    snprintf(dir, sizeof dir, "/tmp/it-worker-cli-%d.d", (int)getpid());
    mkdir(dir, 0755);
    char fpath[256];
    char art[1024];
    for (int i = 0; i < 2; i++) {
        snprintf(fpath, sizeof fpath, "%s/good-%d.txt", dir, i);
        f = fopen(fpath, "w");
        fwrite(art, 1, wu_article(art, sizeof art, i), f);
        fclose(f);
    }
    snprintf(fpath, sizeof fpath, "%s/bad.json", dir);
    f = fopen(fpath, "w");
    fputs("{\"title\": \"no body\"}", f);
    fclose(f);
    const char *a7[] = {"--embedded", "--compact", "--samples", dir, NULL};
    r = run(a7, NULL);
    ITEST_CHECK(r.rc == 0, "--embedded with poison: exit %d: %s", r.rc, r.err);
    ITEST_CHECK(count_lines(r.out) == 2, "%zu records, expected 2", count_lines(r.out));
    ITEST_CHECK(strstr(r.err, "bad_envelope") != NULL, "dead letter not reported: %s", r.err);
    run_free(&r);
    unlink(fpath);
    for (int i = 0; i < 2; i++) {
        snprintf(fpath, sizeof fpath, "%s/good-%d.txt", dir, i);
        unlink(fpath);
    }
    rmdir(dir);
    return itest_pass();
}
