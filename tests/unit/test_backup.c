/* test_backup.c: the backup manifest (format, parse, refusals), the
 * incomplete mark, the store checksum that restore and verify rely on, and
 * the progress output (a bar only on a terminal). */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/manifest.h"
#include "cli/backup_progress.h"
#include "store/copy.h"

#include "cu_run.h"

static char dir[64];

static int suite_init(void)
{
	snprintf(dir, sizeof(dir), "%s/test_backup.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int suite_clean(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct backup_manifest sample(void)
{
	struct backup_manifest m = {.version = BACKUP_MANIFEST_VERSION,
				    .server_id = 3,
				    .txn_id = 12345,
				    .term = 7,
				    .incremental = true,
				    .stream_bytes = 99,
				    .stream_crc = 0xdeadbeef,
				    .store_bytes = 4096,
				    .store_crc = 0x0000abcd,
				    .store_records = 42};

	strcpy(m.cluster_name, "prod");
	strcpy(m.time, "2026-11-24T01:00:00Z");
	return m;
}

static void test_manifest_round_trips(void)
{
	struct backup_manifest m = sample(), back;
	char text[BACKUP_MANIFEST_MAX], err[256];

	CU_ASSERT_FATAL(backup_manifest_format(&m, text, sizeof(text)) > 0);
	CU_ASSERT_EQUAL_FATAL(
	    backup_manifest_parse(&back, text, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(back.cluster_name, "prod");
	CU_ASSERT_EQUAL(back.server_id, 3);
	CU_ASSERT_EQUAL(back.txn_id, 12345);
	CU_ASSERT_EQUAL(back.term, 7);
	CU_ASSERT_TRUE(back.incremental);
	CU_ASSERT_EQUAL(back.stream_crc, 0xdeadbeef);
	CU_ASSERT_EQUAL(back.store_crc, 0x0000abcd);
	CU_ASSERT_EQUAL(back.store_bytes, 4096);
	CU_ASSERT_EQUAL(back.store_records, 42);
	CU_ASSERT_STRING_EQUAL(back.time, m.time);
}

static void test_manifest_too_small_buffer_is_refused(void)
{
	struct backup_manifest m = sample();
	char text[32];

	CU_ASSERT_EQUAL(backup_manifest_format(&m, text, sizeof(text)), -1);
}

/* parse_fails TEXT WANT: parse refuses TEXT, err mentions WANT. */
static void parse_fails(const char *text, const char *want)
{
	struct backup_manifest m;
	char err[256] = "";

	CU_ASSERT_EQUAL(backup_manifest_parse(&m, text, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
	if (!strstr(err, want))
		fprintf(stderr, "\n  err was \"%s\", wanted \"%s\"\n", err,
			want);
}

static void test_manifest_refusals_say_why(void)
{
	struct backup_manifest m = sample();
	char text[BACKUP_MANIFEST_MAX], cut[BACKUP_MANIFEST_MAX];
	char *p;

	parse_fails("hello\n", "not a graphd backup manifest");
	parse_fails("graphd-backup 2\n", "version 2 is not supported");
	backup_manifest_format(&m, text, sizeof(text));
	/* A manifest cut before its last field. */
	strcpy(cut, text);
	*strstr(cut, "time=") = '\0';
	parse_fails(cut, "field time is missing");
	strcpy(cut, text);
	p = strstr(cut, "txn_id=12345");
	memcpy(p, "txn_id=12x45", 12);
	parse_fails(cut, "bad value for txn_id");
	strcpy(cut, text);
	p = strstr(cut, "store_crc32=0000abcd");
	memcpy(p, "store_crc32=-000abcd", 20);
	parse_fails(cut, "bad value for store_crc32");
	strcpy(cut, text);
	p = strstr(cut, "kind=incremental");
	memcpy(p, "kind=incrementaX", 16);
	parse_fails(cut, "bad value for kind");
	parse_fails("graphd-backup 1\nno equals sign\n", "not key=value");
}

static void test_manifest_ignores_unknown_keys(void)
{
	struct backup_manifest m = sample(), back;
	char text[BACKUP_MANIFEST_MAX + 64], err[256];
	int n = backup_manifest_format(&m, text, BACKUP_MANIFEST_MAX);

	strcpy(text + n, "future_field=1\n");
	CU_ASSERT_EQUAL(backup_manifest_parse(&back, text, err, sizeof(err)),
			0);
	CU_ASSERT_EQUAL(back.txn_id, 12345);
}

static void test_incomplete_mark_makes_a_backup_incomplete(void)
{
	struct backup_manifest m = sample(), back;
	char err[512];

	CU_ASSERT_EQUAL(backup_check_complete(dir, &back, err, sizeof(err)),
			-1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "backup.manifest"));
	CU_ASSERT_EQUAL(backup_manifest_write(dir, &m, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(backup_check_complete(dir, &back, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(backup_mark_incomplete(dir, true, err, sizeof(err)), 0);
	CU_ASSERT_TRUE(backup_is_marked_incomplete(dir));
	CU_ASSERT_EQUAL(backup_check_complete(dir, &back, err, sizeof(err)),
			-1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "incomplete backup"));
	CU_ASSERT_EQUAL(backup_mark_incomplete(dir, false, err, sizeof(err)),
			0);
	CU_ASSERT_FALSE(backup_is_marked_incomplete(dir));
	CU_ASSERT_EQUAL(backup_check_complete(dir, &back, err, sizeof(err)), 0);
}

static void test_store_sum_matches_only_its_manifest(void)
{
	struct store_env *env = NULL;
	struct store_graph *g = NULL;
	struct backup_manifest m = sample();
	uint64_t applied;
	char err[512];

	CU_ASSERT_FATAL(store_env_open(&env, dir, err, sizeof(err)) == 0);
	CU_ASSERT_FATAL(store_graph_open(env, &g, err, sizeof(err)) == 0);
	CU_ASSERT_EQUAL_FATAL(backup_store_sum(g, &m.store_bytes, &m.store_crc,
					       &m.store_records, &applied, err,
					       sizeof(err)),
			      0);
	m.txn_id = applied;
	CU_ASSERT_EQUAL(backup_check_sum(g, &m, err, sizeof(err)), 0);
	m.store_crc ^= 1;
	CU_ASSERT_EQUAL(backup_check_sum(g, &m, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "the backup is corrupt"));
	m.store_crc ^= 1;
	m.txn_id = applied + 1;
	CU_ASSERT_EQUAL(backup_check_sum(g, &m, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "the manifest says"));
	store_graph_close(g);
	store_env_close(env);
}

static void test_record_count_follows_the_headers(void)
{
	/* Two records: db 0, key "ab", value "xyz"; db 4, key "k", no value. */
	static const uint8_t chunk[] = {0, 0, 0, 0,   2,   'a', 'b', 0,
					0, 0, 3, 'x', 'y', 'z', 4,   0,
					0, 0, 1, 'k', 0,   0,	0,   0};

	CU_ASSERT_EQUAL(backup_count_records(chunk, sizeof(chunk)), 2);
	CU_ASSERT_EQUAL(backup_count_records(chunk, 14), 1);
	CU_ASSERT_EQUAL(backup_count_records(chunk, 0), 0);
}

static void test_progress_bar_only_on_a_terminal(void)
{
	struct backup_progress p;
	char line[160];

	backup_progress_init(&p, stdout, true, "records", 1000);
	backup_progress_format(&p, line, sizeof(line), 500, 500, 7);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "[###############"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, " 50%"));
	backup_progress_init(&p, stdout, false, "records", 1000);
	backup_progress_format(&p, line, sizeof(line), 500, 500, 7);
	CU_ASSERT_PTR_NULL(strchr(line, '['));
	CU_ASSERT_STRING_EQUAL(line, "backup: 50%: 0.0 MB, 7 records");
	/* Past an estimate: 99% until the end, never over 100. */
	backup_progress_format(&p, line, sizeof(line), 2000, 2000, 9);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "99%"));
}

static void test_plain_progress_prints_every_tenth(void)
{
	struct backup_progress p;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int lines = 0;

	CU_ASSERT_FATAL(f != NULL);
	backup_progress_init(&p, f, false, "transactions", 100);
	for (uint64_t i = 1; i <= 100; i++)
		backup_progress_update(&p, i, i, i);
	backup_progress_end(&p);
	fclose(f);
	for (char *c = buf; *c; c++)
		lines += *c == '\n';
	CU_ASSERT_EQUAL(lines, 10);
	CU_ASSERT_PTR_NULL(strchr(buf, '\r'));
	free(buf);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("backup", suite_init, suite_clean);
	CU_add_test(s, "manifest round-trips", test_manifest_round_trips);
	CU_add_test(s, "manifest too small buffer is refused",
		    test_manifest_too_small_buffer_is_refused);
	CU_add_test(s, "manifest refusals say why",
		    test_manifest_refusals_say_why);
	CU_add_test(s, "manifest ignores unknown keys",
		    test_manifest_ignores_unknown_keys);
	CU_add_test(s, "incomplete mark makes a backup incomplete",
		    test_incomplete_mark_makes_a_backup_incomplete);
	CU_add_test(s, "store sum matches only its manifest",
		    test_store_sum_matches_only_its_manifest);
	CU_add_test(s, "record count follows the headers",
		    test_record_count_follows_the_headers);
	CU_add_test(s, "progress bar only on a terminal",
		    test_progress_bar_only_on_a_terminal);
	CU_add_test(s, "plain progress prints every tenth",
		    test_plain_progress_prints_every_tenth);
	return cu_run();
}
