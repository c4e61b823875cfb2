/* test_fuzz_replay.c: every seed corpus and regression input of the fuzzers
 * (tests/fuzz/corpus/TARGET, tests/fuzz/regress/TARGET) through the same
 * entry points as the libFuzzer targets (tests/fuzz/targets.h), built with
 * the ordinary compiler so that make check replays them without libFuzzer.
 * An input that once crashed a decoder stays here for good (SQLite's habit:
 * every bug keeps its test). */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/targets.h"
#include "cu_run.h"

#ifndef FUZZ_DIR
#error "FUZZ_DIR (the tests/fuzz directory) comes from the build"
#endif

/* Inputs larger than this are not corpus material (libFuzzer's -max_len
 * default is 4096); a bigger file is a mistake in the tree. */
#define REPLAY_MAX_INPUT (1024 * 1024)

struct replay {
	const char *target;
	struct fuzz_store *store; /* storecopy, txn */
	int (*plain)(const uint8_t *data, size_t size);
	int (*stored)(struct fuzz_store *s, const uint8_t *data, size_t size);
	unsigned files;
	unsigned failed;
};

static uint8_t *replay_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(REPLAY_MAX_INPUT);

	if (!f || !buf) {
		if (f)
			fclose(f);
		free(buf);
		return NULL;
	}
	*len = fread(buf, 1, REPLAY_MAX_INPUT, f);
	fclose(f);
	return buf;
}

static void replay_file(struct replay *r, const char *path)
{
	uint8_t *data;
	size_t len = 0;
	int ret;

	CU_ASSERT_PTR_NOT_NULL_FATAL(data = replay_read(path, &len));
	CU_ASSERT(len < REPLAY_MAX_INPUT);
	ret = r->plain ? r->plain(data, len) : r->stored(r->store, data, len);
	if (ret != 0) {
		fprintf(stderr, "fuzz input %s fails its checks\n", path);
		r->failed++;
	}
	r->files++;
	free(data);
}

/* Replays every regular file of FUZZ_DIR/kind/target (a missing directory
 * holds no input). */
static void replay_dir(struct replay *r, const char *kind)
{
	char dir[1024], path[2048];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s/%s", FUZZ_DIR, kind, r->target);
	if (!(d = opendir(dir)))
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		replay_file(r, path);
	}
	closedir(d);
}

static void replay(struct replay *r)
{
	if (r->stored)
		CU_ASSERT_PTR_NOT_NULL_FATAL(r->store = fuzz_store_open());
	replay_dir(r, "corpus");
	replay_dir(r, "regress");
	fuzz_store_close(r->store);
	/* a target without a committed seed corpus is a gap in the tree */
	CU_ASSERT(r->files > 0);
	CU_ASSERT_EQUAL(r->failed, 0);
}

static void frame_and_handshake_inputs_decode_and_round_trip(void)
{
	struct replay r = {.target = "frame", .plain = fuzz_frame};

	replay(&r);
}

static void consensus_message_inputs_decode_and_round_trip(void)
{
	struct replay r = {.target = "raftwire", .plain = fuzz_raftwire};

	replay(&r);
}

static void config_inputs_parse_or_fail_with_a_reason(void)
{
	struct replay r = {.target = "config", .plain = fuzz_config};

	replay(&r);
}

static void store_copy_chunk_inputs_install_or_are_refused(void)
{
	struct replay r = {.target = "storecopy", .stored = fuzz_storecopy};

	replay(&r);
}

static void log_entry_inputs_apply_and_keep_the_store_consistent(void)
{
	struct replay r = {.target = "txn", .stored = fuzz_txn};

	replay(&r);
}

static void request_inputs_are_served_and_answered(void)
{
	struct replay r = {.target = "request", .stored = fuzz_request};

	replay(&r);
}

static void json_parameter_inputs_convert_and_round_trip(void)
{
	struct replay r = {.target = "json", .plain = fuzz_json};

	replay(&r);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("fuzz_replay", NULL, NULL);
	CU_add_test(s, "frame_and_handshake_inputs_decode_and_round_trip",
		    frame_and_handshake_inputs_decode_and_round_trip);
	CU_add_test(s, "consensus_message_inputs_decode_and_round_trip",
		    consensus_message_inputs_decode_and_round_trip);
	CU_add_test(s, "config_inputs_parse_or_fail_with_a_reason",
		    config_inputs_parse_or_fail_with_a_reason);
	CU_add_test(s, "store_copy_chunk_inputs_install_or_are_refused",
		    store_copy_chunk_inputs_install_or_are_refused);
	CU_add_test(s, "log_entry_inputs_apply_and_keep_the_store_consistent",
		    log_entry_inputs_apply_and_keep_the_store_consistent);
	CU_add_test(s, "request_inputs_are_served_and_answered",
		    request_inputs_are_served_and_answered);
	CU_add_test(s, "json_parameter_inputs_convert_and_round_trip",
		    json_parameter_inputs_convert_and_round_trip);
	return cu_run();
}
