/* json.c: graph values to and from JSON (jansson). */
#include "http/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "graph/cypher_temporal_text.h"

/* Values nest at most this deep in a parameter (jansson's parser allows
 * 2048; our query values need far less). */
#define HTTP_JSON_MAX_DEPTH 64

static Graphd__Value *json_value_new(void)
{
	Graphd__Value *v = malloc(sizeof(*v));

	if (v)
		graphd__value__init(v);
	return v;
}

static Graphd__Value *json_to_value_depth(const json_t *j, int depth,
					  char *why, size_t whylen);

static Graphd__ValueList *json_to_list(const json_t *j, int depth, char *why,
				       size_t whylen)
{
	Graphd__ValueList *l = malloc(sizeof(*l));
	size_t i, n = json_array_size(j);

	if (!l)
		return NULL;
	graphd__value_list__init(l);
	if (n && !(l->items = calloc(n, sizeof(*l->items)))) {
		free(l);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		l->items[i] = json_to_value_depth(json_array_get(j, i),
						  depth + 1, why, whylen);
		if (!l->items[i]) {
			graphd__value_list__free_unpacked(l, NULL);
			return NULL;
		}
		l->n_items = i + 1;
	}
	return l;
}

static Graphd__ValueMap *json_to_map(const json_t *j, int depth, char *why,
				     size_t whylen)
{
	Graphd__ValueMap *m = malloc(sizeof(*m));
	size_t n = json_object_size(j), i = 0;
	const char *key;
	json_t *val;

	if (!m)
		return NULL;
	graphd__value_map__init(m);
	if (n && !(m->entries = calloc(n, sizeof(*m->entries))))
		goto err;
	json_object_foreach((json_t *)j, key, val)
	{
		Graphd__Property *p = malloc(sizeof(*p));

		if (!p)
			goto err;
		graphd__property__init(p);
		m->entries[i] = p;
		m->n_entries = ++i;
		if (!(p->key = strdup(key)) ||
		    !(p->value =
			  json_to_value_depth(val, depth + 1, why, whylen)))
			goto err;
	}
	return m;
err:
	graphd__value_map__free_unpacked(m, NULL);
	return NULL;
}

static Graphd__Value *json_to_value_depth(const json_t *j, int depth,
					  char *why, size_t whylen)
{
	Graphd__Value *v;

	if (depth > HTTP_JSON_MAX_DEPTH) {
		snprintf(why, whylen,
			 "a parameter nests deeper than %d levels",
			 HTTP_JSON_MAX_DEPTH);
		return NULL;
	}
	if (!(v = json_value_new()))
		goto oom;
	switch (json_typeof(j)) {
	case JSON_NULL:
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		v->kind_case = GRAPHD__VALUE__KIND_BOOL_VALUE;
		v->bool_value = json_is_true(j);
		break;
	case JSON_INTEGER:
		v->kind_case = GRAPHD__VALUE__KIND_INT_VALUE;
		v->int_value = json_integer_value(j);
		break;
	case JSON_REAL:
		v->kind_case = GRAPHD__VALUE__KIND_FLOAT_VALUE;
		v->float_value = json_real_value(j);
		break;
	case JSON_STRING:
		v->kind_case = GRAPHD__VALUE__KIND_STRING_VALUE;
		if (!(v->string_value = strndup(json_string_value(j),
						json_string_length(j))))
			goto oom;
		break;
	case JSON_ARRAY:
		v->kind_case = GRAPHD__VALUE__KIND_LIST_VALUE;
		if (!(v->list_value = json_to_list(j, depth, why, whylen)))
			goto err;
		break;
	case JSON_OBJECT:
		v->kind_case = GRAPHD__VALUE__KIND_MAP_VALUE;
		if (!(v->map_value = json_to_map(j, depth, why, whylen)))
			goto err;
		break;
	}
	return v;
oom:
	snprintf(why, whylen, "out of memory");
err:
	if (v) {
		/* A failed branch left its pointer NULL: free as null. */
		if ((v->kind_case == GRAPHD__VALUE__KIND_LIST_VALUE &&
		     !v->list_value) ||
		    (v->kind_case == GRAPHD__VALUE__KIND_MAP_VALUE &&
		     !v->map_value) ||
		    (v->kind_case == GRAPHD__VALUE__KIND_STRING_VALUE &&
		     !v->string_value))
			v->kind_case = GRAPHD__VALUE__KIND__NOT_SET;
		graphd__value__free_unpacked(v, NULL);
	}
	if (!why[0])
		snprintf(why, whylen, "out of memory");
	return NULL;
}

Graphd__Value *http_json_to_value(const json_t *j, char *why, size_t whylen)
{
	if (whylen)
		why[0] = '\0';
	return json_to_value_depth(j, 0, why, whylen);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t json_utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and beyond U+10FFFF are invalid. */
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

json_t *http_json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, o = 0, l;
	json_t *j = json_string(s);
	char *buf;

	if (j)
		return j;
	/* Not UTF-8: each bad byte becomes U+FFFD (3 bytes). */
	if (!(buf = malloc(n * 3 + 1)))
		return NULL;
	while (i < n) {
		if ((l = json_utf8_len(p + i, n - i)) == 0) {
			memcpy(buf + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(buf + o, p + i, l);
		o += l;
		i += l;
	}
	j = json_stringn(buf, o);
	free(buf);
	return j;
}

static json_t *json_props(Graphd__Property **props, size_t n)
{
	json_t *o = json_object(), *m = NULL;
	size_t i;

	for (i = 0; o && i < n; i++) {
		json_t *v = http_value_to_json(props[i]->value, &m);

		json_decref(m);
		m = NULL;
		if (!v || json_object_set_new(o, props[i]->key, v) < 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

static json_t *json_entity_meta(uint64_t id, const char *type)
{
	return json_pack("{s:I,s:s,s:b}", "id", (json_int_t)id, "type", type,
			 "deleted", 0);
}

/* Appends value and meta to the arrays; steals both. */
static int json_push(json_t *vals, json_t *metas, json_t *v, json_t *m)
{
	int rc = v && json_array_append_new(vals, v) == 0 ? 0 : -1;

	if (rc == 0 && json_array_append_new(metas, m ? m : json_null()) < 0)
		rc = -1;
	else if (rc < 0)
		json_decref(m);
	return rc;
}

static json_t *json_path(const Graphd__Path *p, json_t *metas)
{
	json_t *vals = json_array();
	size_t i;

	for (i = 0; vals && i < p->n_nodes; i++) {
		const Graphd__Node *nd = p->nodes[i];

		if (json_push(vals, metas,
			      json_props(nd->props, nd->n_props),
			      json_entity_meta(nd->id, "node")) < 0)
			goto err;
		if (i >= p->n_rels)
			continue;
		if (json_push(vals, metas,
			      json_props(p->rels[i]->props, p->rels[i]->n_props),
			      json_entity_meta(p->rels[i]->id,
					       "relationship")) < 0)
			goto err;
	}
	return vals;
err:
	json_decref(vals);
	return NULL;
}

static json_t *json_list(const Graphd__ValueList *l, json_t *metas)
{
	json_t *vals = json_array(), *m = NULL;
	size_t i;

	for (i = 0; vals && l && i < l->n_items; i++) {
		json_t *v = http_value_to_json(l->items[i], &m);

		if (json_push(vals, metas, v, m) < 0) {
			json_decref(vals);
			return NULL;
		}
		m = NULL;
	}
	return vals;
}

static json_t *json_float(double d)
{
	/* JSON has no NaN or infinities: Neo4j writes them as strings. */
	if (isnan(d))
		return json_string("NaN");
	if (isinf(d))
		return json_string(d > 0 ? "Infinity" : "-Infinity");
	return json_real(d);
}

/* Neo4j's HTTP API writes temporal values as their ISO 8601 text. */
static json_t *json_temporal(const Graphd__Temporal *t)
{
	char text[CVT_TEXT_MAX];
	int64_t f[4];

	if (!t)
		return json_null();
	f[0] = t->a;
	f[1] = t->b;
	f[2] = t->c;
	f[3] = t->d;
	cvt_text((int)t->kind, f, t->zone, text);
	return http_json_string(text);
}

json_t *http_value_to_json(const Graphd__Value *v, json_t **meta)
{
	json_t *j = NULL, *metas;

	*meta = NULL;
	if (!v || (v->kind_case == GRAPHD__VALUE__KIND_MAP_VALUE &&
		   !v->map_value) ||
	    (v->kind_case == GRAPHD__VALUE__KIND_NODE_VALUE &&
	     !v->node_value) ||
	    (v->kind_case == GRAPHD__VALUE__KIND_REL_VALUE && !v->rel_value) ||
	    (v->kind_case == GRAPHD__VALUE__KIND_PATH_VALUE && !v->path_value))
		return json_null();
	switch (v->kind_case) {
	case GRAPHD__VALUE__KIND_BOOL_VALUE:
		return json_boolean(v->bool_value);
	case GRAPHD__VALUE__KIND_INT_VALUE:
		return json_integer(v->int_value);
	case GRAPHD__VALUE__KIND_FLOAT_VALUE:
		return json_float(v->float_value);
	case GRAPHD__VALUE__KIND_STRING_VALUE:
		return http_json_string(v->string_value);
	case GRAPHD__VALUE__KIND_MAP_VALUE:
		return json_props(v->map_value->entries,
				  v->map_value->n_entries);
	case GRAPHD__VALUE__KIND_NODE_VALUE:
		*meta = json_entity_meta(v->node_value->id, "node");
		return json_props(v->node_value->props,
				  v->node_value->n_props);
	case GRAPHD__VALUE__KIND_REL_VALUE:
		*meta = json_entity_meta(v->rel_value->id, "relationship");
		return json_props(v->rel_value->props, v->rel_value->n_props);
	case GRAPHD__VALUE__KIND_LIST_VALUE:
	case GRAPHD__VALUE__KIND_PATH_VALUE:
		if (!(metas = json_array()))
			return NULL;
		j = v->kind_case == GRAPHD__VALUE__KIND_PATH_VALUE
			? json_path(v->path_value, metas)
			: json_list(v->list_value, metas);
		if (!j) {
			json_decref(metas);
			return NULL;
		}
		*meta = metas;
		return j;
	case GRAPHD__VALUE__KIND_TEMPORAL_VALUE:
		return json_temporal(v->temporal_value);
	default:
		return json_null();
	}
}
