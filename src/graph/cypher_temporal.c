/* cypher_temporal.c: temporal values: calendar arithmetic, time zones from
 * the system tz database, ISO 8601 text, comparison, arithmetic with
 * durations and component accessors, as Neo4j (java.time) defines them. */
#include "graph/cypher_temporal.h"
#include "graph/cypher_temporal_int.h"
#include "graph/cypher_value_int.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- calendar */

/* 1 = Monday .. 7 = Sunday (1970-01-01 was a Thursday). */
int cvt_weekday(int64_t day)
{
	return (int)cvt_floormod(day + 3, 7) + 1;
}

/* The Monday of ISO week 1 of week-year y. */
int64_t cvt_week1_monday(int64_t y)
{
	int64_t jan4 = cvt_days_from_civil(y, 1, 4);

	return jan4 - (cvt_weekday(jan4) - 1);
}

void cvt_iso_week(int64_t day, int64_t *wyear, int *week)
{
	int64_t y;
	int m, d;

	cvt_civil_from_days(day, &y, &m, &d);
	if (day >= cvt_week1_monday(y + 1))
		y++;
	else if (day < cvt_week1_monday(y))
		y--;
	*wyear = y;
	*week = (int)((day - cvt_week1_monday(y)) / 7 + 1);
}

int cvt_weeks_in_year(int64_t y)
{
	return (int)((cvt_week1_monday(y + 1) - cvt_week1_monday(y)) / 7);
}

/* -------------------------------------------------------------- time zones */

/* A zone read from a TZif file: offsets[i] holds from at[i] on (UTC
 * seconds); before at[0], initial. Never changed once published. */
struct tz_zone {
	char name[CVT_ZONE_NAME_MAX + 1];
	int32_t initial;
	size_t n;
	int64_t *at;
	int32_t *offsets;
};

#define TZ_MAX_ZONES 600	 /* distinct zones one process loads */
#define TZ_MAX_FILE (1 << 20)	 /* bytes of one TZif file */
#define TZ_MAX_TRANSITIONS 10000 /* per zone */

static struct tz_zone tz_zones[TZ_MAX_ZONES];
static size_t tz_n;
static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

static bool tz_name_ok(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > CVT_ZONE_NAME_MAX || name[0] == '/' ||
	    strstr(name, ".."))
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '/' || c == '_' ||
		      c == '-' || c == '+'))
			return false;
	}
	return true;
}

static int64_t be(const unsigned char *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	if (n == 4)
		return (int32_t)(uint32_t)v;
	return (int64_t)v;
}

/* Parses one TZif data block (times of width w bytes) at p, len bytes
 * left; fills z. Returns the block's size, or 0 when malformed. */
static size_t tz_parse_block(const unsigned char *p, size_t len, int w,
			     struct tz_zone *z)
{
	size_t isut, isstd, leap, timecnt, typecnt, charcnt, need, i;
	const unsigned char *times, *idx, *types;

	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return 0;
	isut = (size_t)be(p + 20, 4);
	isstd = (size_t)be(p + 24, 4);
	leap = (size_t)be(p + 28, 4);
	timecnt = (size_t)be(p + 32, 4);
	typecnt = (size_t)be(p + 36, 4);
	charcnt = (size_t)be(p + 40, 4);
	if (timecnt > TZ_MAX_TRANSITIONS || typecnt == 0 || typecnt > 256 ||
	    leap > 1000 || isut > 256 || isstd > 256 || charcnt > 4096)
		return 0;
	need = 44 + timecnt * (size_t)w + timecnt + typecnt * 6 + charcnt +
	       leap * (size_t)(w + 4) + isstd + isut;
	if (need > len)
		return 0;
	times = p + 44;
	idx = times + timecnt * (size_t)w;
	types = idx + timecnt;
	z->initial = (int32_t)be(types, 4);
	z->n = 0;
	z->at = calloc(timecnt + 1, sizeof(*z->at));
	z->offsets = calloc(timecnt + 1, sizeof(*z->offsets));
	if (!z->at || !z->offsets)
		return 0;
	for (i = 0; i < timecnt; i++) {
		if (idx[i] >= typecnt)
			return 0;
		z->at[i] = be(times + i * (size_t)w, w);
		z->offsets[i] = (int32_t)be(types + idx[i] * 6, 4);
	}
	z->n = timecnt;
	return need;
}

static int tz_load(const char *name, struct tz_zone *z)
{
	char path[CVT_ZONE_NAME_MAX + 32];
	unsigned char *buf;
	size_t len, first;
	FILE *f;
	int ok = 0;

	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", name);
	if (!(f = fopen(path, "rb")))
		return -1;
	buf = malloc(TZ_MAX_FILE);
	len = buf ? fread(buf, 1, TZ_MAX_FILE, f) : 0;
	fclose(f);
	if (!buf)
		return -1;
	first = tz_parse_block(buf, len, 4, z);
	if (first && buf[4] >= '2') {
		/* version 2+: a second block with 64-bit times follows */
		free(z->at);
		free(z->offsets);
		z->at = NULL;
		z->offsets = NULL;
		ok = tz_parse_block(buf + first, len - first, 8, z) ? 0 : -1;
	} else {
		ok = first ? 0 : -1;
	}
	free(buf);
	if (ok) {
		free(z->at);
		free(z->offsets);
		z->at = NULL;
		z->offsets = NULL;
	}
	return ok;
}

uint32_t cv_tz_lookup(const char *name, struct cv_err *err)
{
	struct tz_zone z = {0};
	uint32_t id = 0;
	size_t i;

	if (!tz_name_ok(name)) {
		cv_err_set(err, CV_ERR_ARG, "invalid time zone '%.64s'", name);
		return 0;
	}
	pthread_mutex_lock(&tz_lock);
	for (i = 0; i < tz_n && !id; i++)
		if (!strcmp(tz_zones[i].name, name))
			id = (uint32_t)i + 1;
	if (!id && tz_n < TZ_MAX_ZONES && tz_load(name, &z) == 0) {
		snprintf(z.name, sizeof(z.name), "%s", name);
		tz_zones[tz_n++] = z;
		id = (uint32_t)tz_n;
	}
	pthread_mutex_unlock(&tz_lock);
	if (!id)
		cv_err_set(err, CV_ERR_ARG,
			   "unknown time zone '%s' (not in the tz database)",
			   name);
	return id;
}

static const struct tz_zone *tz_get(uint32_t zone)
{
	const struct tz_zone *z = NULL;

	pthread_mutex_lock(&tz_lock);
	if (zone >= 1 && zone <= tz_n)
		z = &tz_zones[zone - 1];
	pthread_mutex_unlock(&tz_lock);
	return z;
}

const char *cv_tz_name(uint32_t zone)
{
	const struct tz_zone *z = tz_get(zone);

	return z ? z->name : "UTC";
}

int32_t cv_tz_offset_at(uint32_t zone, int64_t utc)
{
	const struct tz_zone *z = tz_get(zone);
	size_t lo = 0, hi;

	if (!z)
		return 0;
	if (z->n == 0 || utc < z->at[0])
		return z->initial;
	hi = z->n; /* the last transition at or before utc, binary search */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->at[mid] <= utc)
			lo = mid;
		else
			hi = mid;
	}
	return z->offsets[lo];
}

int32_t cv_tz_offset_for_local(uint32_t zone, int64_t *local)
{
	int32_t before = cv_tz_offset_at(zone, *local - 86400),
		after = cv_tz_offset_at(zone, *local + 86400);

	/* java.time: in an overlap the earlier offset; in a gap the local
	 * time moves forward by the gap's length */
	if (cv_tz_offset_at(zone, *local - before) == before)
		return before;
	if (cv_tz_offset_at(zone, *local - after) == after)
		return after;
	*local += after - before;
	return after;
}

/* ------------------------------------------------------------ construction */

struct cv cv_temporal_make(enum cv_kind kind, int64_t day, int64_t nano,
			   int32_t offset, uint32_t zone)
{
	struct cv v = {.kind = kind};

	v.u.t.day = day;
	v.u.t.nano = nano;
	v.u.t.offset = offset;
	v.u.t.zone = zone;
	return v;
}

struct cv cv_duration_make(int64_t months, int64_t days, int64_t seconds,
			   int64_t nanos)
{
	struct cv v = {.kind = CV_DURATION};

	v.u.d.months = months;
	v.u.d.days = days;
	v.u.d.seconds = seconds + cvt_floordiv(nanos, CV_NANOS_PER_SEC);
	v.u.d.nanos = (int32_t)cvt_floormod(nanos, CV_NANOS_PER_SEC);
	return v;
}

void cv_temporal_fields(const struct cv *v, int64_t f[4], const char **zone)
{
	*zone = NULL;
	if (v->kind == CV_DURATION) {
		f[0] = v->u.d.months;
		f[1] = v->u.d.days;
		f[2] = v->u.d.seconds;
		f[3] = v->u.d.nanos;
		return;
	}
	f[0] = v->u.t.day;
	f[1] = v->u.t.nano;
	f[2] = v->u.t.offset;
	f[3] = 0;
	if (v->kind == CV_DATETIME && v->u.t.zone)
		*zone = cv_tz_name(v->u.t.zone);
}

int cv_temporal_from_fields(enum cv_kind kind, const int64_t f[4],
			    const char *zone, struct cv *out,
			    struct cv_err *err)
{
	uint32_t z = 0;

	*out = cv_null();
	if (kind == CV_DURATION) {
		if (f[3] < 0 || f[3] >= CV_NANOS_PER_SEC)
			return cv_err_set(err, CV_ERR_ARG,
					  "malformed duration");
		*out = cv_duration_make(f[0], f[1], f[2], f[3]);
		return 0;
	}
	if (f[1] < 0 || f[1] >= CV_NANOS_PER_DAY || f[2] < -CVT_MAX_OFFSET ||
	    f[2] > CVT_MAX_OFFSET || f[0] < CVT_MIN_DAY || f[0] > CVT_MAX_DAY)
		return cv_err_set(err, CV_ERR_ARG, "malformed %s",
				  cv_kind_name(kind));
	if (zone && !(z = cv_tz_lookup(zone, err)))
		return -1;
	*out = cv_temporal_make(kind, f[0], f[1], (int32_t)f[2], z);
	return 0;
}

void cv_temporal_text(const struct cv *v, char *buf)
{
	int64_t f[4];
	const char *zone;

	cv_temporal_fields(v, f, &zone);
	cvt_text((int)(v->kind - CV_DATE), f, zone, buf);
}

/* ------------------------------------------------------ compare and order */

static int cmp64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

/* A datetime's instant: UTC seconds and nanos of the second. */
void cvt_instant(const struct cv *v, int64_t *sec, int64_t *nano)
{
	*sec = v->u.t.day * 86400 + v->u.t.nano / CV_NANOS_PER_SEC -
	       v->u.t.offset;
	*nano = v->u.t.nano % CV_NANOS_PER_SEC;
}

int cv_temporal_compare(const struct cv *a, const struct cv *b, int *c)
{
	int64_t s1, n1, s2, n2;

	switch (a->kind) {
	case CV_DATE:
		*c = cmp64(a->u.t.day, b->u.t.day);
		return 0;
	case CV_LOCALTIME:
		*c = cmp64(a->u.t.nano, b->u.t.nano);
		return 0;
	case CV_TIME:
		*c = cmp64(a->u.t.nano - a->u.t.offset * CV_NANOS_PER_SEC,
			   b->u.t.nano - b->u.t.offset * CV_NANOS_PER_SEC);
		return 0;
	case CV_LOCALDATETIME:
		*c = a->u.t.day != b->u.t.day ? cmp64(a->u.t.day, b->u.t.day)
					      : cmp64(a->u.t.nano, b->u.t.nano);
		return 0;
	case CV_DATETIME:
		cvt_instant(a, &s1, &n1);
		cvt_instant(b, &s2, &n2);
		*c = s1 != s2 ? cmp64(s1, s2) : cmp64(n1, n2);
		return 0;
	default:
		return -1; /* durations have no order for < and > */
	}
}

int cv_temporal_order(const struct cv *a, const struct cv *b)
{
	const struct cv_duration *x = &a->u.d, *y = &b->u.d;
	int c = 0;

	if (a->kind != CV_DURATION) {
		cv_temporal_compare(a, b, &c);
		if (c == 0 && a->kind == CV_TIME)
			c = cmp64(b->u.t.offset, a->u.t.offset);
		/* the same instant: apart by offset and zone, so that
		 * order 0 is exactly equality (and the hash agrees) */
		if (c == 0 && a->kind == CV_DATETIME)
			c = cmp64(b->u.t.offset, a->u.t.offset);
		if (c == 0 && a->kind == CV_DATETIME)
			c = cmp64(a->u.t.zone, b->u.t.zone);
		return c;
	}
	/* by an average length, then component by component */
	if ((c = cmp64(x->months * 2629746 + x->days * 86400 + x->seconds,
		       y->months * 2629746 + y->days * 86400 + y->seconds)))
		return c;
	if ((c = cmp64(x->nanos, y->nanos)))
		return c;
	if ((c = cmp64(x->months, y->months)))
		return c;
	return cmp64(x->days, y->days);
}

bool cv_temporal_equal(const struct cv *a, const struct cv *b)
{
	if (a->kind == CV_DURATION)
		return a->u.d.months == b->u.d.months &&
		       a->u.d.days == b->u.d.days &&
		       a->u.d.seconds == b->u.d.seconds &&
		       a->u.d.nanos == b->u.d.nanos;
	/* same instant and same offset/zone: java.time's equals */
	return a->u.t.day == b->u.t.day && a->u.t.nano == b->u.t.nano &&
	       a->u.t.offset == b->u.t.offset && a->u.t.zone == b->u.t.zone;
}

uint64_t cv_temporal_hash(const struct cv *v)
{
	uint64_t h = 1469598103934665603ull;
	int64_t f[4];
	const char *zone;
	int i;

	cv_temporal_fields(v, f, &zone);
	for (i = 0; i < 4; i++)
		h = (h ^ (uint64_t)f[i]) * 1099511628211ull;
	return h ^ v->u.t.zone;
}

/* --------------------------------------------------------------- helpers */

bool cvt_has_date(enum cv_kind k)
{
	return k == CV_DATE || k == CV_LOCALDATETIME || k == CV_DATETIME;
}

bool cvt_has_time(enum cv_kind k)
{
	return k == CV_LOCALTIME || k == CV_TIME || k == CV_LOCALDATETIME ||
	       k == CV_DATETIME;
}

bool cvt_has_offset(enum cv_kind k)
{
	return k == CV_TIME || k == CV_DATETIME;
}

struct cv cvt_datetime_at(int64_t sec, int64_t nano, int32_t off,
			  uint32_t zone)
{
	int64_t local;

	if (zone)
		off = cv_tz_offset_at(zone, sec);
	local = sec + off;
	return cv_temporal_make(CV_DATETIME, cvt_floordiv(local, 86400),
				cvt_floormod(local, 86400) * CV_NANOS_PER_SEC +
				    nano,
				off, zone);
}

struct cv cvt_datetime_local(int64_t day, int64_t nano, int32_t off,
			     uint32_t zone)
{
	int64_t local = day * 86400 + nano / CV_NANOS_PER_SEC;

	if (!zone)
		return cv_temporal_make(CV_DATETIME, day, nano, off, 0);
	off = cv_tz_offset_for_local(zone, &local);
	return cv_temporal_make(CV_DATETIME, cvt_floordiv(local, 86400),
				cvt_floormod(local, 86400) * CV_NANOS_PER_SEC +
				    nano % CV_NANOS_PER_SEC,
				off, zone);
}

static int out_of_range(struct cv_err *err)
{
	return cv_err_set(err, CV_ERR_ARG,
			  "temporal value out of range (years -999999999 to "
			  "999999999)");
}

int cvt_duration_approx(double months, double days, double seconds,
			double nanos, struct cv *out, struct cv_err *err)
{
	const double nday = 86400.0 * 1e9;
	double lm, ld, ls, ln;

	if (!isfinite(months) || !isfinite(days) || !isfinite(seconds) ||
	    !isfinite(nanos) || fabs(months) > 9e17 || fabs(days) > 9e17 ||
	    fabs(seconds) > 9e17 || fabs(nanos) > 9e18)
		return cv_err_set(err, CV_ERR_ARG, "duration out of range");
	lm = trunc(months);
	days += (CVT_AVG_SECONDS_PER_MONTH * 1e9 * months -
		 CVT_AVG_SECONDS_PER_MONTH * 1e9 * lm) /
		nday;
	ld = trunc(days);
	seconds += (nday * days - nday * ld) / 1e9;
	ls = trunc(seconds);
	nanos += 1e9 * seconds - 1e9 * ls;
	ln = trunc(nanos);
	*out = cv_duration_make((int64_t)lm, (int64_t)ld, (int64_t)ls,
				(int64_t)ln);
	return 0;
}

/* ------------------------------------------------------------ arithmetic */

static int64_t add_months(int64_t day, int64_t months, bool *bad)
{
	int64_t y, ym;
	int m, d, md;

	cvt_civil_from_days(day, &y, &m, &d);
	ym = y * 12 + (m - 1) + months;
	y = cvt_floordiv(ym, 12);
	m = (int)cvt_floormod(ym, 12) + 1;
	if (y < CVT_MIN_YEAR || y > CVT_MAX_YEAR)
		*bad = true;
	md = cvt_month_days(y, m);
	return cvt_days_from_civil(y, m, d > md ? md : d);
}

/* v + (months, days, seconds, nanos), as Neo4j's DurationValue.addTo. */
static int plus(const struct cv *v, const struct cv_duration *d,
		struct cv *out, struct cv_err *err)
{
	struct cv r = *v;
	bool bad = false;
	int64_t ns, sec, nano;

	if (d->months > 12 * 2000000000LL || d->months < -12 * 2000000000LL ||
	    d->days > 800000000000LL || d->days < -800000000000LL)
		return out_of_range(err);
	if (cvt_has_date(v->kind)) {
		r.u.t.day = add_months(r.u.t.day, d->months, &bad) + d->days;
		if (v->kind == CV_DATE)
			r.u.t.day += d->seconds / 86400;
		if (v->kind == CV_DATETIME && v->u.t.zone)
			r = cvt_datetime_local(r.u.t.day, r.u.t.nano,
					       r.u.t.offset, r.u.t.zone);
	}
	if (v->kind == CV_DATETIME && v->u.t.zone) {
		cvt_instant(&r, &sec, &nano);
		ns = nano + d->nanos;
		r = cvt_datetime_at(sec + d->seconds +
					cvt_floordiv(ns, CV_NANOS_PER_SEC),
				    cvt_floormod(ns, CV_NANOS_PER_SEC),
				    0, v->u.t.zone);
	} else if (cvt_has_time(v->kind)) {
		ns = r.u.t.nano + cvt_floormod(d->seconds, 86400) *
				      CV_NANOS_PER_SEC + d->nanos;
		if (cvt_has_date(v->kind))
			r.u.t.day += cvt_floordiv(d->seconds, 86400) +
				     cvt_floordiv(ns, CV_NANOS_PER_DAY);
		r.u.t.nano = cvt_floormod(ns, CV_NANOS_PER_DAY);
	}
	if (bad || r.u.t.day < CVT_MIN_DAY || r.u.t.day > CVT_MAX_DAY)
		return out_of_range(err);
	*out = r;
	return 0;
}

static int dur_sum(const struct cv_duration *a, const struct cv_duration *b,
		   int sign, struct cv *out, struct cv_err *err)
{
	int64_t m, d, s;

	if (__builtin_mul_overflow(b->months, sign, &m) ||
	    __builtin_add_overflow(a->months, m, &m) ||
	    __builtin_mul_overflow(b->days, sign, &d) ||
	    __builtin_add_overflow(a->days, d, &d) ||
	    __builtin_mul_overflow(b->seconds, sign, &s) ||
	    __builtin_add_overflow(a->seconds, s, &s))
		return cv_err_set(err, CV_ERR_OVERFLOW,
				  "duration arithmetic overflows");
	*out = cv_duration_make(m, d, s, a->nanos + (int64_t)sign * b->nanos);
	return 0;
}

static int dur_scale(const struct cv_duration *d, const struct cv *k,
		     bool divide, struct cv *out, struct cv_err *err)
{
	int64_t m, dd, s, n;
	double f;

	if (k->kind == CV_INT && !divide) {
		if (__builtin_mul_overflow(d->months, k->u.i, &m) ||
		    __builtin_mul_overflow(d->days, k->u.i, &dd) ||
		    __builtin_mul_overflow(d->seconds, k->u.i, &s) ||
		    __builtin_mul_overflow((int64_t)d->nanos, k->u.i, &n) ||
		    __builtin_add_overflow(s, cvt_floordiv(n, CV_NANOS_PER_SEC),
					   &s))
			return cv_err_set(err, CV_ERR_OVERFLOW,
					  "duration arithmetic overflows");
		*out = cv_duration_make(m, dd, s,
					cvt_floormod(n, CV_NANOS_PER_SEC));
		return 0;
	}
	f = k->kind == CV_INT ? (double)k->u.i : k->u.f;
	if (divide) {
		if (f == 0)
			return cv_err_set(err, CV_ERR_DIV_ZERO, "/ by zero");
		return cvt_duration_approx(
		    (double)d->months / f, (double)d->days / f,
		    (double)d->seconds / f, (double)d->nanos / f, out, err);
	}
	return cvt_duration_approx((double)d->months * f, (double)d->days * f,
				   (double)d->seconds * f,
				   (double)d->nanos * f, out, err);
}

int cv_duration_negate(const struct cv *a, struct cv *out, struct cv_err *err)
{
	struct cv_duration zero = {0};

	return dur_sum(&zero, &a->u.d, -1, out, err);
}

static bool is_num(const struct cv *v)
{
	return v->kind == CV_INT || v->kind == CV_FLOAT;
}

int cv_temporal_binary(enum cypher_op op, const struct cv *a,
		       const struct cv *b, struct cv *out, struct cv_err *err,
		       int *rc)
{
	struct cv neg;

	if (a->kind == CV_DURATION && b->kind == CV_DURATION &&
	    (op == CYPHER_OP_ADD || op == CYPHER_OP_SUB)) {
		*rc = dur_sum(&a->u.d, &b->u.d, op == CYPHER_OP_ADD ? 1 : -1,
			      out, err);
		return 1;
	}
	if (b->kind == CV_DURATION && a->kind != CV_DURATION &&
	    cv_is_temporal(a->kind) &&
	    (op == CYPHER_OP_ADD || op == CYPHER_OP_SUB)) {
		if (op == CYPHER_OP_ADD) {
			*rc = plus(a, &b->u.d, out, err);
			return 1;
		}
		*rc = cv_duration_negate(b, &neg, err);
		if (*rc == 0)
			*rc = plus(a, &neg.u.d, out, err);
		return 1;
	}
	if (a->kind == CV_DURATION && cv_is_temporal(b->kind) &&
	    op == CYPHER_OP_ADD) {
		*rc = plus(b, &a->u.d, out, err);
		return 1;
	}
	if (a->kind == CV_DURATION && is_num(b) &&
	    (op == CYPHER_OP_MUL || op == CYPHER_OP_DIV)) {
		*rc = dur_scale(&a->u.d, b, op == CYPHER_OP_DIV, out, err);
		return 1;
	}
	if (b->kind == CV_DURATION && is_num(a) && op == CYPHER_OP_MUL) {
		*rc = dur_scale(&b->u.d, a, false, out, err);
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------ properties */

static int offset_string(int32_t off, struct cv *out, struct cv_err *err)
{
	char buf[16];

	cvt_put_offset(buf, off);
	return cv_cstring(out, buf) ? cv_nomem(err) : 0;
}

/* date fields of day: 0 with *out, 1 when key is not one. */
static int date_property(int64_t day, const char *key, struct cv *out)
{
	int64_t y, wy;
	int m, d, w;

	cvt_civil_from_days(day, &y, &m, &d);
	if (!strcmp(key, "year"))
		*out = cv_int(y);
	else if (!strcmp(key, "quarter"))
		*out = cv_int((m - 1) / 3 + 1);
	else if (!strcmp(key, "month"))
		*out = cv_int(m);
	else if (!strcmp(key, "day"))
		*out = cv_int(d);
	else if (!strcmp(key, "ordinalDay"))
		*out = cv_int(day - cvt_days_from_civil(y, 1, 1) + 1);
	else if (!strcmp(key, "dayOfQuarter"))
		*out = cv_int(day -
			      cvt_days_from_civil(y, (m - 1) / 3 * 3 + 1, 1) +
			      1);
	else if (!strcmp(key, "weekDay") || !strcmp(key, "dayOfWeek"))
		*out = cv_int(cvt_weekday(day));
	else if (!strcmp(key, "week") || !strcmp(key, "weekYear")) {
		cvt_iso_week(day, &wy, &w);
		*out = cv_int(key[4] ? wy : w);
	} else
		return 1;
	return 0;
}

static int time_property(int64_t nano, const char *key, struct cv *out)
{
	int64_t s = nano / CV_NANOS_PER_SEC, n = nano % CV_NANOS_PER_SEC;

	if (!strcmp(key, "hour"))
		*out = cv_int(s / 3600);
	else if (!strcmp(key, "minute"))
		*out = cv_int(s / 60 % 60);
	else if (!strcmp(key, "second"))
		*out = cv_int(s % 60);
	else if (!strcmp(key, "millisecond"))
		*out = cv_int(n / 1000000);
	else if (!strcmp(key, "microsecond"))
		*out = cv_int(n / 1000);
	else if (!strcmp(key, "nanosecond"))
		*out = cv_int(n);
	else
		return 1;
	return 0;
}

static int zone_property(const struct cv *v, const char *key, struct cv *out,
			 struct cv_err *err)
{
	int64_t sec, nano;

	if (!strcmp(key, "timezone")) {
		if (v->u.t.zone)
			return cv_cstring(out, cv_tz_name(v->u.t.zone))
				   ? cv_nomem(err)
				   : 0;
		return offset_string(v->u.t.offset, out, err);
	}
	if (!strcmp(key, "offset"))
		return offset_string(v->u.t.offset, out, err);
	if (!strcmp(key, "offsetMinutes"))
		*out = cv_int(v->u.t.offset / 60);
	else if (!strcmp(key, "offsetSeconds"))
		*out = cv_int(v->u.t.offset);
	else if (v->kind == CV_DATETIME && (!strcmp(key, "epochSeconds") ||
					    !strcmp(key, "epochMillis"))) {
		cvt_instant(v, &sec, &nano);
		*out = cv_int(key[5] == 'S' ? sec
					    : sec * 1000 + nano / 1000000);
	} else
		return 1;
	return 0;
}

static int duration_property(const struct cv_duration *d, const char *key,
			     struct cv *out)
{
	static const struct {
		const char *key;
		int what, div, mod; /* what: months, days, seconds, nanos */
	} t[] = {
	    {"years", 0, 12, 0},	      {"quarters", 0, 3, 0},
	    {"months", 0, 1, 0},	      {"weeks", 1, 7, 0},
	    {"days", 1, 1, 0},		      {"hours", 2, 3600, 0},
	    {"minutes", 2, 60, 0},	      {"seconds", 2, 1, 0},
	    {"quartersOfYear", 0, 3, 4},      {"monthsOfQuarter", 0, 1, 3},
	    {"monthsOfYear", 0, 1, 12},	      {"daysOfWeek", 1, 1, 7},
	    {"minutesOfHour", 2, 60, 60},     {"secondsOfMinute", 2, 1, 60},
	    {"millisecondsOfSecond", 3, 1000000, 0},
	    {"microsecondsOfSecond", 3, 1000, 0},
	    {"nanosecondsOfSecond", 3, 1, 0},
	};
	int64_t x;
	size_t i;

	if (!strcmp(key, "milliseconds"))
		*out = cv_int(d->seconds * 1000 + d->nanos / 1000000);
	else if (!strcmp(key, "microseconds"))
		*out = cv_int(d->seconds * 1000000 + d->nanos / 1000);
	else if (!strcmp(key, "nanoseconds"))
		*out = cv_int(d->seconds * CV_NANOS_PER_SEC + d->nanos);
	else {
		for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
			if (!strcmp(key, t[i].key))
				break;
		if (i == sizeof(t) / sizeof(t[0]))
			return 1;
		x = t[i].what == 0   ? d->months
		    : t[i].what == 1 ? d->days
		    : t[i].what == 2 ? d->seconds
				     : d->nanos;
		if (t[i].what == 0 && t[i].mod == 4)
			x = x % 12;
		x /= t[i].div;
		if (t[i].mod && t[i].mod != 4)
			x %= t[i].mod;
		*out = cv_int(x);
	}
	return 0;
}

int cv_temporal_property(const struct cv *v, const char *key, struct cv *out,
			 struct cv_err *err)
{
	int r = 1;

	*out = cv_null();
	if (v->kind == CV_DURATION)
		r = duration_property(&v->u.d, key, out);
	if (r && cvt_has_date(v->kind))
		r = date_property(v->u.t.day, key, out);
	if (r && cvt_has_time(v->kind))
		r = time_property(v->u.t.nano, key, out);
	if (r && cvt_has_offset(v->kind))
		r = zone_property(v, key, out, err);
	if (r < 0)
		return -1;
	if (r)
		return cv_err_set(err, CV_ERR_ARG, "%s has no field '%s'",
				  cv_kind_name(v->kind), key);
	return 0;
}
