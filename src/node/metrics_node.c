/* metrics_node.c: the metrics of the running instance (see metrics.h):
 * reads struct node into a metrics_view and renders it; maps client
 * requests and proposals to counters. Kept apart from metrics.c so that
 * the exposition is tested without a node. */
#include "node/metrics.h"

#include <stdlib.h>

#include <db.h>

#include "graphd.pb-c.h"
#include "node/node.h"
#include "node/peers.h"

/* Every member but this instance; on the master with its progress (the
 * same figures as Status.members). */
static void metrics_node_peers(struct node *n, const struct raft_status *rs,
			       struct metrics_view *v)
{
	for (uint32_t i = 0; i < rs->config.n && i < RAFT_MAX_MEMBERS; i++) {
		const struct raft_member *m = &rs->config.members[i];
		struct metrics_peer *p = &v->peers[v->n_peers];

		if (m->id == n->cfg.server_id)
			continue;
		*p = (struct metrics_peer){.id = m->id};
		p->reachable = peers_reachable(n, m->id);
		for (uint32_t j = 0; j < rs->n_progress; j++)
			if (rs->progress[j].member.id == m->id) {
				p->reachable = p->reachable &&
					       rs->progress[j].recent_active;
				p->has_match = true;
				p->match = rs->progress[j].match;
			}
		v->n_peers++;
	}
}

/* Berkeley DB's own count of log flushes: the Raft log writes and every
 * graph store commit share one environment and one log. */
static void metrics_node_log_flushes(struct node *n, struct metrics_view *v)
{
	DB_ENV *db;
	DB_LOG_STAT *st = NULL;

	if (!n->env || !(db = store_env_db(n->env)))
		return;
	if (db->log_stat(db, &st, 0) != 0 || !st)
		return;
	v->has_log_flushes = true;
	v->log_flushes = (uint64_t)st->st_scount;
	free(st);
}

void metrics_render(struct node *n, struct evbuffer *out)
{
	struct raft_status rs = {0};
	struct metrics_view v = {0};

	if (n->raft)
		raft_status(n->raft, &rs);
	v.server_id = n->cfg.server_id;
	v.role = node_role_str(n);
	v.mode = config_mode_str(n->cfg.mode);
	v.version = NODE_VERSION;
	v.term = rs.term;
	v.commit = rs.commit;
	v.applied = n->applied;
	v.last_index = rs.last_index;
	v.now_us = metrics_now_us();
	if (n->cfg.mode != CONFIG_MODE_SINGLE)
		metrics_node_peers(n, &rs, &v);
	metrics_node_log_flushes(n, &v);
	if ((v.has_sessions = n->graph != NULL))
		v.sessions = store_graph_session_count(n->graph);
	metrics_render_view(&n->metrics, &v, out);
}

void metrics_client_request(struct node *n, int body_case)
{
	enum metrics_request k;

	switch (body_case) {
	case GRAPHD__REQUEST__BODY_GET_NODE:
	case GRAPHD__REQUEST__BODY_GET_REL:
	case GRAPHD__REQUEST__BODY_NEIGHBOURS:
	case GRAPHD__REQUEST__BODY_NODES_BY_LABEL:
		k = METRICS_REQ_READ;
		break;
	case GRAPHD__REQUEST__BODY_WRITE:
		k = METRICS_REQ_WRITE;
		break;
	case GRAPHD__REQUEST__BODY_QUERY:
		k = METRICS_REQ_QUERY;
		break;
	case GRAPHD__REQUEST__BODY_STATUS:
		k = METRICS_REQ_STATUS;
		break;
	case GRAPHD__REQUEST__BODY_MEMBER_CHANGE:
	case GRAPHD__REQUEST__BODY_BACKUP:
		k = METRICS_REQ_ADMIN;
		break;
	default:
		k = METRICS_REQ_OTHER;
		break;
	}
	n->metrics.client_requests[k]++;
}

/* The entry's term from the core's log: the term it was appended in (0,
 * which no entry has, if it were gone already: then it is not timed). */
void metrics_proposal(struct node *n, enum raft_err rc, raft_index index)
{
	const struct raft_entry *e =
	    rc == RAFT_OK ? raft_log_entry(n->raft, index) : NULL;

	metrics_proposed(&n->metrics, rc, index, e ? e->term : 0,
			 metrics_now_us());
}
