/*
 * timex_lex.h - the word table of the dates stage (common/timex.c).
 *
 * Every word the time-expression rules react to is one entry: a class and a
 * small value. The table is a static array; timex.c builds an open-addressing
 * hash over it once (stage init), so each token of the text costs at most
 * one hash probe. The entries are listed in common/timex_lex.c.
 */
#ifndef NX_TIMEX_LEX_H
#define NX_TIMEX_LEX_H

#include <stddef.h>
#include <stdint.h>

typedef enum tx_cls {
    TX_NONE = 0,
    TX_MONTH,   /* val 1..12 */
    TX_WEEKDAY, /* val 1..7 (ISO, Monday = 1); plural forms have TXF_PLURAL */
    TX_SEASON,  /* val 0 SP, 1 SU, 2 FA, 3 WI */
    TX_UNIT,    /* val tx_unit; plural forms have TXF_PLURAL */
    TX_NUMWORD, /* val 0..90, 100 (hundred), 1000 (thousand), 12 (dozen) */
    TX_ORD,     /* val 1..31 (first, second, ...) */
    TX_REL,     /* val tx_rel: last, next, this, past, ... */
    TX_DAYREF,  /* val -1 yesterday, 0 today, 1 tomorrow, 2 tonight */
    TX_PART,    /* val tx_part: morning, afternoon, ... */
    TX_REF,     /* val tx_ref: now, currently, recently, soon, ... */
    TX_SETADV,  /* val tx_unit: daily, weekly, ... */
    TX_EVERY,   /* every, each, per */
    TX_FUZZ,    /* several, few, many, couple, some: val 1 when usable alone */
    TX_POSMOD,  /* val tx_posmod: early, late, mid, end, beginning, ... */
    TX_QUANT,   /* val tx_quant: about, nearly, over, ... */
    TX_AGO,     /* val tx_ago: ago, earlier, later, before, hence */
    TX_DET,     /* the, a, an */
    TX_AMPM,    /* val 0 a.m., 1 p.m. */
    TX_CLOCK,   /* val 12 noon, 0 midnight */
    TX_FISCAL,  /* fiscal */
    TX_HOLIDAY, /* val tx_holiday */
    TX_DECADEW, /* twenties .. nineties: val 2..9 */
    TX_ZONE,    /* time zones: est, gmt, ... */
    TX_TENSE,   /* val tx_tense: will, was, said, ... */
    TX_HALF,    /* half */
    TX_CENTURY, /* century, centuries (as TX_UNIT too) */
    TX_AUX,     /* helper words: val 1 starts a match (these days, right now),
                 * 2 only before "least" (at least), 0 never (near, full) */
    TX__COUNT
} tx_cls;

typedef enum tx_unit {
    TU_SECOND = 0,
    TU_MINUTE,
    TU_HOUR,
    TU_DAY,
    TU_WEEK,
    TU_WEEKEND,
    TU_MONTH,
    TU_QUARTER,
    TU_HALFYEAR,
    TU_YEAR,
    TU_DECADE,
    TU_CENTURY,
    TU_MILLENNIUM,
    TU__COUNT
} tx_unit;

typedef enum tx_rel {
    TR_LAST = 0, /* last, previous, prior, preceding */
    TR_NEXT,     /* next, following, coming, upcoming */
    TR_THIS,     /* this, current, present */
    TR_PAST,     /* past */
    TR_RECENT,   /* recent */
    TR_THAT,     /* that, same */
    TR_LATEST    /* latest, most recent */
} tx_rel;

typedef enum tx_part { TP_MO = 0, TP_AF, TP_EV, TP_NI, TP_DT } tx_part;

typedef enum tx_ref {
    TF_NOW = 0, /* now, nowadays, presently: PRESENT_REF */
    TF_CURRENTLY,
    TF_CURRENT,  /* adjective: PRESENT_REF unless a unit follows */
    TF_RECENTLY, /* recently, lately, previously, formerly: PAST_REF */
    TF_SOON,     /* soon: FUTURE_REF */
    TF_FUTURE,   /* future: FUTURE_REF */
    TF_PRESENT   /* present (the present): PRESENT_REF */
} tx_ref;

typedef enum tx_posmod {
    TM_EARLY = 0,
    TM_LATE,
    TM_MID,
    TM_END,
    TM_BEGIN,
    TM_MIDDLE,
    TM_EARLIER,
    TM_LATER
} tx_posmod;

typedef enum tx_quant {
    TQ_ABOUT = 0, /* about, around, approximately, roughly, some: APPROX */
    TQ_NEARLY,    /* nearly, almost: LESS_THAN (TimeML: approaching from below) */
    TQ_OVER,      /* over: MORE_THAN */
    TQ_MORE,      /* more (than): MORE_THAN */
    TQ_LESS,      /* less, fewer (than): LESS_THAN */
    TQ_LEAST,     /* (at) least: EQUAL_OR_MORE */
    TQ_UP,        /* up (to): EQUAL_OR_LESS */
    TQ_UNDER,     /* under: LESS_THAN */
    TQ_NO         /* no (more than): EQUAL_OR_LESS */
} tx_quant;

typedef enum tx_ago { TA_AGO = 0, TA_EARLIER, TA_LATER, TA_BEFORE, TA_HENCE } tx_ago;

typedef enum tx_holiday {
    TH_CHRISTMAS = 0,
    TH_NEWYEAR,
    TH_THANKSGIVING,
    TH_INDEPENDENCE,
    TH_HALLOWEEN,
    TH_VALENTINE,
    TH_LABOR,
    TH_MEMORIAL,
    TH_ELECTION /* Election Day (U.S.): the Tuesday after the first Monday of November */
} tx_holiday;

typedef enum tx_tense {
    TT_FUTURE = 0, /* will, 'll, shall */
    TT_PAST,       /* was, were, did, said, irregular past forms */
    TT_HAD,        /* had: past, and makes a following participle past */
    TT_PRESENT,    /* is, are, am, does, do */
    TT_HAVE,       /* has, have, 've: present perfect */
    TT_BE          /* be, been, being: passive or progressive auxiliary */
} tx_tense;

#define TXF_PLURAL 0x01 /* plural noun form */
#define TXF_CAPREQ 0x02 /* only with an upper-case first letter (May, March) */
#define TXF_ABBR   0x04 /* abbreviation (Jan, Sept): a period may follow */

typedef struct tx_entry {
    const char *word; /* lower case */
    uint8_t cls;      /* tx_cls */
    int16_t val;
    uint8_t flags; /* TXF_* */
} tx_entry;

/* The word table (static, read-only) and its length. */
extern const tx_entry tx_lexicon[];
extern const size_t tx_lexicon_len;

#endif
