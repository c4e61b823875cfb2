/* test_http_json.c: JSON values of the HTTP transactional endpoint: every
 * JSON type becomes the right parameter value, result values come out in
 * Neo4j's row/meta shapes, and hostile input (deep nesting, bytes that are
 * not UTF-8, NaN) is refused or made safe instead of crashing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "http/json.h"
#include "cu_run.h"

static Graphd__Value *from_text(const char *text, char *why, size_t len)
{
	json_error_t e;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &e);
	Graphd__Value *v;

	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	v = http_json_to_value(j, why, len);
	json_decref(j);
	return v;
}

static void test_every_json_type_becomes_a_parameter_value(void)
{
	char why[128];
	Graphd__Value *v =
	    from_text("[null, true, -7, 2.5, \"s\", [1], {\"k\": \"v\"}]", why,
		      sizeof(why));
	Graphd__ValueList *l;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL_FATAL(v->kind_case, GRAPHD__VALUE__KIND_LIST_VALUE);
	l = v->list_value;
	CU_ASSERT_EQUAL_FATAL(l->n_items, 7);
	CU_ASSERT_EQUAL(l->items[0]->kind_case, GRAPHD__VALUE__KIND__NOT_SET);
	CU_ASSERT(l->items[1]->bool_value);
	CU_ASSERT_EQUAL(l->items[2]->int_value, -7);
	CU_ASSERT_DOUBLE_EQUAL(l->items[3]->float_value, 2.5, 0);
	CU_ASSERT_STRING_EQUAL(l->items[4]->string_value, "s");
	CU_ASSERT_EQUAL(l->items[5]->list_value->items[0]->int_value, 1);
	CU_ASSERT_STRING_EQUAL(l->items[6]->map_value->entries[0]->key, "k");
	graphd__value__free_unpacked(v, NULL);
}

static void test_deep_nesting_is_refused_with_a_reason(void)
{
	char text[400], why[128] = "";
	Graphd__Value *v;
	int i;

	for (i = 0; i < 100; i++)
		text[i] = '[', text[100 + i] = ']';
	text[200] = '\0';
	v = from_text(text, why, sizeof(why));
	CU_ASSERT_PTR_NULL(v);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "deeper"));
	/* Just under the limit is fine. */
	for (i = 0; i < 60; i++)
		text[i] = '[', text[60 + i] = ']';
	text[120] = '\0';
	v = from_text(text, why, sizeof(why));
	CU_ASSERT_PTR_NOT_NULL(v);
	graphd__value__free_unpacked(v, NULL);
}

static void test_bytes_that_are_not_utf8_become_replacement_chars(void)
{
	json_t *j = http_json_string("a\xff" "b\xc3");
	json_t *ok = http_json_string("caf\xc3\xa9");

	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_STRING_EQUAL(json_string_value(j),
			       "a\xef\xbf\xbd" "b\xef\xbf\xbd");
	CU_ASSERT_STRING_EQUAL(json_string_value(ok), "caf\xc3\xa9");
	json_decref(j);
	json_decref(ok);
}

static void test_a_node_is_its_properties_with_meta(void)
{
	Graphd__Value v = GRAPHD__VALUE__INIT, pv = GRAPHD__VALUE__INIT;
	Graphd__Node n = GRAPHD__NODE__INIT;
	Graphd__Property p = GRAPHD__PROPERTY__INIT, *pp = &p;
	json_t *meta, *j;

	pv.kind_case = GRAPHD__VALUE__KIND_INT_VALUE;
	pv.int_value = 3;
	p.key = "age";
	p.value = &pv;
	n.id = 12;
	n.n_props = 1;
	n.props = &pp;
	v.kind_case = GRAPHD__VALUE__KIND_NODE_VALUE;
	v.node_value = &n;
	j = http_value_to_json(&v, &meta);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(j, "age")), 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(meta);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(meta, "id")), 12);
	CU_ASSERT_STRING_EQUAL(
	    json_string_value(json_object_get(meta, "type")), "node");
	json_decref(j);
	json_decref(meta);
}

static void test_nan_and_infinity_are_strings(void)
{
	Graphd__Value v = GRAPHD__VALUE__INIT;
	json_t *meta, *j;

	v.kind_case = GRAPHD__VALUE__KIND_FLOAT_VALUE;
	v.float_value = NAN;
	j = http_value_to_json(&v, &meta);
	CU_ASSERT_STRING_EQUAL(json_string_value(j), "NaN");
	CU_ASSERT_PTR_NULL(meta);
	json_decref(j);
	v.float_value = -INFINITY;
	j = http_value_to_json(&v, &meta);
	CU_ASSERT_STRING_EQUAL(json_string_value(j), "-Infinity");
	json_decref(j);
}

/* Neo4j's HTTP API writes temporal values as their ISO 8601 text. */
static void test_temporal_values_are_iso_strings(void)
{
	Graphd__Value v = GRAPHD__VALUE__INIT;
	Graphd__Temporal t = GRAPHD__TEMPORAL__INIT;
	json_t *meta, *j;

	v.kind_case = GRAPHD__VALUE__KIND_TEMPORAL_VALUE;
	v.temporal_value = &t;
	t.kind = GRAPHD__TEMPORAL__KIND__DATETIME;
	t.a = 5397;				    /* 1984-10-11 */
	t.b = 45074645000000LL;			    /* 12:31:14.645 */
	t.c = 3600;				    /* +01:00 */
	t.zone = (char *)"Europe/Stockholm";
	j = http_value_to_json(&v, &meta);
	CU_ASSERT_STRING_EQUAL(json_string_value(j),
			       "1984-10-11T12:31:14.645+01:00[Europe/Stockholm]");
	CU_ASSERT_PTR_NULL(meta);
	json_decref(j);
	t.kind = GRAPHD__TEMPORAL__KIND__DURATION;
	t.a = 14;
	t.b = 16;
	t.c = -1;
	t.d = 999000000;
	j = http_value_to_json(&v, &meta);
	CU_ASSERT_STRING_EQUAL(json_string_value(j), "P1Y2M16DT-0.001S");
	json_decref(j);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("http_json", NULL, NULL);
	CU_add_test(s, "every JSON type becomes a parameter value",
		    test_every_json_type_becomes_a_parameter_value);
	CU_add_test(s, "deep nesting is refused with a reason",
		    test_deep_nesting_is_refused_with_a_reason);
	CU_add_test(s, "bytes that are not UTF-8 become U+FFFD",
		    test_bytes_that_are_not_utf8_become_replacement_chars);
	CU_add_test(s, "a node is its properties, with meta",
		    test_a_node_is_its_properties_with_meta);
	CU_add_test(s, "NaN and infinities are strings",
		    test_nan_and_infinity_are_strings);
	CU_add_test(s, "temporal values are ISO strings",
		    test_temporal_values_are_iso_strings);
	return cu_run();
}
