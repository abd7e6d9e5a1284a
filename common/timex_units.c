/*
 * timex_units.c - the units of a sentence for the dates stage (hyphenated words split,
 * each looked up once in the word table's hash) and the small parsers over
 * them: numbers, ordinals, days and years.
 */
#include <string.h>

#include "nx_alloc.h"
#include "timex_int.h"

uint32_t tx_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)s[i];
        h *= 16777619u;
    }
    return h;
}

static const tx_entry *tx_lookup_h(const tx_state *st, const char *w, size_t n, uint32_t h)
{
    h &= TX_HASH_SIZE - 1;
    for (;;) {
        uint16_t k = st->slot[h];
        if (!k)
            return NULL;
        const tx_entry *e = &tx_lexicon[k - 1];
        if (st->len[h] == n && memcmp(e->word, w, n) == 0)
            return e;
        h = (h + 1) & (TX_HASH_SIZE - 1);
    }
}

const tx_entry *tx_lookup(const tx_state *st, const char *w, size_t n)
{
    return tx_lookup_h(st, w, n, tx_hash(w, n));
}

static void set_unit(ctx *c, tunit *u, uint32_t s, uint32_t e)
{
    const char *p = c->text + s;
    size_t n = e - s;
    u->s = s;
    u->e = e;
    u->num = -1;
    u->cls = TX_NONE;
    u->lflags = 0;
    u->uflags = 0;
    u->val = 0;
    if (s > 0) {
        char b = c->text[s - 1];
        if (b == ' ' || b == '\n' || b == '\t' || b == '\r')
            u->uflags |= U_SPACE;
    } else {
        u->uflags |= U_SPACE;
    }
    if (n && tx_is_digit((uint8_t)p[0])) {
        u->uflags |= U_DIGIT;
        size_t k = 0;
        int32_t v = 0;
        while (k < n && tx_is_digit((uint8_t)p[k]) && k < 9)
            v = v * 10 + (p[k++] - '0');
        if (k == n) {
            u->uflags |= U_ALLDIG;
            u->num = v;
        }
    }
    if (n && p[0] >= 'A' && p[0] <= 'Z')
        u->uflags |= U_CAP;
    int letters = 0, upper = 0;
    size_t m = n < sizeof(u->lw) - 1 ? n : sizeof(u->lw) - 1;
    uint32_t h = 2166136261u, h_nodot = 0;
    for (size_t k = 0; k < m; k++) {
        char ch = p[k];
        if (ch >= 'A' && ch <= 'Z') {
            upper++;
            letters++;
            ch = (char)(ch + 32);
        } else if (ch >= 'a' && ch <= 'z') {
            letters++;
        }
        u->lw[k] = ch;
        h_nodot = h;
        h ^= (uint8_t)ch;
        h *= 16777619u;
    }
    u->lw[m] = '\0';
    u->len = (uint8_t)m;
    if (letters >= 2 && letters == upper)
        u->uflags |= U_ALLCAP;
    if (n != m || !n)
        return;
    /* First-pass filter: only words (and 'll, 've) no longer than the
     * table's longest reach the word table. */
    if ((!tx_is_alpha((uint8_t)p[0]) && p[0] != '\'') || m > 14)
        return;
    const tx_entry *en = tx_lookup_h(c->st, u->lw, m, h);
    if (!en && m > 1 && u->lw[m - 1] == '.') {
        en = tx_lookup_h(c->st, u->lw, m - 1, h_nodot);
        if (en)
            u->uflags |= U_DOT;
    }
    if (!en)
        return;
    if ((en->flags & TXF_CAPREQ) && !(u->uflags & U_CAP))
        return;
    u->cls = en->cls;
    u->val = en->val;
    u->lflags = en->flags;
}

static nx_err push_unit(ctx *c, uint32_t s, uint32_t e)
{
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        tunit *nu = nx_realloc(c->u, nc * sizeof(*nu));
        if (!nu)
            return NX_ERR_NOMEM;
        c->u = nu;
        c->cap = nc;
    }
    set_unit(c, &c->u[c->n++], s, e);
    return NX_OK;
}

/* Units of tokens [tb, te): a word or number with a hyphen next to a letter
 * (third-quarter, 10-year, mid-1996) is split at its hyphens. */
nx_err tx_build_units(ctx *c, size_t tb, size_t te)
{
    c->n = 0;
    for (size_t t = tb; t < te; t++) {
        const nx_token *tk = &c->doc->toks[t];
        uint32_t s = tk->start, e = tk->end;
        int split = 0;
        if (tk->kind == NX_TOK_WORD || tk->kind == NX_TOK_NUM) {
            for (uint32_t k = s + 1; k + 1 < e; k++)
                if (c->text[k] == '-' && (tx_is_alpha((uint8_t)c->text[k - 1]) ||
                                          tx_is_alpha((uint8_t)c->text[k + 1]))) {
                    split = 1;
                    break;
                }
        }
        if (!split) {
            /* "Nov. 16." : the number without its period */
            if ((tk->kind == NX_TOK_NUM || tk->kind == NX_TOK_WORD) && e - s >= 2 &&
                c->text[e - 1] == '.' && tx_is_digit((uint8_t)c->text[e - 2])) {
                if (push_unit(c, s, e - 1) || push_unit(c, e - 1, e))
                    return NX_ERR_NOMEM;
                continue;
            }
            if (push_unit(c, s, e))
                return NX_ERR_NOMEM;
            continue;
        }
        uint32_t p = s;
        for (uint32_t k = s; k <= e; k++) {
            if (k == e || c->text[k] == '-') {
                if (k > p && push_unit(c, p, k))
                    return NX_ERR_NOMEM;
                if (k < e && push_unit(c, k, k + 1))
                    return NX_ERR_NOMEM;
                p = k + 1;
            }
        }
    }
    return NX_OK;
}

/* A number at i: digits (1,000 too), a number word (twenty-four, two
 * hundred) or "a dozen". Sets *v and returns the unit after it, or 0. */
size_t tx_parse_num(const ctx *c, size_t i, int *v)
{
    if (i >= c->n)
        return 0;
    const tunit *u = &c->u[i];
    if (u->uflags & U_ALLDIG) {
        *v = u->num;
        return i + 1;
    }
    if (u->uflags & U_DIGIT) {
        /* 1,000 */
        int x = 0, ok = 1;
        for (size_t k = 0; k < u->len && ok; k++) {
            char ch = u->lw[k];
            if (tx_is_digit((uint8_t)ch))
                x = x * 10 + (ch - '0');
            else if (ch != ',')
                ok = 0;
            if (x > 100000000)
                ok = 0; /* stop before x * 10 can overflow */
        }
        if (ok) {
            *v = x;
            return i + 1;
        }
        return 0;
    }
    if (u->cls != TX_NUMWORD || u->val >= 100)
        return 0;
    int x = u->val;
    size_t j = i + 1;
    if (x >= 20 && x % 10 == 0) {
        size_t k = j;
        if (tx_is_hyphen(c, k))
            k++;
        if (tx_cls_at(c, k) == TX_NUMWORD && c->u[k].val < 10) {
            x += c->u[k].val;
            j = k + 1;
        }
    }
    if (tx_cls_at(c, j) == TX_NUMWORD && c->u[j].val == 100) {
        x *= 100;
        j++;
    }
    if (tx_cls_at(c, j) == TX_NUMWORD && c->u[j].val == 1000) {
        x *= 1000;
        j++;
    }
    *v = x;
    return j;
}

/* An ordinal day or number at i: 24th, 1st, third, twenty-first. */
size_t tx_parse_ord(const ctx *c, size_t i, int *v)
{
    if (i >= c->n)
        return 0;
    const tunit *u = &c->u[i];
    if (u->cls == TX_ORD) {
        *v = u->val;
        return i + 1;
    }
    if (u->cls == TX_NUMWORD && u->val >= 20 && u->val % 10 == 0 && tx_is_hyphen(c, i + 1) &&
        tx_cls_at(c, i + 2) == TX_ORD && c->u[i + 2].val < 10) {
        *v = u->val + c->u[i + 2].val;
        return i + 3;
    }
    if ((u->uflags & U_DIGIT) && u->len >= 3 && u->len <= 4) {
        size_t k = 0;
        int x = 0;
        while (k < u->len && tx_is_digit((uint8_t)u->lw[k]))
            x = x * 10 + (u->lw[k++] - '0');
        const char *suf = u->lw + k;
        if (!strcmp(suf, "st") || !strcmp(suf, "nd") || !strcmp(suf, "rd") || !strcmp(suf, "th")) {
            *v = x;
            return i + 1;
        }
    }
    return 0;
}

/* A day of month at i (24, 24th). */
size_t tx_parse_day(const ctx *c, size_t i, int *d)
{
    int v;
    size_t j;
    if (i < c->n && (c->u[i].uflags & U_ALLDIG) && c->u[i].len <= 2) {
        v = c->u[i].num;
        j = i + 1;
    } else if ((j = tx_parse_ord(c, i, &v)) == 0) {
        return 0;
    }
    if (v < 1 || v > 31)
        return 0;
    *d = v;
    return j;
}

/* A four-digit year at i (1800..2099), not a sum or a percentage. */
size_t tx_parse_year(const ctx *c, size_t i, int *y)
{
    if (i >= c->n)
        return 0;
    const tunit *u = &c->u[i];
    if (!(u->uflags & U_ALLDIG) || u->len != 4 || u->num < 1800 || u->num > 2099)
        return 0;
    if (i > 0) {
        const char *pw = c->u[i - 1].lw;
        if (!strcmp(pw, "$") || !strcmp(pw, "#") || !strcmp(pw, "no.") || !strcmp(pw, "flight") ||
            !strcmp(pw, "number") || !strcmp(pw, "route"))
            return 0;
    }
    if (i + 1 < c->n) {
        const tunit *nu = &c->u[i + 1];
        /* "2000 years" is an amount; "the 1988 quarter" names a year's quarter */
        if (!strcmp(nu->lw, "%") || !strcmp(nu->lw, "percent") || !strcmp(nu->lw, "people") ||
            (nu->cls == TX_UNIT && (nu->val != TU_QUARTER || (nu->lflags & TXF_PLURAL))) ||
            nu->cls == TX_NUMWORD)
            return 0;
        if (!(nu->uflags & U_SPACE) && (nu->lw[0] == '.' || nu->lw[0] == ',') && i + 2 < c->n &&
            (c->u[i + 2].uflags & U_DIGIT) && !(c->u[i + 2].uflags & U_SPACE))
            return 0;
    }
    *y = u->num;
    return i + 1;
}
