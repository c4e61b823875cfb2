/* test_config.c: graphd.conf parsing, errors and cross-key validation. */
#include "util/config.h"
#include "util/log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../unit/cu_run.h"

static struct config cfg;
static char err[1024];

static int parse(const char *text)
{
	err[0] = '\0';
	return config_parse(&cfg, "t.conf", text, err, sizeof(err));
}

static void defaults_are_a_single_instance_on_loopback(void)
{
	CU_ASSERT_EQUAL(parse(""), 0);
	CU_ASSERT_EQUAL(cfg.mode, CONFIG_MODE_SINGLE);
	CU_ASSERT_EQUAL(cfg.server_id, 1);
	CU_ASSERT_STRING_EQUAL(cfg.cluster_name, "graphd");
	CU_ASSERT_STRING_EQUAL(cfg.server.host, "127.0.0.1");
	CU_ASSERT_EQUAL(cfg.server.port, 6001);
	CU_ASSERT_EQUAL(cfg.cluster_server.port, 5001);
	CU_ASSERT_EQUAL(cfg.http.port, 7474);
	CU_ASSERT_EQUAL(cfg.heartbeat_interval_ms, 50);
	CU_ASSERT_EQUAL(cfg.election_timeout_ms, 300);
	CU_ASSERT_EQUAL(cfg.max_frame_size, 16u << 20);
	CU_ASSERT_STRING_EQUAL(cfg.data_dir, "data");
	CU_ASSERT_EQUAL(cfg.log_level, LOG_LVL_INFO);
	CU_ASSERT_EQUAL(config_validate(&cfg, "t.conf", err, sizeof(err)), 0);
}

static void every_key_is_parsed(void)
{
	const char *text =
	    "# a comment\n"
	    "\n"
	    "  dbms.mode = ha  \n"
	    "ha.server_id=3\n"
	    "ha.initial_hosts = 1@10.0.0.1:5001, 2@[::1]:5002 ,3@h3:5003\n"
	    "ha.cluster_server = :5101\n"
	    "ha.server = 0.0.0.0:6101   # client port\n"
	    "dbms.connector.http.listen_address = [::1]:7575\n"
	    "ha.cluster_name = prod-graph_1.eu\n"
	    "ha.heartbeat_interval = 100\n"
	    "ha.election_timeout = 1s\n"
	    "ha.write_timeout = 1m\n"
	    "ha.slave_only = TRUE\n"
	    "ha.max_frame_size = 64k\n"
	    "dbms.directories.data = /var/lib/graphd\n"
	    "dbms.logs.level = debug\n";

	CU_ASSERT_EQUAL_FATAL(parse(text), 0);
	CU_ASSERT_EQUAL(cfg.mode, CONFIG_MODE_HA);
	CU_ASSERT_EQUAL(cfg.server_id, 3);
	CU_ASSERT_EQUAL_FATAL(cfg.n_initial_hosts, 3);
	CU_ASSERT_EQUAL(cfg.initial_hosts[0].id, 1);
	CU_ASSERT_STRING_EQUAL(cfg.initial_hosts[0].addr.host, "10.0.0.1");
	CU_ASSERT_EQUAL(cfg.initial_hosts[1].id, 2);
	CU_ASSERT_STRING_EQUAL(cfg.initial_hosts[1].addr.host, "::1");
	CU_ASSERT_EQUAL(cfg.initial_hosts[1].addr.port, 5002);
	CU_ASSERT_STRING_EQUAL(cfg.initial_hosts[2].addr.host, "h3");
	CU_ASSERT_STRING_EQUAL(cfg.cluster_server.host, "127.0.0.1");
	CU_ASSERT_EQUAL(cfg.cluster_server.port, 5101);
	CU_ASSERT_STRING_EQUAL(cfg.server.host, "0.0.0.0");
	CU_ASSERT_STRING_EQUAL(cfg.http.host, "::1");
	CU_ASSERT_EQUAL(cfg.http.port, 7575);
	CU_ASSERT_STRING_EQUAL(cfg.cluster_name, "prod-graph_1.eu");
	CU_ASSERT_EQUAL(cfg.heartbeat_interval_ms, 100);
	CU_ASSERT_EQUAL(cfg.election_timeout_ms, 1000);
	CU_ASSERT_EQUAL(cfg.write_timeout_ms, 60000);
	CU_ASSERT_TRUE(cfg.slave_only);
	CU_ASSERT_EQUAL(cfg.max_frame_size, 65536);
	CU_ASSERT_STRING_EQUAL(cfg.data_dir, "/var/lib/graphd");
	CU_ASSERT_EQUAL(cfg.log_level, LOG_LVL_DEBUG);
	CU_ASSERT_EQUAL(config_validate(&cfg, "t.conf", err, sizeof(err)), 0);
}

static void plain_host_list_has_no_ids(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("ha.initial_hosts = a:1,b:2"), 0);
	CU_ASSERT_EQUAL(cfg.n_initial_hosts, 2);
	CU_ASSERT_EQUAL(cfg.initial_hosts[0].id, 0);
	CU_ASSERT_EQUAL(cfg.initial_hosts[1].addr.port, 2);
}

/* Port 0 on the client port: graphd binds any free port (tests). */
static void client_port_zero_means_any_free_port(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("ha.server = 127.0.0.1:0"), 0);
	CU_ASSERT_STRING_EQUAL(cfg.server.host, "127.0.0.1");
	CU_ASSERT_EQUAL(cfg.server.port, 0);
}

static void relative_data_dir_is_relative_to_the_config_file(void)
{
	CU_ASSERT_EQUAL_FATAL(config_parse(&cfg, "/etc/graphd/graphd.conf",
					   "dbms.directories.data = db\n", err,
					   sizeof(err)),
			      0);
	CU_ASSERT_STRING_EQUAL(cfg.data_dir, "/etc/graphd/db");
	CU_ASSERT_EQUAL_FATAL(
	    config_parse(&cfg, "conf/x.conf", "", err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(cfg.data_dir, "conf/data");
}

/* Each bad input must give exactly this "FILE:LINE: reason" text. */
static void expect_error(const char *text, const char *want)
{
	CU_ASSERT_EQUAL(parse(text), -1);
	CU_ASSERT_STRING_EQUAL(err, want);
	if (strcmp(err, want) != 0)
		fprintf(stderr, "\n  got:  %s\n  want: %s\n", err, want);
}

static void unknown_key_names_the_key_and_the_man_page(void)
{
	expect_error("\n\nha.foo = 1\n",
		     "t.conf:3: unknown key 'ha.foo'; see graphd.conf(5)");
}

static void duplicate_key_names_the_first_line(void)
{
	expect_error("# x\n\nha.server_id = 1\nha.server_id = 2\n",
		     "t.conf:4: duplicate key 'ha.server_id' (first set on "
		     "line 3)");
}

static void line_without_equals_is_an_error(void)
{
	expect_error("dbms.mode SINGLE\n",
		     "t.conf:1: expected 'key = value', got 'dbms.mode "
		     "SINGLE'");
}

static void empty_value_is_an_error(void)
{
	expect_error("ha.server =\n", "t.conf:1: no value for key 'ha.server'");
}

static void bad_values_name_the_accepted_form(void)
{
	expect_error("dbms.mode = master",
		     "t.conf:1: bad value 'master' for dbms.mode: expected "
		     "SINGLE, HA or ARBITER");
	expect_error("ha.server_id = 0",
		     "t.conf:1: bad value '0' for ha.server_id: expected an "
		     "integer 1..65535");
	expect_error("ha.server_id = 65536",
		     "t.conf:1: bad value '65536' for ha.server_id: expected "
		     "an integer 1..65535");
	expect_error("ha.server_id = -1",
		     "t.conf:1: bad value '-1' for ha.server_id: expected an "
		     "integer 1..65535");
	expect_error("ha.server = localhost",
		     "t.conf:1: bad value 'localhost' for ha.server: expected "
		     "host:port, [ipv6]:port or :port (port 1..65535)");
	expect_error("ha.cluster_server = h:0",
		     "t.conf:1: bad value 'h:0' for ha.cluster_server: "
		     "expected host:port, [ipv6]:port or :port (port "
		     "1..65535)");
	expect_error("ha.cluster_server = ::1:5001",
		     "t.conf:1: bad value '::1:5001' for ha.cluster_server: "
		     "expected host:port, [ipv6]:port or :port (port "
		     "1..65535)");
	expect_error("ha.cluster_name = my cluster",
		     "t.conf:1: bad value 'my cluster' for ha.cluster_name: "
		     "expected 1..63 letters, digits, '.', '-' or '_'");
	expect_error("ha.heartbeat_interval = 5h",
		     "t.conf:1: bad value '5h' for ha.heartbeat_interval: "
		     "expected a duration such as 50ms, 2s or 1m (1ms..1h)");
	expect_error("ha.election_timeout = 0ms",
		     "t.conf:1: bad value '0ms' for ha.election_timeout: "
		     "expected a duration such as 50ms, 2s or 1m (1ms..1h)");
	expect_error("ha.slave_only = yes",
		     "t.conf:1: bad value 'yes' for ha.slave_only: expected "
		     "true or false");
	expect_error("ha.max_frame_size = 512",
		     "t.conf:1: bad value '512' for ha.max_frame_size: "
		     "expected a size such as 64k or 16M (1k..1G)");
	expect_error("ha.max_frame_size = 2G",
		     "t.conf:1: bad value '2G' for ha.max_frame_size: "
		     "expected a size such as 64k or 16M (1k..1G)");
	expect_error("dbms.logs.level = loud",
		     "t.conf:1: bad value 'loud' for dbms.logs.level: "
		     "expected DEBUG, INFO, WARN or ERROR");
	expect_error("ha.initial_hosts = a:1,,b:2",
		     "t.conf:1: bad value 'a:1,,b:2' for ha.initial_hosts: "
		     "bad entry '': expected a comma-separated list of "
		     "host:port or id@host:port[/arbiter]");
	expect_error("ha.initial_hosts = 0@a:1",
		     "t.conf:1: bad value '0@a:1' for ha.initial_hosts: bad "
		     "entry '0@a:1': expected a comma-separated list of "
		     "host:port or id@host:port[/arbiter]");
}

static void overlong_line_is_an_error(void)
{
	char *text = malloc(5000);

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	memset(text, 'x', 4999);
	text[4999] = '\0';
	memcpy(text, "\n# ", 3);
	CU_ASSERT_EQUAL(parse(text), -1);
	CU_ASSERT_STRING_EQUAL(err, "t.conf:2: line longer than 4095 bytes");
	free(text);
}

static void binary_file_is_refused(void)
{
	char dir[] = "/tmp/test_config.XXXXXX", path[256];
	FILE *f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/bin.conf", dir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fwrite("ha.server_id = 1\n\0\x7f", 1, 19, f);
	fclose(f);
	CU_ASSERT_EQUAL(config_load(&cfg, path, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "contains a NUL byte"));
	unlink(path);
	rmdir(dir);
}

static void cluster_name_longer_than_63_is_refused(void)
{
	char text[128] = "ha.cluster_name = ";
	size_t n = strlen(text);

	memset(text + n, 'a', 64);
	text[n + 64] = '\0';
	CU_ASSERT_EQUAL(parse(text), -1);
	text[n + 63] = '\0';
	CU_ASSERT_EQUAL(parse(text), 0);
	CU_ASSERT_EQUAL(strlen(cfg.cluster_name), 63);
}

static void missing_file_says_cannot_open(void)
{
	CU_ASSERT_EQUAL(
	    config_load(&cfg, "/nonexistent/graphd.conf", err, sizeof(err)),
	    -1);
	CU_ASSERT_STRING_EQUAL(err, "/nonexistent/graphd.conf: cannot open: "
				    "No such file or directory");
}

static void load_reads_a_file_and_reports_its_lines(void)
{
	char dir[] = "/tmp/test_config.XXXXXX", path[256];
	FILE *f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/g.conf", dir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("ha.server_id = 7\nha.bogus = 1\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(config_load(&cfg, path, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "/g.conf:2: unknown key"));
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("ha.server_id = 7\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(config_load(&cfg, path, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(cfg.server_id, 7);
	CU_ASSERT_STRING_EQUAL(cfg.path, path);
	CU_ASSERT_PTR_NOT_NULL(strstr(cfg.data_dir, dir));
	unlink(path);
	rmdir(dir);
}

/* The shipped examples must load, validate, and (graphd.conf) state exactly
 * the built-in defaults, so that the comments in it are not lies. */
static void example_configs_load_and_validate(void)
{
	struct config defaults;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/conf/graphd.conf", TOP_SRCDIR);
	CU_ASSERT_EQUAL_FATAL(config_load(&cfg, path, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(config_validate(&cfg, path, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(
	    config_parse(&defaults, path, "", err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(cfg.mode, defaults.mode);
	CU_ASSERT_EQUAL(cfg.server_id, defaults.server_id);
	CU_ASSERT_STRING_EQUAL(cfg.cluster_name, defaults.cluster_name);
	CU_ASSERT_EQUAL(cfg.n_initial_hosts, 0);
	CU_ASSERT_EQUAL(memcmp(&cfg.cluster_server, &defaults.cluster_server,
			       sizeof(cfg.cluster_server)),
			0);
	CU_ASSERT_EQUAL(
	    memcmp(&cfg.server, &defaults.server, sizeof(cfg.server)), 0);
	CU_ASSERT_EQUAL(memcmp(&cfg.http, &defaults.http, sizeof(cfg.http)), 0);
	CU_ASSERT_EQUAL(cfg.heartbeat_interval_ms,
			defaults.heartbeat_interval_ms);
	CU_ASSERT_EQUAL(cfg.election_timeout_ms, defaults.election_timeout_ms);
	CU_ASSERT_EQUAL(cfg.write_timeout_ms, defaults.write_timeout_ms);
	CU_ASSERT_EQUAL(cfg.session_retention_ms,
			defaults.session_retention_ms);
	CU_ASSERT_EQUAL(defaults.session_retention_ms, 600000);
	CU_ASSERT_EQUAL(cfg.slave_only, defaults.slave_only);
	CU_ASSERT_EQUAL(cfg.max_frame_size, defaults.max_frame_size);
	CU_ASSERT_STRING_EQUAL(cfg.data_dir, defaults.data_dir);
	CU_ASSERT_EQUAL(cfg.log_level, defaults.log_level);
	snprintf(path, sizeof(path), "%s/conf/arbiter.conf", TOP_SRCDIR);
	CU_ASSERT_EQUAL_FATAL(config_load(&cfg, path, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(config_validate(&cfg, path, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(cfg.mode, CONFIG_MODE_ARBITER);
	CU_ASSERT_EQUAL(cfg.n_initial_hosts, 3);
}

static void validate_expect(const char *text, const char *want)
{
	CU_ASSERT_EQUAL_FATAL(parse(text), 0);
	CU_ASSERT_EQUAL(config_validate(&cfg, "t.conf", err, sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(err, want);
	if (strcmp(err, want) != 0)
		fprintf(stderr, "\n  got:  %s\n  want: %s\n", err, want);
}

static void ha_requires_initial_hosts(void)
{
	validate_expect("dbms.mode = HA",
			"t.conf: dbms.mode=HA requires ha.initial_hosts (the "
			"cluster members' ha.cluster_server addresses)");
	validate_expect("dbms.mode = arbiter",
			"t.conf: dbms.mode=ARBITER requires ha.initial_hosts "
			"(the cluster members' ha.cluster_server addresses)");
}

static void election_timeout_must_exceed_two_heartbeats(void)
{
	validate_expect("ha.heartbeat_interval = 150ms\n"
			"ha.election_timeout = 300ms\n",
			"t.conf: ha.election_timeout (300ms) must exceed twice "
			"ha.heartbeat_interval (150ms)");
}

/* A write re-sent to a new master within ha.write_timeout must still find
 * its session there. */
static void session_retention_must_outlast_a_write(void)
{
	validate_expect("ha.session_retention = 10s\n",
			"t.conf: ha.session_retention (10000ms) must exceed "
			"ha.write_timeout (10000ms)");
	CU_ASSERT_EQUAL_FATAL(parse("ha.session_retention = 2s\n"
				    "ha.write_timeout = 1s\n"),
			      0);
	CU_ASSERT_EQUAL(cfg.session_retention_ms, 2000);
	CU_ASSERT_EQUAL(config_validate(&cfg, "t.conf", err, sizeof(err)), 0);
}

static void write_timeout_must_outlast_an_election(void)
{
	validate_expect("ha.write_timeout = 600ms\n",
			"t.conf: ha.write_timeout (600ms) must exceed twice "
			"ha.election_timeout (300ms)");
}

static void listeners_must_differ(void)
{
	validate_expect("ha.server = 127.0.0.1:5001\n",
			"t.conf: ha.server, ha.cluster_server and "
			"dbms.connector.http.listen_address must be different "
			"addresses");
}

/* DESIGN.md 3.3: no committed entry may fail on apply for its size. */
static void admission_limits_parse_and_fit(void)
{
	CU_ASSERT_EQUAL(parse(""), 0);
	CU_ASSERT_EQUAL(cfg.max_connections, 1000);
	CU_ASSERT_EQUAL(cfg.handshake_timeout_ms, 10000);
	CU_ASSERT_EQUAL(cfg.max_prelogin_frame, 64u << 10);
	CU_ASSERT_EQUAL(cfg.http_read_timeout_ms, 30000);
	CU_ASSERT_EQUAL(parse("dbms.connector.max_connections = 5\n"
			      "dbms.connector.handshake_timeout = 250ms\n"
			      "ha.max_prelogin_frame_size = 4k\n"
			      "dbms.connector.http.read_timeout = 2s\n"),
			0);
	CU_ASSERT_EQUAL(cfg.max_connections, 5);
	CU_ASSERT_EQUAL(cfg.handshake_timeout_ms, 250);
	CU_ASSERT_EQUAL(cfg.max_prelogin_frame, 4096);
	CU_ASSERT_EQUAL(cfg.http_read_timeout_ms, 2000);
	CU_ASSERT_EQUAL(config_validate(&cfg, "t.conf", err, sizeof(err)), 0);
	expect_error("dbms.connector.max_connections = 0",
		     "t.conf:1: bad value '0' for "
		     "dbms.connector.max_connections: expected a number of "
		     "connections, 1..1000000");
	CU_ASSERT_EQUAL(parse("ha.max_prelogin_frame_size = 512\n"), -1);
	CU_ASSERT_EQUAL(parse("dbms.connector.http.read_timeout = soon\n"),
			-1);
	/* Unset, it follows a smaller ha.max_frame_size. */
	CU_ASSERT_EQUAL(parse("ha.max_frame_size = 32k\n"), 0);
	CU_ASSERT_EQUAL(cfg.max_prelogin_frame, 32u << 10);
	validate_expect("ha.max_frame_size = 32k\n"
			"ha.max_prelogin_frame_size = 64k\n",
			"t.conf: ha.max_prelogin_frame_size (65536 bytes) "
			"must be at most ha.max_frame_size (32768 bytes)");
}

static void size_bounds_fit_the_cache(void)
{
	CU_ASSERT_EQUAL(parse(""), 0);
	CU_ASSERT_EQUAL(cfg.max_value_size, 4u << 20);
	CU_ASSERT_EQUAL(cfg.txn_max, 16u << 20);
	CU_ASSERT_EQUAL(cfg.pagecache_size, 64u << 20);
	CU_ASSERT_EQUAL(parse("ha.max_value_size = 64k\n"
			      "dbms.memory.transaction.max = 256k\n"
			      "dbms.memory.pagecache.size = 8M\n"),
			0);
	CU_ASSERT_EQUAL(cfg.max_value_size, 64u << 10);
	CU_ASSERT_EQUAL(cfg.txn_max, 256u << 10);
	CU_ASSERT_EQUAL(cfg.pagecache_size, 8u << 20);
	CU_ASSERT_EQUAL(config_validate(&cfg, "t.conf", err, sizeof(err)), 0);
	validate_expect("ha.max_value_size = 10M\n",
			"t.conf: ha.max_value_size (10485760 bytes) must be "
			"at most half of dbms.memory.transaction.max "
			"(16777216 bytes)");
	validate_expect("dbms.memory.transaction.max = 32M\n",
			"t.conf: dbms.memory.pagecache.size (67108864 bytes) "
			"must be at least 4 times dbms.memory.transaction.max "
			"(33554432 bytes), so that the largest transaction "
			"can be applied");
	CU_ASSERT_EQUAL(parse("dbms.memory.transaction.max = 1k\n"), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "(4k..1G)"));
	CU_ASSERT_EQUAL(parse("dbms.memory.pagecache.size = 2G\n"), -1);
}

static void initial_hosts_use_one_form_without_duplicates(void)
{
	validate_expect("ha.initial_hosts = 1@a:1,b:2\n",
			"t.conf: ha.initial_hosts mixes id@host:port and "
			"host:port entries; use one form");
	validate_expect("ha.initial_hosts = 1@a:1,1@b:2\n",
			"t.conf: ha.initial_hosts names server id 1 twice");
	validate_expect("ha.initial_hosts = a:1,a:1\n",
			"t.conf: ha.initial_hosts lists a:1 twice");
}

static void log_levels_parse_case_insensitively(void)
{
	CU_ASSERT_EQUAL(log_level_parse("warn"), LOG_LVL_WARN);
	CU_ASSERT_EQUAL(log_level_parse("ERROR"), LOG_LVL_ERROR);
	CU_ASSERT_EQUAL(log_level_parse("verbose"), -1);
	CU_ASSERT_STRING_EQUAL(log_level_str(LOG_LVL_INFO), "INFO");
}

static void log_lines_are_filtered_and_timestamped(void)
{
	char dir[] = "/tmp/test_log.XXXXXX", path[256], line[512];
	FILE *f;
	int n = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/messages.log", dir);
	CU_ASSERT_EQUAL_FATAL(log_open(path, LOG_LVL_INFO, 0), 0);
	log_debug("hidden %d", 1);
	log_info("Instance %d was elected as master", 2);
	log_warn("peer 3 unreachable");
	log_close();
	f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned y, mo, d, h, mi, s, ms;
		CU_ASSERT_EQUAL(sscanf(line, "%4u-%2u-%2u %2u:%2u:%2u.%3u+0000",
				       &y, &mo, &d, &h, &mi, &s, &ms),
				7);
		CU_ASSERT_EQUAL(line[23], '+');
		if (n == 0)
			CU_ASSERT_STRING_EQUAL(line + 29,
					       "INFO  Instance 2 was "
					       "elected as master\n");
		if (n == 1)
			CU_ASSERT_STRING_EQUAL(line + 29,
					       "WARN  peer 3 unreachable\n");
		n++;
	}
	fclose(f);
	CU_ASSERT_EQUAL(n, 2);
	unlink(path);
	rmdir(dir);
}

struct log_writer {
	int id;
};

static void *log_writer_main(void *arg)
{
	struct log_writer *w = arg;

	for (int i = 0; i < 200; i++)
		log_info("writer %d line %d of a line long enough to be "
			 "interleaved if the logger did not serialise writers",
			 w->id, i);
	return NULL;
}

/* A worker thread and the event loop may log at once: lines stay whole. */
static void log_lines_from_two_threads_stay_whole(void)
{
	char dir[] = "/tmp/test_log.XXXXXX", path[256], line[512];
	struct log_writer w[2] = {{1}, {2}};
	pthread_t th[2];
	int whole = 0, total = 0;
	FILE *f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/messages.log", dir);
	CU_ASSERT_EQUAL_FATAL(log_open(path, LOG_LVL_DEBUG, 0), 0);
	for (int i = 0; i < 2; i++)
		CU_ASSERT_EQUAL_FATAL(
		    pthread_create(&th[i], NULL, log_writer_main, &w[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	log_close();
	f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	while (fgets(line, sizeof(line), f)) {
		int id, n, end = 0;
		total++;
		if (sscanf(line + 29,
			   "INFO  writer %d line %d of a line long "
			   "enough to be interleaved if the logger "
			   "did not serialise writers%n",
			   &id, &n, &end) == 2 &&
		    end > 0 && line[29 + end] == '\n')
			whole++;
	}
	fclose(f);
	CU_ASSERT_EQUAL(total, 400);
	CU_ASSERT_EQUAL(whole, 400);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("config", NULL, NULL);
	CU_add_test(s, "defaults_are_a_single_instance_on_loopback",
		    defaults_are_a_single_instance_on_loopback);
	CU_add_test(s, "every_key_is_parsed", every_key_is_parsed);
	CU_add_test(s, "plain_host_list_has_no_ids",
		    plain_host_list_has_no_ids);
	CU_add_test(s, "client_port_zero_means_any_free_port",
		    client_port_zero_means_any_free_port);
	CU_add_test(s, "relative_data_dir_is_relative_to_the_config_file",
		    relative_data_dir_is_relative_to_the_config_file);
	CU_add_test(s, "unknown_key_names_the_key_and_the_man_page",
		    unknown_key_names_the_key_and_the_man_page);
	CU_add_test(s, "duplicate_key_names_the_first_line",
		    duplicate_key_names_the_first_line);
	CU_add_test(s, "line_without_equals_is_an_error",
		    line_without_equals_is_an_error);
	CU_add_test(s, "empty_value_is_an_error", empty_value_is_an_error);
	CU_add_test(s, "bad_values_name_the_accepted_form",
		    bad_values_name_the_accepted_form);
	CU_add_test(s, "overlong_line_is_an_error", overlong_line_is_an_error);
	CU_add_test(s, "binary_file_is_refused", binary_file_is_refused);
	CU_add_test(s, "cluster_name_longer_than_63_is_refused",
		    cluster_name_longer_than_63_is_refused);
	CU_add_test(s, "missing_file_says_cannot_open",
		    missing_file_says_cannot_open);
	CU_add_test(s, "load_reads_a_file_and_reports_its_lines",
		    load_reads_a_file_and_reports_its_lines);
	CU_add_test(s, "example_configs_load_and_validate",
		    example_configs_load_and_validate);
	s = CU_add_suite("validate", NULL, NULL);
	CU_add_test(s, "ha_requires_initial_hosts", ha_requires_initial_hosts);
	CU_add_test(s, "election_timeout_must_exceed_two_heartbeats",
		    election_timeout_must_exceed_two_heartbeats);
	CU_add_test(s, "write_timeout_must_outlast_an_election",
		    write_timeout_must_outlast_an_election);
	CU_add_test(s, "session_retention_must_outlast_a_write",
		    session_retention_must_outlast_a_write);
	CU_add_test(s, "listeners_must_differ", listeners_must_differ);
	CU_add_test(s, "initial_hosts_use_one_form_without_duplicates",
		    initial_hosts_use_one_form_without_duplicates);
	CU_add_test(s, "size_bounds_fit_the_cache", size_bounds_fit_the_cache);
	CU_add_test(s, "admission_limits_parse_and_fit",
		    admission_limits_parse_and_fit);
	s = CU_add_suite("log", NULL, NULL);
	CU_add_test(s, "log_levels_parse_case_insensitively",
		    log_levels_parse_case_insensitively);
	CU_add_test(s, "log_lines_are_filtered_and_timestamped",
		    log_lines_are_filtered_and_timestamped);
	CU_add_test(s, "log_lines_from_two_threads_stay_whole",
		    log_lines_from_two_threads_stay_whole);
	return cu_run();
}
