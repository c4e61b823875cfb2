/* test_graph_fixture.c: a graph store in a temporary directory, and builders
 * of write transactions, for the graph apply/read tests. */
#include "test_graph_fixture.h"

#include <CUnit/CUnit.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int gfx_open(struct gfx *f)
{
	char err[512];

	if (store_env_open(&f->env, f->dir, err, sizeof(err)) < 0 ||
	    store_graph_open(f->env, &f->g, err, sizeof(err)) < 0) {
		fprintf(stderr, "fixture: %s\n", err);
		return -1;
	}
	return 0;
}

int gfx_setup(struct gfx *f)
{
	const char *tmp = getenv("TMPDIR");

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "%s/graphd-graph-XXXXXX",
		 tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	f->next_index = 1;
	return gfx_open(f);
}

void gfx_close(struct gfx *f)
{
	store_graph_close(f->g);
	store_env_close(f->env);
	f->g = NULL;
	f->env = NULL;
}

int gfx_reopen(struct gfx *f)
{
	gfx_close(f);
	return gfx_open(f);
}

void gfx_teardown(struct gfx *f)
{
	gfx_close(f);
	if (f->dir[0])
		nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ------------------------------------------------------------ builders */

static void *xmalloc(size_t n)
{
	void *p = calloc(1, n);

	if (!p)
		abort();
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		abort();
	return p;
}

static Graphd__Value *gv_new(Graphd__Value__KindCase kind)
{
	Graphd__Value *v = xmalloc(sizeof(*v));

	graphd__value__init(v);
	v->kind_case = kind;
	return v;
}

Graphd__Value *gv_int(int64_t i)
{
	Graphd__Value *v = gv_new(GRAPHD__VALUE__KIND_INT_VALUE);

	v->int_value = i;
	return v;
}

Graphd__Value *gv_float(double d)
{
	Graphd__Value *v = gv_new(GRAPHD__VALUE__KIND_FLOAT_VALUE);

	v->float_value = d;
	return v;
}

Graphd__Value *gv_str(const char *s)
{
	Graphd__Value *v = gv_new(GRAPHD__VALUE__KIND_STRING_VALUE);

	v->string_value = xstrdup(s);
	return v;
}

Graphd__Value *gv_bool(bool b)
{
	Graphd__Value *v = gv_new(GRAPHD__VALUE__KIND_BOOL_VALUE);

	v->bool_value = b;
	return v;
}

Graphd__Value *gv_null(void)
{
	return gv_new(GRAPHD__VALUE__KIND__NOT_SET);
}

Graphd__Value *gv_list(int n, ...)
{
	Graphd__Value *v = gv_new(GRAPHD__VALUE__KIND_LIST_VALUE);
	va_list ap;
	int i;

	v->list_value = xmalloc(sizeof(*v->list_value));
	graphd__value_list__init(v->list_value);
	v->list_value->n_items = n;
	v->list_value->items = xmalloc((n ? n : 1) * sizeof(Graphd__Value *));
	va_start(ap, n);
	for (i = 0; i < n; i++)
		v->list_value->items[i] = va_arg(ap, Graphd__Value *);
	va_end(ap);
	return v;
}

Graphd__Ref *ref_id(uint64_t id)
{
	Graphd__Ref *r = xmalloc(sizeof(*r));

	graphd__ref__init(r);
	r->target_case = GRAPHD__REF__TARGET_ID;
	r->id = id;
	return r;
}

Graphd__Ref *ref_op(uint32_t op_index)
{
	Graphd__Ref *r = xmalloc(sizeof(*r));

	graphd__ref__init(r);
	r->target_case = GRAPHD__REF__TARGET_OP_INDEX;
	r->op_index = op_index;
	return r;
}

static Graphd__Op *op_new(Graphd__Op__OpCase kind)
{
	Graphd__Op *op = xmalloc(sizeof(*op));

	graphd__op__init(op);
	op->op_case = kind;
	return op;
}

static Graphd__Property *prop_new(const char *key, Graphd__Value *v)
{
	Graphd__Property *p = xmalloc(sizeof(*p));

	graphd__property__init(p);
	p->key = xstrdup(key);
	p->value = v;
	return p;
}

Graphd__Op *op_node(const char *label, int nprops, ...)
{
	Graphd__Op *op = op_new(GRAPHD__OP__OP_CREATE_NODE);
	Graphd__CreateNode *c = xmalloc(sizeof(*c));
	va_list ap;
	int i;

	graphd__create_node__init(c);
	op->create_node = c;
	if (label) {
		c->labels = xmalloc(sizeof(char *));
		c->labels[0] = xstrdup(label);
		c->n_labels = 1;
	}
	c->props = xmalloc((nprops ? nprops : 1) * sizeof(*c->props));
	c->n_props = nprops;
	va_start(ap, nprops);
	for (i = 0; i < nprops; i++) {
		const char *key = va_arg(ap, const char *);

		c->props[i] = prop_new(key, va_arg(ap, Graphd__Value *));
	}
	va_end(ap);
	return op;
}

Graphd__Op *op_rel(const char *type, Graphd__Ref *start, Graphd__Ref *end)
{
	Graphd__Op *op = op_new(GRAPHD__OP__OP_CREATE_REL);
	Graphd__CreateRel *c = xmalloc(sizeof(*c));

	graphd__create_rel__init(c);
	c->type = xstrdup(type);
	c->start = start;
	c->end = end;
	op->create_rel = c;
	return op;
}

Graphd__Op *op_set(bool rel, Graphd__Ref *t, const char *key, Graphd__Value *v)
{
	Graphd__Op *op = op_new(GRAPHD__OP__OP_SET_PROP);
	Graphd__SetProp *s = xmalloc(sizeof(*s));

	graphd__set_prop__init(s);
	s->entity = rel ? GRAPHD__ENTITY_KIND__ENTITY_REL
			: GRAPHD__ENTITY_KIND__ENTITY_NODE;
	s->target = t;
	s->key = xstrdup(key);
	s->value = v;
	op->set_prop = s;
	return op;
}

Graphd__Op *op_unset(bool rel, Graphd__Ref *t, const char *key)
{
	Graphd__Op *op = op_new(GRAPHD__OP__OP_REMOVE_PROP);
	Graphd__RemoveProp *s = xmalloc(sizeof(*s));

	graphd__remove_prop__init(s);
	s->entity = rel ? GRAPHD__ENTITY_KIND__ENTITY_REL
			: GRAPHD__ENTITY_KIND__ENTITY_NODE;
	s->target = t;
	s->key = xstrdup(key);
	op->remove_prop = s;
	return op;
}

Graphd__Op *op_label(bool add, Graphd__Ref *n, const char *label)
{
	Graphd__Op *op = op_new(add ? GRAPHD__OP__OP_ADD_LABEL
				    : GRAPHD__OP__OP_REMOVE_LABEL);
	Graphd__LabelOp *l = xmalloc(sizeof(*l));

	graphd__label_op__init(l);
	l->node = n;
	l->label = xstrdup(label);
	if (add)
		op->add_label = l;
	else
		op->remove_label = l;
	return op;
}

Graphd__Op *op_del_node(Graphd__Ref *n, bool detach)
{
	Graphd__Op *op = op_new(GRAPHD__OP__OP_DELETE_NODE);
	Graphd__DeleteNode *d = xmalloc(sizeof(*d));

	graphd__delete_node__init(d);
	d->node = n;
	d->detach = detach;
	op->delete_node = d;
	return op;
}

Graphd__Op *op_del_rel(Graphd__Ref *r)
{
	Graphd__Op *op = op_new(GRAPHD__OP__OP_DELETE_REL);
	Graphd__DeleteRel *d = xmalloc(sizeof(*d));

	graphd__delete_rel__init(d);
	d->rel = r;
	op->delete_rel = d;
	return op;
}

/* ------------------------------------------------------------ entries */

static void gfx_ventry(struct raft_entry *e, uint64_t index, uint64_t session,
		       uint64_t seq, int nops, va_list ap)
{
	Graphd__TxnEntry *te = xmalloc(sizeof(*te));
	Graphd__WriteTxn *wt = xmalloc(sizeof(*wt));
	int i;

	graphd__txn_entry__init(te);
	graphd__write_txn__init(wt);
	te->origin_server = 1;
	te->session = session;
	te->seq = seq;
	te->timestamp_ms = 1700000000000;
	te->txn = wt;
	wt->n_ops = nops;
	wt->ops = xmalloc((nops ? nops : 1) * sizeof(*wt->ops));
	for (i = 0; i < nops; i++)
		wt->ops[i] = va_arg(ap, Graphd__Op *);
	memset(e, 0, sizeof(*e));
	e->index = index;
	e->term = 1;
	e->type = RAFT_ENTRY_NORMAL;
	e->len = graphd__txn_entry__get_packed_size(te);
	e->data = xmalloc(e->len ? e->len : 1);
	graphd__txn_entry__pack(te, e->data);
	graphd__txn_entry__free_unpacked(te, NULL);
}

void gfx_entry(struct raft_entry *e, uint64_t index, uint64_t session,
	       uint64_t seq, int nops, ...)
{
	va_list ap;

	va_start(ap, nops);
	gfx_ventry(e, index, session, seq, nops, ap);
	va_end(ap);
}

Graphd__Response *gfx_apply(struct gfx *f, const struct raft_entry *e)
{
	struct graph_apply_out out;
	char err[512] = "";

	CU_ASSERT_EQUAL_FATAL(graph_apply(f->g, e, &out, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(store_graph_verify(f->g, stderr), 0);
	return out.response;
}

Graphd__Response *gfx_txn(struct gfx *f, uint64_t session, uint64_t seq,
			  int nops, ...)
{
	struct raft_entry e;
	Graphd__Response *r;
	va_list ap;

	va_start(ap, nops);
	gfx_ventry(&e, f->next_index++, session, seq, nops, ap);
	va_end(ap);
	r = gfx_apply(f, &e);
	free(e.data);
	return r;
}

int gfx_code(const Graphd__Response *r)
{
	return r && r->error ? (int)r->error->code : GRAPHD__ERROR_CODE__OK;
}

char *gfx_dump(struct gfx *f, unsigned flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		abort();
	CU_ASSERT_EQUAL(store_graph_dump(f->g, m, flags), 0);
	fclose(m);
	return buf;
}

/* ------------------------------------------------------------ reads */

static Graphd__Response *gfx_read(struct gfx *f, Graphd__Request *req)
{
	Graphd__Response *r = graph_read(f->g, req);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	return r;
}

Graphd__Response *gfx_get_node(struct gfx *f, uint64_t id)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__GetNode q = GRAPHD__GET_NODE__INIT;

	q.id = id;
	req.body_case = GRAPHD__REQUEST__BODY_GET_NODE;
	req.get_node = &q;
	return gfx_read(f, &req);
}

Graphd__Response *gfx_get_rel(struct gfx *f, uint64_t id)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__GetRel q = GRAPHD__GET_REL__INIT;

	q.id = id;
	req.body_case = GRAPHD__REQUEST__BODY_GET_REL;
	req.get_rel = &q;
	return gfx_read(f, &req);
}

Graphd__Response *gfx_neighbours(struct gfx *f, uint64_t node, int dir,
				 uint32_t limit, int ntypes, ...)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__Neighbours q = GRAPHD__NEIGHBOURS__INIT;
	char *types[8];
	va_list ap;
	int i;

	CU_ASSERT_FATAL(ntypes <= 8);
	va_start(ap, ntypes);
	for (i = 0; i < ntypes; i++)
		types[i] = va_arg(ap, char *);
	va_end(ap);
	q.node = node;
	q.dir = dir;
	q.limit = limit;
	q.n_types = ntypes;
	q.types = types;
	req.body_case = GRAPHD__REQUEST__BODY_NEIGHBOURS;
	req.neighbours = &q;
	return gfx_read(f, &req);
}

Graphd__Response *gfx_by_label(struct gfx *f, const char *label,
			       const char *where_key, Graphd__Value *where,
			       uint32_t limit)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__NodesByLabel q = GRAPHD__NODES_BY_LABEL__INIT;
	Graphd__Property w = GRAPHD__PROPERTY__INIT;
	Graphd__Response *r;

	q.label = (char *)label;
	q.limit = limit;
	if (where_key) {
		w.key = (char *)where_key;
		w.value = where;
		q.where = &w;
	}
	req.body_case = GRAPHD__REQUEST__BODY_NODES_BY_LABEL;
	req.nodes_by_label = &q;
	r = gfx_read(f, &req);
	if (where)
		graphd__value__free_unpacked(where, NULL);
	return r;
}
