/* monitor.c: replication lag polling (see monitor.h).
 *
 * Its own thread, so that a status round trip never stalls the load
 * generator's event loop; the only shared state is the stop flag until
 * bench_monitor_stop has joined the thread. */
#include "bench/monitor.h"

#include <string.h>

#define MONITOR_PERIOD_MS 1000
#define MONITOR_STEP_MS	  50

void bench_lag_now(const struct bench_cluster *c, long long *lag)
{
	const struct bench_inst *m = NULL;

	for (size_t i = 0; i < c->n; i++)
		if (c->inst[i].up && strcmp(c->inst[i].role, "master") == 0)
			m = &c->inst[i];
	for (size_t i = 0; i < c->n; i++) {
		const struct bench_inst *in = &c->inst[i];

		lag[i] = -1;
		if (m && in->up && !in->arbiter)
			lag[i] = in->applied >= m->applied
				     ? 0
				     : (long long)(m->applied - in->applied);
	}
}

static void *monitor_main(void *arg)
{
	struct bench_monitor *m = arg;
	long long lag[BENCH_MAX_INST];

	while (!atomic_load(&m->stop)) {
		bench_cluster_refresh(&m->c);
		bench_lag_now(&m->c, lag);
		for (size_t i = 0; i < m->c.n; i++)
			if (lag[i] > m->lag_max[i])
				m->lag_max[i] = lag[i];
		/* Wake often enough to stop promptly. */
		for (unsigned t = 0; t < MONITOR_PERIOD_MS / MONITOR_STEP_MS &&
				     !atomic_load(&m->stop);
		     t++)
			bench_sleep_ms(MONITOR_STEP_MS);
	}
	return NULL;
}

int bench_monitor_start(struct bench_monitor *m, const struct bench_cluster *c)
{
	m->c = *c;
	atomic_init(&m->stop, false);
	for (size_t i = 0; i < BENCH_MAX_INST; i++)
		m->lag_max[i] = -1;
	m->running = pthread_create(&m->thread, NULL, monitor_main, m) == 0;
	return m->running ? 0 : -1;
}

void bench_monitor_stop(struct bench_monitor *m)
{
	if (!m->running)
		return;
	atomic_store(&m->stop, true);
	pthread_join(m->thread, NULL);
	m->running = false;
}
