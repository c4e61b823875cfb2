/* cypher_temporal_int.h: calendar and text helpers the temporal files share
 * (cypher_temporal.c, cypher_temporal_func.c, cypher_temporal_parse.c). */
#ifndef GRAPHD_GRAPH_CYPHER_TEMPORAL_INT_H
#define GRAPHD_GRAPH_CYPHER_TEMPORAL_INT_H

#include "graph/cypher_temporal.h"
#include "graph/cypher_temporal_text.h"

/* Years are bounded as in Neo4j (java.time's Year.MIN/MAX_VALUE). */
#define CVT_MIN_YEAR (-999999999LL)
#define CVT_MAX_YEAR 999999999LL
#define CVT_MIN_DAY (-365243219162LL) /* -999999999-01-01 */
#define CVT_MAX_DAY 365241780471LL    /* +999999999-12-31 */
#define CVT_MAX_OFFSET (18 * 3600)
#define CVT_ZONE_NAME_MAX 64
#define CVT_AVG_SECONDS_PER_MONTH 2629746LL /* 365.2425 days / 12 */

int cvt_weekday(int64_t day); /* 1 Monday .. 7 Sunday */
int64_t cvt_week1_monday(int64_t y);
void cvt_iso_week(int64_t day, int64_t *wyear, int *week);
int cvt_weeks_in_year(int64_t y);

/* A datetime's instant: UTC seconds and the nanos of that second. */
void cvt_instant(const struct cv *v, int64_t *sec, int64_t *nano);
/* A datetime at UTC instant (sec, nano) in zone (0: offset off). */
struct cv cvt_datetime_at(int64_t sec, int64_t nano, int32_t off,
			  uint32_t zone);
/* A datetime from local fields, its offset resolved in zone when zone
 * is set (the local time moves forward across a gap). */
struct cv cvt_datetime_local(int64_t day, int64_t nano, int32_t off,
			     uint32_t zone);
/* Does kind have a date / a time of day / an offset? */
bool cvt_has_date(enum cv_kind k);
bool cvt_has_time(enum cv_kind k);
bool cvt_has_offset(enum cv_kind k);
/* Neo4j's DurationValue.approximate: fractions cascade down (a month is
 * CVT_AVG_SECONDS_PER_MONTH, a day 86400 s). */
int cvt_duration_approx(double months, double days, double seconds,
			double nanos, struct cv *out, struct cv_err *err);

#endif
