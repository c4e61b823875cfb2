/* limits.c: the size bounds of what may enter the transaction log.
 *
 * A write travels through the log as a program that every replica runs on
 * apply, so an entry that could never be applied (a 64 MB value that the
 * Berkeley DB cache cannot hold) would fail on every replica, forever. Two
 * layers keep it out: what the request carries is checked here before it
 * is proposed, and what the program builds while it runs is checked on
 * apply under the bounds stamped in the entry (the same on every replica),
 * where going over is a deterministic statement error. */
#include "graph/limits.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void graph_limits_of_entry(struct graph_limits *l, const Graphd__TxnEntry *te)
{
	l->max_value = te && te->max_value_bytes ? te->max_value_bytes
						 : GRAPH_LIMITS_VALUE_DEFAULT;
	l->max_txn = te && te->max_txn_bytes ? te->max_txn_bytes
					     : GRAPH_LIMITS_TXN_DEFAULT;
}

void graph_limits_stamp(Graphd__TxnEntry *te, const struct graph_limits *l)
{
	te->max_value_bytes = l->max_value;
	te->max_txn_bytes = l->max_txn;
}

uint64_t graph_value_bytes(const Graphd__Value *v)
{
	uint64_t n = 0;

	if (!v)
		return 0;
	switch (v->kind_case) {
	case GRAPHD__VALUE__KIND_STRING_VALUE:
		return v->string_value ? strlen(v->string_value) : 0;
	case GRAPHD__VALUE__KIND_LIST_VALUE:
		for (size_t i = 0; v->list_value && i < v->list_value->n_items;
		     i++)
			n += graph_value_bytes(v->list_value->items[i]) + 1;
		return n;
	case GRAPHD__VALUE__KIND_BOOL_VALUE:
	case GRAPHD__VALUE__KIND_INT_VALUE:
	case GRAPHD__VALUE__KIND_FLOAT_VALUE:
		return 8;
	default:
		return graphd__value__get_packed_size(v);
	}
}

void graph_limits_value_msg(char *buf, size_t len, const char *what,
			    uint64_t size, uint64_t max)
{
	snprintf(buf, len,
		 "%s of %" PRIu64 " bytes exceeds the maximum value size of "
		 "%" PRIu64 " bytes (ha.max_value_size); the transaction was "
		 "rolled back",
		 what, size, max);
}

void graph_limits_txn_msg(char *buf, size_t len, uint64_t size, uint64_t max)
{
	snprintf(buf, len,
		 "the transaction writes more than %" PRIu64 " bytes "
		 "(%" PRIu64 " so far), the maximum transaction size "
		 "(dbms.memory.transaction.max); it was rolled back",
		 max, size);
}

static int check_props(Graphd__Property *const *p, size_t n, const char *what,
		       const struct graph_limits *l, char *err, size_t errlen)
{
	char name[160];
	uint64_t sz;

	for (size_t i = 0; i < n; i++) {
		if (!p[i]->value)
			continue;
		sz = graph_value_bytes(p[i]->value);
		if (sz <= l->max_value)
			continue;
		snprintf(name, sizeof(name), "%s %.64s", what,
			 p[i]->key ? p[i]->key : "");
		snprintf(err, errlen,
			 "%s of %" PRIu64 " bytes exceeds the maximum value "
			 "size of %" PRIu64 " bytes (ha.max_value_size); not "
			 "written",
			 name, sz, l->max_value);
		return -1;
	}
	return 0;
}

static int check_op(const Graphd__Op *op, const struct graph_limits *l,
		    char *err, size_t errlen)
{
	Graphd__Property one = GRAPHD__PROPERTY__INIT, *p = &one;

	switch (op->op_case) {
	case GRAPHD__OP__OP_CREATE_NODE:
		return check_props(op->create_node->props,
				   op->create_node->n_props, "property", l,
				   err, errlen);
	case GRAPHD__OP__OP_CREATE_REL:
		return check_props(op->create_rel->props,
				   op->create_rel->n_props, "property", l, err,
				   errlen);
	case GRAPHD__OP__OP_SET_PROP:
		one.key = op->set_prop->key;
		one.value = op->set_prop->value;
		return check_props(&p, 1, "property", l, err, errlen);
	default:
		return 0;
	}
}

static int check_total(size_t sz, const char *what,
		       const struct graph_limits *l, char *err, size_t errlen)
{
	if (sz <= l->max_txn)
		return 0;
	snprintf(err, errlen,
		 "%s of %zu bytes exceeds the maximum transaction size of "
		 "%" PRIu64 " bytes (dbms.memory.transaction.max); not "
		 "written",
		 what, sz, l->max_txn);
	return -1;
}

static int check_query(const Graphd__Query *q, const struct graph_limits *l,
		       char *err, size_t errlen)
{
	if (check_total(graphd__query__get_packed_size(q),
			"the statement with its parameters", l, err,
			errlen) < 0)
		return -1;
	return check_props(q->params, q->n_params, "parameter", l, err,
			   errlen);
}

static int check_txn(const Graphd__WriteTxn *wt, const struct graph_limits *l,
		     char *err, size_t errlen)
{
	if (check_total(graphd__write_txn__get_packed_size(wt),
			"the transaction", l, err, errlen) < 0)
		return -1;
	for (size_t i = 0; i < wt->n_ops; i++)
		if (check_op(wt->ops[i], l, err, errlen) < 0)
			return -1;
	return 0;
}

int graph_entry_check_size(const Graphd__Request *req,
			   const struct graph_limits *l, char *err,
			   size_t errlen)
{
	if (req->body_case == GRAPHD__REQUEST__BODY_QUERY && req->query)
		return check_query(req->query, l, err, errlen);
	if (req->body_case == GRAPHD__REQUEST__BODY_WRITE && req->write)
		return check_txn(req->write, l, err, errlen);
	return 0;
}

int graph_entry_check_packed(const uint8_t *data, size_t len,
			     const struct graph_limits *l, char *err,
			     size_t errlen)
{
	Graphd__TxnEntry *te = graphd__txn_entry__unpack(NULL, len, data);
	struct graph_limits stamped;
	int rc = 0;

	if (!te)
		return 0; /* applied as a decode error, alike everywhere */
	graph_limits_of_entry(&stamped, te);
	if (stamped.max_value > l->max_value || stamped.max_txn > l->max_txn) {
		snprintf(err, errlen,
			 "the write carries size bounds (%" PRIu64
			 " bytes a value, %" PRIu64 " a transaction) above "
			 "the master's ha.max_value_size (%" PRIu64
			 ") or dbms.memory.transaction.max (%" PRIu64
			 "); give every instance the same bounds",
			 stamped.max_value, stamped.max_txn, l->max_value,
			 l->max_txn);
		rc = -1;
	} else if (te->query) {
		rc = check_query(te->query, l, err, errlen);
	} else if (te->txn) {
		rc = check_txn(te->txn, l, err, errlen);
	}
	graphd__txn_entry__free_unpacked(te, NULL);
	return rc;
}
