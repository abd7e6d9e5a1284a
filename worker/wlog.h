/*
 * wlog.h - the worker's stderr log: one line per event, with a UTC time stamp
 * and a level; thread-safe (each line is written with one call).
 */
#ifndef NXW_LOG_H
#define NXW_LOG_H

typedef enum nxw_level { NXW_LOG_ERROR = 0, NXW_LOG_WARN, NXW_LOG_INFO, NXW_LOG_DEBUG } nxw_level;

/* Set the level from its name (error, warn, info, debug); unknown names keep
 * the current level and return -1. */
int nxw_log_set_level(const char *name);
nxw_level nxw_log_level(void);

void nxw_log(nxw_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define NXW_ERROR(...) nxw_log(NXW_LOG_ERROR, __VA_ARGS__)
#define NXW_WARN(...)  nxw_log(NXW_LOG_WARN, __VA_ARGS__)
#define NXW_INFO(...)  nxw_log(NXW_LOG_INFO, __VA_ARGS__)
#define NXW_DEBUG(...) nxw_log(NXW_LOG_DEBUG, __VA_ARGS__)

#endif
