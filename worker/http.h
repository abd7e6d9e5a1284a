/*
 * http.h - the worker's operations endpoint, served by libmicrohttpd on its
 * own thread: GET /metrics (Prometheus text format, see metrics.h), /healthz
 * (the worker loop is alive) and /readyz (the worker can do its job). It
 * exposes no configuration value.
 */
#ifndef NXW_HTTP_H
#define NXW_HTTP_H

#include "wconfig.h"

typedef struct nxw_http nxw_http;

/* Start the endpoint as configured (http.enabled, http.address, http.port,
 * health.stall.ms); cfg is read now and not kept. Returns NULL when it is
 * disabled or cannot listen (an error is logged; the worker runs on without
 * it). The caller owns the result and ends it with nxw_http_stop(). */
nxw_http *nxw_http_start(const nxw_config *cfg);

/* Stop the endpoint and free it; NULL is allowed. */
void nxw_http_stop(nxw_http *h);

#endif
