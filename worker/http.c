/*
 * http.c - the operations endpoint on libmicrohttpd (see http.h).
 */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "metrics.h"
#include "nx_buf.h"
#include "wlog.h"

struct nxw_http {
    struct MHD_Daemon *d;
    int64_t stall_ms;
};

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type,
                             const char *body, size_t len)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result reply_text(struct MHD_Connection *c, unsigned status, const char *text)
{
    return reply(c, status, "text/plain; charset=utf-8", text, strlen(text));
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
    (void)version;
    (void)upload;
    nxw_http *h = cls;
    if (*con_cls == NULL) {
        /* first call for this request: headers only */
        static int marker;
        *con_cls = &marker;
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0; /* a body is ignored */
        return MHD_YES;
    }
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return reply_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD\n");
    char why[256], text[320];
    if (strcmp(url, "/metrics") == 0) {
        nx_buf b;
        nx_buf_init(&b, 8192);
        nxm_render(&b);
        enum MHD_Result ret =
            b.err == NX_OK ? reply(c, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8",
                                   b.data ? b.data : "", b.len)
                           : reply_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
        nx_buf_free(&b);
        return ret;
    }
    if (strcmp(url, "/healthz") == 0) {
        int ok = nxm_alive(h->stall_ms, why, sizeof why);
        snprintf(text, sizeof text, "%s: %s\n", ok ? "ok" : "unhealthy", why);
        return reply_text(c, ok ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE, text);
    }
    if (strcmp(url, "/readyz") == 0) {
        int ok = nxm_ready(h->stall_ms, why, sizeof why);
        snprintf(text, sizeof text, "%s: %s\n", ok ? "ready" : "not ready", why);
        return reply_text(c, ok ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE, text);
    }
    if (strcmp(url, "/") == 0)
        return reply_text(c, MHD_HTTP_OK, "newsx-worker: /metrics /healthz /readyz\n");
    return reply_text(c, MHD_HTTP_NOT_FOUND, "not found: /metrics /healthz /readyz\n");
}

nxw_http *nxw_http_start(const nxw_config *cfg)
{
    if (!nxw_cfg_bool(cfg, "http.enabled"))
        return NULL;
    const char *addr = nxw_cfg_str(cfg, "http.address");
    int port = (int)nxw_cfg_int(cfg, "http.port");
    struct sockaddr_in in4;
    struct sockaddr_in6 in6;
    const struct sockaddr *sa;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
    memset(&in4, 0, sizeof in4);
    memset(&in6, 0, sizeof in6);
    if (inet_pton(AF_INET, addr, &in4.sin_addr) == 1) {
        in4.sin_family = AF_INET;
        in4.sin_port = htons((uint16_t)port);
        sa = (const struct sockaddr *)&in4;
    } else if (inet_pton(AF_INET6, addr, &in6.sin6_addr) == 1) {
        in6.sin6_family = AF_INET6;
        in6.sin6_port = htons((uint16_t)port);
        sa = (const struct sockaddr *)&in6;
        flags |= MHD_USE_IPv6;
    } else {
        NXW_ERROR("http.address '%s' is not an IPv4 or IPv6 address; no metrics endpoint", addr);
        return NULL;
    }
    nxw_http *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->stall_ms = nxw_cfg_int(cfg, "health.stall.ms");
    errno = 0;
    h->d = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, handler, h, MHD_OPTION_SOCK_ADDR, sa,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)32,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_END);
    if (!h->d) {
        NXW_ERROR("cannot serve the metrics endpoint on %s:%d: %s; running without it", addr, port,
                  errno ? strerror(errno) : "libmicrohttpd refused to start");
        free(h);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
    NXW_INFO("metrics endpoint listening on http://%s%s%s:%d (/metrics /healthz /readyz)",
             strchr(addr, ':') ? "[" : "", addr, strchr(addr, ':') ? "]" : "",
             info && info->port ? (int)info->port : port);
    return h;
}

void nxw_http_stop(nxw_http *h)
{
    if (!h)
        return;
    MHD_stop_daemon(h->d);
    free(h);
}
