/*
 * it_replay_dryrun.c - `replay --dry-run` changes nothing, and a replay
 * against a group with an active member is refused.
 *
 * 1,000 articles over 4 partitions are processed by a worker in group G,
 * which commits 1,000 offsets. Then:
 *  - `replay --group G --dry-run --from earliest` exits 0, prints a plan of
 *    1,000 articles, produces nothing and leaves G's committed offsets as
 *    they were; a dry run with the default group commits nothing for it;
 *  - a plan --from a time after every article is empty (start = end);
 *  - with a worker of G running, `replay --group G` exits 4 and says the
 *    group has an active member, and G's offsets stay as they were.
 */
#include "it_replay_util.h"

#define N_ARTICLES   1000
#define N_PARTITIONS 4

/* Members of group as the broker lists them. */
static int members(const char *group)
{
    rd_kafka_conf_t *conf = itest_conf_new();
    char errstr[256];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    ITEST_CHECK(rk, "rd_kafka_new: %s", errstr);
    const struct rd_kafka_group_list *gl = NULL;
    int n = -1;
    if (rd_kafka_list_groups(rk, group, &gl, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR && gl) {
        n = 0;
        for (int i = 0; i < gl->group_cnt; i++)
            if (strcmp(gl->groups[i].group, group) == 0)
                n = gl->groups[i].member_cnt;
        rd_kafka_group_list_destroy(gl);
    }
    rd_kafka_destroy(rk);
    return n;
}

int main(void)
{
    wu_topics t;
    wu_topics_make(&t, "it-replay-dry", N_PARTITIONS);
    char out2[128];
    itest_unique_name(out2, sizeof out2, "it-replay-dry-out2");
    itest_create_topic(out2, 2);
    int64_t ts0 = rp_wall_ms() - 3600 * 1000LL;
    rp_produce_timed(t.in, N_PARTITIONS, 0, N_ARTICLES, ts0, 100);

    pid_t pid = wu_start(&t, NULL, NULL);
    itest_msgs first = {0};
    wu_read_all(t.out, N_ARTICLES, 120000, 500, &first);
    ITEST_CHECK(first.count == N_ARTICLES, "first run: %zu records", first.count);
    itest_msgs_free(&first);
    int rc = wu_stop(pid, SIGTERM, 40000);
    ITEST_CHECK(rc == 0, "worker exited with %d", rc);
    int64_t before = itest_committed_total(t.group, t.in, N_PARTITIONS);
    ITEST_CHECK(before == N_ARTICLES, "group committed %" PRId64 " offsets", before);

    char out_path[128], err_path[128];
    snprintf(out_path, sizeof out_path, "/tmp/it-replay-dry-%d.out", (int)getpid());
    snprintf(err_path, sizeof err_path, "/tmp/it-replay-dry-%d.err", (int)getpid());

    /* dry run against G */
    const char *dry[] = {"--group", t.group, "--from", "earliest", "--dry-run", NULL};
    rc = rp_run(&t, out2, dry, out_path, err_path, 120000);
    char *so = wu_slurp(out_path);
    fprintf(stderr, "%s", so);
    ITEST_CHECK(rc == 0, "dry run exited with %d", rc);
    char want[64];
    snprintf(want, sizeof want, "total %d article(s) in %d partition(s)", N_ARTICLES, N_PARTITIONS);
    ITEST_CHECK(strstr(so, want), "dry run plan lacks '%s'", want);
    ITEST_CHECK(strstr(so, "dry run"), "dry run not announced");
    free(so);
    int64_t after = itest_committed_total(t.group, t.in, N_PARTITIONS);
    ITEST_CHECK(after == before, "dry run moved G's offsets: %" PRId64 " -> %" PRId64, before,
                after);

    /* dry run with the default group, from a time after every article */
    char iso[64];
    rp_iso(ts0 + (int64_t)N_ARTICLES * 100 + 1000, iso, sizeof iso);
    const char *dry2[] = {"--replay-id", "dry-2", "--from", iso, "--dry-run", NULL};
    rc = rp_run(&t, out2, dry2, out_path, err_path, 120000);
    so = wu_slurp(out_path);
    fprintf(stderr, "%s", so);
    ITEST_CHECK(rc == 0, "second dry run exited with %d", rc);
    snprintf(want, sizeof want, "total 0 article(s) in %d partition(s)", N_PARTITIONS);
    ITEST_CHECK(strstr(so, want), "plan from after the last article is not empty");
    free(so);
    int64_t dflt = itest_committed_total("newsx-replay-dry-2", t.in, N_PARTITIONS);
    ITEST_CHECK(dflt == 0, "dry run committed %" PRId64 " offsets for its own group", dflt);

    /* nothing was produced by either dry run */
    itest_msgs none = {0};
    wu_read_all(out2, 1, 3000, 0, &none);
    ITEST_CHECK(none.count == 0, "dry runs produced %zu records", none.count);
    itest_msgs_free(&none);

    /* a replay against G while a worker of G is running */
    pid = wu_start(&t, NULL, NULL);
    int m = 0;
    for (int64_t until = itest_now_ms() + 60000; itest_now_ms() < until; usleep(500000))
        if ((m = members(t.group)) > 0)
            break;
    ITEST_CHECK(m > 0, "the worker did not join group %s", t.group);
    const char *busy[] = {"--group", t.group, "--from", "earliest", NULL};
    rc = rp_run(&t, out2, busy, out_path, err_path, 120000);
    char *se = wu_slurp(err_path);
    fprintf(stderr, "%s", se);
    ITEST_CHECK(rc == 4, "replay against an active group exited with %d, want 4", rc);
    ITEST_CHECK(strstr(se, "active member"), "no clear refusal message");
    free(se);
    rc = wu_stop(pid, SIGTERM, 40000);
    ITEST_CHECK(rc == 0, "worker exited with %d", rc);
    after = itest_committed_total(t.group, t.in, N_PARTITIONS);
    ITEST_CHECK(after == before, "refused replay moved G's offsets: %" PRId64 " -> %" PRId64,
                before, after);
    wu_read_all(out2, 1, 3000, 0, &none);
    ITEST_CHECK(none.count == 0, "the refused replay produced %zu records", none.count);
    itest_msgs_free(&none);
    printf("it_replay_dryrun: dry runs left %" PRId64 " committed offsets unchanged; active "
           "group refused with exit 4\n",
           after);
    unlink(out_path);
    unlink(err_path);
    return itest_pass();
}
