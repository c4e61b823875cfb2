/* sim_main.c: command line of the simulator: runs a range of seeds, reports
 * each failure with its trace and the command that replays it. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"

/* Failures whose trace is printed; later ones print one line each. */
#define SIM_MAX_REPORTS 3

/* The seed being run, for the crash handler: the one piece of global state,
 * because a signal handler has no other way to find it. */
static volatile sig_atomic_t current_seed_lo, current_seed_hi;

static void on_crash(int sig)
{
	char buf[160];
	unsigned long long seed = ((unsigned long long)current_seed_hi << 32) |
				  (unsigned long long)(uint32_t)current_seed_lo;
	int n = snprintf(buf, sizeof(buf),
			 "\nsim: signal %d while running seed %llu; replay "
			 "with: tests/sim/sim --seed %llu --trace\n",
			 sig, seed, seed);

	/* snprintf is not async-signal-safe, but we are dying anyway and the
	 * seed is the one thing worth saving. */
	if (n > 0)
		(void)!write(2, buf, (size_t)n);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: sim [--seeds N] [--seed S] [--first S] [--trace] "
		"[--ticks T] [-v]\n"
		"  --seeds N   run N seeds (default $SIM_SEEDS, else 300)\n"
		"  --first S   first seed of the range (default 1)\n"
		"  --seed S    run only seed S\n"
		"  --trace     print every event and core decision\n"
		"  --ticks T   ticks of faults before healing (default 2000)\n"
		"  -v          one line of statistics per seed\n");
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (s == NULL || *s == '\0')
		return false;
	*out = strtoull(s, &end, 10);
	return *end == '\0';
}

struct sim_cli {
	struct sim_params p;
	uint64_t first, count;
};

static bool parse_args(int argc, char **argv, struct sim_cli *c)
{
	const char *env = getenv("SIM_SEEDS");

	memset(c, 0, sizeof(*c));
	c->first = 1;
	c->p.fault_ticks = 2000;
	if (env == NULL || !parse_u64(env, &c->count))
		c->count = 300;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--trace") == 0)
			c->p.trace = true;
		else if (strcmp(a, "-v") == 0)
			c->p.verbose = true;
		else if (strcmp(a, "--selftest-break-safety") == 0)
			c->p.break_safety = true;
		else if (strcmp(a, "--selftest-unfenced-copies") == 0)
			c->p.unfenced = true;
		else if (strcmp(a, "--seeds") == 0 && parse_u64(v, &c->count))
			i++;
		else if (strcmp(a, "--first") == 0 && parse_u64(v, &c->first))
			i++;
		else if (strcmp(a, "--ticks") == 0 &&
			 parse_u64(v, &c->p.fault_ticks))
			i++;
		else if (strcmp(a, "--seed") == 0 && parse_u64(v, &c->first)) {
			c->count = 1;
			i++;
		} else
			return false;
	}
	return true;
}

/* Prints the failure, replays it with the trace ring to show how it
 * happened, and the command that replays it in full. */
static void report(const struct sim_cli *c, uint64_t seed, const char *why,
		   unsigned nth)
{
	struct sim_params p = c->p;
	char again[1024];
	bool same;

	printf("seed %llu FAILED: %s\n", (unsigned long long)seed, why);
	if (nth < SIM_MAX_REPORTS && !c->p.trace) {
		p.seed = seed;
		p.ring = true;
		p.verbose = false;
		same = !sim_run(&p, again, sizeof(again)) &&
		       strcmp(again, why) == 0;
		if (!same)
			printf(
			    "sim: the replay did not fail the same way (%s): "
			    "the simulator is not deterministic here\n",
			    again);
	}
	printf("replay: tests/sim/sim --seed %llu --trace",
	       (unsigned long long)seed);
	if (c->p.fault_ticks != 2000)
		printf(" --ticks %llu", (unsigned long long)c->p.fault_ticks);
	printf("\n");
}

int main(int argc, char **argv)
{
	struct sim_cli c;
	uint64_t passed = 0, failed = 0;
	time_t t0 = time(NULL);

	if (!parse_args(argc, argv, &c)) {
		usage();
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGSEGV, on_crash);
	signal(SIGABRT, on_crash);
	signal(SIGFPE, on_crash);
	for (uint64_t seed = c.first; seed < c.first + c.count; seed++) {
		char why[1024];

		current_seed_lo = (sig_atomic_t)(seed & 0xffffffffu);
		current_seed_hi = (sig_atomic_t)(seed >> 32);
		c.p.seed = seed;
		if (sim_run(&c.p, why, sizeof(why))) {
			passed++;
			continue;
		}
		report(&c, seed, why, (unsigned)failed);
		failed++;
	}
	if (c.p.verbose)
		printf("sim: seeds %llu..%llu in %lld s\n",
		       (unsigned long long)c.first,
		       (unsigned long long)(c.first + c.count - 1),
		       (long long)(time(NULL) - t0));
	printf("%llu passed, %llu failed\n", (unsigned long long)passed,
	       (unsigned long long)failed);
	return failed ? 1 : 0;
}
