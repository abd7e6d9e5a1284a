/*
 * kafka_ping - a tiny tool used by tests/kafka/broker.sh.
 *
 *   kafka_ping -b HOST:PORT [-t TIMEOUT_MS] [-v]
 *       Sends metadata requests until the broker answers one that lists at
 *       least one broker, or until the timeout. Exit 0 when it answered,
 *       1 when it did not, 2 on a usage error. Prints the broker count and
 *       the librdkafka version on success.
 *
 *   kafka_ping --free-ports N
 *       Prints N distinct TCP ports on 127.0.0.1 that were free a moment ago
 *       (bound with port 0 and released), one a line.
 */
#include <arpa/inet.h>
#include <librdkafka/rdkafka.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_PORTS 16

static int verbose;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* librdkafka logs every refused connection while the broker starts: only -v shows them. */
static void log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    (void)rk;
    if (verbose)
        fprintf(stderr, "kafka_ping: rdkafka %d %s: %s\n", level, fac, buf);
}

static int free_ports(int n)
{
    int fds[MAX_PORTS];
    int got = 0;
    int rc = 0;
    for (; got < n; got++) {
        struct sockaddr_in sa;
        socklen_t len = sizeof(sa);
        memset(&sa, 0, sizeof(sa));
        sa.sin_family = AF_INET;
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        sa.sin_port = 0;
        fds[got] = socket(AF_INET, SOCK_STREAM, 0);
        if (fds[got] < 0) {
            perror("kafka_ping: socket");
            rc = 1;
            break;
        }
        if (bind(fds[got], (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
            getsockname(fds[got], (struct sockaddr *)&sa, &len) != 0) {
            perror("kafka_ping: bind");
            close(fds[got]);
            rc = 1;
            break;
        }
        printf("%u\n", (unsigned)ntohs(sa.sin_port));
    }
    /* All sockets stay bound until every port is printed, so the ports differ. */
    for (int i = 0; i < got; i++)
        close(fds[i]);
    return rc;
}

static int ping(const char *bootstrap, int timeout_ms)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, errstr, sizeof(errstr)) !=
            RD_KAFKA_CONF_OK ||
        rd_kafka_conf_set(conf, "log.connection.close", "false", errstr, sizeof(errstr)) !=
            RD_KAFKA_CONF_OK ||
        rd_kafka_conf_set(conf, "reconnect.backoff.max.ms", "200", errstr, sizeof(errstr)) !=
            RD_KAFKA_CONF_OK) {
        fprintf(stderr, "kafka_ping: %s\n", errstr);
        rd_kafka_conf_destroy(conf);
        return 2;
    }
    rd_kafka_conf_set_log_cb(conf, log_cb);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
    if (!rk) {
        fprintf(stderr, "kafka_ping: %s\n", errstr);
        rd_kafka_conf_destroy(conf);
        return 2;
    }
    long long deadline = now_ms() + timeout_ms;
    int rc = 1;
    rd_kafka_resp_err_t last = RD_KAFKA_RESP_ERR_NO_ERROR;
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0)
            break;
        const struct rd_kafka_metadata *md = NULL;
        rd_kafka_resp_err_t err =
            rd_kafka_metadata(rk, 0, NULL, &md, left > 1000 ? 1000 : (int)left);
        if (!err) {
            int brokers = md->broker_cnt;
            rd_kafka_metadata_destroy(md);
            if (brokers > 0) {
                printf("kafka_ping: %s answered: %d broker(s) (librdkafka %s)\n", bootstrap,
                       brokers, rd_kafka_version_str());
                rc = 0;
                break;
            }
        } else {
            last = err;
        }
        usleep(100 * 1000);
    }
    if (rc != 0)
        fprintf(stderr, "kafka_ping: %s did not answer within %d ms (%s)\n", bootstrap, timeout_ms,
                rd_kafka_err2str(last));
    rd_kafka_destroy(rk);
    return rc;
}

static int usage(void)
{
    fprintf(stderr, "usage: kafka_ping -b HOST:PORT [-t TIMEOUT_MS] [-v]\n"
                    "       kafka_ping --free-ports N\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *bootstrap = NULL;
    int timeout_ms = 10000;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--free-ports") == 0 && i + 1 < argc) {
            int n = atoi(argv[++i]);
            if (n < 1 || n > MAX_PORTS)
                return usage();
            return free_ports(n);
        } else if (strcmp(argv[i], "-b") == 0 && i + 1 < argc) {
            bootstrap = argv[++i];
        } else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
            timeout_ms = atoi(argv[++i]);
        } else if (strcmp(argv[i], "-v") == 0) {
            verbose = 1;
        } else {
            return usage();
        }
    }
    if (!bootstrap || timeout_ms <= 0)
        return usage();
    return ping(bootstrap, timeout_ms);
}
