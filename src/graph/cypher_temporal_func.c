/* cypher_temporal_func.c: the temporal functions: construction from maps,
 * ISO 8601 strings, other temporals and the statement clock; truncation;
 * duration() and duration.between(). */
#include "graph/cypher_func_int.h"
#include "graph/cypher_temporal.h"
#include "graph/cypher_temporal_int.h"
#include "graph/cypher_value_int.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TEXT_MAX 128 /* longest temporal string parsed */

static int arg_error(struct cv_err *err, const char *what, const char *s)
{
	return cv_err_set(err, CV_ERR_ARG, "invalid %s: '%.80s'", what, s);
}

/* ----------------------------------------------------------------- fields */

/* The parts a temporal is built from; has_* say which are set. */
struct tparts {
	bool has_date, has_time, has_off;
	int64_t day, nano;
	int32_t off;
	uint32_t zone;
};

static void parts_of(const struct cv *v, struct tparts *p)
{
	memset(p, 0, sizeof(*p));
	p->has_date = cvt_has_date(v->kind);
	p->has_time = cvt_has_time(v->kind);
	p->has_off = cvt_has_offset(v->kind);
	p->day = v->u.t.day;
	p->nano = v->u.t.nano;
	p->off = v->u.t.offset;
	p->zone = v->kind == CV_DATETIME ? v->u.t.zone : 0;
}

/* A timezone given as text: an offset ("+01:00", "Z") or a zone name. */
static int parse_offset(const char *s, size_t n, int32_t *off);

static int parse_zone(const char *s, int32_t *off, uint32_t *zone,
		      struct cv_err *err)
{
	size_t n = strlen(s);

	*zone = 0;
	*off = 0;
	if (n > CVT_ZONE_NAME_MAX)
		return arg_error(err, "time zone", s);
	if (parse_offset(s, n, off) == (int)n)
		return 0;
	if (!strcmp(s, "UTC") || !strcmp(s, "Z"))
		return 0;
	return (*zone = cv_tz_lookup(s, err)) ? 0 : -1;
}

/* The parts in the kind: the value the constructor returns. */
static int build(enum cv_kind kind, struct tparts *p, struct cv *out,
		 struct cv_err *err)
{
	int64_t day = p->has_date ? p->day : 0;
	int64_t nano = p->has_time ? p->nano : 0;

	if (day < CVT_MIN_DAY || day > CVT_MAX_DAY)
		return cv_err_set(err, CV_ERR_ARG, "date out of range");
	switch (kind) {
	case CV_DATE:
		*out = cv_temporal_make(kind, day, 0, 0, 0);
		break;
	case CV_LOCALTIME:
		*out = cv_temporal_make(kind, 0, nano, 0, 0);
		break;
	case CV_TIME:
		if (p->zone) /* a time in a named zone: its offset now */
			p->off = cv_tz_offset_at(p->zone, day * 86400);
		*out = cv_temporal_make(kind, 0, nano, p->off, 0);
		break;
	case CV_LOCALDATETIME:
		*out = cv_temporal_make(kind, day, nano, 0, 0);
		break;
	default:
		*out = cvt_datetime_local(day, nano, p->off, p->zone);
		break;
	}
	return 0;
}

/* ------------------------------------------------------------ ISO strings */

/* Up to max digits at s: their count (0: none), value in *v. */
static int digits(const char *s, size_t n, int max, int64_t *v)
{
	int i;

	*v = 0;
	for (i = 0; i < max && (size_t)i < n && isdigit((unsigned char)s[i]);
	     i++)
		*v = *v * 10 + (s[i] - '0');
	return i;
}

/* Exactly k digits. */
static bool fixed(const char *s, size_t n, int k, int64_t *v)
{
	return digits(s, n, k, v) == k;
}

/* [+-]HH[[:]MM[[:]SS]] or Z: characters used, or -1. */
static int parse_offset(const char *s, size_t n, int32_t *off)
{
	int64_t h, m = 0, sec = 0;
	size_t i = 1;
	int sign;

	if (n >= 1 && s[0] == 'Z') {
		*off = 0;
		return 1;
	}
	if (n < 3 || (s[0] != '+' && s[0] != '-') || !fixed(s + 1, n - 1, 2, &h))
		return -1;
	sign = s[0] == '-' ? -1 : 1;
	i = 3;
	if (i < n && s[i] == ':')
		i++;
	if (i < n && fixed(s + i, n - i, 2, &m)) {
		i += 2;
		if (i + 2 < n + 1 && s[i] == ':' && fixed(s + i + 1, n - i - 1, 2, &sec))
			i += 3;
	} else if (s[i - 1] == ':') {
		return -1;
	}
	if (h > 18 || m > 59 || sec > 59 || h * 3600 + m * 60 + sec > CVT_MAX_OFFSET)
		return -1;
	*off = (int32_t)(sign * (h * 3600 + m * 60 + sec));
	return (int)i;
}

/* HH[[:]MM[[:]SS[.fffffffff]]]: characters used, or -1. */
static int parse_time(const char *s, size_t n, int64_t *nano)
{
	int64_t h, m = 0, sec = 0, f = 0, fv;
	bool colon;
	size_t i = 2;
	int k;

	if (!fixed(s, n, 2, &h))
		return -1;
	colon = i < n && s[i] == ':';
	if (i + colon < n && fixed(s + i + colon, n - i - colon, 2, &m)) {
		i += colon + 2;
		if (i + colon < n && (!colon || s[i] == ':') &&
		    fixed(s + i + colon, n - i - colon, 2, &sec)) {
			i += colon + 2;
			if (i < n && (s[i] == '.' || s[i] == ',')) {
				k = digits(s + i + 1, n - i - 1, 9, &fv);
				if (k == 0)
					return -1;
				f = fv;
				for (int z = k; z < 9; z++)
					f *= 10;
				i += 1 + (size_t)k;
			}
		}
	}
	if (h > 23 || m > 59 || sec > 59)
		return -1;
	*nano = (h * 3600 + m * 60 + sec) * CV_NANOS_PER_SEC + f;
	return (int)i;
}

static bool ymd_ok(int64_t y, int64_t m, int64_t d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= cvt_month_days(y, (int)m);
}

/* A week date: the day of (y, week w, weekday wd), false when invalid. */
static bool week_date(int64_t y, int64_t w, int64_t wd, int64_t *day)
{
	if (w < 1 || w > cvt_weeks_in_year(y) || wd < 1 || wd > 7)
		return false;
	*day = cvt_week1_monday(y) + (w - 1) * 7 + (wd - 1);
	return true;
}

/* The date forms of ISO 8601 Neo4j accepts: characters used, or -1. */
static int parse_date(const char *s, size_t n, int64_t *day)
{
	int64_t y, m = 1, d = 1, w, wd = 1;
	size_t i = 0;
	int k, rest;
	bool dash;

	if (n && (s[0] == '+' || s[0] == '-')) {
		k = digits(s + 1, n - 1, 9, &y);
		if (k < 4)
			return -1;
		if (s[0] == '-')
			y = -y;
		i = 1 + (size_t)k;
	} else if (fixed(s, n, 4, &y)) {
		i = 4;
	} else {
		return -1;
	}
	dash = i < n && s[i] == '-';
	if (dash)
		i++;
	if (i < n && s[i] == 'W') {
		if (!fixed(s + i + 1, n - i - 1, 2, &w))
			return -1;
		i += 3;
		if (i + dash < n && (!dash || s[i] == '-') &&
		    fixed(s + i + dash, n - i - dash, 1, &wd))
			i += dash + 1;
		return week_date(y, w, wd, day) ? (int)i : -1;
	}
	for (rest = 0; i + (size_t)rest < n &&
		       isdigit((unsigned char)s[i + (size_t)rest]);
	     rest++)
		;
	if (rest == 3 || (dash && rest == 3)) { /* ordinal YYYY-DDD */
		fixed(s + i, n - i, 3, &d);
		if (d < 1 || d > (cvt_leap(y) ? 366 : 365))
			return -1;
		*day = cvt_days_from_civil(y, 1, 1) + d - 1;
		return (int)(i + 3);
	}
	if (rest >= 2) {
		fixed(s + i, n - i, 2, &m);
		i += 2;
		if (i + dash < n && (!dash || s[i] == '-') &&
		    fixed(s + i + dash, n - i - dash, 2, &d))
			i += dash + 2;
	} else if (dash) {
		return -1;
	}
	if (!ymd_ok(y, m, d))
		return -1;
	*day = cvt_days_from_civil(y, (int)m, (int)d);
	return (int)i;
}

/* Any of date, time, offset and [zone], as kind allows. */
static int parse_text(enum cv_kind kind, const char *s, struct tparts *p,
		      struct cv_err *err)
{
	size_t n = strlen(s), i = 0;
	char zone[CVT_ZONE_NAME_MAX + 1];
	const char *close;
	int k;

	memset(p, 0, sizeof(*p));
	if (n > TEXT_MAX)
		return arg_error(err, "temporal text (too long)", s);
	if (cvt_has_date(kind)) {
		if ((k = parse_date(s, n, &p->day)) < 0)
			goto bad;
		p->has_date = true;
		i = (size_t)k;
		if (i < n && s[i] == 'T')
			i++;
		else if (i < n)
			goto bad;
	}
	if (cvt_has_time(kind) && i < n) {
		if ((k = parse_time(s + i, n - i, &p->nano)) < 0)
			goto bad;
		p->has_time = true;
		i += (size_t)k;
	}
	if (cvt_has_offset(kind) && i < n && s[i] != '[') {
		if ((k = parse_offset(s + i, n - i, &p->off)) < 0)
			goto bad;
		p->has_off = true;
		i += (size_t)k;
	}
	if (kind == CV_DATETIME && i < n && s[i] == '[') {
		close = strchr(s + i, ']');
		if (!close || close[1] || (size_t)(close - s - i - 1) > CVT_ZONE_NAME_MAX)
			goto bad;
		snprintf(zone, sizeof(zone), "%.*s", (int)(close - s - i - 1),
			 s + i + 1);
		if (parse_zone(zone, &p->off, &p->zone, err))
			return -1;
		i = n;
	}
	if (i != n)
		goto bad;
	return 0;
bad:
	return arg_error(err, cv_kind_name(kind) + 2, s); /* not "a " */
}

/* -------------------------------------------------------------- from maps */

static const char *const map_keys[] = {
    "year",	   "month",	   "day",	  "week",	  "dayOfWeek",
    "ordinalDay",  "quarter",	   "dayOfQuarter", "hour",	  "minute",
    "second",	   "millisecond",  "microsecond",  "nanosecond",  "timezone",
    "date",	   "time",	   "datetime",	  "epochSeconds", "epochMillis",
};

/* An integer field: 1 with *v when present, 0 when absent, -1 on error. */
static int field(const struct cv_map *m, const char *key, int64_t lo,
		 int64_t hi, int64_t *v, struct cv_err *err)
{
	const struct cv *x = cv_map_get(m, key);

	if (!x || x->kind == CV_NULL)
		return 0;
	if (x->kind != CV_INT)
		return cv_err_set(err, CV_ERR_TYPE,
				  "temporal field '%s' must be an integer, "
				  "not %s",
				  key, cv_kind_name(x->kind));
	if (x->u.i < lo || x->u.i > hi)
		return cv_err_set(err, CV_ERR_ARG,
				  "invalid value for %s: %" PRId64
				  " (expected %" PRId64 " to %" PRId64 ")",
				  key, x->u.i, lo, hi);
	*v = x->u.i;
	return 1;
}

struct dfields {
	int64_t year, month, day, week, dow, oday, quarter, doq;
	int hy, hm, hd, hw, hdow, ho, hq, hdoq;
};

static int date_fields(const struct cv_map *m, struct dfields *f,
		       struct cv_err *err)
{
	if ((f->hy = field(m, "year", CVT_MIN_YEAR, CVT_MAX_YEAR, &f->year,
			   err)) < 0 ||
	    (f->hm = field(m, "month", 1, 12, &f->month, err)) < 0 ||
	    (f->hd = field(m, "day", 1, 31, &f->day, err)) < 0 ||
	    (f->hw = field(m, "week", 1, 53, &f->week, err)) < 0 ||
	    (f->hdow = field(m, "dayOfWeek", 1, 7, &f->dow, err)) < 0 ||
	    (f->ho = field(m, "ordinalDay", 1, 366, &f->oday, err)) < 0 ||
	    (f->hq = field(m, "quarter", 1, 4, &f->quarter, err)) < 0 ||
	    (f->hdoq = field(m, "dayOfQuarter", 1, 92, &f->doq, err)) < 0)
		return -1;
	return 0;
}

static bool any_date_field(const struct dfields *f)
{
	return f->hy || f->hm || f->hd || f->hw || f->hdow || f->ho || f->hq ||
	       f->hdoq;
}

/* The date of the fields over base (p->has_date) into p->day. */
static int apply_date(const struct dfields *f, struct tparts *p,
		      struct cv_err *err)
{
	int64_t y = 1970, wy = 1970, q, qs;
	int m = 1, d = 1, w = 1;
	bool base = p->has_date;

	if (!base && !f->hy)
		return cv_err_set(err, CV_ERR_ARG,
				  "a date needs a year (or a date to start "
				  "from)");
	if (base) {
		cvt_civil_from_days(p->day, &y, &m, &d);
		cvt_iso_week(p->day, &wy, &w);
	}
	if (f->hw || (f->hdow && !f->ho && !f->hq && !f->hm)) {
		int64_t wd = f->hdow ? f->dow : base ? cvt_weekday(p->day) : 1;

		if (f->hy)
			wy = f->year;
		if (f->hw)
			w = (int)f->week;
		if (!week_date(wy, w, wd, &p->day))
			return cv_err_set(err, CV_ERR_ARG,
					  "invalid week %d of week-year %" PRId64,
					  w, wy);
	} else if (f->ho) {
		if (f->hy)
			y = f->year;
		if (f->oday > (cvt_leap(y) ? 366 : 365))
			return cv_err_set(err, CV_ERR_ARG,
					  "invalid ordinal day %" PRId64
					  " of %" PRId64,
					  f->oday, y);
		p->day = cvt_days_from_civil(y, 1, 1) + f->oday - 1;
	} else if (f->hq || f->hdoq) {
		if (f->hy)
			y = f->year;
		q = f->hq ? f->quarter : (m - 1) / 3 + 1;
		qs = cvt_days_from_civil(y, (int)(q - 1) * 3 + 1, 1);
		int64_t doq = f->hdoq ? f->doq
			      : base ? p->day - cvt_days_from_civil(
							y, (m - 1) / 3 * 3 + 1, 1) + 1
				     : 1;
		if (qs + doq - 1 >= (q == 4 ? cvt_days_from_civil(y + 1, 1, 1)
					    : cvt_days_from_civil(
						  y, (int)q * 3 + 1, 1)))
			return cv_err_set(err, CV_ERR_ARG,
					  "invalid day %" PRId64
					  " of quarter %" PRId64,
					  doq, q);
		p->day = qs + doq - 1;
	} else {
		if (f->hy)
			y = f->year;
		if (f->hm)
			m = (int)f->month;
		if (f->hd)
			d = (int)f->day;
		if (d > cvt_month_days(y, m))
			return cv_err_set(err, CV_ERR_ARG,
					  "invalid date %" PRId64 "-%02d-%02d",
					  y, m, d);
		p->day = cvt_days_from_civil(y, m, d);
	}
	p->has_date = true;
	return 0;
}

static int apply_time(const struct cv_map *m, struct tparts *p,
		      struct cv_err *err)
{
	int64_t h, mi, s, ms = 0, us = 0, ns = 0, base = p->has_time ? p->nano : 0;
	int hh, hmi, hs, hms, hus, hns;

	if ((hh = field(m, "hour", 0, 23, &h, err)) < 0 ||
	    (hmi = field(m, "minute", 0, 59, &mi, err)) < 0 ||
	    (hs = field(m, "second", 0, 59, &s, err)) < 0 ||
	    (hms = field(m, "millisecond", 0, 999, &ms, err)) < 0 ||
	    (hus = field(m, "microsecond", 0, 999999, &us, err)) < 0 ||
	    (hns = field(m, "nanosecond", 0, 999999999, &ns, err)) < 0)
		return -1;
	if (!hh && !hmi && !hs && !hms && !hus && !hns)
		return 0;
	if (!hh)
		h = base / CV_NANOS_PER_SEC / 3600;
	if (!hmi)
		mi = p->has_time || !hh ? base / CV_NANOS_PER_SEC / 60 % 60 : 0;
	if (!hs)
		s = base / CV_NANOS_PER_SEC % 60;
	/* sub-second fields not given come from the base, where the
	 * given ones leave room (truncate to ms, then nanosecond: 2) */
	base %= CV_NANOS_PER_SEC;
	if (!hms && !hus && !hns)
		ns = base;
	else if (hms)
		ns += ms * 1000000 + us * 1000;
	else if (hus)
		ns += us * 1000 + (us < 1000 ? base / 1000000 * 1000000 : 0);
	else
		ns += ns < 1000      ? base / 1000 * 1000
		      : ns < 1000000 ? base / 1000000 * 1000000
				     : 0;
	if (ns >= CV_NANOS_PER_SEC)
		return cv_err_set(err, CV_ERR_ARG,
				  "millisecond, microsecond and nanosecond "
				  "add up to more than a second");
	p->nano = (h * 3600 + mi * 60 + s) * CV_NANOS_PER_SEC + ns;
	p->has_time = true;
	return 0;
}

/* timezone: converts a base that has an offset (same instant), or sets
 * the zone of a local one. */
static int apply_zone(enum cv_kind kind, const struct cv_map *m,
		      struct tparts *p, bool convert, struct cv_err *err)
{
	const struct cv *tz = cv_map_get(m, "timezone");
	int64_t sec, nano;
	int32_t off;
	uint32_t zone;
	struct cv dt;

	if (!tz || tz->kind == CV_NULL)
		return 0;
	if (tz->kind != CV_STRING)
		return cv_err_set(err, CV_ERR_TYPE,
				  "timezone must be a string, not %s",
				  cv_kind_name(tz->kind));
	if (parse_zone(tz->u.str.s, &off, &zone, err))
		return -1;
	if (convert && p->has_off && kind == CV_DATETIME) {
		dt = cv_temporal_make(CV_DATETIME, p->day, p->nano, p->off, 0);
		cvt_instant(&dt, &sec, &nano);
		dt = cvt_datetime_at(sec, nano, off, zone);
		p->day = dt.u.t.day;
		p->nano = dt.u.t.nano;
		off = dt.u.t.offset;
	} else if (convert && p->has_off && kind == CV_TIME) {
		if (zone)
			off = cv_tz_offset_at(zone, p->day * 86400);
		p->nano = cvt_floormod(p->nano + (int64_t)(off - p->off) *
						     CV_NANOS_PER_SEC,
				       CV_NANOS_PER_DAY);
		zone = 0;
	}
	p->off = off;
	p->zone = zone;
	p->has_off = true;
	return 0;
}

static int check_keys(const struct cv_map *m, struct cv_err *err)
{
	size_t i, k;

	for (i = 0; i < m->n; i++) {
		for (k = 0; k < sizeof(map_keys) / sizeof(map_keys[0]); k++)
			if (!strcmp(m->entries[i].key, map_keys[k]))
				break;
		if (k == sizeof(map_keys) / sizeof(map_keys[0]))
			return cv_err_set(err, CV_ERR_ARG,
					  "unknown temporal field '%.40s'",
					  m->entries[i].key);
	}
	return 0;
}

static int map_base(const struct cv_map *m, struct tparts *p, bool *convert,
		    struct cv_err *err)
{
	const struct cv *dt = cv_map_get(m, "datetime"),
			*d = cv_map_get(m, "date"), *t = cv_map_get(m, "time");
	struct tparts b;

	memset(p, 0, sizeof(*p));
	*convert = false;
	if (dt && dt->kind != CV_NULL) {
		if (!cv_is_temporal(dt->kind) || dt->kind == CV_DURATION)
			return cv_err_set(err, CV_ERR_TYPE,
					  "datetime must be a temporal value");
		parts_of(dt, p);
		*convert = p->has_off;
	}
	if (d && d->kind != CV_NULL) {
		if (!cvt_has_date(d->kind))
			return cv_err_set(err, CV_ERR_TYPE,
					  "date must be a value with a date, "
					  "not %s",
					  cv_kind_name(d->kind));
		parts_of(d, &b);
		p->day = b.day;
		p->has_date = true;
	}
	if (t && t->kind != CV_NULL) {
		if (!cvt_has_time(t->kind))
			return cv_err_set(err, CV_ERR_TYPE,
					  "time must be a value with a time, "
					  "not %s",
					  cv_kind_name(t->kind));
		parts_of(t, &b);
		p->nano = b.nano;
		p->has_time = true;
		if (b.has_off) {
			p->off = b.off;
			p->zone = b.zone;
			p->has_off = true;
			*convert = true;
		}
	}
	return 0;
}

static int from_epoch(const struct cv_map *m, struct tparts *p, bool *done,
		      struct cv_err *err)
{
	int64_t s = 0, ms = 0, ns = 0;
	int hs, hms, hns;
	struct cv dt;

	if ((hs = field(m, "epochSeconds", INT64_MIN / 2, INT64_MAX / 2, &s,
			err)) < 0 ||
	    (hms = field(m, "epochMillis", INT64_MIN / 2, INT64_MAX / 2, &ms,
			 err)) < 0 ||
	    (hns = field(m, "nanosecond", 0, 999999999, &ns, err)) < 0)
		return -1;
	*done = hs || hms;
	if (!*done)
		return 0;
	if (hms) {
		s = cvt_floordiv(ms, 1000);
		ns += cvt_floormod(ms, 1000) * 1000000;
	}
	if (s / 86400 < CVT_MIN_DAY || s / 86400 > CVT_MAX_DAY)
		return cv_err_set(err, CV_ERR_ARG, "epoch out of range");
	dt = cvt_datetime_at(s, ns, 0, 0);
	p->day = dt.u.t.day;
	p->nano = dt.u.t.nano;
	p->has_date = p->has_time = p->has_off = true;
	return 0;
}

static int from_map(enum cv_kind kind, const struct cv_map *m,
		    struct cv *out, struct cv_err *err)
{
	struct tparts p;
	struct dfields f = {0};
	bool convert, epoch = false;

	if (check_keys(m, err) || map_base(m, &p, &convert, err))
		return -1;
	if (kind == CV_DATETIME && from_epoch(m, &p, &epoch, err))
		return -1;
	if (epoch)
		convert = true;
	if (!epoch && cvt_has_date(kind)) {
		if (date_fields(m, &f, err))
			return -1;
		if ((any_date_field(&f) || !p.has_date) && apply_date(&f, &p, err))
			return -1;
	}
	if (!epoch && cvt_has_time(kind) && apply_time(m, &p, err))
		return -1;
	if (cvt_has_offset(kind) && apply_zone(kind, m, &p, convert, err))
		return -1;
	return build(kind, &p, out, err);
}

/* --------------------------------------------------------- constructors */

static enum cv_kind kind_of_name(const char *name)
{
	if (!strncasecmp(name, "datetime", 8))
		return CV_DATETIME;
	if (!strncasecmp(name, "localdatetime", 13))
		return CV_LOCALDATETIME;
	if (!strncasecmp(name, "localtime", 9))
		return CV_LOCALTIME;
	if (!strncasecmp(name, "time", 4))
		return CV_TIME;
	return CV_DATE;
}

/* The statement's clock (never the real one: every replica computes the
 * same value), in the zone tz (NULL: UTC). */
static int clock_now(enum cv_kind kind, const struct cv_func_ctx *ctx,
		     const struct cv *tz, struct cv *out, struct cv_err *err)
{
	struct tparts p;
	struct cv dt;
	int32_t off = 0;
	uint32_t zone = 0;
	int64_t ms;

	if (!ctx)
		return cv_err_set(err, CV_ERR_UNSUPPORTED,
				  "%s() has no transaction clock here",
				  cv_kind_name(kind) + 2);
	if (tz && tz->kind != CV_NULL) {
		if (tz->kind != CV_STRING)
			return cv_err_set(err, CV_ERR_TYPE,
					  "the time zone must be a string");
		if (parse_zone(tz->u.str.s, &off, &zone, err))
			return -1;
	}
	ms = ctx->timestamp_ms;
	dt = cvt_datetime_at(cvt_floordiv(ms, 1000),
			     cvt_floormod(ms, 1000) * 1000000, off, zone);
	parts_of(&dt, &p);
	return build(kind, &p, out, err);
}

static int fn_make(const struct cv_func *f, const struct cv_func_ctx *ctx,
		   const struct cv *a, size_t n, struct cv *out,
		   struct cv_err *err)
{
	enum cv_kind kind = kind_of_name(f->name);
	struct tparts p;

	if (n == 0)
		return clock_now(kind, ctx, NULL, out, err);
	switch (a[0].kind) {
	case CV_NULL:
		return 0;
	case CV_STRING:
		if (parse_text(kind, a[0].u.str.s, &p, err))
			return -1;
		return build(kind, &p, out, err);
	case CV_MAP:
		if (a[0].u.map.n == 1 && cv_map_get(&a[0].u.map, "timezone"))
			return clock_now(kind, ctx,
					 cv_map_get(&a[0].u.map, "timezone"),
					 out, err);
		return from_map(kind, &a[0].u.map, out, err);
	default:
		if (!cv_is_temporal(a[0].kind) || a[0].kind == CV_DURATION)
			break;
		parts_of(&a[0], &p);
		if ((cvt_has_date(kind) && !p.has_date) ||
		    (kind == CV_LOCALTIME && !p.has_time) ||
		    (kind == CV_TIME && !p.has_time))
			break;
		return build(kind, &p, out, err);
	}
	return cv_err_set(err, CV_ERR_TYPE, "%s() cannot take %s", f->name,
			  cv_kind_name(a[0].kind));
}

/* date.transaction(), .statement(), .realtime(): the statement clock. */
static int fn_clock(const struct cv_func *f, const struct cv_func_ctx *ctx,
		    const struct cv *a, size_t n, struct cv *out,
		    struct cv_err *err)
{
	if (n && a[0].kind == CV_NULL)
		return 0;
	return clock_now(kind_of_name(f->name), ctx, n ? &a[0] : NULL, out,
			 err);
}

static int fn_from_epoch(const struct cv_func *f,
			 const struct cv_func_ctx *ctx, const struct cv *a,
			 size_t n, struct cv *out, struct cv_err *err)
{
	struct cv_map m = {0};
	struct cv v;
	int r;

	(void)ctx;
	for (size_t i = 0; i < n; i++)
		if (a[i].kind == CV_NULL)
			return 0;
	if (cv_copy(&v, &a[0]) ||
	    cv_map_set(&m, strchr(f->name, 'm') && strstr(f->name, "illis")
			       ? "epochMillis"
			       : "epochSeconds",
		       &v))
		return cv_nomem(err);
	if (n > 1 && (cv_copy(&v, &a[1]) || cv_map_set(&m, "nanosecond", &v))) {
		struct cv mv = {.kind = CV_MAP, .u.map = m};

		cv_free(&mv);
		return cv_nomem(err);
	}
	r = from_map(CV_DATETIME, &m, out, err);
	{
		struct cv mv = {.kind = CV_MAP, .u.map = m};

		cv_free(&mv);
	}
	return r;
}

/* ------------------------------------------------------------ truncation */

static const char *const units[] = {
    "millennium", "century", "decade", "year",	      "weekYear",
    "quarter",	  "month",   "week",   "day",	      "hour",
    "minute",	  "second",  "millisecond", "microsecond",
};

static int truncate_parts(int unit, struct tparts *p)
{
	int64_t y, wy;
	int m, d, w;
	static const int64_t tn[] = {3600 * CV_NANOS_PER_SEC,
				     60 * CV_NANOS_PER_SEC, CV_NANOS_PER_SEC,
				     1000000, 1000};

	if (unit <= 8) {
		cvt_civil_from_days(p->day, &y, &m, &d);
		switch (unit) {
		case 0:
			p->day = cvt_days_from_civil(cvt_floordiv(y, 1000) * 1000, 1, 1);
			break;
		case 1:
			p->day = cvt_days_from_civil(cvt_floordiv(y, 100) * 100, 1, 1);
			break;
		case 2:
			p->day = cvt_days_from_civil(cvt_floordiv(y, 10) * 10, 1, 1);
			break;
		case 3:
			p->day = cvt_days_from_civil(y, 1, 1);
			break;
		case 4:
			cvt_iso_week(p->day, &wy, &w);
			p->day = cvt_week1_monday(wy);
			break;
		case 5:
			p->day = cvt_days_from_civil(y, (m - 1) / 3 * 3 + 1, 1);
			break;
		case 6:
			p->day = cvt_days_from_civil(y, m, 1);
			break;
		case 7:
			p->day -= cvt_weekday(p->day) - 1;
			break;
		default:
			break;
		}
		p->nano = 0;
		return 0;
	}
	p->nano -= p->nano % tn[unit - 9];
	return 0;
}

static int fn_truncate(const struct cv_func *f, const struct cv_func_ctx *ctx,
		       const struct cv *a, size_t n, struct cv *out,
		       struct cv_err *err)
{
	enum cv_kind kind = kind_of_name(f->name);
	const struct cv_map *m = n > 2 && a[2].kind == CV_MAP ? &a[2].u.map
							       : NULL;
	struct dfields df = {0};
	struct tparts p;
	size_t u;

	(void)ctx;
	if (a[0].kind == CV_NULL || a[1].kind == CV_NULL)
		return 0;
	if (a[0].kind != CV_STRING)
		return cv_err_set(err, CV_ERR_TYPE,
				  "%s(): the unit must be a string", f->name);
	for (u = 0; u < sizeof(units) / sizeof(units[0]); u++)
		if (!strcmp(a[0].u.str.s, units[u]))
			break;
	if (u == sizeof(units) / sizeof(units[0]) ||
	    (kind == CV_DATE && u > 8) ||
	    ((kind == CV_TIME || kind == CV_LOCALTIME) && u < 8))
		return cv_err_set(err, CV_ERR_ARG,
				  "%s(): cannot truncate to unit '%.20s'",
				  f->name, a[0].u.str.s);
	if (!cv_is_temporal(a[1].kind) || a[1].kind == CV_DURATION ||
	    (cvt_has_date(kind) && !cvt_has_date(a[1].kind)))
		return cv_err_set(err, CV_ERR_TYPE, "%s() cannot truncate %s",
				  f->name, cv_kind_name(a[1].kind));
	if (n > 2 && a[2].kind != CV_MAP && a[2].kind != CV_NULL)
		return cv_err_set(err, CV_ERR_TYPE,
				  "%s(): the fields must be a map", f->name);
	parts_of(&a[1], &p);
	if (u <= 8 && !p.has_date)
		return cv_err_set(err, CV_ERR_ARG, "no date to truncate");
	truncate_parts((int)u, &p);
	p.has_time = true;
	if (m) {
		if (check_keys(m, err))
			return -1;
		if (cvt_has_date(kind) &&
		    (date_fields(m, &df, err) ||
		     (any_date_field(&df) && apply_date(&df, &p, err))))
			return -1;
		if (apply_time(m, &p, err) ||
		    (cvt_has_offset(kind) && apply_zone(kind, m, &p, false, err)))
			return -1;
	}
	return build(kind, &p, out, err);
}

/* -------------------------------------------------------------- durations */

static int dur_number(const struct cv_map *m, const char *key, double *v,
		      struct cv_err *err)
{
	const struct cv *x = cv_map_get(m, key);

	*v = 0;
	if (!x || x->kind == CV_NULL)
		return 0;
	if (x->kind == CV_INT)
		*v = (double)x->u.i;
	else if (x->kind == CV_FLOAT)
		*v = x->u.f;
	else
		return cv_err_set(err, CV_ERR_TYPE,
				  "duration field '%s' must be a number, not "
				  "%s",
				  key, cv_kind_name(x->kind));
	return 0;
}

/* Whole-number components are added exactly (a double would round
 * nanoseconds); only fractions go through the approximation. */
static int duration_map(const struct cv_map *m, struct cv *out,
			struct cv_err *err)
{
	static const char *const keys[] = {
	    "years",   "months",       "weeks",	       "days",
	    "hours",   "minutes",      "seconds",      "milliseconds",
	    "microseconds", "nanoseconds",
	};
	double v[10];
	size_t i, k;

	for (i = 0; i < m->n; i++) {
		for (k = 0; k < 10; k++)
			if (!strcmp(m->entries[i].key, keys[k]))
				break;
		if (k == 10)
			return cv_err_set(err, CV_ERR_ARG,
					  "unknown duration field '%.40s'",
					  m->entries[i].key);
	}
	for (k = 0; k < 10; k++)
		if (dur_number(m, keys[k], &v[k], err))
			return -1;
	return cvt_duration_approx(
	    v[0] * 12 + v[1], v[2] * 7 + v[3],
	    v[4] * 3600 + v[5] * 60 + v[6],
	    v[7] * 1e6 + v[8] * 1e3 + v[9], out, err);
}

/* A signed decimal: whole part and the fraction in billionths, both with
 * the sign; characters used, or -1. */
static int dur_num(const char *s, int64_t *whole, int64_t *frac)
{
	size_t i = 0, k = 0;
	int sign = 1;

	*whole = *frac = 0;
	if (s[i] == '-' || s[i] == '+')
		sign = s[i++] == '-' ? -1 : 1;
	if (!isdigit((unsigned char)s[i]))
		return -1;
	for (; isdigit((unsigned char)s[i]); i++, k++)
		if (k > 17)
			return -1;
		else
			*whole = *whole * 10 + (s[i] - '0');
	if (s[i] == '.' || s[i] == ',') {
		i++;
		if (!isdigit((unsigned char)s[i]))
			return -1;
		for (k = 0; isdigit((unsigned char)s[i]); i++, k++)
			if (k < 9)
				*frac = *frac * 10 + (s[i] - '0');
		for (; k < 9; k++)
			*frac *= 10;
	}
	*whole *= sign;
	*frac *= sign;
	return (int)i;
}

/* The alternative form PYYYY-MM-DDTHH:MM:SS. */
static int duration_alt(const char *p, int sign, const char *s,
			struct cv *out, struct cv_err *err)
{
	int64_t y, m2 = 0, dd = 0, nano = 0;
	const char *t = strchr(p, 'T');
	size_t dl = t ? (size_t)(t - p) : strlen(p);

	if (dl != 10 || !fixed(p, 4, 4, &y) || p[4] != '-' ||
	    !fixed(p + 5, 2, 2, &m2) || p[7] != '-' || !fixed(p + 8, 2, 2, &dd) ||
	    (t && parse_time(t + 1, strlen(t + 1), &nano) != (int)strlen(t + 1)))
		return arg_error(err, "duration", s);
	*out = cv_duration_make(sign * (y * 12 + m2), sign * dd, 0, sign * nano);
	return 0;
}

/* PnYnMnWnDTnHnMnS (each n may be signed and have a fraction), or the
 * alternative form. Whole amounts add exactly; fractions of months go
 * through Neo4j's approximation. */
static int duration_text(const char *s, struct cv *out, struct cv_err *err)
{
	const char *p = s, *units_d = "YMWD", *units_t = "HMS", *u;
	int64_t mo = 0, d = 0, sec = 0, ns = 0, w, fr;
	double fmo = 0;
	bool time = false, any = false;
	struct cv rest;
	int k, sign = 1;

	if (strlen(s) > TEXT_MAX)
		return arg_error(err, "duration (too long)", s);
	if (*p == '-' || *p == '+')
		sign = *p++ == '-' ? -1 : 1;
	if (*p++ != 'P')
		return arg_error(err, "duration", s);
	if (isdigit((unsigned char)p[0]) && strlen(p) >= 5 && p[4] == '-')
		return duration_alt(p, sign, s, out, err);
	while (*p) {
		if (*p == 'T' && !time) {
			time = true;
			p++;
			continue;
		}
		if ((k = dur_num(p, &w, &fr)) < 0)
			return arg_error(err, "duration", s);
		p += k;
		u = *p ? strchr(time ? units_t : units_d, *p) : NULL;
		if (!u)
			return arg_error(err, "duration", s);
		if (time) {
			int64_t unit = *p == 'H' ? 3600 : *p == 'M' ? 60 : 1;

			units_t = u + 1;
			sec += w * unit;
			ns += fr * unit;
		} else {
			units_d = u + 1;
			if (*p == 'Y') {
				mo += w * 12 + fr * 12 / CV_NANOS_PER_SEC;
				fmo += (double)(fr * 12 % CV_NANOS_PER_SEC) / 1e9;
			} else if (*p == 'M') {
				mo += w;
				fmo += (double)fr / 1e9;
			} else {
				int64_t unit = *p == 'W' ? 7 : 1;

				d += w * unit + fr * unit / CV_NANOS_PER_SEC;
				ns += fr * unit % CV_NANOS_PER_SEC * 86400;
			}
		}
		any = true;
		p++;
	}
	if (!any)
		return arg_error(err, "duration", s);
	if (cvt_duration_approx(fmo, 0, 0, 0, &rest, err))
		return -1;
	*out = cv_duration_make(sign * (mo + rest.u.d.months),
				sign * (d + rest.u.d.days),
				sign * (sec + rest.u.d.seconds),
				sign * (ns + rest.u.d.nanos));
	return 0;
}

static int fn_duration(const struct cv_func *f, const struct cv_func_ctx *ctx,
		       const struct cv *a, size_t n, struct cv *out,
		       struct cv_err *err)
{
	(void)ctx;
	(void)n;
	switch (a[0].kind) {
	case CV_NULL:
		return 0;
	case CV_STRING:
		return duration_text(a[0].u.str.s, out, err);
	case CV_MAP:
		return duration_map(&a[0].u.map, out, err);
	case CV_DURATION:
		*out = a[0];
		return 0;
	default:
		return cv_err_set(err, CV_ERR_TYPE, "%s() cannot take %s",
				  f->name, cv_kind_name(a[0].kind));
	}
}

/* ------------------------------------------------------ duration.between */

enum between { BETWEEN, IN_MONTHS, IN_DAYS, IN_SECONDS };

/* java.time's LocalDate.until(end, MONTHS) after LocalDateTime's
 * adjustment for the time of day. */
static int64_t months_until(int64_t d1, int64_t n1, int64_t d2, int64_t n2)
{
	int64_t y1, y2, p1, p2;
	int m1, m2, dd1, dd2;

	if (d2 > d1 && n2 < n1)
		d2--;
	else if (d2 < d1 && n2 > n1)
		d2++;
	cvt_civil_from_days(d1, &y1, &m1, &dd1);
	cvt_civil_from_days(d2, &y2, &m2, &dd2);
	p1 = (y1 * 12 + m1 - 1) * 32 + dd1;
	p2 = (y2 * 12 + m2 - 1) * 32 + dd2;
	return (p2 - p1) / 32;
}

static int64_t days_until(int64_t d1, int64_t n1, int64_t d2, int64_t n2)
{
	if (d2 > d1 && n2 < n1)
		d2--;
	else if (d2 < d1 && n2 > n1)
		d2++;
	return d2 - d1;
}

static int64_t shift_months(int64_t day, int64_t months)
{
	int64_t y, ym;
	int m, d, md;

	cvt_civil_from_days(day, &y, &m, &d);
	ym = y * 12 + (m - 1) + months;
	y = cvt_floordiv(ym, 12);
	m = (int)cvt_floormod(ym, 12) + 1;
	md = cvt_month_days(y, m);
	return cvt_days_from_civil(y, m, d > md ? md : d);
}

/* A side without a date takes the other's date (both or neither have one
 * then); a side without an offset takes the other's zone. */
static void borrow(struct tparts *p, const struct tparts *o)
{
	struct cv dt;

	if (!p->has_date && o->has_date) {
		p->day = o->day;
		p->has_date = true;
	}
	if (!p->has_off && o->has_off) {
		p->has_off = true;
		p->off = o->off;
		p->zone = o->zone;
		if (p->zone && p->has_date) {
			dt = cvt_datetime_local(p->day, p->nano, o->off,
						o->zone);
			p->day = dt.u.t.day;
			p->nano = dt.u.t.nano;
			p->off = dt.u.t.offset;
		}
	}
}

static int between(enum between what, const struct cv *x, const struct cv *y,
		   struct cv *out, struct cv_err *err)
{
	struct tparts a, b;
	int64_t mo = 0, d = 0, d1, nanos, sec;
	struct cv dt;

	if (!cv_is_temporal(x->kind) || x->kind == CV_DURATION ||
	    !cv_is_temporal(y->kind) || y->kind == CV_DURATION)
		return cv_err_set(err, CV_ERR_TYPE,
				  "duration.between() takes two temporal "
				  "instants, not %s and %s",
				  cv_kind_name(x->kind), cv_kind_name(y->kind));
	parts_of(x, &a);
	parts_of(y, &b);
	borrow(&a, &b);
	borrow(&b, &a);
	/* the second in the first's offset (or zone), at the same instant */
	if (a.has_off && b.has_off) {
		dt = cv_temporal_make(CV_DATETIME, b.day, b.nano, b.off, 0);
		cvt_instant(&dt, &sec, &nanos);
		if (!b.has_date) {
			b.nano = cvt_floormod(b.nano + (int64_t)(a.off - b.off) *
							   CV_NANOS_PER_SEC,
					      CV_NANOS_PER_DAY);
		} else {
			dt = cvt_datetime_at(sec, nanos, a.off, a.zone);
			b.day = dt.u.t.day;
			b.nano = dt.u.t.nano;
			b.off = dt.u.t.offset;
		}
	}
	if (!a.has_date || !b.has_date) {
		*out = cv_duration_make(0, 0, 0,
					what == IN_MONTHS || what == IN_DAYS
					    ? 0
					    : b.nano - a.nano);
		return 0;
	}
	if (what == BETWEEN || what == IN_MONTHS)
		mo = months_until(a.day, a.nano, b.day, b.nano);
	d1 = shift_months(a.day, mo);
	if (what != IN_MONTHS && what != IN_SECONDS)
		d = days_until(d1, a.nano, b.day, b.nano);
	if (what == IN_MONTHS) {
		*out = cv_duration_make(mo, 0, 0, 0);
		return 0;
	}
	if (what == IN_DAYS) {
		*out = cv_duration_make(0, d, 0, 0);
		return 0;
	}
	d1 += d;
	/* the rest in seconds; across a zone's transition by instants */
	if (a.zone) {
		struct cv s1 = cvt_datetime_local(d1, a.nano, a.off, a.zone),
			  s2 = cv_temporal_make(CV_DATETIME, b.day, b.nano,
						b.off, 0);
		int64_t sa, na, sb, nb;

		cvt_instant(&s1, &sa, &na);
		cvt_instant(&s2, &sb, &nb);
		*out = cv_duration_make(mo, d, sb - sa, nb - na);
		return 0;
	}
	*out = cv_duration_make(mo, d, (b.day - d1) * 86400,
				b.nano - a.nano);
	return 0;
}

static int fn_between(const struct cv_func *f, const struct cv_func_ctx *ctx,
		      const struct cv *a, size_t n, struct cv *out,
		      struct cv_err *err)
{
	const char *w = f->name + 9; /* after "duration." */

	(void)ctx;
	(void)n;
	if (a[0].kind == CV_NULL || a[1].kind == CV_NULL)
		return 0;
	return between(!strcmp(w, "between")	? BETWEEN
		       : !strcmp(w, "inMonths") ? IN_MONTHS
		       : !strcmp(w, "inDays")	? IN_DAYS
						: IN_SECONDS,
		       &a[0], &a[1], out, err);
}

/* ------------------------------------------------------------------ table */

static const struct cv_func temporal_funcs[] = {
    {"date", 0, 1, fn_make},
    {"date.realtime", 0, 1, fn_clock},
    {"date.statement", 0, 1, fn_clock},
    {"date.transaction", 0, 1, fn_clock},
    {"date.truncate", 2, 3, fn_truncate},
    {"datetime", 0, 1, fn_make},
    {"datetime.fromepoch", 2, 2, fn_from_epoch},
    {"datetime.fromepochmillis", 1, 1, fn_from_epoch},
    {"datetime.realtime", 0, 1, fn_clock},
    {"datetime.statement", 0, 1, fn_clock},
    {"datetime.transaction", 0, 1, fn_clock},
    {"datetime.truncate", 2, 3, fn_truncate},
    {"duration", 1, 1, fn_duration},
    {"duration.between", 2, 2, fn_between},
    {"duration.inDays", 2, 2, fn_between},
    {"duration.inMonths", 2, 2, fn_between},
    {"duration.inSeconds", 2, 2, fn_between},
    {"localdatetime", 0, 1, fn_make},
    {"localdatetime.realtime", 0, 1, fn_clock},
    {"localdatetime.statement", 0, 1, fn_clock},
    {"localdatetime.transaction", 0, 1, fn_clock},
    {"localdatetime.truncate", 2, 3, fn_truncate},
    {"localtime", 0, 1, fn_make},
    {"localtime.realtime", 0, 1, fn_clock},
    {"localtime.statement", 0, 1, fn_clock},
    {"localtime.transaction", 0, 1, fn_clock},
    {"localtime.truncate", 2, 3, fn_truncate},
    {"time", 0, 1, fn_make},
    {"time.realtime", 0, 1, fn_clock},
    {"time.statement", 0, 1, fn_clock},
    {"time.transaction", 0, 1, fn_clock},
    {"time.truncate", 2, 3, fn_truncate},
};

const struct cv_func *cv_temporal_func_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(temporal_funcs) / sizeof(temporal_funcs[0]); i++)
		if (!strcasecmp(temporal_funcs[i].name, name))
			return &temporal_funcs[i];
	return NULL;
}
