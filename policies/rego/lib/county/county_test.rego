package lib.county_test

import data.lib.county

_plat := {"authority": "AUTH", "shared_items": [{"item_code": "DE1", "item_name": "x", "provider": "PSB"}]}

_doc(sha) := {"sha256": sha, "platform": _plat, "department_names": {"PSB": "县公安局", "D1": "县统计局"}}

test_pass_platform_from_input_first if {
	p := county.platform with input as {"platform": {"authority": "IN"}, "county_data": "h1"}
		with data.county_data as {"h1": _doc("h1")}
	p == {"authority": "IN"}
}

test_pass_platform_from_data_by_hash if {
	p := county.platform with input as {"county_data": "h1"} with data.county_data as {"h1": _doc("h1")}
	p == _plat
	county.providers.DE1 == {"PSB"} with input as {"county_data": "h1"} with data.county_data as {"h1": _doc("h1")}
}

test_pass_names_from_data if {
	n := county.names with input as {"county_data": "h1", "departments": [{"department": {"code": "D1"}}]}
		with data.county_data as {"h1": _doc("h1")}
	n == {"PSB": "县公安局", "D1": "县统计局"}
}

test_fail_platform_undefined_when_hash_not_loaded if {
	not county.platform with input as {"county_data": "h2"} with data.county_data as {"h1": _doc("h1")}
}

test_fail_platform_undefined_when_stored_hash_differs if {
	not county.platform with input as {"county_data": "h1"} with data.county_data as {"h1": _doc("h0")}
}

test_fail_platform_undefined_without_input_or_hash if {
	not county.platform with input as {"departments": []} with data.county_data as {"h1": _doc("h1")}
}

test_pass_names_from_input_departments_without_data if {
	n := county.names with input as {"platform": _plat, "departments": [{"department": {"code": "D1", "name": "统计"}}]}
	n == {"D1": "统计"}
}

test_pass_platform_records_checked_in_one_partition_only if {
	county.platform_to_check == _plat with input as {"platform": _plat}
	not county.platform_to_check with input as {"platform": _plat, "platform_checked_elsewhere": true}
	county.platform == _plat with input as {"platform": _plat, "platform_checked_elsewhere": true}
}

test_pass_index_from_data_when_stored_with_the_hash if {
	stored := object.union(_doc("h1"), {"index": {"sha256": "h1", "providers": {"DE9": ["X"]}, "registered": {}, "service_items": {}}})
	county.providers.DE9 == {"X"} with input as {"county_data": "h1"} with data.county_data as {"h1": stored}
	not county.providers.DE1 with input as {"county_data": "h1"} with data.county_data as {"h1": stored}
}

test_pass_index_built_when_stored_index_names_another_hash if {
	stored := object.union(_doc("h1"), {"index": {"sha256": "h0", "providers": {"DE9": ["X"]}, "registered": {}, "service_items": {}}})
	county.providers.DE1 == {"PSB"} with input as {"county_data": "h1"} with data.county_data as {"h1": stored}
}

# names by code (decision 0026): from the platform's facts, in the input or in OPA's data
_facts := {"item_names": {"DE0004": "婚姻状况"}, "resources": {"411325-MZ-001": {"name": "婚姻登记信息", "dept": "MZ"}}}

test_pass_item_and_resource_names_from_input_platform if {
	inp := {"platform": object.union(_plat, {"facts": _facts})}
	county.item_name("DE0004") == "婚姻状况" with input as inp
	county.resource("411325-MZ-001") == {"name": "婚姻登记信息", "dept": "MZ"} with input as inp
}

test_pass_item_and_resource_names_from_loaded_data if {
	doc := object.union(_doc("h1"), {"platform": {"facts": _facts}, "index": {"sha256": "h1"}})
	county.item_name("DE0004") == "婚姻状况" with input as {"county_data": "h1"} with data.county_data as {"h1": doc}
	county.resource("411325-MZ-001").name == "婚姻登记信息" with input as {"county_data": "h1"} with data.county_data as {"h1": doc}
}

test_fail_item_name_undefined_for_a_code_the_register_lacks if {
	inp := {"platform": object.union(_plat, {"facts": _facts})}
	not county.item_name("DE0300") with input as inp
	not county.resource("411325-MZ-009") with input as inp
	not county.item_name("DE0004") with input as {"platform": _plat}
}
