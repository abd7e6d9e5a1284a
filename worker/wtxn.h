/*
 * wtxn.h - exactly_once: the producer's transactions around the loop
 * (begin, commit with the consumed offsets, abort and rewind), each call
 * sequence bounded by the loop turn's budget (docs/worker.md, "Bounded
 * waits"). Called on the main thread only.
 */
#ifndef NXW_WTXN_H
#define NXW_WTXN_H

#include <stdint.h>

#include "wstate.h"

/* Make sure a transaction is open before producing; 1 when producing may go
 * on. */
int nxw_txn_ready(wk *w);

/* Abort the open transaction and rewind the partitions, within budget_ms. */
void nxw_abort_and_rewind(wk *w, int64_t budget_ms);

/* Commit the open transaction within budget_ms: 0 committed, 1 still going
 * on, -1 otherwise (see wtxn.c). */
int nxw_eos_commit(wk *w, int64_t budget_ms);

/* Commit, abort or go on with a commit as due; once per loop turn. */
void nxw_eos_service(wk *w);

#endif
