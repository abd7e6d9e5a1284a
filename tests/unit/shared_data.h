/*
 * shared_data.h - the development data beside the project (../shared) for
 * the unit tests that use it.
 *
 * A unit test with tests on the development data (the seed article, the
 * CoNLL texts) keeps them in a second cmocka group that runs when the
 * program is started with --shared; tests/CMakeLists.txt registers that run
 * as the ctest test unit.NAME.shared (it finds "nx_shared_run" in the
 * source). When a file the group needs is missing - a bare clone has no
 * ../shared - the program prints what it needs and exits with
 * NX_SKIP_CODE, which ctest reports as skipped (SKIP_RETURN_CODE), never as
 * passed. The directory is NEWSX_SHARED_DIR from the environment when set
 * (CI points it at an empty folder), else the compile-time default.
 */
#ifndef NEWSX_TESTS_SHARED_DATA_H
#define NEWSX_TESTS_SHARED_DATA_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NX_SKIP_CODE 77

/* The development data directory: $NEWSX_SHARED_DIR or the build's default. */
static inline const char *nx_shared_dir(void)
{
    const char *e = getenv("NEWSX_SHARED_DIR");
    return e && *e ? e : NEWSX_SHARED_DIR;
}

/* The path of REL under the development data directory, in a static buffer
 * that the next call overwrites. */
static inline const char *nx_shared_path(const char *rel)
{
    static char path[4096];
    snprintf(path, sizeof(path), "%s/%s", nx_shared_dir(), rel);
    return path;
}

/* A path under the source tree, in a static buffer the next call overwrites. */
static inline const char *nx_source_path(const char *rel)
{
    static char path[4096];
    snprintf(path, sizeof(path), "%s/%s", NEWSX_SOURCE_DIR, rel);
    return path;
}

/* Whether the program was started with --shared (run the shared group). */
static inline int nx_shared_run(int argc, char **argv)
{
    return argc > 1 && strcmp(argv[1], "--shared") == 0;
}

/* 1 when every file of the NULL-ended list NEEDS (paths relative to the
 * development data directory) is readable; otherwise names the first one
 * missing on stdout and returns 0 (the caller exits with NX_SKIP_CODE). */
static inline int nx_shared_present(const char *const *needs)
{
    for (size_t i = 0; needs[i]; i++) {
        const char *p = nx_shared_path(needs[i]);
        if (access(p, R_OK) != 0) {
            printf("SKIP: needs ../shared/%s (development data; looked for %s)\n", needs[i], p);
            return 0;
        }
    }
    return 1;
}

#endif
