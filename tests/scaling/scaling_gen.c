/*
 * scaling_gen.c - write one adversarial article (tests/scaling/gen.h) to stdout.
 *
 *   scaling-gen SHAPE BYTES      e.g. scaling-gen quotes 4194304 > q.txt
 *   scaling-gen --list           the shape names
 */
#include "gen.h"

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (size_t s = 0; s < GEN_N_SHAPES; s++)
            printf("%s\n", gen_shapes[s].name);
        return 0;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: scaling-gen SHAPE BYTES | --list\n");
        return 2;
    }
    size_t len = 0;
    char *p = gen_article(argv[1], strtoul(argv[2], NULL, 10), &len);
    if (!p) {
        fprintf(stderr, "scaling-gen: unknown shape %s\n", argv[1]);
        return 2;
    }
    fwrite(p, 1, len, stdout);
    free(p);
    return 0;
}
