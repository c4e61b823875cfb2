/* cypher_temporal_text.c: the proleptic Gregorian calendar and the ISO
 * 8601 text of temporal values, on plain fields (no dependencies), so the
 * HTTP API and the client library print them as the server does. */
#include "graph/cypher_temporal_text.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define NANOS_PER_SEC 1000000000LL

/* ---------------------------------------------------------------- calendar */

int64_t cvt_floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t cvt_floormod(int64_t a, int64_t b)
{
	return a - cvt_floordiv(a, b) * b;
}

bool cvt_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cvt_month_days(int64_t y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && cvt_leap(y) ? 29 : n[m - 1];
}

/* Howard Hinnant's days_from_civil: proleptic Gregorian. */
int64_t cvt_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = cvt_floordiv(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void cvt_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = cvt_floordiv(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* -------------------------------------------------------------------- text */

static char *put_year(char *p, int64_t y)
{
	if (y > 9999)
		return p + sprintf(p, "+%" PRId64, y);
	if (y < 0)
		return p + sprintf(p, "-%04" PRId64, -y);
	return p + sprintf(p, "%04" PRId64, y);
}

char *cvt_put_date(char *p, int64_t day)
{
	int64_t y;
	int m, d;

	cvt_civil_from_days(day, &y, &m, &d);
	p = put_year(p, y);
	return p + sprintf(p, "-%02d-%02d", m, d);
}

/* HH:MM[:SS[.fff[fff[fff]]]] as java.time's LocalTime prints it. */
char *cvt_put_time(char *p, int64_t nano)
{
	int64_t s = nano / NANOS_PER_SEC, n = nano % NANOS_PER_SEC;

	p += sprintf(p, "%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60));
	if (s % 60 == 0 && n == 0)
		return p;
	p += sprintf(p, ":%02d", (int)(s % 60));
	if (n == 0)
		return p;
	if (n % 1000000 == 0)
		return p + sprintf(p, ".%03d", (int)(n / 1000000));
	if (n % 1000 == 0)
		return p + sprintf(p, ".%06d", (int)(n / 1000));
	return p + sprintf(p, ".%09d", (int)n);
}

char *cvt_put_offset(char *p, int32_t off)
{
	int32_t a = off < 0 ? -off : off;

	if (off == 0)
		return p + sprintf(p, "Z");
	p += sprintf(p, "%c%02d:%02d", off < 0 ? '-' : '+', (int)(a / 3600),
		     (int)(a / 60 % 60));
	if (a % 60)
		p += sprintf(p, ":%02d", (int)(a % 60));
	return p;
}

/* Neo4j's DurationValue.toString: each component with its own sign, the
 * seconds' fraction without trailing zeros. */
static void put_duration(char *p, int64_t months, int64_t days, int64_t s,
			 int64_t n)
{
	if (!months && !days && !s && !n) {
		strcpy(p, "PT0S");
		return;
	}
	*p++ = 'P';
	if (months / 12)
		p += sprintf(p, "%" PRId64 "Y", months / 12);
	if (months % 12)
		p += sprintf(p, "%" PRId64 "M", months % 12);
	if (days)
		p += sprintf(p, "%" PRId64 "D", days);
	*p = '\0';
	if (!s && !n)
		return;
	if (s < 0 && n) {
		s++;
		n -= NANOS_PER_SEC;
	}
	*p++ = 'T';
	if (s / 3600)
		p += sprintf(p, "%" PRId64 "H", s / 3600);
	if (s % 3600 / 60)
		p += sprintf(p, "%" PRId64 "M", s % 3600 / 60);
	s %= 60;
	if (s || n) {
		if (s)
			p += sprintf(p, "%" PRId64, s);
		else
			p += sprintf(p, "%s0", n < 0 ? "-" : "");
		if (n) {
			int k = 9;

			p += sprintf(p, ".%09" PRId64, n < 0 ? -n : n);
			while (k > 1 && p[-1] == '0')
				p--, k--;
		}
		*p++ = 'S';
	}
	*p = '\0';
}

void cvt_text(int kind, const int64_t f[4], const char *zone, char *buf)
{
	char *p = buf;

	*p = '\0';
	switch (kind) {
	case CVT_DATE:
		cvt_put_date(p, f[0]);
		break;
	case CVT_LOCALTIME:
		cvt_put_time(p, f[1]);
		break;
	case CVT_TIME:
		cvt_put_offset(cvt_put_time(p, f[1]), (int32_t)f[2]);
		break;
	case CVT_LOCALDATETIME:
		p = cvt_put_date(p, f[0]);
		*p++ = 'T';
		cvt_put_time(p, f[1]);
		break;
	case CVT_DATETIME:
		p = cvt_put_date(p, f[0]);
		*p++ = 'T';
		p = cvt_put_offset(cvt_put_time(p, f[1]), (int32_t)f[2]);
		if (zone && *zone)
			snprintf(p, 70, "[%.64s]", zone);
		break;
	case CVT_DURATION:
		put_duration(p, f[0], f[1], f[2], f[3]);
		break;
	default:
		break;
	}
}
