/*
 * it_replay_bounded.c - a bounded replay while new articles keep arriving.
 *
 * 4,000 articles over 4 partitions; a producer thread keeps adding articles
 * to the same topic for the whole replay. `newsx-worker replay --from
 * earliest --until end --rate 3000` must stop at the high-water marks
 * captured at its start and exit 0: exactly the 4,000 initial articles have
 * a record (none of the later ones), the summary says complete, and without
 * a terminal progress is logged.
 */
#include "it_replay_util.h"

#include <pthread.h>

#define N_ARTICLES   4000
#define N_PARTITIONS 4

static volatile int stop_producing;
static int produced_more;
static char in_topic[128];

static void *producer_thread(void *arg)
{
    (void)arg;
    rd_kafka_t *p = itest_producer_new(NULL);
    char buf[1024], key[32];
    int i = N_ARTICLES;
    while (!stop_producing) {
        size_t len = wu_article(buf, sizeof buf, i);
        int kl = snprintf(key, sizeof key, "k%d", i);
        itest_produce(p, in_topic, i % N_PARTITIONS, key, (size_t)kl, buf, len);
        i++;
        rd_kafka_poll(p, 0);
        usleep(2000);
    }
    itest_producer_flush(p, (size_t)(i - N_ARTICLES));
    itest_producer_destroy(p);
    produced_more = i - N_ARTICLES;
    return NULL;
}

int main(void)
{
    wu_topics t;
    wu_topics_make(&t, "it-replay-bounded", N_PARTITIONS);
    snprintf(in_topic, sizeof in_topic, "%s", t.in);
    wu_produce_articles(t.in, N_PARTITIONS, N_ARTICLES);

    pthread_t th;
    ITEST_CHECK(pthread_create(&th, NULL, producer_thread, NULL) == 0, "pthread_create");
    usleep(500000); /* the topic is growing before the replay starts */
    char out_path[128], err_path[128];
    snprintf(out_path, sizeof out_path, "/tmp/it-replay-bounded-%d.out", (int)getpid());
    snprintf(err_path, sizeof err_path, "/tmp/it-replay-bounded-%d.err", (int)getpid());
    const char *args[] = {
        "--set", "threads=2",           "--from", "earliest", "--until", "end", "--rate",
        "3000",  "--progress-interval", "1",      NULL};
    int rc = rp_run(&t, t.out, args, out_path, err_path, 300000);
    stop_producing = 1;
    pthread_join(th, NULL);
    char *so = wu_slurp(out_path);
    fprintf(stderr, "%s", so);
    ITEST_CHECK(rc == 0, "replay exited with %d (stderr in %s)", rc, err_path);
    ITEST_CHECK(strstr(so, "complete") && !strstr(so, "incomplete"), "summary not complete");
    /* the plan covered what existed at the start: at least the initial articles */
    unsigned long long planned = 0;
    const char *tot = strstr(so, "\ntotal ");
    ITEST_CHECK(tot && sscanf(tot, "\ntotal %llu", &planned) == 1, "no plan total printed");
    /* the plan's end offset per partition (the marks captured at the start) */
    long long end[N_PARTITIONS];
    for (int p = 0; p < N_PARTITIONS; p++)
        end[p] = -1;
    const char *summary = strstr(so, "summary");
    for (const char *line = so; line && *line && (!summary || line < summary);) {
        int part;
        long long st, en, cnt;
        if (strncmp(line, t.in, strlen(t.in)) == 0 &&
            sscanf(line + strlen(t.in), "%d %lld %lld %lld", &part, &st, &en, &cnt) == 4 &&
            part >= 0 && part < N_PARTITIONS)
            end[part] = en;
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    for (int p = 0; p < N_PARTITIONS; p++)
        ITEST_CHECK(end[p] >= N_ARTICLES / N_PARTITIONS, "partition %d: plan end %lld", p, end[p]);
    free(so);
    int progress = wu_log_count(err_path, "replay progress");
    itest_log("producer added %d articles meanwhile; plan %llu; %d progress lines", produced_more,
              planned, progress);
    ITEST_CHECK(produced_more > 0, "the producer added nothing during the replay");
    ITEST_CHECK(progress > 0, "no progress line logged without a terminal");

    /* exactly the planned offsets have a record: read everything */
    itest_msgs out = {0};
    wu_read_all(t.out, (size_t)planned, 60000, 3000, &out);
    int total_in = N_ARTICLES + produced_more;
    wu_cover cov;
    wu_cover_init(&cov, N_PARTITIONS, total_in);
    for (size_t i = 0; i < out.count; i++)
        wu_cover_add(&cov, &out.items[i]);
    size_t initial_missing = 0, dups = 0, beyond = 0;
    for (int p = 0; p < N_PARTITIONS; p++)
        for (int64_t o = 0; o < cov.expect[p]; o++) {
            int64_t article = o * N_PARTITIONS + p;
            if (article < N_ARTICLES && cov.seen[p][o] == 0)
                initial_missing++;
            if (cov.seen[p][o] > 1)
                dups += (size_t)(cov.seen[p][o] - 1);
        }
    for (size_t i = 0; i < out.count; i++) {
        int32_t p;
        int64_t o;
        if (wu_parse_source(itest_msg_header(&out.items[i], "newsx-source"), &p, &o) == 0 &&
            p >= 0 && p < N_PARTITIONS && o >= end[p])
            beyond++;
    }
    printf("it_replay_bounded: %d initial articles, %d added during the replay, plan %llu, "
           "%zu records, %zu missing, %zu duplicates, %zu beyond the plan\n",
           N_ARTICLES, produced_more, planned, out.count, initial_missing, dups, beyond);
    ITEST_CHECK(initial_missing == 0, "%zu initial articles not replayed", initial_missing);
    ITEST_CHECK(dups == 0, "%zu duplicates", dups);
    ITEST_CHECK(out.count == planned, "%zu records for a plan of %llu", out.count, planned);
    ITEST_CHECK(beyond == 0, "%zu records of articles past the captured marks", beyond);
    ITEST_CHECK(cov.strays == 0, "%zu stray records", cov.strays);
    unlink(out_path);
    unlink(err_path);
    wu_cover_free(&cov);
    itest_msgs_free(&out);
    return itest_pass();
}
