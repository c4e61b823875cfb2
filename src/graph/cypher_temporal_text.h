/* cypher_temporal_text.h: calendar arithmetic and the ISO 8601 text of
 * temporal values from their protocol fields (graphd.proto Temporal);
 * dependency-free, for the server, the HTTP API and the client library. */
#ifndef GRAPHD_GRAPH_CYPHER_TEMPORAL_TEXT_H
#define GRAPHD_GRAPH_CYPHER_TEMPORAL_TEXT_H

#include <stdbool.h>
#include <stdint.h>

/* The kinds in the order of graphd.proto's Temporal.Kind. */
enum { CVT_DATE, CVT_LOCALTIME, CVT_TIME, CVT_LOCALDATETIME, CVT_DATETIME,
       CVT_DURATION };

/* Fits the longest text cvt_text writes. */
#define CVT_TEXT_MAX 96

int64_t cvt_floordiv(int64_t a, int64_t b);
int64_t cvt_floormod(int64_t a, int64_t b);
bool cvt_leap(int64_t y);
int cvt_month_days(int64_t y, int m);
int64_t cvt_days_from_civil(int64_t y, int m, int d);
void cvt_civil_from_days(int64_t z, int64_t *y, int *m, int *d);

char *cvt_put_date(char *p, int64_t day);
char *cvt_put_time(char *p, int64_t nano);
char *cvt_put_offset(char *p, int32_t off);
/* As Neo4j prints it: "2015-07-21T21:40:32.142+01:00[Europe/London]",
 * "P1Y2M3DT4H5M6.5S"; f and zone as in graphd.proto's Temporal (zone may
 * be NULL). buf holds CVT_TEXT_MAX. */
void cvt_text(int kind, const int64_t f[4], const char *zone, char *buf);

#endif
