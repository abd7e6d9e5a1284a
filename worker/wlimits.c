/*
 * wlimits.c - timeout checks and the transaction budget (see wlimits.h).
 */
#include "wlimits.h"

#include <stdlib.h>
#include <string.h>

/* An integer property of a librdkafka configuration; def when unreadable. */
static int64_t conf_int(const rd_kafka_conf_t *c, const char *name, int64_t def)
{
    char v[64];
    size_t n = sizeof v;
    if (rd_kafka_conf_get(c, name, v, &n) != RD_KAFKA_CONF_OK)
        return def;
    return atoll(v);
}

int64_t nxw_max_poll_interval_ms(const rd_kafka_conf_t *cons)
{
    return conf_int(cons, "max.poll.interval.ms", 300000);
}

int64_t nxw_txn_budget_ms(const nxw_config *cfg, const rd_kafka_conf_t *cons)
{
    int64_t stall = nxw_cfg_int(cfg, "health.stall.ms");
    int64_t poll = nxw_max_poll_interval_ms(cons);
    int64_t m = stall < poll ? stall : poll;
    return m * 2 / 5;
}

nx_err nxw_check_timeouts(const nxw_config *cfg, const rd_kafka_conf_t *cons,
                          const rd_kafka_conf_t *prod, char *errstr, size_t errstr_size)
{
    int64_t poll = nxw_max_poll_interval_ms(cons);
    /* at a cap the loop waits up to backpressure.pause.ms without polling the
     * consumer; a revoke waits up to revoke.timeout.ms inside the rebalance
     * callback (and under exactly_once commits after it) */
    static const char *const unpolled[] = {"backpressure.pause.ms", "revoke.timeout.ms"};
    for (size_t i = 0; i < sizeof unpolled / sizeof unpolled[0]; i++) {
        int64_t v = nxw_cfg_int(cfg, unpolled[i]);
        if (v >= poll / 2)
            return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                             "%s=%lld must be below half of the consumer's max.poll.interval.ms "
                             "(%lld): the consumer is not polled meanwhile and would be evicted "
                             "from the group",
                             unpolled[i], (long long)v, (long long)poll);
    }
    if (strcmp(nxw_cfg_str(cfg, "processing.guarantee"), "exactly_once") != 0)
        return NX_OK;
    int64_t budget = nxw_txn_budget_ms(cfg, cons);
    if (budget < 1000)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                         "exactly_once: health.stall.ms (%lld) and the consumer's "
                         "max.poll.interval.ms (%lld) must both be at least 2500: a transaction "
                         "commit or abort gets 40%% of the smaller (%lld ms here)",
                         nxw_cfg_int(cfg, "health.stall.ms"), (long long)poll, (long long)budget);
    int64_t txn_timeout = conf_int(prod, "transaction.timeout.ms", 60000);
    int64_t interval = nxw_cfg_int(cfg, "eos.commit.interval.ms");
    if (interval >= txn_timeout / 2)
        return nx_seterr(errstr, errstr_size, NX_ERR_CONFIG,
                         "exactly_once: eos.commit.interval.ms (%lld) must be below half of the "
                         "producer's transaction.timeout.ms (%lld): the broker would abort the "
                         "transactions",
                         (long long)interval, (long long)txn_timeout);
    return NX_OK;
}
