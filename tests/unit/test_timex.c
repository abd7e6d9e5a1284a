/*
 * test_timex.c - the dates stage (common/timex.c): one test per
 * normalization rule of docs/dates.md, the dateline, unresolved values
 * without a publication date, spans, and allocation failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nx_alloc.h"
#include "nx_doc.h"
#include "segment.h"
#include "stage.h"

static nx_core_opts g_opts;

/* Segment text and run the dates stage with publication date pub (NULL:
 * none) and transport timestamp ts_ms (< 0: none). */
static nx_err run_dates(nx_doc *doc, const char *text, const char *pub, int64_t ts_ms)
{
    static nx_input_meta meta;
    memset(&g_opts, 0, sizeof(g_opts));
    nx_doc_init(doc, NULL, &g_opts);
    doc->text = nx_strndup(text, strlen(text));
    assert_non_null(doc->text);
    doc->text_len = strlen(text);
    meta.timestamp_ms = ts_ms;
    doc->meta = &meta;
    char errstr[128];
    assert_int_equal(nx_segment(doc, errstr, sizeof(errstr)), NX_OK);
    if (pub) {
        assert_int_equal(nx_str_set(&doc->published, pub, strlen(pub)), NX_OK);
        doc->published_source = "header";
    }
    void *state = NULL;
    nx_err e = nx_stage_dates.init(&g_opts, &state, errstr, sizeof(errstr));
    if (e)
        return e;
    e = nx_stage_dates.run(doc, state, errstr, sizeof(errstr));
    nx_stage_dates.free_state(state);
    return e;
}

static const char *const type_names[] = {"DATE", "TIME", "DURATION", "SET"};

/* The timex whose text is span (the first one, or the nth when span repeats). */
static const nx_timex *find(const nx_doc *doc, const char *span, int nth)
{
    size_t n = strlen(span);
    for (size_t i = 0; i < doc->n_timexes; i++) {
        const nx_timex *t = &doc->timexes[i];
        if (t->end - t->start == n && memcmp(doc->text + t->start, span, n) == 0 && nth-- == 0)
            return t;
    }
    return NULL;
}

static void dump(const nx_doc *doc)
{
    for (size_t i = 0; i < doc->n_timexes; i++) {
        const nx_timex *t = &doc->timexes[i];
        fprintf(stderr, "  [%.*s] %s %s %s\n", (int)(t->end - t->start), doc->text + t->start,
                type_names[t->type & 3], t->value, t->mod);
    }
}

/* Assert text (published pub) has a timex span with type, value and mod. */
static void expect_ts(const char *text, const char *pub, int64_t ts, const char *span, int nth,
                      const char *type, const char *value, const char *mod)
{
    nx_doc doc;
    assert_int_equal(run_dates(&doc, text, pub, ts), NX_OK);
    const nx_timex *t = find(&doc, span, nth);
    if (!t) {
        dump(&doc);
        fail_msg("no timex \"%s\" in \"%s\"", span, text);
    }
    if (strcmp(type_names[t->type & 3], type) || strcmp(t->value, value) || strcmp(t->mod, mod)) {
        dump(&doc);
        fail_msg("\"%s\" in \"%s\": got %s %s \"%s\", want %s %s \"%s\"", span, text,
                 type_names[t->type & 3], t->value, t->mod, type, value, mod);
    }
    nx_doc_free(&doc);
}

static void expect(const char *text, const char *pub, const char *span, const char *type,
                   const char *value)
{
    expect_ts(text, pub, -1, span, 0, type, value, "");
}

static void expect_mod(const char *text, const char *pub, const char *span, const char *type,
                       const char *value, const char *mod)
{
    expect_ts(text, pub, -1, span, 0, type, value, mod);
}

/* Assert text has no timex at all. */
static void expect_none(const char *text, const char *pub)
{
    nx_doc doc;
    assert_int_equal(run_dates(&doc, text, pub, -1), NX_OK);
    if (doc.n_timexes) {
        dump(&doc);
        fail_msg("unexpected timex in \"%s\"", text);
    }
    nx_doc_free(&doc);
}

/* Assert text has no timex with the text span. */
static void expect_absent(const char *text, const char *pub, const char *span)
{
    nx_doc doc;
    assert_int_equal(run_dates(&doc, text, pub, -1), NX_OK);
    if (find(&doc, span, 0)) {
        dump(&doc);
        fail_msg("unexpected timex \"%s\" in \"%s\"", span, text);
    }
    nx_doc_free(&doc);
}

#define PUB "2023-02-01" /* a Wednesday */

/* R1: a bare weekday in a past-tense sentence is the previous one. */
static void test_weekday_past(void **st)
{
    (void)st;
    expect("The ministry announced on Monday that talks had ended.", PUB, "Monday", "DATE",
           "2023-01-30");
    expect("Officials said Wednesday the bridge was closed.", PUB, "Wednesday", "DATE",
           "2023-02-01");
    expect("The talks ended Friday.", PUB, "Friday", "DATE", "2023-01-27");
}

/* R2: in a future-tense sentence, the next one (the anchor day included). */
static void test_weekday_future(void **st)
{
    (void)st;
    expect("The minister will meet his counterpart on Friday.", PUB, "Friday", "DATE",
           "2023-02-03");
    expect("The court will rule Monday.", PUB, "Monday", "DATE", "2023-02-06");
    expect("Voting runs until Sunday.", PUB, "Sunday", "DATE", "2023-02-05");
}

/* R3: last / next / this weekday. */
static void test_weekday_rel(void **st)
{
    (void)st;
    expect("It happened last Wednesday.", PUB, "last Wednesday", "DATE", "2023-01-25");
    expect("They meet next Monday.", PUB, "next Monday", "DATE", "2023-02-06");
    expect("They meet this Friday.", PUB, "this Friday", "DATE", "2023-02-03");
    expect("Protests began Friday night in the capital.", PUB, "Friday night", "DATE",
           "2023-01-27TNI");
}

/* R4: "last MONTH" is the latest one strictly before the anchor's month. */
static void test_last_month_name(void **st)
{
    (void)st;
    expect("The war started last February.", PUB, "last February", "DATE", "2022-02");
    expect("The plan was approved last April.", "1989-10-27", "last April", "DATE", "1989-04");
    expect("Elections are due next March.", PUB, "next March", "DATE", "2023-03");
    expect("He was shot to death last Oct. 23 at his home.", "1999-04-19", "last Oct. 23", "DATE",
           "1998-10-23");
}

/* R5: a bare month is the nearest one consistent with the tense. */
static void test_bare_month(void **st)
{
    (void)st;
    expect("The spokesman said in December that talks failed.", PUB, "December", "DATE", "2022-12");
    expect("The summit will take place in June.", PUB, "June", "DATE", "2023-06");
    expect("Prices rose sharply in January.", PUB, "January", "DATE", "2023-01");
    expect("The deal was signed in March.", PUB, "March", "DATE", "2022-03");
    /* six months either way without a tense: the past one */
    expect("The August fire is still under investigation.", PUB, "August", "DATE", "2022-08");
    /* May and March need a context that makes them months */
    expect_none("He may come back.", PUB);
}

/* R6: month and day: within 60 days of the anchor, the nearest; else by tense. */
static void test_month_day(void **st)
{
    (void)st;
    expect("And on January 24, Bloomberg reported the deal.", PUB, "January 24", "DATE",
           "2023-01-24");
    expect("The offer was extended to Nov. 16.", "1989-10-30", "Nov. 16", "DATE", "1989-11-16");
    expect("The dividend is payable Dec. 1 to holders.", "1989-10-27", "Dec. 1", "DATE",
           "1989-12-01");
    expect("The factory closed on Aug. 6.", "1998-02-06", "Aug. 6", "DATE", "1997-08-06");
    expect("The vote is set for 24 March.", PUB, "24 March", "DATE", "2023-03-24");
    /* a look-ahead word counts across a position word */
    expect_mod("Merieux was given until mid-November to reply.", "1989-10-30", "mid-November",
               "DATE", "1989-11", "MID");
}

/* R7: explicit dates in every common form. */
static void test_explicit_dates(void **st)
{
    (void)st;
    expect("It opened on 24 January 2023.", PUB, "24 January 2023", "DATE", "2023-01-24");
    expect("It opened on Jan. 24, 2023.", PUB, "Jan. 24, 2023", "DATE", "2023-01-24");
    expect("It opened on 1/24/2023.", PUB, "1/24/2023", "DATE", "2023-01-24");
    expect("It opened on 2023-01-24.", PUB, "2023-01-24", "DATE", "2023-01-24");
    expect("It opened in July 1997.", PUB, "July 1997", "DATE", "1997-07");
    expect("The law dates from 1990.", PUB, "1990", "DATE", "1990");
    expect("It opened on Saturday, April 25.", "1998-04-24", "Saturday, April 25", "DATE",
           "1998-04-25");
    expect("It was January this year.", PUB, "January this year", "DATE", "2023-01");
}

/* R8: seasons. */
static void test_seasons(void **st)
{
    (void)st;
    expect("Xi will visit this spring.", PUB, "this spring", "DATE", "2023-SP");
    expect("Putin has invited Xi for a visit in the spring.", PUB, "the spring", "DATE", "2023-SP");
    expect("The ceasefire collapsed in the spring.", "1998-10-25", "the spring", "DATE", "1998-SP");
    expect("He will visit in the spring of 2023.", PUB, "the spring of 2023", "DATE", "2023-SP");
    expect("The doctor was killed last fall.", "1999-04-10", "last fall", "DATE", "1998-FA");
    expect("It happened in the summer.", "1998-10-25", "the summer", "DATE", "1998-SU");
}

/* R9: decades, centuries, parts of years with mods. */
static void test_years_and_mods(void **st)
{
    (void)st;
    expect("It grew in the 1990s.", PUB, "the 1990s", "DATE", "199");
    expect_mod("Growth slowed in mid-2022.", PUB, "mid-2022", "DATE", "2022", "MID");
    expect_mod("A decision is due early next year.", PUB, "early next year", "DATE", "2024",
               "START");
    expect_mod("Stocks peaked in the early 1980s.", PUB, "the early 1980s", "DATE", "198", "START");
    expect_mod("Cuts are planned by the end of 1990.", PUB, "the end of 1990", "DATE", "1990",
               "END");
    expect_mod("Sales rose earlier this year.", PUB, "earlier this year", "DATE", "2023", "START");
    expect("It changed in the 20th century.", PUB, "the 20th century", "DATE", "19");
    expect("In fiscal 1989, it earned more.", PUB, "fiscal 1989", "DATE", "1989");
}

/* R10: relative expressions with a unit. */
static void test_relative(void **st)
{
    (void)st;
    expect("It may be resolved in a court hearing the week of March 6, he said.", "2000-02-24",
           "the week of March 6", "DATE", "2000-W10");
    expect("Prices fell yesterday.", PUB, "yesterday", "DATE", "2023-01-31");
    expect("Prices fall today.", PUB, "today", "DATE", "2023-02-01");
    expect("Prices may fall tomorrow.", PUB, "tomorrow", "DATE", "2023-02-02");
    expect("Prices fell last week.", PUB, "last week", "DATE", "2023-W04");
    expect("Prices fell this month.", PUB, "this month", "DATE", "2023-02");
    expect("Prices fell last year.", PUB, "last year", "DATE", "2022");
    expect("Prices will fall next year.", PUB, "next year", "DATE", "2024");
    expect("In the coming year, ties will grow.", PUB, "the coming year", "DATE", "2024");
    expect("Prices fell over the past year.", PUB, "the past year", "DATE", "2022");
    expect("It opened two years ago.", PUB, "two years ago", "DATE", "2021");
    expect("It opened three days ago.", PUB, "three days ago", "DATE", "2023-01-29");
    expect("It opened six months ago.", PUB, "six months ago", "DATE", "2022-08");
    expect("Talks resumed over the weekend.", PUB, "the weekend", "DATE", "2023-W04-WE");
}

/* R11: the document's quarter: "a year earlier" after a quarter is that quarter a year before. */
static void test_quarters(void **st)
{
    (void)st;
    expect("Profit rose in the third quarter.", "1989-10-26", "the third quarter", "DATE",
           "1989-Q3");
    expect("It posted a third-quarter loss.", "1989-10-26", "third-quarter", "DATE", "1989-Q3");
    expect("The third-quarter loss was large.", "1989-10-26", "third-quarter", "DATE", "1989-Q3");
    expect("It expects a loss in the fourth quarter.", "1989-02-10", "the fourth quarter", "DATE",
           "1988-Q4");
    expect("It will grow in the fourth quarter.", "1989-02-10", "the fourth quarter", "DATE",
           "1989-Q4");
    expect("Growth slowed in the first quarter of 2023.", PUB, "the first quarter of 2023", "DATE",
           "2023-Q1");
    expect("Profit rose in the third quarter from $5 a share a year earlier.", "1989-10-26",
           "a year earlier", "DATE", "1988-Q3");
    expect("Sales rose in the first half.", "1989-10-26", "the first half", "DATE", "1989-H1");
    expect("Revenue rose in Q3 2022.", PUB, "Q3 2022", "DATE", "2022-Q3");
    expect("Revenue rose in Q4.", PUB, "Q4", "DATE", "2022-Q4");
    expect("The FY2023 budget passed.", PUB, "FY2023", "DATE", "2023");
    expect_none("About three-quarters of the shares were sold.", PUB);
    /* the latest quarter has ended, whatever quarter the text named ahead */
    expect("It expects a fourth-quarter charge. Losses rose in the latest quarter.", "1989-11-02",
           "the latest quarter", "DATE", "1989-Q3");
    expect("Profit rose in the third quarter. For the quarter a year ago, it lost $5 million.",
           "1989-10-26", "the quarter a year ago", "DATE", "1988-Q3");
    /* a fiscal quarter is remembered as named; "the latest quarter" after it
     * is that one even when the calendar quarter has not ended */
    expect("Sun earned $5.2 million in the fiscal first quarter. It had expected to break even "
           "for the quarter.",
           "1989-10-26", "the quarter", "DATE", "1989-Q1");
    expect("Net rose in the fiscal fourth quarter ended Sept. 30. Sales in the latest quarter "
           "rose 5%.",
           "1989-11-02", "the latest quarter", "DATE", "1989-Q4");
    /* after a longer period in the sentence, "a year earlier" is the year */
    expect("Profit rose in the third quarter. For the nine months, net was $254 million, up from "
           "$163 million a year earlier.",
           "1989-10-26", "a year earlier", "DATE", "1988");
    /* ... also in the sentences after it, until a quarter is named again */
    expect("Profit rose in the third quarter. For the nine months, GMAC earned $1 billion. The "
           "decline came from higher costs compared with a year earlier.",
           "1989-11-01", "a year earlier", "DATE", "1988");
    expect("Profit rose in the third quarter. In the first nine months, net was $306 million, "
           "against $195 million in the 1988 period.",
           "1989-11-01", "the 1988 period", "DATE", "1988");
    /* the named quarter a year back */
    expect("Profit rose in the third quarter. Net fell from $1.8 million for the corresponding "
           "period last year.",
           "1989-11-01", "the corresponding period last year", "DATE", "1988-Q3");
    expect("Profit rose in the third quarter. U.K. sales for last year's quarter were $3 million.",
           "1989-11-01", "last year's quarter", "DATE", "1988-Q3");
    /* a quarter ending on a day: the calendar quarter of its middle month */
    expect("In the quarter ended July 31, Jayark had 5.6 million shares.", "1989-10-30",
           "the quarter", "DATE", "1989-Q2");
    expect("In the quarter ended Sept. 30, profit rose.", "1990-02-10", "the quarter", "DATE",
           "1989-Q3");
}

/* R12: PRESENT_REF, PAST_REF, FUTURE_REF. */
static void test_refs(void **st)
{
    (void)st;
    expect("The company is now profitable.", PUB, "now", "DATE", "PRESENT_REF");
    expect("It currently employs 500 people.", PUB, "currently", "DATE", "PRESENT_REF");
    expect("It has recently grown.", PUB, "recently", "DATE", "PAST_REF");
    expect("Russia in recent years has criticized it.", PUB, "recent years", "DATE", "PAST_REF");
    expect("It will grow in the near future.", PUB, "the near future", "DATE", "FUTURE_REF");
    expect("In the past, it considered an offer.", PUB, "the past", "DATE", "PAST_REF");
    expect_none("It promised future earnings growth.", PUB);
    /* "today's world" is the present in general; "soon" after a past event
     * is not counted from now */
    expect_none("Citizenship rules do not fit today's world.", PUB);
    expect("Stocks rose in today's session.", PUB, "today", "DATE", "2023-02-01");
    expect_none("He was taken to a hospital and was soon released.", PUB);
    expect("The budget will soon move into surplus.", PUB, "soon", "DATE", "FUTURE_REF");
    /* "then current": current at a past time; "one day" after a modal */
    expect("Holders may buy shares at 50% of the then current market price.", PUB, "current",
           "DATE", "PAST_REF");
    expect("Islam will one day be the second largest religion.", PUB, "one day", "DATE",
           "FUTURE_REF");
    expect("He held the job for one day.", PUB, "one day", "DURATION", "P1D");
}

/* R13: times of day on the anchor day or on the day that follows them. */
static void test_times(void **st)
{
    (void)st;
    expect("The vote closes at 2 p.m. today.", PUB, "2 p.m. today", "TIME", "2023-02-01T14:00");
    expect("The vote closed at 9 a.m. on Monday.", PUB, "9 a.m.", "TIME", "2023-02-01T09:00");
    expect("The blast occurred at 10:35 a.m. local time.", PUB, "10:35 a.m. local time", "TIME",
           "2023-02-01T10:35");
    expect("The offer expires at noon Thursday.", PUB, "noon Thursday", "TIME", "2023-02-02T12:00");
    expect("The offer expires at 5 p.m. EST Nov. 9.", "1989-11-02", "5 p.m. EST Nov. 9", "TIME",
           "1989-11-09T17:00");
    /* midnight closes the day it names (ISO 8601 24:00) */
    expect("The offer expires at midnight Friday.", PUB, "midnight Friday", "TIME",
           "2023-02-03T24:00");
    expect("Officials met this morning.", PUB, "this morning", "TIME", "2023-02-01TMO");
    expect("A bomb exploded last night.", PUB, "last night", "TIME", "2023-01-31TNI");
    /* the idiom is no clock time */
    expect("For the people of Poland, high noon comes today.", PUB, "today", "DATE", "2023-02-01");
    expect_absent("For the people of Poland, high noon comes today.", PUB, "noon");
}

/* R14: durations, with TimeML mods for quantifiers. */
static void test_durations(void **st)
{
    (void)st;
    expect("The strike lasted two days.", PUB, "two days", "DURATION", "P2D");
    expect("It sold 10-year bonds.", PUB, "10-year", "DURATION", "P10Y");
    expect("Talks took several years.", PUB, "several years", "DURATION", "PXY");
    expect("Stocks fell in the past three months.", PUB, "the past three months", "DURATION",
           "P3M");
    expect("Profit rose in the first nine months.", PUB, "the first nine months", "DURATION",
           "P9M");
    expect("It took twenty four hours.", PUB, "twenty four hours", "DURATION", "PT24H");
    expect("It will take 2 1/2 years.", PUB, "2 1/2 years", "DURATION", "P2Y6M");
    expect_mod("It ruled for nearly forty years.", PUB, "nearly forty years", "DURATION", "P40Y",
               "APPROX");
    expect_mod("It lasted more than four hours.", PUB, "more than four hours", "DURATION", "PT4H",
               "MORE_THAN");
    expect_mod("They stay at least 20 more years.", PUB, "at least 20 more years", "DURATION",
               "P20Y", "EQUAL_OR_MORE");
    expect_mod("It may take up to 180 days.", PUB, "up to 180 days", "DURATION", "P180D",
               "EQUAL_OR_LESS");
    expect_none("He was 37 years old.", PUB);
}

/* R15: sets. */
static void test_sets(void **st)
{
    (void)st;
    expect("Inspectors come every week.", PUB, "every week", "SET", "P1W");
    expect("It pays a dividend annually.", PUB, "annually", "SET", "P1Y");
    expect("The show airs each Thursday.", PUB, "each Thursday", "SET", "XXXX-WXX-4");
    expect("It sells 50,000 CDs a year.", PUB, "a year", "SET", "P1Y");
    expect("Flights leave on Mondays.", PUB, "Mondays", "SET", "XXXX-WXX-1");
}

/* R18: tense markers. An infinitive on the left of the expression governs it
 * (future); not one on its right or behind a comma. An irregular past form
 * after has/have is past, after be/is a passive with no tense of its own. */
static void test_tense_markers(void **st)
{
    (void)st;
    expect("The company agreed to buy the plant in June.", PUB, "June", "DATE", "2023-06");
    expect("The team planned to leave Nairobi on Thursday.", PUB, "Thursday", "DATE", "2023-02-02");
    expect("Talks are set to resume Monday in Belfast.", PUB, "Monday", "DATE", "2023-02-06");
    expect("Libya agreed in April to hand them over.", PUB, "April", "DATE", "2022-04");
    expect("Shares fell on Friday to close at $20.", PUB, "Friday", "DATE", "2023-01-27");
    expect("The dividend would be paid in March to holders.", PUB, "March", "DATE", "2023-03");
    expect("Police have found the car in October.", PUB, "October", "DATE", "2022-10");
    expect("Following are statements made Tuesday by the lawyer.", PUB, "Tuesday", "DATE",
           "2023-01-31");
}

/* R19: a past perfect near the expression makes it past, even after a word
 * that looks ahead (by, until, expire). */
static void test_past_perfect(void **st)
{
    (void)st;
    expect("Most members had filed reports by Tuesday.", PUB, "Tuesday", "DATE", "2023-01-31");
    expect("The offer had been due to expire Friday evening.", PUB, "Friday evening", "DATE",
           "2023-01-27TEV");
    expect("Until Monday, police had not called him a suspect.", PUB, "Monday", "DATE",
           "2023-01-30");
    expect("Voting runs until Sunday.", PUB, "Sunday", "DATE", "2023-02-05");
}

/* R20: a possessive weekday names a day that has come. */
static void test_weekday_possessive(void **st)
{
    (void)st;
    expect("Lawyers would look for ways around Friday's ruling.", PUB, "Friday", "DATE",
           "2023-01-27");
    expect("Nestle's share before Monday's purchases was small.", PUB, "Monday", "DATE",
           "2023-01-30");
}

/* R21: a reporting verb after a closing quote or bracket does not give the
 * quoted words their tense; a clock time passes its tense to the day after it. */
static void test_clause_tense(void **st)
{
    (void)st;
    expect("\"He will leave at 4 in the morning (4 a.m. EDT Thursday),\" Castro said.", PUB,
           "4 a.m. EDT Thursday", "TIME", "2023-02-02T04:00");
    expect("The agency extended its deadline until 9 a.m. EST Friday.", PUB, "9 a.m. EST Friday",
           "TIME", "2023-02-03T09:00");
    expect("The vote ended at 10 p.m. Monday.", PUB, "10 p.m. Monday", "TIME", "2023-01-30T22:00");
}

/* R22: narrative reference time: the next / following / previous day, month
 * or weekday and "that (same) day" count from the day (month) the text named
 * last; without one, "the next day" falls back to the anchor. */
static void test_narrative(void **st)
{
    (void)st;
    expect("The strike began on March 3, 2022. The following month, talks resumed.", PUB,
           "The following month", "DATE", "2022-04");
    expect("The index closed Friday, down 4.5% from the previous Friday.", PUB,
           "the previous Friday", "DATE", "2023-01-20");
    expect("He was arrested on Oct. 23, 2021. He was charged the next day.", PUB, "the next day",
           "DATE", "2021-10-24");
    expect("He was arrested on Oct. 23, 2021. His name was removed that same day.", PUB,
           "that same day", "DATE", "2021-10-23");
    expect("The minister will arrive the next day.", PUB, "the next day", "DATE", "2023-02-02");
}

/* R23: a participle after a modal and "be" is future ("would still be
 * held"); a word in -ed after a determiner is an adjective, no tense. */
static void test_passive_modal(void **st)
{
    (void)st;
    expect("The summit would still be held at the new NATO hall in June.", PUB, "June", "DATE",
           "2023-06");
    expect("The dividend will be paid on a still unspecified date in June.", PUB, "June", "DATE",
           "2023-06");
    expect("The deal was signed in March.", PUB, "March", "DATE", "2022-03");
}

/* R24: planned / scheduled / slated / set for, and due, look ahead. */
static void test_plan_signal(void **st)
{
    (void)st;
    expect_mod("The accession was planned for early March, an official said.", PUB, "early March",
               "DATE", "2023-03", "START");
    expect("Officials said the report was due in August.", PUB, "August", "DATE", "2023-08");
    expect("The talks were scheduled for Friday.", PUB, "Friday", "DATE", "2023-02-03");
    /* "as planned" without "for" is no plan for the day */
    expect("The offensive began as previously planned Saturday night.", PUB, "Saturday night",
           "DATE", "2023-01-28TNI");
    /* "plans" as a noun is no plan of the sentence's subject */
    expect(
        "On Friday, when the minister set aside vacation plans for the trip, the ban was lifted.",
        PUB, "Friday", "DATE", "2023-01-27");
    expect("The company plans on Friday to name a chief.", PUB, "Friday", "DATE", "2023-02-03");
}

/* R25: an expression that opens its sentence takes the tense of the clause
 * after it, up to twice the usual reach. */
static void test_opening_tense(void **st)
{
    (void)st;
    expect("On Tuesday, the National Abortion and Reproductive Rights Action League plans to hold "
           "a news conference.",
           PUB, "Tuesday", "DATE", "2023-02-07");
    expect("On Tuesday, the National Abortion and Reproductive Rights Action League said it "
           "opposed the bill.",
           PUB, "Tuesday", "DATE", "2023-01-31");
}

/* R26: a clock time is dated by a day in or right after a bracketed aside;
 * "4 in the morning" is 04:00. */
static void test_time_aside(void **st)
{
    (void)st;
    expect("The blast occurred at 10:35 a.m. (0735 GMT) Friday, toppling a building.", PUB,
           "10:35 a.m.", "TIME", "2023-01-27T10:35");
    expect("\"He will leave at 4 in the morning (4 a.m. EDT Thursday),\" Castro said.", PUB,
           "4 in the morning", "TIME", "2023-02-02T04:00");
    expect("The ship docked at 8 in the evening.", PUB, "8 in the evening", "TIME",
           "2023-02-01T20:00");
}

/* R27: a part of the day before a day, or after "the" or a position word,
 * without one: the day the text named last, else the anchor. */
static void test_part_of_day(void **st)
{
    (void)st;
    expect_mod("In London at mid-afternoon yesterday, shares were up.", PUB,
               "mid-afternoon yesterday", "TIME", "2023-01-31TAF", "MID");
    expect("Stocks fell Friday. Dealers placed heavy buy orders in the morning.", PUB,
           "the morning", "TIME", "2023-01-27TMO");
    expect_mod("By mid afternoon, the operation was over.", PUB, "mid afternoon", "TIME",
               "2023-02-01TAF", "MID");
    expect_absent("He went home from synagogue on the night of Friday.", PUB, "the night");
    expect_absent("Dealers placed orders in the morning of Oct. 23.", PUB, "the morning");
}

/* R28: "April 24 and 25": a day number after and / or that follows a
 * month-day date; "the March accession"; a day number that the segmenter
 * cut off as a sentence of its own. */
static void test_day_list(void **st)
{
    (void)st;
    expect("The summit will be held on April 24 and 25 in Washington.", PUB, "25", "DATE",
           "2023-04-25");
    expect("The March accession will enable them to join.", PUB, "March", "DATE", "2023-03");
    expect("Flights will depart each week from August 6. This adds seats.", PUB, "August 6", "DATE",
           "2023-08-06");
    expect_absent("The offer rose to 24 and 25 shares.", PUB, "25");
}

/* R29: vague and compound durations. */
static void test_vague_durations(void **st)
{
    (void)st;
    expect("They waited for a while.", PUB, "a while", "DURATION", "PXX");
    expect("It ended a while ago.", PUB, "a while ago", "DATE", "PAST_REF");
    expect_absent("Stay a while and listen.", PUB, "a while");
    expect("Over the years it grew.", PUB, "the years", "DURATION", "PXY");
    expect("Fewer were saved in the early years.", PUB, "the early years", "DURATION", "PXY");
    expect("The loan may be extended for an additional year.", PUB, "an additional year",
           "DURATION", "P1Y");
    expect("It took two and a half years.", PUB, "two and a half years", "DURATION", "P2Y6M");
    expect("But a minute and a half later, a pilot called.", PUB, "a minute and a half", "DURATION",
           "PT1M30S");
    expect("Eight trading days after the plunge, it fell.", PUB, "Eight trading days", "DURATION",
           "P8D");
    expect("They left their third day-long meeting.", PUB, "day-long", "DURATION", "P1D");
    expect("Funds must pay investors in the weeks ahead.", PUB, "the weeks ahead", "DURATION",
           "PXW");
    expect_absent("It was a long day-to-day fight.", PUB, "day");
}

/* R30: words that look like time expressions but name none. */
static void test_not_times(void **st)
{
    (void)st;
    expect_none("The quarter-to-quarter comparison was also enhanced.", PUB);
    expect_none("Gonzalez said on CBS's 60 Minutes that he would stay.", PUB);
    expect("Gonzalez talked for 60 minutes.", PUB, "60 minutes", "DURATION", "PT60M");
    expect_none("If I were choosing the people of tomorrow, I would choose them.", PUB);
    expect("The vote of the board is tomorrow.", PUB, "tomorrow", "DATE", "2023-02-02");
}

/* R31: the near, short and long term. */
static void test_term_refs(void **st)
{
    (void)st;
    expect("We don't minimize the challenges of the near term.", PUB, "the near term", "DATE",
           "FUTURE_REF");
    expect("It will placate holders in the short term.", PUB, "the short term", "DATE",
           "FUTURE_REF");
    expect_none("The company will reduce its long-term debt.", PUB);
    expect_none("The short term rate rose.", PUB);
    expect("It will raise the money at a later date.", PUB, "a later date", "DATE", "FUTURE_REF");
    expect_absent("It came later.", PUB, "later");
}

/* R32: reporting periods named by a year, a year-earlier length, the
 * latest fiscal year. */
static void test_report_periods(void **st)
{
    (void)st;
    expect("Profit rose in the third quarter. Sales in the 2022 quarter fell.", PUB,
           "the 2022 quarter", "DATE", "2022-Q3");
    expect("Sales in the 2022 quarter fell.", PUB, "the 2022 quarter", "DATE", "2022");
    expect("Net for the year-earlier nine months included a gain.", PUB,
           "the year-earlier nine months", "DURATION", "P9M");
    expect("It had sales of $6 billion in the latest fiscal year.", PUB, "the latest fiscal year",
           "DATE", "2022");
    expect("For the latest year ended June 30, it fell.", PUB, "June 30", "DATE", "2022-06-30");
    expect_absent("For the latest year ended June 30, it fell.", PUB, "the latest year");
}

/* R33: a day counted from a date, a relative weekday with its date, an
 * ordinal day of an ongoing event. */
static void test_day_offsets(void **st)
{
    (void)st;
    expect("The day before last Tuesday's hearing, he left.", PUB, "The day before last Tuesday",
           "DATE", "2023-01-30");
    expect("The day after Christmas he flew home.", PUB, "The day after Christmas", "DATE",
           "2022-12-26");
    expect("The vote is this coming Sunday, March 5.", PUB, "this coming Sunday, March 5", "DATE",
           "2023-03-05");
    expect("We met this past Sunday.", PUB, "this past Sunday", "DATE", "2023-01-29");
    expect("Today is the eighth day of the strike.", PUB, "the eighth day", "DATE", "2023-02-01");
    expect("It is the theme of our campaign from now to Election Day.", "1998-10-26",
           "Election Day", "DATE", "1998-11-03");
    expect_absent("Election officials met.", PUB, "Election");
    expect_absent("He was seen the day after his death.", PUB, "the day after his death");
}

/* R16: without a publication date, relative values stay unresolved. */
static void test_unresolved(void **st)
{
    (void)st;
    expect("Prices fell yesterday.", NULL, "yesterday", "DATE", "XXXX-XX-XX");
    expect("The talks ended Monday.", NULL, "Monday", "DATE", "XXXX-WXX-1");
    expect("Prices fell last year.", NULL, "last year", "DATE", "XXXX");
    expect("It was signed in December.", NULL, "December", "DATE", "XXXX-12");
    expect("It opened on January 24.", NULL, "January 24", "DATE", "XXXX-01-24");
    expect("Xi will visit this spring.", NULL, "this spring", "DATE", "XXXX-SP");
    /* absolute values do not need an anchor */
    expect("It opened on 24 January 2023.", NULL, "24 January 2023", "DATE", "2023-01-24");
    expect("The strike lasted two days.", NULL, "two days", "DURATION", "P2D");
}

/* R17: a dateline gives the publication date when nothing else does. */
static void test_dateline(void **st)
{
    (void)st;
    nx_doc doc;
    assert_int_equal(
        run_dates(&doc, "BRUSSELS 1996-08-22\n\nThe EU said on Thursday it would act.", NULL, -1),
        NX_OK);
    assert_non_null(doc.published.data);
    assert_string_equal(doc.published.data, "1996-08-22");
    assert_string_equal(doc.published_source, "dateline");
    /* the dateline's own date is the publication date, not a timex of the text */
    assert_int_equal(doc.n_timexes, 1);
    const nx_timex *t = find(&doc, "Thursday", 0);
    assert_non_null(t);
    assert_string_equal(t->value, "1996-08-22");
    nx_doc_free(&doc);

    assert_int_equal(
        run_dates(&doc, "WASHINGTON, Jan. 24, 2023 (Reuters) - Officials met yesterday.", NULL, -1),
        NX_OK);
    assert_string_equal(doc.published.data, "2023-01-24");
    t = find(&doc, "yesterday", 0);
    assert_non_null(t);
    assert_string_equal(t->value, "2023-01-23");
    nx_doc_free(&doc);

    /* a yearless dateline takes its year from the transport timestamp ... */
    const int64_t ts = 1674604800000; /* 2023-01-25T00:00:00Z */
    assert_int_equal(
        run_dates(&doc, "WASHINGTON, Jan. 24 (Reuters) - Officials met yesterday.", NULL, ts),
        NX_OK);
    assert_string_equal(doc.published.data, "2023-01-24");
    nx_doc_free(&doc);
    /* ... and without one the publication date stays absent */
    assert_int_equal(
        run_dates(&doc, "WASHINGTON, Jan. 24 (Reuters) - Officials met yesterday.", NULL, -1),
        NX_OK);
    assert_null(doc.published.data);
    t = find(&doc, "yesterday", 0);
    assert_non_null(t);
    assert_string_equal(t->value, "XXXX-XX-XX");
    nx_doc_free(&doc);

    /* the dateline may follow a headline line */
    assert_int_equal(
        run_dates(
            &doc,
            "SOCCER - SHEARER NAMED AS ENGLAND CAPTAIN .\nLONDON 1996-08-30\nShearer was named "
            "captain on Friday.",
            NULL, -1),
        NX_OK);
    assert_non_null(doc.published.data);
    assert_string_equal(doc.published.data, "1996-08-30");
    t = find(&doc, "Friday", 0);
    assert_non_null(t);
    assert_string_equal(t->value, "1996-08-30");
    nx_doc_free(&doc);
    /* but not a date inside running text */
    assert_int_equal(
        run_dates(&doc, "Talks ended. LONDON 1996-08-30 was the date given.", NULL, -1), NX_OK);
    assert_null(doc.published.data);
    nx_doc_free(&doc);

    /* a header date wins over the dateline */
    assert_int_equal(
        run_dates(&doc, "BRUSSELS 1996-08-22\n\nThe EU met on Thursday.", "1996-08-23", -1), NX_OK);
    assert_string_equal(doc.published.data, "1996-08-23");
    assert_string_equal(doc.published_source, "header");
    nx_doc_free(&doc);
}

/* Spans follow TimeML: no leading preposition, sorted, never overlapping. */
static void test_spans(void **st)
{
    (void)st;
    nx_doc doc;
    const char *text =
        "On Monday, in 2023, since last February and at 2 p.m. on January 24, prices fell "
        "for two days during the third quarter.";
    assert_int_equal(run_dates(&doc, text, PUB, -1), NX_OK);
    const char *want[] = {"Monday",     "2023",     "last February",    "2 p.m.",
                          "January 24", "two days", "the third quarter"};
    if (doc.n_timexes != sizeof(want) / sizeof(want[0]))
        dump(&doc);
    assert_int_equal(doc.n_timexes, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < doc.n_timexes; i++) {
        const nx_timex *t = &doc.timexes[i];
        assert_int_equal(t->end - t->start, strlen(want[i]));
        assert_memory_equal(doc.text + t->start, want[i], strlen(want[i]));
        if (i)
            assert_true(t->start >= doc.timexes[i - 1].end);
    }
    nx_doc_free(&doc);
}

/* Every allocation failure gives NX_ERR_NOMEM and leaks nothing (ASan checks the leak). */
static void test_alloc_failure(void **st)
{
    (void)st;
    const char *text = "On Monday, in 2023, since last February, prices fell for two days.";
    int failed = 0;
    for (unsigned long n = 1; n < 200; n++) {
        nx_doc doc;
        memset(&g_opts, 0, sizeof(g_opts));
        nx_doc_init(&doc, NULL, &g_opts);
        doc.text = nx_strndup(text, strlen(text));
        doc.text_len = strlen(text);
        char errstr[128];
        assert_int_equal(nx_segment(&doc, errstr, sizeof(errstr)), NX_OK);
        assert_int_equal(nx_str_set(&doc.published, PUB, strlen(PUB)), NX_OK);
        void *state = NULL;
        nx_alloc_fail_at(n);
        nx_err e = nx_stage_dates.init(&g_opts, &state, errstr, sizeof(errstr));
        if (!e) {
            e = nx_stage_dates.run(&doc, state, errstr, sizeof(errstr));
            nx_stage_dates.free_state(state);
        }
        unsigned long used = nx_alloc_count();
        nx_alloc_fail_at(0);
        if (e) {
            assert_int_equal(e, NX_ERR_NOMEM);
            failed++;
        }
        nx_doc_free(&doc);
        if (!e && used < n)
            break; /* every allocation succeeded: all failure points were tried */
    }
    assert_true(failed >= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekday_past),
        cmocka_unit_test(test_weekday_future),
        cmocka_unit_test(test_weekday_rel),
        cmocka_unit_test(test_last_month_name),
        cmocka_unit_test(test_bare_month),
        cmocka_unit_test(test_month_day),
        cmocka_unit_test(test_explicit_dates),
        cmocka_unit_test(test_seasons),
        cmocka_unit_test(test_years_and_mods),
        cmocka_unit_test(test_relative),
        cmocka_unit_test(test_quarters),
        cmocka_unit_test(test_refs),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_sets),
        cmocka_unit_test(test_unresolved),
        cmocka_unit_test(test_dateline),
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_alloc_failure),
        cmocka_unit_test(test_tense_markers),
        cmocka_unit_test(test_past_perfect),
        cmocka_unit_test(test_weekday_possessive),
        cmocka_unit_test(test_clause_tense),
        cmocka_unit_test(test_narrative),
        cmocka_unit_test(test_passive_modal),
        cmocka_unit_test(test_plan_signal),
        cmocka_unit_test(test_opening_tense),
        cmocka_unit_test(test_time_aside),
        cmocka_unit_test(test_part_of_day),
        cmocka_unit_test(test_day_list),
        cmocka_unit_test(test_vague_durations),
        cmocka_unit_test(test_not_times),
        cmocka_unit_test(test_term_refs),
        cmocka_unit_test(test_report_periods),
        cmocka_unit_test(test_day_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
