/* cypher_proc.c: the procedure registry CALL looks names up in, and the
 * built-in procedures that drivers and tools call. The built-ins read the
 * store with the statement's transaction; they scan (label index, records)
 * rather than keep token tables, so they cost a pass over what they list. */
#include "graph/cypher_proc.h"

#include <stdlib.h>
#include <string.h>

#include "proto/graphd.pb-c.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

/* the store's databases in layout order (store/graph.c) */
enum { XP_DB_NODES = 0, XP_DB_RELS = 1, XP_DB_LABELS = 3 };

/* ------------------------------------------------------- distinct names */

/* A sorted set of names (few: labels, types, keys). */
struct xp_names {
	char **v;
	size_t n, cap;
	bool nomem;
};

static void xp_names_add(struct xp_names *s, const char *name, size_t len)
{
	size_t lo = 0, hi = s->n;
	char *c;

	if (s->nomem)
		return;
	if (!(c = strndup(name, len))) {
		s->nomem = true;
		return;
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int k = strcmp(s->v[mid], c);

		if (k == 0) {
			free(c);
			return;
		}
		if (k < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		char **v = realloc(s->v, cap * sizeof(*v));

		if (!v) {
			free(c);
			s->nomem = true;
			return;
		}
		s->v = v;
		s->cap = cap;
	}
	memmove(s->v + lo + 1, s->v + lo, (s->n - lo) * sizeof(*s->v));
	s->v[lo] = c;
	s->n++;
}

static void xp_names_free(struct xp_names *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

/* Emits one string field per name, in order. */
static int xp_emit_names(struct xp_names *s, int ret,
			 int (*emit)(void *ctx, const struct cv *outs),
			 void *ctx, struct cv_err *err)
{
	int rc = 0;

	if (ret == 0 && s->nomem)
		rc = cv_err_set(err, CV_ERR_NOMEM, "out of memory");
	else if (ret != 0)
		rc = cv_err_set(err, CV_ERR_UNSUPPORTED,
				"the store failed while listing (code %d); "
				"see messages.log",
				ret);
	for (size_t i = 0; rc == 0 && i < s->n; i++) {
		struct cv v;

		if (cv_cstring(&v, s->v[i]) < 0) {
			rc = cv_err_set(err, CV_ERR_NOMEM, "out of memory");
			break;
		}
		rc = emit(ctx, &v);
		cv_free(&v);
		if (rc == 1)
			rc = 0, i = s->n;
		else if (rc < 0)
			rc = cv_err_set(err, CV_ERR_NOMEM, "stopped");
	}
	xp_names_free(s);
	return rc < 0 ? -1 : 0;
}

/* ------------------------------------------------------------ built-ins */

static bool xp_label_one(void *ctx, const DBT *k, const DBT *v)
{
	const char *key = k->data;
	size_t len = strnlen(key, k->size);

	(void)v;
	if (len < k->size)
		xp_names_add(ctx, key, len);
	return true;
}

static int xp_db_labels(const struct cypher_proc *p,
			const struct cypher_proc_env *env,
			const struct cv *args,
			int (*emit)(void *ctx, const struct cv *outs),
			void *ctx, struct cv_err *err)
{
	struct xp_names s = {0};
	int ret = store_graph_scan(env->g, XP_DB_LABELS, env->txn, NULL, 0,
				   xp_label_one, &s);

	(void)p, (void)args;
	return xp_emit_names(&s, ret, emit, ctx, err);
}

/* relationship types (types) or property keys (of nodes and rels) */
struct xp_scan {
	struct xp_names s;
	bool types;
};

static bool xp_rel_one(void *ctx, const DBT *k, const DBT *v)
{
	struct xp_scan *c = ctx;
	Graphd__Relationship *r;

	if (k->size != 8)
		return true;
	if (!(r = graphd__relationship__unpack(NULL, v->size, v->data)))
		return true; /* store_graph_verify reports bad records */
	if (c->types && r->type)
		xp_names_add(&c->s, r->type, strlen(r->type));
	for (size_t i = 0; !c->types && i < r->n_props; i++)
		xp_names_add(&c->s, r->props[i]->key, strlen(r->props[i]->key));
	graphd__relationship__free_unpacked(r, NULL);
	return true;
}

static bool xp_node_one(void *ctx, const DBT *k, const DBT *v)
{
	struct xp_scan *c = ctx;
	Graphd__Node *n;

	if (k->size != 8)
		return true;
	if (!(n = graphd__node__unpack(NULL, v->size, v->data)))
		return true;
	for (size_t i = 0; i < n->n_props; i++)
		xp_names_add(&c->s, n->props[i]->key, strlen(n->props[i]->key));
	graphd__node__free_unpacked(n, NULL);
	return true;
}

static int xp_db_rel_types(const struct cypher_proc *p,
			   const struct cypher_proc_env *env,
			   const struct cv *args,
			   int (*emit)(void *ctx, const struct cv *outs),
			   void *ctx, struct cv_err *err)
{
	struct xp_scan c = {.types = true};
	int ret = store_graph_scan(env->g, XP_DB_RELS, env->txn, NULL, 0,
				   xp_rel_one, &c);

	(void)p, (void)args;
	return xp_emit_names(&c.s, ret, emit, ctx, err);
}

static int xp_db_prop_keys(const struct cypher_proc *p,
			   const struct cypher_proc_env *env,
			   const struct cv *args,
			   int (*emit)(void *ctx, const struct cv *outs),
			   void *ctx, struct cv_err *err)
{
	struct xp_scan c = {.types = false};
	int ret = store_graph_scan(env->g, XP_DB_NODES, env->txn, NULL, 0,
				   xp_node_one, &c);

	if (ret == 0)
		ret = store_graph_scan(env->g, XP_DB_RELS, env->txn, NULL, 0,
				       xp_rel_one, &c);
	(void)p, (void)args;
	return xp_emit_names(&c.s, ret, emit, ctx, err);
}

/* dbms.components(): one record, this server (drivers read the name and
 * versions to pick their protocol features). */
static int xp_dbms_components(const struct cypher_proc *p,
			      const struct cypher_proc_env *env,
			      const struct cv *args,
			      int (*emit)(void *ctx, const struct cv *outs),
			      void *ctx, struct cv_err *err)
{
	struct cv out[3], ver;
	int rc = -1;

	(void)p, (void)env, (void)args;
	memset(out, 0, sizeof(out));
	cv_list_init(&out[1]);
	if (cv_cstring(&out[0], "graphd") == 0 &&
	    cv_cstring(&ver, PACKAGE_VERSION) == 0 &&
	    cv_list_push(&out[1], &ver) == 0 &&
	    cv_cstring(&out[2], "community") == 0)
		rc = emit(ctx, out) < 0 ? -1 : 0;
	else
		cv_err_set(err, CV_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < 3; i++)
		cv_free(&out[i]);
	return rc;
}

static struct cypher_proc_field xp_f_label[] = {{"label", CYPHER_PT_STRING}};
static struct cypher_proc_field xp_f_type[] = {
    {"relationshipType", CYPHER_PT_STRING}};
static struct cypher_proc_field xp_f_key[] = {
    {"propertyKey", CYPHER_PT_STRING}};
static struct cypher_proc_field xp_f_comp[] = {
    {"name", CYPHER_PT_STRING},
    {"versions", CYPHER_PT_LIST},
    {"edition", CYPHER_PT_STRING}};

static const struct cypher_proc xp_builtins[] = {
    {"db.labels", NULL, 0, xp_f_label, 1, xp_db_labels, NULL, NULL},
    {"db.relationshipTypes", NULL, 0, xp_f_type, 1, xp_db_rel_types, NULL,
     NULL},
    {"db.propertyKeys", NULL, 0, xp_f_key, 1, xp_db_prop_keys, NULL, NULL},
    {"dbms.components", NULL, 0, xp_f_comp, 3, xp_dbms_components, NULL,
     NULL},
};

/* ------------------------------------------------------------- registry */

static struct cypher_proc *xp_reg;
static size_t xp_n_reg;

const struct cypher_proc *cypher_proc_find(const char *name)
{
	for (size_t i = 0; i < xp_n_reg; i++)
		if (strcmp(xp_reg[i].name, name) == 0)
			return &xp_reg[i];
	for (size_t i = 0; i < sizeof(xp_builtins) / sizeof(xp_builtins[0]);
	     i++)
		if (strcmp(xp_builtins[i].name, name) == 0)
			return &xp_builtins[i];
	return NULL;
}

static void xp_proc_free(struct cypher_proc *p)
{
	for (size_t i = 0; i < p->n_in; i++)
		free((char *)p->in[i].name);
	for (size_t i = 0; i < p->n_out; i++)
		free((char *)p->out[i].name);
	free(p->in);
	free(p->out);
	free(p->name);
	if (p->free_arg)
		p->free_arg(p->arg);
}

static struct cypher_proc_field *
xp_fields_dup(const struct cypher_proc_field *f, size_t n, bool *ok)
{
	struct cypher_proc_field *c = calloc(n + 1, sizeof(*c));

	if (!c)
		*ok = false;
	for (size_t i = 0; c && i < n; i++) {
		c[i].type = f[i].type;
		if (!(c[i].name = strdup(f[i].name)))
			*ok = false;
	}
	return c;
}

int cypher_proc_register(const char *name, const struct cypher_proc_field *in,
			 size_t n_in, const struct cypher_proc_field *out,
			 size_t n_out, cypher_proc_fn fn, void *arg,
			 void (*free_arg)(void *))
{
	struct cypher_proc p = {.n_in = n_in, .n_out = n_out, .fn = fn,
				.arg = arg, .free_arg = free_arg};
	struct cypher_proc *v;
	bool ok = true;

	p.name = strdup(name);
	p.in = xp_fields_dup(in, n_in, &ok);
	p.out = xp_fields_dup(out, n_out, &ok);
	if (!p.name || !ok ||
	    !(v = realloc(xp_reg, (xp_n_reg + 1) * sizeof(*v)))) {
		xp_proc_free(&p);
		return -1;
	}
	xp_reg = v;
	for (size_t i = 0; i < xp_n_reg; i++)
		if (strcmp(xp_reg[i].name, name) == 0) {
			xp_proc_free(&xp_reg[i]);
			xp_reg[i] = p;
			return 0;
		}
	xp_reg[xp_n_reg++] = p;
	return 0;
}

void cypher_proc_unregister_all(void)
{
	for (size_t i = 0; i < xp_n_reg; i++)
		xp_proc_free(&xp_reg[i]);
	free(xp_reg);
	xp_reg = NULL;
	xp_n_reg = 0;
}

/* ---------------------------------------------------------------- types */

static const char *const xp_type_names[] = {
    [CYPHER_PT_ANY] = "ANY",	     [CYPHER_PT_STRING] = "STRING",
    [CYPHER_PT_INTEGER] = "INTEGER", [CYPHER_PT_FLOAT] = "FLOAT",
    [CYPHER_PT_NUMBER] = "NUMBER",   [CYPHER_PT_BOOLEAN] = "BOOLEAN",
    [CYPHER_PT_LIST] = "LIST",	     [CYPHER_PT_MAP] = "MAP",
    [CYPHER_PT_NODE] = "NODE",	     [CYPHER_PT_REL] = "RELATIONSHIP",
    [CYPHER_PT_PATH] = "PATH",
};

const char *cypher_proc_type_name(enum cypher_proc_type t)
{
	return xp_type_names[t];
}

int cypher_proc_type_parse(const char *text, enum cypher_proc_type *out)
{
	size_t len = strcspn(text, "? ");

	for (size_t i = 0; i < sizeof(xp_type_names) / sizeof(*xp_type_names);
	     i++)
		if (strlen(xp_type_names[i]) == len &&
		    strncasecmp(text, xp_type_names[i], len) == 0) {
			*out = (enum cypher_proc_type)i;
			return 0;
		}
	return -1;
}

bool cypher_proc_coerce(enum cypher_proc_type t, struct cv *v)
{
	static const enum cv_kind kinds[] = {
	    [CYPHER_PT_STRING] = CV_STRING, [CYPHER_PT_INTEGER] = CV_INT,
	    [CYPHER_PT_FLOAT] = CV_FLOAT,   [CYPHER_PT_BOOLEAN] = CV_BOOL,
	    [CYPHER_PT_LIST] = CV_LIST,	    [CYPHER_PT_MAP] = CV_MAP,
	    [CYPHER_PT_NODE] = CV_NODE,	    [CYPHER_PT_REL] = CV_REL,
	    [CYPHER_PT_PATH] = CV_PATH,
	};

	if (t == CYPHER_PT_ANY || v->kind == CV_NULL)
		return true;
	if (t == CYPHER_PT_NUMBER)
		return v->kind == CV_INT || v->kind == CV_FLOAT;
	if (t == CYPHER_PT_FLOAT && v->kind == CV_INT) {
		*v = cv_float((double)v->u.i);
		return true;
	}
	return v->kind == kinds[t];
}
