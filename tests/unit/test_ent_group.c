/*
 * test_ent_group.c - the entity stage's grouping in other languages than
 * English, on mentions the test marks itself (no tagger): inflected and
 * possessive forms, articles at a mention's start, and country, region and
 * city names in the language (common/ent_group.c, common/ent_lang.c). The
 * fixtures are tests/data/entities/<code>.txt (README.md there).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ent_group.h"
#include "ent_lang.h"
#include "gazetteer.h"
#include "nx_alloc.h"
#include "nx_core.h"
#include "nx_doc.h"
#include "segment.h"

#define CONFIG   NEWSX_SOURCE_DIR "/config"
#define FIXTURES NEWSX_SOURCE_DIR "/tests/data/entities"

static nx_gaz *g_gaz;
static nx_ent_langs *g_langs;
static nx_core_opts g_opts;

static int setup(void **state)
{
    (void)state;
    char errstr[256];
    if (nx_gaz_load(CONFIG "/gazetteers", &g_gaz, errstr, sizeof(errstr)) ||
        nx_ent_langs_load(CONFIG, &g_langs, errstr, sizeof(errstr))) {
        fprintf(stderr, "%s\n", errstr);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nx_gaz_free(g_gaz);
    nx_ent_langs_free(g_langs);
    return 0;
}

typedef struct marked {
    uint32_t start, end;
    uint8_t type;
} marked;

typedef struct expect {
    char mention[128], name[128], place[32];
} expect;

/* A grouped article: the doc and its marked mentions. */
typedef struct fixture {
    char lang[8];
    nx_doc doc;
    nx_ment ms[64];
    size_t n_ms;
    expect ex[32];
    size_t n_ex;
    char absent[8][128]; /* texts no mention may have */
    size_t n_absent;
} fixture;

static int type_of(const char *s, size_t n)
{
    static const char *const names[] = {"PER", "ORG", "LOC", "MISC"};
    for (int t = 0; t < 4; t++)
        if (strlen(names[t]) == n && !memcmp(names[t], s, n))
            return t;
    return -1;
}

/* Read path: strip the marks into text, segment it, map the marks to tokens
 * and group them with the data of language group_as (NULL: the fixture's). */
static void load_fixture(const char *path, fixture *fx, const char *group_as)
{
    memset(fx, 0, sizeof(*fx));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char text[16384];
    size_t tl = 0;
    marked mk[64];
    size_t n_mk = 0;
    char line[2048];
    int first_text = 1;
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#')
            continue;
        if (!strncmp(line, "lang\t", 5)) {
            snprintf(fx->lang, sizeof(fx->lang), "%.7s", line + 5);
            continue;
        }
        if (!strncmp(line, "absent\t", 7)) {
            assert_true(fx->n_absent < 8);
            snprintf(fx->absent[fx->n_absent++], sizeof(fx->absent[0]), "%.127s", line + 7);
            continue;
        }
        if (!strncmp(line, "expect\t", 7)) {
            assert_true(fx->n_ex < 32);
            expect *e = &fx->ex[fx->n_ex++];
            assert_int_equal(
                sscanf(line + 7, "%127[^\t]\t%127[^\t]\t%31[^\n]", e->mention, e->name, e->place),
                3);
            continue;
        }
        if (!first_text)
            text[tl++] = '\n';
        first_text = 0;
        for (const char *p = line; *p;) {
            if (*p == '[') {
                const char *sp = strchr(p, ' ');
                assert_non_null(sp);
                int t = type_of(p + 1, (size_t)(sp - p - 1));
                assert_true(t >= 0 && n_mk < 64);
                mk[n_mk].start = (uint32_t)tl;
                mk[n_mk].type = (uint8_t)t;
                p = sp + 1;
                while (*p && *p != ']')
                    text[tl++] = *p++;
                assert_int_equal(*p, ']');
                mk[n_mk++].end = (uint32_t)tl;
                p++;
            } else {
                text[tl++] = *p++;
            }
            assert_true(tl < sizeof(text) - 2);
        }
    }
    fclose(f);
    text[tl] = '\0';
    nx_doc_init(&fx->doc, NULL, &g_opts);
    fx->doc.text = nx_strndup(text, tl);
    fx->doc.text_len = tl;
    snprintf(fx->doc.lang_code, sizeof(fx->doc.lang_code), "%s", fx->lang);
    char errstr[256];
    assert_int_equal(nx_segment(&fx->doc, errstr, sizeof(errstr)), NX_OK);
    for (size_t k = 0; k < n_mk; k++) {
        nx_ment *m = &fx->ms[fx->n_ms++];
        m->start = mk[k].start;
        m->end = mk[k].end;
        m->type = mk[k].type;
        m->tb = UINT32_MAX;
        for (size_t i = 0; i < fx->doc.n_toks; i++) {
            if (fx->doc.toks[i].start == m->start)
                m->tb = (uint32_t)i;
            if (fx->doc.toks[i].end == m->end)
                m->te = (uint32_t)i + 1;
        }
        if (m->tb == UINT32_MAX || m->te <= m->tb)
            fail_msg("%s: mention \"%.*s\" is not on token bounds", path, (int)(m->end - m->start),
                     text + m->start);
    }
    const nx_ent_lang *lang = nx_ent_langs_find(g_langs, group_as ? group_as : fx->lang);
    assert_true(lang || group_as);
    assert_int_equal(nx_ent_group(&fx->doc, g_gaz, lang, fx->ms, fx->n_ms, errstr, sizeof(errstr)),
                     NX_OK);
}

/* The entity of the first mention with text s: its name and place
 * ("DE country", "-"); 0 when no mention has that text. */
static int entity_of(const nx_doc *d, const char *s, char *name, size_t nn, char *place, size_t pn)
{
    for (size_t k = 0; k < d->n_mentions; k++)
        if (d->mentions[k].end - d->mentions[k].start == strlen(s) &&
            !memcmp(d->text + d->mentions[k].start, s, strlen(s))) {
            const nx_entity *en = &d->entities[d->mentions[k].entity];
            snprintf(name, nn, "%.*s", (int)(en->name_end - en->name_start),
                     d->text + en->name_start);
            snprintf(place, pn, "-");
            if (en->has_place)
                snprintf(place, pn, "%s %s", en->place.country, en->place.kind);
            return 1;
        }
    return 0;
}

static void check_fixture(const char *code)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s.txt", FIXTURES, code);
    fixture *fx = nx_calloc(1, sizeof(*fx));
    assert_non_null(fx);
    load_fixture(path, fx, NULL);
    assert_string_equal(fx->lang, code);
    assert_true(fx->n_ex > 0);
    nx_doc *d = &fx->doc;
    for (size_t x = 0; x < fx->n_ex; x++) {
        const expect *e = &fx->ex[x];
        const nx_mention *hit = NULL;
        for (size_t k = 0; k < d->n_mentions && !hit; k++)
            if (d->mentions[k].end - d->mentions[k].start == strlen(e->mention) &&
                !memcmp(d->text + d->mentions[k].start, e->mention, strlen(e->mention)))
                hit = &d->mentions[k];
        if (!hit)
            fail_msg("%s: no mention \"%s\"", code, e->mention);
        const nx_entity *en = &d->entities[hit->entity];
        char name[256], place[64] = "-";
        snprintf(name, sizeof(name), "%.*s", (int)(en->name_end - en->name_start),
                 d->text + en->name_start);
        if (en->has_place)
            snprintf(place, sizeof(place), "%s %s", en->place.country, en->place.kind);
        if (strcmp(name, e->name) || strcmp(place, e->place))
            fail_msg("%s: \"%s\" is in entity \"%s\" (place %s), want \"%s\" (%s)", code,
                     e->mention, name, place, e->name, e->place);
    }
    char name[256], place[64];
    for (size_t x = 0; x < fx->n_absent; x++)
        if (entity_of(d, fx->absent[x], name, sizeof(name), place, sizeof(place)))
            fail_msg("%s: a mention is \"%s\"", code, fx->absent[x]);
    nx_doc_free(d);
    nx_free(fx);
}

static void test_german(void **state)
{
    (void)state;
    check_fixture("de");
}

static void test_spanish(void **state)
{
    (void)state;
    check_fixture("es");
}

static void test_french(void **state)
{
    (void)state;
    check_fixture("fr");
}

static void test_dutch(void **state)
{
    (void)state;
    check_fixture("nl");
}

static void test_portuguese(void **state)
{
    (void)state;
    check_fixture("pt");
}

static void test_italian(void **state)
{
    (void)state;
    check_fixture("it");
}

/* Without the language's data (a language with none, or no language) nothing of it
 * applies: "der Bundesregierung" keeps its article, "Merkels" is its own
 * entity and "Deutschland" is no place; "Germany" still is. */
static void test_no_language(void **state)
{
    (void)state;
    assert_null(nx_ent_langs_find(g_langs, "xx"));
    assert_null(nx_ent_langs_find(g_langs, ""));
    assert_null(nx_ent_langs_find(g_langs, NULL));
    char path[1024];
    snprintf(path, sizeof(path), "%s/de.txt", FIXTURES);
    fixture *fx = nx_calloc(1, sizeof(*fx));
    assert_non_null(fx);
    load_fixture(path, fx, "xx");
    char name[256], place[64];
    assert_true(
        entity_of(&fx->doc, "der Bundesregierung", name, sizeof(name), place, sizeof(place)));
    assert_true(entity_of(&fx->doc, "Merkels", name, sizeof(name), place, sizeof(place)));
    assert_string_equal(name, "Merkels");
    assert_true(entity_of(&fx->doc, "Deutschland", name, sizeof(name), place, sizeof(place)));
    assert_string_equal(place, "-");
    assert_true(entity_of(&fx->doc, "Germany", name, sizeof(name), place, sizeof(place)));
    assert_string_equal(name, "Germany");
    assert_string_equal(place, "DE country");
    nx_doc_free(&fx->doc);
    nx_free(fx);
}

/* The place of the first mention with text s in the fixture of code. */
static nx_place place_in(const char *code, const char *s)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s.txt", FIXTURES, code);
    fixture *fx = nx_calloc(1, sizeof(*fx));
    assert_non_null(fx);
    load_fixture(path, fx, NULL);
    nx_place p = {{0}, 0, 0, NULL};
    const nx_doc *d = &fx->doc;
    for (size_t k = 0; k < d->n_mentions; k++)
        if (d->mentions[k].end - d->mentions[k].start == strlen(s) &&
            !memcmp(d->text + d->mentions[k].start, s, strlen(s))) {
            const nx_entity *en = &d->entities[d->mentions[k].entity];
            if (en->has_place)
                p = en->place;
            break;
        }
    nx_doc_free(&fx->doc);
    nx_free(fx);
    if (!p.kind)
        fail_msg("%s: \"%s\" has no place", code, s);
    return p;
}

/* One place whatever the language: the country of "Germany" and the region
 * of "Bavaria" (same code, kind and coordinates). */
static void test_same_places(void **state)
{
    (void)state;
    static const char *const countries[][2] = {
        {"en", "Germany"},   {"de", "Deutschland"}, {"fr", "Allemagne"}, {"es", "Alemania"},
        {"nl", "Duitsland"}, {"it", "Germania"},    {"pt", "Alemanha"}};
    static const char *const regions[][2] = {
        {"en", "Bavaria"}, {"de", "Bayern"},  {"fr", "Bavière"}, {"es", "Baviera"},
        {"nl", "Beieren"}, {"it", "Baviera"}, {"pt", "Baviera"}};
    for (int set = 0; set < 2; set++) {
        const char *const(*v)[2] = set ? regions : countries;
        nx_place first = place_in(v[0][0], v[0][1]);
        assert_string_equal(first.country, "DE");
        assert_string_equal(first.kind, set ? "region" : "country");
        for (size_t i = 1; i < 7; i++) {
            nx_place p = place_in(v[i][0], v[i][1]);
            if (strcmp(p.country, first.country) || strcmp(p.kind, first.kind) ||
                p.lat != first.lat || p.lon != first.lon)
                fail_msg("%s \"%s\": %s %s %.4f %.4f, want %s %s %.4f %.4f", v[i][0], v[i][1],
                         p.country, p.kind, p.lat, p.lon, first.country, first.kind, first.lat,
                         first.lon);
        }
    }
}

static void test_english(void **state)
{
    (void)state;
    check_fixture("en");
}

static void test_forms(void **state)
{
    (void)state;
    const nx_ent_lang *de = nx_ent_langs_find(g_langs, "de");
    const nx_ent_lang *fr = nx_ent_langs_find(g_langs, "fr");
    assert_non_null(de);
    assert_non_null(fr);
    assert_true(nx_ent_lang_lead(de, "der", 3));
    assert_false(nx_ent_lang_lead(de, "Der", 3));
    assert_int_equal(nx_ent_lang_suffix(de, "Merkels", 7), 1);
    assert_int_equal(nx_ent_lang_suffix(de, "Als", 3), 0); /* three bytes stay */
    assert_int_equal(nx_ent_lang_suffix(de, "Merkel", 6), 0);
    assert_int_equal(nx_ent_lang_prefix(fr, "l'Allemagne", 11), 2);
    assert_int_equal(nx_ent_lang_prefix(fr, "l’Allemagne", strlen("l’Allemagne")), 4);
    assert_int_equal(nx_ent_lang_prefix(fr, "l'", 2), 0); /* something stays */
    assert_int_equal(nx_ent_lang_suffix(fr, "Paris", 5), 0);
    assert_non_null(nx_ent_lang_places(de));
    assert_true(nx_ent_langs_bytes(g_langs) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),   cmocka_unit_test(test_german),
        cmocka_unit_test(test_spanish), cmocka_unit_test(test_french),
        cmocka_unit_test(test_dutch),   cmocka_unit_test(test_portuguese),
        cmocka_unit_test(test_italian), cmocka_unit_test(test_no_language),
        cmocka_unit_test(test_english), cmocka_unit_test(test_same_places),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
