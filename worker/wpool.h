/*
 * wpool.h - the extraction threads: a work queue of jobs in, a done queue of
 * extracted (or rejected) jobs out. The threads touch only the job they hold
 * and the two queues (w->q); everything else stays with the main thread.
 */
#ifndef NXW_WPOOL_H
#define NXW_WPOOL_H

#include <stdint.h>

#include "wstate.h"

/* The body of an extraction thread (pthread_create with the wk as arg). */
void *nxw_extract_thread(void *arg);

/* Hand a job to the extraction threads. */
void nxw_enqueue(wk *w, job *j);

/* True when extracted jobs wait in the done queue. */
int nxw_done_pending(wk *w);

/* Take the extracted jobs back (J_READY); orphans are freed. */
void nxw_drain_done(wk *w);

/* Stop the extraction threads within timeout_ms (see wpool.c). */
int nxw_stop_threads(wk *w, int64_t timeout_ms);

#endif
