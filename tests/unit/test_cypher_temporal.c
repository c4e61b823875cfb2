/* test_cypher_temporal.c: temporal values (src/graph/cypher_temporal*.c):
 * calendar, ISO text in and out, time zones from the tz database, the
 * statement clock, arithmetic, between, protocol round trip and bounds. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/cu_run.h"
#include "graph/cypher_func.h"
#include "graph/cypher_temporal.h"
#include "graph/cypher_temporal_int.h"
#include "graph/cypher_temporal_text.h"
#include "graph/cypher_value.h"

/* Calls name(arg) (arg NULL: no argument) with the clock at ms. */
static int call1(const char *name, const struct cv *arg, int64_t ms,
		 struct cv *out, struct cv_err *err)
{
	const struct cv_func *f = cv_func_lookup(name);
	struct cv_func_ctx ctx = {.timestamp_ms = ms};

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	return cv_func_call(f, &ctx, arg, arg ? 1 : 0, out, err);
}

/* name('text') rendered; "ERR" when it fails. */
static const char *from_text(const char *name, const char *text)
{
	static char buf[CV_TEMPORAL_TEXT_MAX];
	struct cv_err err = {0};
	struct cv s, out;

	CU_ASSERT_EQUAL_FATAL(cv_cstring(&s, text), 0);
	if (call1(name, &s, 0, &out, &err) < 0) {
		cv_free(&s);
		return "ERR";
	}
	cv_free(&s);
	CU_ASSERT_FATAL(cv_is_temporal(out.kind));
	cv_temporal_text(&out, buf);
	return buf;
}

static void test_calendar_round_trips_and_iso_weeks(void)
{
	int64_t d, y, wy;
	int m, dd, w;

	for (d = -800000; d <= 800000; d += 997) {
		cvt_civil_from_days(d, &y, &m, &dd);
		CU_ASSERT_EQUAL(cvt_days_from_civil(y, m, dd), d);
	}
	CU_ASSERT_EQUAL(cvt_days_from_civil(1970, 1, 1), 0);
	CU_ASSERT_EQUAL(cvt_days_from_civil(2000, 3, 1), 11017);
	/* 1984-01-01 was a Sunday of week 52 of 1983 */
	cvt_iso_week(cvt_days_from_civil(1984, 1, 1), &wy, &w);
	CU_ASSERT_EQUAL(wy, 1983);
	CU_ASSERT_EQUAL(w, 52);
	CU_ASSERT_EQUAL(cvt_weekday(cvt_days_from_civil(1984, 1, 1)), 7);
	CU_ASSERT_EQUAL(cvt_weeks_in_year(2015), 53);
	CU_ASSERT_EQUAL(cvt_weeks_in_year(2017), 52);
}

static void test_parse_and_print_every_form(void)
{
	CU_ASSERT_STRING_EQUAL(from_text("date", "2015-07-21"), "2015-07-21");
	CU_ASSERT_STRING_EQUAL(from_text("date", "20150721"), "2015-07-21");
	CU_ASSERT_STRING_EQUAL(from_text("date", "2015-W30-2"), "2015-07-21");
	CU_ASSERT_STRING_EQUAL(from_text("date", "2015202"), "2015-07-21");
	CU_ASSERT_STRING_EQUAL(from_text("date", "2015-07"), "2015-07-01");
	CU_ASSERT_STRING_EQUAL(from_text("date", "2015"), "2015-01-01");
	CU_ASSERT_STRING_EQUAL(from_text("date", "2015-02-29"), "ERR");
	CU_ASSERT_STRING_EQUAL(from_text("date", "2015-13-01"), "ERR");
	CU_ASSERT_STRING_EQUAL(from_text("localtime", "214032.142"),
			       "21:40:32.142");
	CU_ASSERT_STRING_EQUAL(from_text("localtime", "21:40"), "21:40");
	CU_ASSERT_STRING_EQUAL(from_text("localtime", "24:00"), "ERR");
	CU_ASSERT_STRING_EQUAL(from_text("time", "21:40:32.5+0100"),
			       "21:40:32.500+01:00");
	CU_ASSERT_STRING_EQUAL(from_text("time", "21:40:32"), "21:40:32Z");
	CU_ASSERT_STRING_EQUAL(from_text("localdatetime", "2015-W30-2T2140"),
			       "2015-07-21T21:40");
	CU_ASSERT_STRING_EQUAL(
	    from_text("datetime", "2015-07-21T21:40:32.142[Europe/London]"),
	    "2015-07-21T21:40:32.142+01:00[Europe/London]");
	CU_ASSERT_STRING_EQUAL(from_text("datetime", "2015-07-21T21:40-02"),
			       "2015-07-21T21:40-02:00");
	CU_ASSERT_STRING_EQUAL(from_text("duration", "P1Y2M10DT2H30M15.5S"),
			       "P1Y2M10DT2H30M15.5S");
	CU_ASSERT_STRING_EQUAL(from_text("duration", "PT-0.001S"),
			       "PT-0.001S");
	CU_ASSERT_STRING_EQUAL(from_text("duration", "P2.5W"), "P17DT12H");
	CU_ASSERT_STRING_EQUAL(from_text("duration", "P0.75M"),
			       "P22DT19H51M49.5S");
	CU_ASSERT_STRING_EQUAL(from_text("duration", "P2012-02-02T14:37:21.545"),
			       "P2012Y2M2DT14H37M21.545S");
	CU_ASSERT_STRING_EQUAL(from_text("duration", "P"), "ERR");
	CU_ASSERT_STRING_EQUAL(from_text("duration", "PT1D"), "ERR");
}

static void test_named_zones_gaps_and_overlaps(void)
{
	struct cv_err err = {0};
	uint32_t z = cv_tz_lookup("Europe/Stockholm", &err);
	int64_t local;

	CU_ASSERT_FATAL(z > 0);
	CU_ASSERT_EQUAL(cv_tz_lookup("Europe/Stockholm", &err), z); /* cached */
	/* 2017-03-26 02:30 does not exist there: moved to 03:30 +02:00 */
	local = cvt_days_from_civil(2017, 3, 26) * 86400 + 2 * 3600 + 1800;
	CU_ASSERT_EQUAL(cv_tz_offset_for_local(z, &local), 7200);
	CU_ASSERT_EQUAL(local, cvt_days_from_civil(2017, 3, 26) * 86400 +
				   3 * 3600 + 1800);
	/* 2017-10-29 02:30 happens twice: the earlier offset */
	local = cvt_days_from_civil(2017, 10, 29) * 86400 + 2 * 3600 + 1800;
	CU_ASSERT_EQUAL(cv_tz_offset_for_local(z, &local), 7200);
	CU_ASSERT_STRING_EQUAL(
	    from_text("datetime", "2017-10-29T02:30[Europe/Stockholm]"),
	    "2017-10-29T02:30+02:00[Europe/Stockholm]");
	/* names are checked before any file is opened */
	CU_ASSERT_EQUAL(cv_tz_lookup("../../etc/passwd", &err), 0);
	CU_ASSERT_EQUAL(err.code, CV_ERR_ARG);
	CU_ASSERT_EQUAL(cv_tz_lookup("/etc/localtime", &err), 0);
	CU_ASSERT_EQUAL(cv_tz_lookup("Mars/Olympus_Mons", &err), 0);
	CU_ASSERT_STRING_EQUAL(
	    from_text("datetime", "2015-07-21T21:40[No/Such_Zone]"), "ERR");
}

/* The argument-less forms read the statement's clock, not the real one:
 * the same ms gives the same value on every replica. */
static void test_clock_functions_use_the_statement_clock(void)
{
	struct cv_err err = {0};
	struct cv out, tz;
	char buf[CV_TEMPORAL_TEXT_MAX];

	CU_ASSERT_EQUAL(call1("datetime", NULL, 1700000000123, &out, &err), 0);
	cv_temporal_text(&out, buf);
	CU_ASSERT_STRING_EQUAL(buf, "2023-11-14T22:13:20.123Z");
	CU_ASSERT_EQUAL(call1("date", NULL, 1700000000123, &out, &err), 0);
	cv_temporal_text(&out, buf);
	CU_ASSERT_STRING_EQUAL(buf, "2023-11-14");
	CU_ASSERT_EQUAL(cv_cstring(&tz, "Pacific/Honolulu"), 0);
	CU_ASSERT_EQUAL(call1("localtime.statement", &tz, 1700000000123, &out,
			      &err),
			0);
	cv_temporal_text(&out, buf);
	CU_ASSERT_STRING_EQUAL(buf, "12:13:20.123");
	cv_free(&tz);
	/* without a transaction there is no clock to read */
	CU_ASSERT_EQUAL(cv_func_call(cv_func_lookup("date"), NULL, NULL, 0,
				     &out, &err),
			-1);
	CU_ASSERT_EQUAL(err.code, CV_ERR_UNSUPPORTED);
}

static const char *binop(enum cypher_op op, const char *fa, const char *a,
			 const char *fb, const char *b)
{
	static char buf[CV_TEMPORAL_TEXT_MAX];
	struct cv_err err = {0};
	struct cv x, y, s, out;

	CU_ASSERT_EQUAL_FATAL(cv_cstring(&s, a), 0);
	CU_ASSERT_EQUAL_FATAL(call1(fa, &s, 0, &x, &err), 0);
	cv_free(&s);
	CU_ASSERT_EQUAL_FATAL(cv_cstring(&s, b), 0);
	CU_ASSERT_EQUAL_FATAL(call1(fb, &s, 0, &y, &err), 0);
	cv_free(&s);
	if (cv_binary(op, &x, &y, &out, &err) < 0)
		return "ERR";
	cv_temporal_text(&out, buf);
	return buf;
}

static void test_arithmetic_clamps_months_and_crosses_zones(void)
{
	CU_ASSERT_STRING_EQUAL(binop(CYPHER_OP_ADD, "date", "2016-01-31",
				     "duration", "P1M"),
			       "2016-02-29");
	CU_ASSERT_STRING_EQUAL(binop(CYPHER_OP_SUB, "date", "2016-03-31",
				     "duration", "P1M1D"),
			       "2016-02-28");
	CU_ASSERT_STRING_EQUAL(binop(CYPHER_OP_ADD, "localtime", "23:00",
				     "duration", "PT2H"),
			       "01:00");
	/* 24 hours after 2017-03-25 12:00 in Stockholm is 13:00 local */
	CU_ASSERT_STRING_EQUAL(
	    binop(CYPHER_OP_ADD, "datetime",
		  "2017-03-25T12:00[Europe/Stockholm]", "duration", "PT24H"),
	    "2017-03-26T13:00+02:00[Europe/Stockholm]");
	CU_ASSERT_STRING_EQUAL(
	    binop(CYPHER_OP_ADD, "datetime",
		  "2017-03-25T12:00[Europe/Stockholm]", "duration", "P1D"),
	    "2017-03-26T12:00+02:00[Europe/Stockholm]");
	CU_ASSERT_STRING_EQUAL(binop(CYPHER_OP_SUB, "duration", "PT1S",
				     "duration", "PT1.5S"),
			       "PT-0.5S");
	/* beyond year 999999999 */
	CU_ASSERT_STRING_EQUAL(binop(CYPHER_OP_ADD, "date", "2015-01-01",
				     "duration", "P999999999Y"),
			       "ERR");
}

static void test_between_and_comparison(void)
{
	struct cv_err err = {0};
	const struct cv_func *f = cv_func_lookup("duration.between");
	struct cv a[2], s, out;
	char buf[CV_TEMPORAL_TEXT_MAX];
	int c = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(cv_cstring(&s, "2017-10-29T00:00[Europe/Stockholm]"),
			0);
	CU_ASSERT_EQUAL(call1("datetime", &s, 0, &a[0], &err), 0);
	cv_free(&s);
	CU_ASSERT_EQUAL(cv_cstring(&s, "2017-10-30T00:00[Europe/Stockholm]"),
			0);
	CU_ASSERT_EQUAL(call1("datetime", &s, 0, &a[1], &err), 0);
	cv_free(&s);
	CU_ASSERT_EQUAL(cv_func_call(f, NULL, a, 2, &out, &err), 0);
	cv_temporal_text(&out, buf);
	CU_ASSERT_STRING_EQUAL(buf, "P1D");
	f = cv_func_lookup("duration.inSeconds");
	CU_ASSERT_EQUAL(cv_func_call(f, NULL, a, 2, &out, &err), 0);
	cv_temporal_text(&out, buf);
	CU_ASSERT_STRING_EQUAL(buf, "PT25H"); /* the clocks went back */
	CU_ASSERT_EQUAL(cv_temporal_compare(&a[0], &a[1], &c), 0);
	CU_ASSERT(c < 0);
	CU_ASSERT(cv_order(&a[0], &a[1]) < 0);
	/* durations are equal by components, never < or > */
	CU_ASSERT_EQUAL(cv_temporal_compare(&out, &out, &c), -1);
	CU_ASSERT_EQUAL(cv_equals(&out, &out), CV_TRUE);
}

/* The same instant at two offsets: not equal (java.time), so DISTINCT
 * keeps both: cv_order must not call them equivalent while their hashes
 * differ. */
static void test_same_instant_other_offset_is_a_different_value(void)
{
	struct cv_err err = {0};
	struct cv s, a, b;

	CU_ASSERT_EQUAL(cv_cstring(&s, "2015-07-21T12:00+01:00"), 0);
	CU_ASSERT_EQUAL(call1("datetime", &s, 0, &a, &err), 0);
	cv_free(&s);
	CU_ASSERT_EQUAL(cv_cstring(&s, "2015-07-21T11:00Z"), 0);
	CU_ASSERT_EQUAL(call1("datetime", &s, 0, &b, &err), 0);
	cv_free(&s);
	CU_ASSERT_EQUAL(cv_equals(&a, &b), CV_FALSE);
	CU_ASSERT_FALSE(cv_equivalent(&a, &b));
	CU_ASSERT_NOT_EQUAL(cv_order(&a, &b), 0);
	CU_ASSERT_EQUAL(cv_order(&a, &b), -cv_order(&b, &a));
}

static void test_proto_round_trip_and_text_from_fields(void)
{
	static const char *const texts[][2] = {
	    {"date", "-0044-03-15"},
	    {"localtime", "12:00:00.000000001"},
	    {"time", "23:59:59-14:00"},
	    {"localdatetime", "+10000-01-01T00:00"},
	    {"datetime", "1984-10-11T12:31:14.645876123+01:00[Europe/Stockholm]"},
	    {"duration", "P-12Y-10M-43DT-18H-9M-3.500000003S"},
	};
	struct cv_err err = {0};
	Graphd__Value *pv;
	struct cv s, v, back;
	char buf[CVT_TEXT_MAX];
	int64_t f[4];

	for (size_t i = 0; i < 6; i++) {
		CU_ASSERT_EQUAL(cv_cstring(&s, texts[i][1]), 0);
		CU_ASSERT_EQUAL_FATAL(call1(texts[i][0], &s, 0, &v, &err), 0);
		cv_free(&s);
		CU_ASSERT_EQUAL_FATAL(cv_to_proto(&v, &pv, &err), 0);
		CU_ASSERT_EQUAL(pv->kind_case,
				GRAPHD__VALUE__KIND_TEMPORAL_VALUE);
		f[0] = pv->temporal_value->a;
		f[1] = pv->temporal_value->b;
		f[2] = pv->temporal_value->c;
		f[3] = pv->temporal_value->d;
		cvt_text((int)pv->temporal_value->kind, f,
			 pv->temporal_value->zone, buf);
		CU_ASSERT_STRING_EQUAL(buf, texts[i][1]);
		CU_ASSERT_EQUAL(cv_from_proto(pv, &back, &err), 0);
		CU_ASSERT(cv_equivalent(&v, &back));
		graphd__value__free_unpacked(pv, NULL);
	}
}

static void test_inputs_are_bounded(void)
{
	char big[300];
	struct cv_err err = {0};
	struct cv m, x, out;

	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CU_ASSERT_STRING_EQUAL(from_text("date", big), "ERR");
	CU_ASSERT_STRING_EQUAL(from_text("duration", big), "ERR");
	cv_map_init(&m);
	x = cv_int(1000000000); /* beyond year 999999999 */
	CU_ASSERT_EQUAL(cv_map_set(&m.u.map, "year", &x), 0);
	CU_ASSERT_EQUAL(call1("date", &m, 0, &out, &err), -1);
	CU_ASSERT_EQUAL(err.code, CV_ERR_ARG);
	x = cv_int(2000);
	CU_ASSERT_EQUAL(cv_map_set(&m.u.map, "year", &x), 0);
	x = cv_int(13);
	CU_ASSERT_EQUAL(cv_map_set(&m.u.map, "month", &x), 0);
	CU_ASSERT_EQUAL(call1("date", &m, 0, &out, &err), -1);
	CU_ASSERT_EQUAL(err.code, CV_ERR_ARG);
	x = cv_int(1);
	CU_ASSERT_EQUAL(cv_map_set(&m.u.map, "fortnight", &x), 0);
	CU_ASSERT_EQUAL(call1("date", &m, 0, &out, &err), -1);
	cv_free(&m);
}

int main(void)
{
	static const struct cu_test tests[] = {
#define T(f) {#f, f}
	    T(test_calendar_round_trips_and_iso_weeks),
	    T(test_parse_and_print_every_form),
	    T(test_named_zones_gaps_and_overlaps),
	    T(test_clock_functions_use_the_statement_clock),
	    T(test_arithmetic_clamps_months_and_crosses_zones),
	    T(test_between_and_comparison),
	    T(test_same_instant_other_offset_is_a_different_value),
	    T(test_proto_round_trip_and_text_from_fields),
	    T(test_inputs_are_bounded),
#undef T
	};

	return cu_run_table("cypher_temporal", tests, sizeof(tests) / sizeof(tests[0]));
}
