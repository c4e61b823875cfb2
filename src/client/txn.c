/* txn.c: the write transaction builder of libgraphd (see graphd.h). */
#include "client/txn.h"

#include <stdlib.h>
#include <string.h>

struct graphd_txn *graphd_txn_new(void)
{
	struct graphd_txn *t = calloc(1, sizeof(*t));

	if (t)
		graphd__write_txn__init(&t->pb);
	return t;
}

void graphd_txn_free(struct graphd_txn *t)
{
	if (!t)
		return;
	client_arena_free(&t->arena);
	free(t->pb.ops);
	free(t);
}

/* Appends op and returns its index, the number a later GRAPHD_OP() uses. */
static int txn_push(struct graphd_txn *t, Graphd__Op *op)
{
	if (!op || t->pb.n_ops >= CLIENT_TXN_MAX_OPS)
		return -1;
	if (t->pb.n_ops == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 8;
		Graphd__Op **ops = realloc(t->pb.ops, cap * sizeof(*ops));
		if (!ops)
			return -1;
		t->pb.ops = ops;
		t->cap = cap;
	}
	t->pb.ops[t->pb.n_ops] = op;
	return (int)t->pb.n_ops++;
}

static Graphd__Op *new_op(struct graphd_txn *t, Graphd__Op__OpCase kind,
			  void *body)
{
	Graphd__Op *op;

	if (!body)
		return NULL;
	op = client_arena_alloc(&t->arena, sizeof(*op));
	if (!op)
		return NULL;
	graphd__op__init(op);
	op->op_case = kind;
	/* Every member of the oneof is a message pointer: one slot. */
	op->create_node = body;
	return op;
}

/* A reference to an earlier operation must point backwards: the server
 * executes operations in order. */
static Graphd__Ref *new_ref(struct graphd_txn *t, struct graphd_ref r)
{
	Graphd__Ref *pb;

	if (r.is_op && r.v >= t->pb.n_ops)
		return NULL;
	pb = client_arena_alloc(&t->arena, sizeof(*pb));
	if (!pb)
		return NULL;
	graphd__ref__init(pb);
	if (r.is_op) {
		pb->target_case = GRAPHD__REF__TARGET_OP_INDEX;
		pb->op_index = (uint32_t)r.v;
	} else {
		pb->target_case = GRAPHD__REF__TARGET_ID;
		pb->id = r.v;
	}
	return pb;
}

static bool bad_name(const char *s)
{
	return !s || !*s;
}

int graphd_txn_create_node(struct graphd_txn *t, const char *const *labels,
			   size_t n_labels, const struct graphd_prop *props,
			   size_t n_props)
{
	Graphd__CreateNode *cn;

	if (!t || (n_labels && !labels) || (n_props && !props))
		return -1;
	cn = client_arena_alloc(&t->arena, sizeof(*cn));
	if (!cn)
		return -1;
	graphd__create_node__init(cn);
	cn->labels =
	    client_arena_alloc(&t->arena, (n_labels + 1) * sizeof(char *));
	cn->props = client_props_to_pb(&t->arena, props, n_props);
	if (!cn->labels || !cn->props)
		return -1;
	for (size_t i = 0; i < n_labels; i++) {
		if (bad_name(labels[i]))
			return -1;
		cn->labels[i] = client_arena_strdup(&t->arena, labels[i]);
		if (!cn->labels[i])
			return -1;
	}
	for (size_t i = 0; i < n_props; i++)
		if (bad_name(props[i].key))
			return -1;
	cn->n_labels = n_labels;
	cn->n_props = n_props;
	return txn_push(t, new_op(t, GRAPHD__OP__OP_CREATE_NODE, cn));
}

int graphd_txn_create_rel(struct graphd_txn *t, const char *type,
			  struct graphd_ref start, struct graphd_ref end,
			  const struct graphd_prop *props, size_t n_props)
{
	Graphd__CreateRel *cr;

	if (!t || bad_name(type) || (n_props && !props))
		return -1;
	for (size_t i = 0; i < n_props; i++)
		if (bad_name(props[i].key))
			return -1;
	cr = client_arena_alloc(&t->arena, sizeof(*cr));
	if (!cr)
		return -1;
	graphd__create_rel__init(cr);
	cr->type = client_arena_strdup(&t->arena, type);
	cr->start = new_ref(t, start);
	cr->end = new_ref(t, end);
	cr->props = client_props_to_pb(&t->arena, props, n_props);
	if (!cr->type || !cr->start || !cr->end || !cr->props)
		return -1;
	cr->n_props = n_props;
	return txn_push(t, new_op(t, GRAPHD__OP__OP_CREATE_REL, cr));
}

int graphd_txn_set_prop(struct graphd_txn *t, bool rel, struct graphd_ref ref,
			const char *key, const struct graphd_value *v)
{
	Graphd__SetProp *sp;

	if (!t || bad_name(key) || !v)
		return -1;
	sp = client_arena_alloc(&t->arena, sizeof(*sp));
	if (!sp)
		return -1;
	graphd__set_prop__init(sp);
	sp->entity = rel ? GRAPHD__ENTITY_KIND__ENTITY_REL
			 : GRAPHD__ENTITY_KIND__ENTITY_NODE;
	sp->target = new_ref(t, ref);
	sp->key = client_arena_strdup(&t->arena, key);
	sp->value = client_value_to_pb(&t->arena, v);
	if (!sp->target || !sp->key || !sp->value)
		return -1;
	return txn_push(t, new_op(t, GRAPHD__OP__OP_SET_PROP, sp));
}

int graphd_txn_remove_prop(struct graphd_txn *t, bool rel,
			   struct graphd_ref ref, const char *key)
{
	Graphd__RemoveProp *rp;

	if (!t || bad_name(key))
		return -1;
	rp = client_arena_alloc(&t->arena, sizeof(*rp));
	if (!rp)
		return -1;
	graphd__remove_prop__init(rp);
	rp->entity = rel ? GRAPHD__ENTITY_KIND__ENTITY_REL
			 : GRAPHD__ENTITY_KIND__ENTITY_NODE;
	rp->target = new_ref(t, ref);
	rp->key = client_arena_strdup(&t->arena, key);
	if (!rp->target || !rp->key)
		return -1;
	return txn_push(t, new_op(t, GRAPHD__OP__OP_REMOVE_PROP, rp));
}

static int label_op(struct graphd_txn *t, Graphd__Op__OpCase kind,
		    struct graphd_ref node, const char *label)
{
	Graphd__LabelOp *lo;

	if (!t || bad_name(label))
		return -1;
	lo = client_arena_alloc(&t->arena, sizeof(*lo));
	if (!lo)
		return -1;
	graphd__label_op__init(lo);
	lo->node = new_ref(t, node);
	lo->label = client_arena_strdup(&t->arena, label);
	if (!lo->node || !lo->label)
		return -1;
	return txn_push(t, new_op(t, kind, lo));
}

int graphd_txn_add_label(struct graphd_txn *t, struct graphd_ref node,
			 const char *label)
{
	return label_op(t, GRAPHD__OP__OP_ADD_LABEL, node, label);
}

int graphd_txn_remove_label(struct graphd_txn *t, struct graphd_ref node,
			    const char *label)
{
	return label_op(t, GRAPHD__OP__OP_REMOVE_LABEL, node, label);
}

int graphd_txn_delete_node(struct graphd_txn *t, struct graphd_ref node,
			   bool detach)
{
	Graphd__DeleteNode *dn;

	if (!t)
		return -1;
	dn = client_arena_alloc(&t->arena, sizeof(*dn));
	if (!dn)
		return -1;
	graphd__delete_node__init(dn);
	dn->node = new_ref(t, node);
	dn->detach = detach;
	if (!dn->node)
		return -1;
	return txn_push(t, new_op(t, GRAPHD__OP__OP_DELETE_NODE, dn));
}

int graphd_txn_delete_rel(struct graphd_txn *t, struct graphd_ref rel)
{
	Graphd__DeleteRel *dr;

	if (!t)
		return -1;
	dr = client_arena_alloc(&t->arena, sizeof(*dr));
	if (!dr)
		return -1;
	graphd__delete_rel__init(dr);
	dr->rel = new_ref(t, rel);
	if (!dr->rel)
		return -1;
	return txn_push(t, new_op(t, GRAPHD__OP__OP_DELETE_REL, dr));
}
