/* tck_main.c: the openCypher TCK runner of `make check`. Every scenario of
 * the features directory runs on a fresh graph store; a scenario counts as
 * passed or failed, and one listed in the known failures is expected to
 * fail (passing while listed is a failure too, so the list cannot go
 * stale). Prints a line per scenario, the pass rate per feature directory
 * and "tck: N passed, M failed, K known failures".
 *
 * usage: tck_runner [--features DIR] [--known FILE] [--write-known FILE]
 *                   [--only TEXT]
 * TCK_FEATURES (or --features) names the features; default
 * ../shared/tck/features beside the source tree. Exits 77 (skip) when it is
 * absent. --write-known writes the list of the scenarios that fail now
 * (wrong answers first) instead of checking against one. */
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tck.h"

#ifndef TCK_TOP_SRCDIR
#define TCK_TOP_SRCDIR "."
#endif
/* A scenario is a few statements on a graph of a few dozen nodes; one that
 * runs this long hangs (the visit budget of graph_query bounds the work;
 * this bounds the time, also under the sanitizers). */
#define TCK_SCENARIO_SECONDS 60

struct opts {
	const char *features, *known, *write_known, *only;
	char graphs[4096], tmpdir[4096];
};

struct flist {
	char **v;
	size_t n, cap;
	size_t root_len;
};

static struct flist found;

static int add_feature(const char *path, const struct stat *st, int flag,
		       struct FTW *ftw)
{
	size_t n = strlen(path);

	(void)st;
	(void)ftw;
	if (flag != FTW_F || n < 8 || strcmp(path + n - 8, ".feature"))
		return 0;
	if (found.n == found.cap) {
		found.cap = found.cap ? 2 * found.cap : 256;
		if (!(found.v = realloc(found.v, found.cap * sizeof(char *))))
			abort();
	}
	if (!(found.v[found.n++] = strdup(path + found.root_len + 1)))
		abort();
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ------------------------------------------------------------ known list
 * One scenario a line: feature TAB name TAB row TAB reason. '#' comments.
 */
struct known {
	char **keys; /* "feature\tname\trow", sorted */
	bool *seen;
	size_t n;
};

static char *scenario_key(const struct tck_scenario *sc)
{
	char *k;

	if (asprintf(&k, "%s\t%s\t%d", sc->feature, sc->name, sc->row) < 0)
		abort();
	return k;
}

static int known_load(const char *path, struct known *k)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (!f)
		return 0; /* no list: nothing is expected to fail */
	while ((len = getline(&line, &cap, f)) > 0) {
		char *t1, *t2, *t3;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (!(t1 = strchr(line, '\t')) || !(t2 = strchr(t1 + 1, '\t')))
			continue;
		if ((t3 = strchr(t2 + 1, '\t')))
			*t3 = '\0';
		line[strcspn(line, "\n")] = '\0';
		k->keys = realloc(k->keys, (k->n + 1) * sizeof(char *));
		if (!k->keys || !(k->keys[k->n++] = strdup(line)))
			abort();
	}
	free(line);
	fclose(f);
	if (k->n)
		qsort(k->keys, k->n, sizeof(char *), cmp_str);
	if (!(k->seen = calloc(k->n ? k->n : 1, sizeof(bool))))
		abort();
	return 0;
}

/* Index of key in the list, or -1. */
static long known_find(const struct known *k, const char *key)
{
	char **p = k->n ? bsearch(&key, k->keys, k->n, sizeof(char *),
				  cmp_str)
			: NULL;

	return p ? (long)(p - k->keys) : -1;
}

/* ------------------------------------------------------------ the run */

struct failure {
	enum tck_outcome out;
	char *key, *why;
};

struct dirstat {
	char *dir;
	size_t pass, total;
};

struct tally {
	size_t passed, failed, known;
	struct failure *fails;
	size_t n_fails;
	struct dirstat *dirs;
	size_t n_dirs;
};

static const char *current_key; /* for the alarm's message */

static void on_alarm(int sig)
{
	static const char m[] = "FAIL - scenario ran longer than the bound: ";

	(void)sig;
	(void)!write(1, m, sizeof(m) - 1);
	if (current_key)
		(void)!write(1, current_key, strlen(current_key));
	(void)!write(1, "\n", 1);
	_exit(1);
}

static void tally_dir(struct tally *t, const char *feature, bool pass)
{
	const char *slash = strrchr(feature, '/');
	size_t n = slash ? (size_t)(slash - feature) : 0;
	size_t i;

	for (i = 0; i < t->n_dirs; i++)
		if (strlen(t->dirs[i].dir) == n &&
		    !strncmp(t->dirs[i].dir, feature, n))
			break;
	if (i == t->n_dirs) {
		t->dirs = realloc(t->dirs, (t->n_dirs + 1) * sizeof(*t->dirs));
		if (!t->dirs || !(t->dirs[i].dir = strndup(feature, n)))
			abort();
		t->dirs[i].pass = t->dirs[i].total = 0;
		t->n_dirs++;
	}
	t->dirs[i].total++;
	t->dirs[i].pass += pass;
}

static void one(const struct opts *o, const struct tck_scenario *sc,
		struct known *k, struct tally *t)
{
	char why[1024], *key = scenario_key(sc);
	long ki = o->write_known ? -1 : known_find(k, key);
	enum tck_outcome out;

	current_key = key;
	alarm(TCK_SCENARIO_SECONDS);
	out = tck_run(sc, o->tmpdir, o->graphs, why, sizeof(why));
	alarm(0);
	tally_dir(t, sc->feature, out == TCK_PASS);
	if (ki >= 0)
		k->seen[ki] = true;
	if (out == TCK_PASS && ki < 0) {
		t->passed++;
		printf("ok - %s [%d] %s\n", sc->feature, sc->row, sc->name);
	} else if (out == TCK_PASS) {
		t->failed++;
		printf("FAIL - %s [%d] %s: passes but is listed in the known "
		       "failures: remove it from the list\n",
		       sc->feature, sc->row, sc->name);
	} else if (ki >= 0 || o->write_known) {
		t->known++;
		printf("known - %s [%d] %s: %s: %s\n", sc->feature, sc->row,
		       sc->name, tck_outcome_name(out), why);
	} else {
		t->failed++;
		printf("FAIL - %s [%d] %s: %s: %s\n", sc->feature, sc->row,
		       sc->name, tck_outcome_name(out), why);
	}
	if (out != TCK_PASS) {
		t->fails = realloc(t->fails, (t->n_fails + 1) * sizeof(*t->fails));
		if (!t->fails || !(t->fails[t->n_fails].why = strdup(why)))
			abort();
		t->fails[t->n_fails].out = out;
		t->fails[t->n_fails++].key = key;
	} else {
		free(key);
	}
	current_key = NULL;
}

static int cmp_fail(const void *a, const void *b)
{
	const struct failure *x = a, *y = b;

	if (x->out != y->out)
		return (int)x->out - (int)y->out;
	return strcmp(x->key, y->key);
}

static int write_known(const char *path, struct tally *t)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "tck: cannot write %s: %m\n", path);
		return -1;
	}
	if (t->n_fails)
		qsort(t->fails, t->n_fails, sizeof(*t->fails), cmp_fail);
	fprintf(f,
		"# TCK scenarios graphd fails today, one a line: feature TAB "
		"scenario TAB example\n# row (0: not an outline) TAB reason. "
		"Wrong answers first. Regenerate with\n# `make tck-known-failures`"
		" (tests/tck/tck_runner --write-known FILE).\n");
	for (size_t i = 0; i < t->n_fails; i++)
		fprintf(f, "%s\t%s: %s\n", t->fails[i].key,
			tck_outcome_name(t->fails[i].out), t->fails[i].why);
	return fclose(f) ? -1 : 0;
}

static void print_dirs(const struct tally *t)
{
	size_t pass = 0, total = 0;

	printf("\n%-45s %6s %6s %7s\n", "feature directory", "passed", "total",
	       "rate");
	for (size_t i = 0; i < t->n_dirs; i++) {
		const struct dirstat *d = &t->dirs[i];

		printf("%-45s %6zu %6zu %6.1f%%\n", d->dir, d->pass, d->total,
		       100.0 * (double)d->pass / (double)d->total);
		pass += d->pass;
		total += d->total;
	}
	printf("%-45s %6zu %6zu %6.1f%%\n\n", "all", pass, total,
	       total ? 100.0 * (double)pass / (double)total : 0.0);
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static char def_features[4096], def_known[4096];
	const char *tmp = getenv("TMPDIR");

	snprintf(def_features, sizeof(def_features),
		 "%s/../shared/tck/features", TCK_TOP_SRCDIR);
	snprintf(def_known, sizeof(def_known),
		 "%s/tests/tck/known-failures.txt", TCK_TOP_SRCDIR);
	o->features = getenv("TCK_FEATURES") ? getenv("TCK_FEATURES")
					     : def_features;
	o->known = def_known;
	for (int i = 1; i < argc; i++) {
		const char **dst = !strcmp(argv[i], "--features") ? &o->features
				   : !strcmp(argv[i], "--known")  ? &o->known
				   : !strcmp(argv[i], "--write-known")
				       ? &o->write_known
				   : !strcmp(argv[i], "--only") ? &o->only
								: NULL;

		if (!dst || i + 1 == argc) {
			fprintf(stderr,
				"usage: %s [--features DIR] [--known FILE] "
				"[--write-known FILE] [--only TEXT]\n",
				argv[0]);
			return -1;
		}
		*dst = argv[++i];
	}
	snprintf(o->graphs, sizeof(o->graphs), "%s/../graphs", o->features);
	/* the stores are small and many: memory beats disk when there is some */
	snprintf(o->tmpdir, sizeof(o->tmpdir), "%s",
		 getenv("TCK_TMPDIR")		? getenv("TCK_TMPDIR")
		 : access("/dev/shm", W_OK) == 0 ? "/dev/shm"
		 : tmp && tmp[0]		? tmp
						: "/tmp");
	return 0;
}

static void run_all(const struct opts *o, struct known *k, struct tally *t)
{
	for (size_t i = 0; i < found.n; i++) {
		struct tck_scenarios sc = {0};
		char err[512];

		if (tck_feature_load(o->features, found.v[i], &sc, err,
				     sizeof(err)) < 0) {
			printf("FAIL - %s: %s\n", found.v[i], err);
			t->failed++;
			continue;
		}
		for (size_t s = 0; s < sc.n; s++) {
			char *key = scenario_key(&sc.v[s]);
			bool skip = o->only && !strstr(key, o->only);

			free(key);
			if (!skip)
				one(o, &sc.v[s], k, t);
		}
		tck_scenarios_free(&sc);
	}
	/* a listed scenario that no longer exists: the list is stale */
	for (size_t i = 0; !o->only && !o->write_known && i < k->n; i++)
		if (!k->seen[i]) {
			printf("FAIL - listed in the known failures but not in "
			       "the TCK: %s\n",
			       k->keys[i]);
			t->failed++;
		}
}

int main(int argc, char **argv)
{
	struct opts o = {0};
	struct known k = {0};
	struct tally t = {0};
	struct stat st;
	time_t t0 = time(NULL);
	int rc = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(argc, argv, &o) < 0)
		return 2;
	if (stat(o.features, &st) < 0 || !S_ISDIR(st.st_mode)) {
		printf("tck: no features at %s (set TCK_FEATURES): skipped\n",
		       o.features);
		return 77;
	}
	signal(SIGALRM, on_alarm);
	found.root_len = strlen(o.features);
	nftw(o.features, add_feature, 16, FTW_PHYS);
	if (found.n)
		qsort(found.v, found.n, sizeof(char *), cmp_str);
	if (!o.write_known)
		known_load(o.known, &k);
	run_all(&o, &k, &t);
	print_dirs(&t);
	if (o.write_known)
		rc = write_known(o.write_known, &t);
	printf("tck: %zu passed, %zu failed, %zu known failures (%s), %lds\n",
	       t.passed, t.failed, t.known, o.write_known ? o.write_known : o.known,
	       (long)(time(NULL) - t0));
	for (size_t i = 0; i < found.n; i++)
		free(found.v[i]);
	free(found.v);
	for (size_t i = 0; i < k.n; i++)
		free(k.keys[i]);
	free(k.keys);
	free(k.seen);
	for (size_t i = 0; i < t.n_fails; i++) {
		free(t.fails[i].key);
		free(t.fails[i].why);
	}
	free(t.fails);
	for (size_t i = 0; i < t.n_dirs; i++)
		free(t.dirs[i].dir);
	free(t.dirs);
	return rc < 0 || t.failed ? 1 : 0;
}
