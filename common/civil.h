/*
 * civil.h - proleptic Gregorian calendar arithmetic (Howard Hinnant's
 * days_from_civil / civil_from_days), shared by the input, date and view
 * code. Days count from 1970-01-01 (day 0); months are 1-12.
 */
#ifndef NX_CIVIL_H
#define NX_CIVIL_H

#include <stdint.h>

/* Days since 1970-01-01 of the date y-m-d. */
int64_t nx_days_from_civil(int64_t y, int m, int d);

/* The date of a day count since 1970-01-01. */
void nx_civil_from_days(int64_t days, int *y, int *m, int *d);

/* Days in month m (1-12) of year y. */
int nx_days_in_month(int y, int m);

#endif
