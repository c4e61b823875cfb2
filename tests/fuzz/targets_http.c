/* targets_http.c: the fuzz target of the HTTP port's JSON parameters (the
 * Neo4j transactional endpoint); see targets.h. */
#include "targets.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "http/json.h"

/* One parameter value: converted as tx.c converts it; what converts must
 * pack and decode (it travels in a Request), and convert back to the same
 * JSON. cmp: false when the input may hold "\u0000", which a protobuf
 * string (NUL-terminated) cannot carry: the value is cut there. */
static int fuzz_json_param(const json_t *j, bool cmp)
{
	Graphd__Value *v;
	json_t *back, *meta = NULL;
	char why[256] = "";
	int ret = 0;

	if (!(v = http_json_to_value(j, why, sizeof(why)))) {
		if (why[0])
			return 0;
		fprintf(stderr, "fuzz check failed: a JSON parameter was "
				"refused without a reason\n");
		return -1;
	}
	if (fuzz_roundtrip(&v->base) < 0)
		ret = -1;
	else if (!(back = http_value_to_json(v, &meta))) {
		fprintf(stderr, "fuzz: out of memory converting a value\n");
		ret = -1;
	} else {
		if (cmp && !json_equal(back, (json_t *)j)) {
			fprintf(stderr, "fuzz check failed: a JSON parameter "
					"comes back as other JSON\n");
			ret = -1;
		}
		json_decref(back);
		json_decref(meta);
	}
	graphd__value__free_unpacked(v, NULL);
	return ret;
}

/* The parameters of every statement of a transactional request body
 * ({"statements": [{"statement": ..., "parameters": {...}}]}), or the
 * members of any other object. */
static int fuzz_json_object(const json_t *obj, bool cmp)
{
	const char *key;
	json_t *val;

	json_object_foreach((json_t *)obj, key, val)
	{
		if (fuzz_json_param(val, cmp) < 0)
			return -1;
	}
	return 0;
}

static int fuzz_json_params(const json_t *doc, bool cmp)
{
	const json_t *sts = json_object_get(doc, "statements");
	const json_t *st;
	size_t i;

	if (!json_is_array(sts))
		return fuzz_json_object(doc, cmp);
	json_array_foreach(sts, i, st)
	{
		if (fuzz_json_object(json_object_get(st, "parameters"), cmp) <
		    0)
			return -1;
	}
	return 0;
}

int fuzz_json(const uint8_t *data, size_t size)
{
	bool cmp = !memmem(data, size, "\\u0000", 6);
	json_t *doc;
	int ret;

	/* as tx.c loads a request body */
	if (!(doc = json_loadb((const char *)data, size, 0, NULL)))
		return 0;
	ret = json_is_object(doc) ? fuzz_json_params(doc, cmp) : 0;
	if (ret == 0)
		ret = fuzz_json_param(doc, cmp);
	json_decref(doc);
	return ret;
}
