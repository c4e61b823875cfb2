/* cluster.h: the instances graphd-bench measures: found by Status on each
 * address, or from a contrib/local-cluster directory (DIR/ID/graphd.conf,
 * graphd.pid), which also gives their processes (CPU, RSS, kill, restart). */
#ifndef GRAPHD_BENCH_CLUSTER_H
#define GRAPHD_BENCH_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define BENCH_MAX_INST 16

struct bench_inst {
	unsigned id;   /* ha.server_id (0 until known) */
	char addr[300]; /* client address, host:port */
	bool arbiter;
	bool up;       /* answered the last status */
	char role[16]; /* from the last status */
	uint64_t applied, commit;
	char data_dir[4096];
	char conf[1024], pidfile[1024], stderr_path[1024]; /* with --dir */
	char http[300]; /* host:port of its HTTP server, "" if unknown */
	char error[512]; /* why the last status failed */
	bool refused;	 /* the handshake was refused: it will not change */
};

struct bench_cluster {
	const char *name; /* ha.cluster_name */
	const char *dir;  /* local-cluster directory, or NULL */
	size_t n;
	struct bench_inst inst[BENCH_MAX_INST];
};

/* From a local-cluster directory. -1 with a reason in err. */
int bench_cluster_from_dir(struct bench_cluster *c, const char *dir, char *err,
			   size_t errlen);
/* From a comma-separated list of client addresses. */
int bench_cluster_from_list(struct bench_cluster *c, const char *servers,
			    char *err, size_t errlen);

/* Asks every instance for its status (role, indexes, data dir); returns the
 * index of the master, or -1 when none answers as master. */
int bench_cluster_refresh(struct bench_cluster *c);
/* Status of one instance; 0 when it answered. */
int bench_inst_refresh(const struct bench_cluster *c, struct bench_inst *in);
/* Polls (at most wait_ms) until an instance is master; its index or -1. */
int bench_cluster_wait_master(struct bench_cluster *c, unsigned wait_ms);
/* Polls (at most wait_ms) until every data instance up has applied txn. */
int bench_cluster_wait_applied(struct bench_cluster *c, uint64_t txn,
			       unsigned wait_ms);

/* The pid in its pid file (with --dir), 0 if none or not running. */
pid_t bench_inst_pid(const struct bench_inst *in);
/* Starts graphd -c CONF detached (as contrib/local-cluster does) and
 * writes the pid file. */
int bench_inst_start(const struct bench_inst *in, const char *graphd);
/* Waits (bounded) until the process is gone. */
int bench_pid_wait_gone(pid_t pid, unsigned wait_ms);

struct bench_proc {
	bool ok;
	uint64_t cpu_ticks; /* utime + stime */
	uint64_t rss_bytes;
};
/* From /proc/PID/stat. */
void bench_proc_sample(pid_t pid, struct bench_proc *p);

struct bench_metrics {
	bool ok;
	double fsyncs, txns; /* graphd_fsyncs_total, ..._applied_total */
};
/* GET /metrics from the instance's HTTP server (1 s bound). */
void bench_metrics_sample(const struct bench_inst *in, struct bench_metrics *m);

void bench_sleep_ms(unsigned ms);

#endif
