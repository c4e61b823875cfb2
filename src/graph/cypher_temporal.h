/* cypher_temporal.h: Cypher's temporal values (date, localtime, time,
 * localdatetime, datetime, duration): calendar, time zones, ISO 8601 text,
 * comparison, arithmetic, accessors and the temporal functions. */
#ifndef GRAPHD_GRAPH_CYPHER_TEMPORAL_H
#define GRAPHD_GRAPH_CYPHER_TEMPORAL_H

#include <stdbool.h>
#include <stdint.h>

#include "graph/cypher_value.h"

#define CV_NANOS_PER_SEC 1000000000LL
#define CV_NANOS_PER_DAY 86400000000000LL

/* True for the six temporal kinds. */
static inline bool cv_is_temporal(enum cv_kind k)
{
	return k >= CV_DATE && k <= CV_DURATION;
}

/* A new value of the kind; the fields not used by the kind are zero. */
struct cv cv_temporal_make(enum cv_kind kind, int64_t day, int64_t nano,
			   int32_t offset, uint32_t zone);
struct cv cv_duration_make(int64_t months, int64_t days, int64_t seconds,
			   int64_t nanos);

/* ISO 8601 as Neo4j prints it ("2015-07-21T21:40:32.142+01:00[Europe/
 * London]", "P1Y2M3DT4H5M6.5S"). buf holds CV_TEMPORAL_TEXT_MAX. */
#define CV_TEMPORAL_TEXT_MAX 96 /* = CVT_TEXT_MAX */
void cv_temporal_text(const struct cv *v, char *buf);

/* Comparison of two values of the same temporal kind for <, <= ...:
 * 0 and *c set, or -1 when they are not comparable (durations). */
int cv_temporal_compare(const struct cv *a, const struct cv *b, int *c);
/* A total order (ORDER BY) and equality of two values of one kind. */
int cv_temporal_order(const struct cv *a, const struct cv *b);
bool cv_temporal_equal(const struct cv *a, const struct cv *b);
uint64_t cv_temporal_hash(const struct cv *v);

/* a + b, a - b, a * b, a / b where one side is temporal (op is
 * CYPHER_OP_ADD, _SUB, _MUL, _DIV). 1 when handled (*out or err set: 0 /
 * -1 in *rc), 0 when these kinds have no temporal meaning. */
int cv_temporal_binary(enum cypher_op op, const struct cv *a,
		       const struct cv *b, struct cv *out, struct cv_err *err,
		       int *rc);
/* -d of a duration. */
int cv_duration_negate(const struct cv *a, struct cv *out, struct cv_err *err);
/* v.key: 0 with *out set (null for an unknown key), -1 with err set. */
int cv_temporal_property(const struct cv *v, const char *key, struct cv *out,
			 struct cv_err *err);

/* Named time zones from the system tz database. The id of name (> 0), or
 * 0 with err set when there is no such zone. */
uint32_t cv_tz_lookup(const char *name, struct cv_err *err);
const char *cv_tz_name(uint32_t zone);
/* The zone's offset from UTC (seconds) at the instant utc (seconds). */
int32_t cv_tz_offset_at(uint32_t zone, int64_t utc);
/* The offset to use for a local date-time (seconds since the epoch as if
 * UTC); *local is moved forward across a gap. */
int32_t cv_tz_offset_for_local(uint32_t zone, int64_t *local);

/* Protocol form: the kind and four integers (see graphd.proto Temporal). */
void cv_temporal_fields(const struct cv *v, int64_t f[4], const char **zone);
int cv_temporal_from_fields(enum cv_kind kind, const int64_t f[4],
			    const char *zone, struct cv *out,
			    struct cv_err *err);

/* The temporal functions (date(), duration.between(), ...): see
 * cypher_func.c, which looks them up here when its own table has none. */
struct cv_func;
const struct cv_func *cv_temporal_func_lookup(const char *name);

#endif
