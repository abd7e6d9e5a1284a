/*
 * main.c - newsx-worker: command line, configuration sources, signals.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nx_alloc.h"
#include "http.h"
#include "nx_core.h"
#include "wconfig.h"
#include "wlog.h"
#include "worker.h"

extern char **environ;

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: newsx-worker [OPTIONS]\n"
            "       newsx-worker replay [OPTIONS] [--from ...] [--until ...] [--dry-run] ...\n"
            "                     (newsx-worker replay --help lists the replay options)\n"
            "Consume raw news articles from Kafka, extract each one and publish an enriched\n"
            "JSON record (or a dead letter) per article, with at-least-once delivery.\n"
            "\n"
            "Options:\n"
            "  --config FILE      read a properties file (key=value lines)\n"
            "  --set KEY=VALUE    set one key (repeatable; overrides file and environment)\n"
            "  --check-config     print the effective configuration (secrets masked), check\n"
            "                     it, and exit (0: valid, 2: invalid)\n"
            "  --print-example-config\n"
            "                     print a documented properties file with every default\n"
            "  --embedded         demo: start an in-memory Kafka broker inside this process,\n"
            "                     produce the sample articles to it, run the worker over them\n"
            "                     and print the records\n"
            "  --samples DIR      sample directory for --embedded (default %s)\n"
            "  --pretty, --compact  record output style for --embedded (default: pretty on a\n"
            "                     terminal, one line per record otherwise)\n"
            "  --version          print the version\n"
            "  -h, --help         this help\n"
            "\n"
            "Exit codes: 0 clean stop; 1 stopped with work still in flight (it will be redone);\n"
            "2 configuration error; 3 fatal Kafka error; 130 second SIGTERM/SIGINT.\n"
            "\n",
            NEWSX_CONFIG_DIR "/samples");
    nxw_config_help(out);
}

static void on_signal(int sig)
{
    (void)sig;
    if (nxw_stop_requested) {
        static const char msg[] = "newsx-worker: second signal, exiting at once\n";
        ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)w;
        _exit(NXW_EXIT_SIGNAL);
    }
    nxw_stop_requested = 1;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* core.field.map "from:to,..." into an alias array (owned strings). */
static int parse_field_map(const char *s, nx_field_alias **out, size_t *n_out, char ***strs,
                           size_t *n_strs)
{
    char **items = NULL;
    size_t n = nxw_split_list(s, &items);
    *out = NULL;
    *n_out = 0;
    *strs = items;
    *n_strs = n;
    if (n == 0)
        return 0;
    nx_field_alias *a = calloc(n, sizeof *a);
    if (!a)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char *colon = strchr(items[i], ':');
        if (!colon || colon == items[i] || colon[1] == '\0') {
            fprintf(stderr, "newsx-worker: core.field.map: '%s' is not from:to\n", items[i]);
            free(a);
            return -1;
        }
        *colon = '\0';
        a[i].from = items[i];
        a[i].to = colon + 1;
    }
    *out = a;
    *n_out = n;
    return 0;
}

/* --check-config: the librdkafka settings newsx makes itself, which no
 * kafka.* key can change (wconfig.c, nxw_managed_kafka_keys). */
static void print_managed(const nxw_config *cfg, FILE *out)
{
    static const char *const cons_keys[] = {"enable.auto.offset.store", "enable.auto.commit",
                                            "enable.partition.eof", "isolation.level", "group.id"};
    static const char *const prod_keys[] = {"enable.idempotence", "acks", "transactional.id"};
    char errstr[512], v[512];
    rd_kafka_conf_t *cc, *pc;
    if (nxw_kafka_confs(cfg, &cc, &pc, errstr, sizeof errstr) != NX_OK)
        return;
    fprintf(out, "# set by newsx itself; kafka.* keys cannot change them (%s depends on them):\n",
            nxw_cfg_str(cfg, "processing.guarantee"));
    for (int client = 0; client < 2; client++) {
        const char *const *keys = client ? prod_keys : cons_keys;
        size_t n =
            client ? sizeof prod_keys / sizeof *prod_keys : sizeof cons_keys / sizeof *cons_keys;
        for (size_t i = 0; i < n; i++) {
            size_t vl = sizeof v;
            if (rd_kafka_conf_get(client ? pc : cc, keys[i], v, &vl) == RD_KAFKA_CONF_OK && v[0])
                fprintf(out, "#   %s %s=%s\n", client ? "producer" : "consumer", keys[i], v);
        }
    }
    rd_kafka_conf_destroy(cc);
    rd_kafka_conf_destroy(pc);
}

int main(int argc, char **argv)
{
    const char *config_file = NULL, *samples = NEWSX_CONFIG_DIR "/samples";
    int check = 0, embedded = 0, pretty = -1, example = 0;
    char errstr[1024];
    const char **sets = calloc((size_t)argc + 1, sizeof *sets);
    size_t n_sets = 0;
    if (!sets)
        return NXW_EXIT_FATAL;
    /* "replay" subcommand: its own options are handed to nxw_replay() */
    int replay = argc > 1 && strcmp(argv[1], "replay") == 0;
    char **rargs = calloc((size_t)argc + 1, sizeof *rargs);
    int n_rargs = 0;
    if (!rargs) {
        free(sets);
        return NXW_EXIT_FATAL;
    }

    for (int i = 1 + replay; i < argc; i++) {
        const char *a = argv[i];
        if (replay && strncmp(a, "--", 2) == 0 && strcmp(a, "--config") != 0 &&
            strncmp(a, "--config=", 9) != 0 && strcmp(a, "--set") != 0 &&
            strncmp(a, "--set=", 6) != 0) {
            static const char *const with_value[] = {
                "--from",  "--until",     "--output-topic",     "--rate",
                "--group", "--replay-id", "--progress-interval"};
            rargs[n_rargs++] = argv[i];
            for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
                if (strcmp(a, with_value[k]) == 0 && i + 1 < argc)
                    rargs[n_rargs++] = argv[++i];
            continue;
        }
        if (strcmp(a, "--config") == 0 && i + 1 < argc) {
            config_file = argv[++i];
        } else if (strncmp(a, "--config=", 9) == 0) {
            config_file = a + 9;
        } else if (strcmp(a, "--set") == 0 && i + 1 < argc) {
            sets[n_sets++] = argv[++i];
        } else if (strncmp(a, "--set=", 6) == 0) {
            sets[n_sets++] = a + 6;
        } else if (strcmp(a, "--check-config") == 0) {
            check = 1;
        } else if (strcmp(a, "--print-example-config") == 0) {
            example = 1;
        } else if (strcmp(a, "--embedded") == 0) {
            embedded = 1;
        } else if (strcmp(a, "--samples") == 0 && i + 1 < argc) {
            samples = argv[++i];
        } else if (strcmp(a, "--pretty") == 0) {
            pretty = 1;
        } else if (strcmp(a, "--compact") == 0) {
            pretty = 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("newsx-worker %s (librdkafka %s)\n", NX_EXTRACTOR_VERSION,
                   rd_kafka_version_str());
            free(sets);
            return 0;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            free(sets);
            return 0;
        } else {
            fprintf(stderr, "newsx-worker: unknown or incomplete option '%s' (try --help)\n", a);
            free(sets);
            return NXW_EXIT_CONFIG;
        }
    }
    if (example) {
        nxw_config_example(stdout);
        free(sets);
        return 0;
    }

    nxw_config cfg;
    if (nxw_config_init(&cfg, errstr, sizeof errstr) != NX_OK) {
        fprintf(stderr, "newsx-worker: %s\n", errstr);
        free(sets);
        return NXW_EXIT_FATAL;
    }
    nx_err e = NX_OK;
    if (config_file)
        e = nxw_config_load_file(&cfg, config_file, errstr, sizeof errstr);
    if (e == NX_OK)
        e = nxw_config_load_env(&cfg, environ, errstr, sizeof errstr);
    for (size_t i = 0; e == NX_OK && i < n_sets; i++)
        e = nxw_config_set_arg(&cfg, sets[i], errstr, sizeof errstr);
    free(sets);
    if (e != NX_OK) {
        fprintf(stderr, "newsx-worker: configuration error: %s\n", errstr);
        nxw_config_free(&cfg);
        return NXW_EXIT_CONFIG;
    }
    nxw_log_set_level(nxw_cfg_str(&cfg, "log.level"));
    nxw_log_set_format(nxw_cfg_str(&cfg, "log.format"));
    nxw_log_add_config_secrets(&cfg);

    rd_kafka_conf_t *cc, *pc;
    if (nxw_kafka_confs(&cfg, &cc, &pc, errstr, sizeof errstr) != NX_OK) {
        if (check)
            nxw_config_dump(&cfg, stdout);
        fprintf(stderr, "newsx-worker: configuration error: %s\n", errstr);
        nxw_config_free(&cfg);
        return NXW_EXIT_CONFIG;
    }
    rd_kafka_conf_destroy(cc);
    rd_kafka_conf_destroy(pc);

    nx_field_alias *aliases = NULL;
    size_t n_aliases = 0, n_strs = 0;
    char **strs = NULL;
    if (parse_field_map(nxw_cfg_str(&cfg, "core.field.map"), &aliases, &n_aliases, &strs,
                        &n_strs) != 0) {
        nxw_strv_free(strs, n_strs);
        nxw_config_free(&cfg);
        return NXW_EXIT_CONFIG;
    }
    nx_core_opts o;
    nx_core_opts_init(&o);
    o.max_input_bytes = (size_t)nxw_cfg_int(&cfg, "core.max.input.bytes");
    o.max_record_bytes = (size_t)nxw_cfg_int(&cfg, "core.max.record.bytes");
    o.max_steps_per_byte = (size_t)nxw_cfg_int(&cfg, "core.max.steps.per.byte");
    o.min_steps = (size_t)nxw_cfg_int(&cfg, "core.min.steps");
    o.strict_utf8 = nxw_cfg_bool(&cfg, "core.strict.utf8");
    o.emit_sentences = nxw_cfg_bool(&cfg, "core.emit.sentences");
    o.pretty = 0;
    const char *fmt = nxw_cfg_str(&cfg, "core.format");
    o.format = strcmp(fmt, "text") == 0   ? NX_IN_TEXT
               : strcmp(fmt, "json") == 0 ? NX_IN_JSON
               : strcmp(fmt, "html") == 0 ? NX_IN_HTML
                                          : NX_IN_AUTO;
    o.aliases = aliases;
    o.n_aliases = n_aliases;
    o.languages = nxw_cfg_str(&cfg, "core.languages"); /* cfg outlives the core */

    nx_core_t *core = nx_core_new(&o, errstr, sizeof errstr);
    if (!core) {
        if (check)
            nxw_config_dump(&cfg, stdout);
        fprintf(stderr, "newsx-worker: core: %s\n", errstr);
        free(aliases);
        nxw_strv_free(strs, n_strs);
        nxw_config_free(&cfg);
        return NXW_EXIT_CONFIG;
    }
    if (check) {
        nxw_config_dump(&cfg, stdout);
        print_managed(&cfg, stdout);
        fprintf(stderr, "newsx-worker: configuration is valid\n");
        nx_core_destroy(core);
        free(aliases);
        nxw_strv_free(strs, n_strs);
        nxw_config_free(&cfg);
        return 0;
    }

    install_signals();
    int rc;
    if (replay)
        rc = nxw_replay(&cfg, core, n_rargs, rargs);
    else if (embedded)
        rc = nxw_embedded(&cfg, core, samples, pretty);
    else {
        nxw_http *http = nxw_http_start(&cfg);
        rc = nxw_run(&cfg, core, NULL, NULL);
        nxw_http_stop(http);
    }
    free(rargs);
    nx_core_destroy(core);
    free(aliases);
    nxw_strv_free(strs, n_strs);
    nxw_config_free(&cfg);
    return rc;
}
