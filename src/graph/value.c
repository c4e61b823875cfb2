/* value.c: property values, property lists and label sets of graph records. */
#include "graph/value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool graph_value_is_null(const Graphd__Value *v)
{
	return !v || v->kind_case == GRAPHD__VALUE__KIND__NOT_SET;
}

bool graph_value_valid(const Graphd__Value *v, char *why, size_t len)
{
	const Graphd__ValueList *l;
	size_t i;

	if (graph_value_is_null(v))
		return true;
	switch (v->kind_case) {
	case GRAPHD__VALUE__KIND_MAP_VALUE:
	case GRAPHD__VALUE__KIND_NODE_VALUE:
	case GRAPHD__VALUE__KIND_REL_VALUE:
	case GRAPHD__VALUE__KIND_PATH_VALUE:
		snprintf(why, len,
			 "a property cannot hold a map, node, relationship or "
			 "path");
		return false;
	case GRAPHD__VALUE__KIND_LIST_VALUE:
		break;
	default:
		return true;
	}
	l = v->list_value;
	for (i = 0; l && i < l->n_items; i++) {
		if (l->items[i] &&
		    (l->items[i]->kind_case == GRAPHD__VALUE__KIND_LIST_VALUE ||
		     !graph_value_valid(l->items[i], why, len))) {
			snprintf(why, len,
				 "a list property cannot contain a list, map, "
				 "node, relationship or path (item %zu)",
				 i);
			return false;
		}
	}
	return true;
}

static bool number(const Graphd__Value *v, double *d)
{
	if (v->kind_case == GRAPHD__VALUE__KIND_INT_VALUE)
		*d = (double)v->int_value;
	else if (v->kind_case == GRAPHD__VALUE__KIND_FLOAT_VALUE)
		*d = v->float_value;
	else
		return false;
	return true;
}

static bool list_equal(const Graphd__ValueList *a, const Graphd__ValueList *b)
{
	size_t na = a ? a->n_items : 0, nb = b ? b->n_items : 0, i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (!graph_value_equal(a->items[i], b->items[i]))
			return false;
	return true;
}

bool graph_value_equal(const Graphd__Value *a, const Graphd__Value *b)
{
	double da, db;

	if (graph_value_is_null(a) || graph_value_is_null(b))
		return graph_value_is_null(a) && graph_value_is_null(b);
	if (a->kind_case == GRAPHD__VALUE__KIND_INT_VALUE &&
	    b->kind_case == GRAPHD__VALUE__KIND_INT_VALUE)
		return a->int_value == b->int_value; /* exact beyond 2^53 */
	if (number(a, &da) && number(b, &db))
		return da == db;
	if (a->kind_case != b->kind_case)
		return false;
	switch (a->kind_case) {
	case GRAPHD__VALUE__KIND_BOOL_VALUE:
		return !a->bool_value == !b->bool_value;
	case GRAPHD__VALUE__KIND_STRING_VALUE:
		return !strcmp(a->string_value, b->string_value);
	case GRAPHD__VALUE__KIND_LIST_VALUE:
		return list_equal(a->list_value, b->list_value);
	case GRAPHD__VALUE__KIND_TEMPORAL_VALUE: {
		const Graphd__Temporal *x = a->temporal_value,
				       *y = b->temporal_value;

		return x->kind == y->kind && x->a == y->a && x->b == y->b &&
		       x->c == y->c && x->d == y->d &&
		       !strcmp(x->zone ? x->zone : "", y->zone ? y->zone : "");
	}
	default:
		return false;
	}
}

/* Pack and unpack: the copy is allocated piece by piece exactly as an
 * unpacked message is, so the usual free_unpacked releases it. */
Graphd__Value *graph_value_dup(const Graphd__Value *v)
{
	size_t len = graphd__value__get_packed_size(v);
	Graphd__Value *copy;
	uint8_t *buf;

	if (!(buf = malloc(len ? len : 1)))
		return NULL;
	graphd__value__pack(v, buf);
	copy = graphd__value__unpack(NULL, len, buf);
	free(buf);
	return copy;
}

static size_t props_index(Graphd__Property *const *props, size_t n,
			  const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(props[i]->key, key))
			return i;
	return n;
}

const Graphd__Value *graph_props_find(Graphd__Property *const *props, size_t n,
				      const char *key)
{
	size_t i = props_index(props, n, key);

	return i < n ? props[i]->value : NULL;
}

bool graph_props_remove(Graphd__Property ***props, size_t *n, const char *key)
{
	size_t i = props_index(*props, *n, key);

	if (i == *n)
		return false;
	graphd__property__free_unpacked((*props)[i], NULL);
	memmove(*props + i, *props + i + 1, (*n - i - 1) * sizeof(**props));
	(*n)--;
	return true;
}

static Graphd__Property *prop_new(const char *key, const Graphd__Value *v)
{
	Graphd__Property *p = malloc(sizeof(*p));

	if (!p)
		return NULL;
	graphd__property__init(p);
	p->key = strdup(key);
	p->value = graph_value_dup(v);
	if (!p->key || !p->value) {
		graphd__property__free_unpacked(p, NULL);
		return NULL;
	}
	return p;
}

int graph_props_set(Graphd__Property ***props, size_t *n, const char *key,
		    const Graphd__Value *v)
{
	size_t i = props_index(*props, *n, key);
	Graphd__Property *p, **grown;

	if (graph_value_is_null(v)) {
		graph_props_remove(props, n, key);
		return 0;
	}
	if (!(p = prop_new(key, v)))
		return -1;
	if (i < *n) {
		graphd__property__free_unpacked((*props)[i], NULL);
		(*props)[i] = p;
		return 0;
	}
	if (!(grown = realloc(*props, (*n + 1) * sizeof(*grown)))) {
		graphd__property__free_unpacked(p, NULL);
		return -1;
	}
	grown[(*n)++] = p;
	*props = grown;
	return 0;
}

bool graph_labels_has(char *const *labels, size_t n, const char *label)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(labels[i], label))
			return true;
	return false;
}

int graph_labels_add(char ***labels, size_t *n, const char *label, bool *added)
{
	char *copy, **grown;

	*added = false;
	if (graph_labels_has(*labels, *n, label))
		return 0;
	if (!(copy = strdup(label)))
		return -1;
	if (!(grown = realloc(*labels, (*n + 1) * sizeof(*grown)))) {
		free(copy);
		return -1;
	}
	grown[(*n)++] = copy;
	*labels = grown;
	*added = true;
	return 0;
}

bool graph_labels_remove(char ***labels, size_t *n, const char *label)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (!strcmp((*labels)[i], label)) {
			free((*labels)[i]);
			memmove(*labels + i, *labels + i + 1,
				(*n - i - 1) * sizeof(**labels));
			(*n)--;
			return true;
		}
	}
	return false;
}
