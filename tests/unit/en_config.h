/*
 * en_config.h - the project's English data files (config/lang/en/) in a
 * test's own config folder: a copy with a line dropped or lines added, or
 * links to the files a core requires. Include after <cmocka.h>.
 */
#ifndef NEWSX_TESTS_EN_CONFIG_H
#define NEWSX_TESTS_EN_CONFIG_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* path: the project's config/lang/en/NAME without its line `drop` (NULL:
 * none; none of its lines at all when keep is 0), then the lines `extra`. */
static inline void nx_test_copy_en(const char *path, const char *name, int keep, const char *drop,
                                   const char *extra)
{
    char src[1024], line[4096];
    snprintf(src, sizeof(src), "%s/config/lang/en/%s", NEWSX_SOURCE_DIR, name);
    FILE *in = fopen(src, "r"), *out = fopen(path, "w");
    assert_non_null(in);
    assert_non_null(out);
    while (keep && fgets(line, sizeof(line), in))
        if (!drop || strcmp(line, drop) != 0)
            fputs(line, out);
    fputs(extra, out);
    fclose(in);
    fclose(out);
}

/* dir/lang/en/NAME -> the project's config/lang/en/NAME for the n names
 * (dir/lang/en must exist); nx_test_unlink_en removes the links. */
static inline void nx_test_link_en(const char *dir, const char *const *names, size_t n)
{
    char path[1024], target[1024];
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "%s/lang/en/%s", dir, names[i]);
        snprintf(target, sizeof(target), "%s/config/lang/en/%s", NEWSX_SOURCE_DIR, names[i]);
        assert_int_equal(symlink(target, path), 0);
    }
}

static inline void nx_test_unlink_en(const char *dir, const char *const *names, size_t n)
{
    char path[1024];
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "%s/lang/en/%s", dir, names[i]);
        unlink(path);
    }
}

#endif
