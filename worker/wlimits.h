/*
 * wlimits.h - how long the worker may wait: the checks that refuse timeouts
 * which cannot fit together, and the budget of one transaction commit or
 * abort (docs/worker.md, "Bounded waits").
 */
#ifndef NXW_WLIMITS_H
#define NXW_WLIMITS_H

#include <stdint.h>

#include <librdkafka/rdkafka.h>

#include "nx_core.h"
#include "wconfig.h"

/* The consumer's max.poll.interval.ms as cons (built by nxw_kafka_confs) has
 * it. cons is borrowed. */
int64_t nxw_max_poll_interval_ms(const rd_kafka_conf_t *cons);

/* exactly_once: the longest one commit or abort (with its send_offsets and
 * its seek) may take within one loop turn: 40 % of the smaller of
 * health.stall.ms and max.poll.interval.ms, so below half of both. */
int64_t nxw_txn_budget_ms(const nxw_config *cfg, const rd_kafka_conf_t *cons);

/* Refuse timeouts that cannot fit together (NX_ERR_CONFIG naming the keys):
 * waits during which the consumer is not polled (backpressure.pause.ms,
 * revoke.timeout.ms) must stay below half of max.poll.interval.ms; under
 * exactly_once the transaction budget must be at least 1 s and
 * eos.commit.interval.ms below half of transaction.timeout.ms. cons and prod are
 * borrowed. */
nx_err nxw_check_timeouts(const nxw_config *cfg, const rd_kafka_conf_t *cons,
                          const rd_kafka_conf_t *prod, char *errstr, size_t errstr_size);

#endif
