package system.authz_test

import data.system.authz

token := "per-run-token"

runtime := {"env": {"GOVSHARE_OPA_TOKEN_SHA256": crypto.sha256(token)}}

req(method, path) := {"identity": token, "method": method, "path": path}

test_a_decision_with_the_token_is_allowed if {
	authz.allow with input as req("POST", ["v1", "data", "main", "result"]) with opa.runtime as runtime
}

test_county_data_may_be_written_and_read if {
	authz.allow with input as req("PUT", ["v1", "data", "county_data", "abc"]) with opa.runtime as runtime
	authz.allow with input as req("GET", ["v1", "data", "county_data", "abc", "sha256"]) with opa.runtime as runtime
	authz.allow with input as req("DELETE", ["v1", "data", "county_data", "abc"]) with opa.runtime as runtime
	authz.allow with input as req("GET", ["v1", "data", "system", "bundles"]) with opa.runtime as runtime
	authz.allow with input as req("GET", ["health"]) with opa.runtime as runtime
}

test_policies_are_never_written_even_with_the_token if {
	not authz.allow with input as req("PUT", ["v1", "policies", "x"]) with opa.runtime as runtime
	not authz.allow with input as req("DELETE", ["v1", "policies", "system", "authz"]) with opa.runtime as runtime
	not authz.allow with input as req("GET", ["v1", "policies"]) with opa.runtime as runtime
}

test_bundle_data_is_never_written if {
	not authz.allow with input as req("PUT", ["v1", "data", "params"]) with opa.runtime as runtime
	not authz.allow with input as req("PATCH", ["v1", "data", "county_data", "x"]) with opa.runtime as runtime
	not authz.allow with input as req("PUT", ["v1", "data", "county_data"]) with opa.runtime as runtime
	not authz.allow with input as req("PUT", ["v1", "data"]) with opa.runtime as runtime
	not authz.allow with input as req("GET", ["v1", "data", "params"]) with opa.runtime as runtime
}

test_a_wrong_or_missing_token_is_refused if {
	not authz.allow with input as object.union(req("POST", ["v1", "data", "main"]), {"identity": "guess"})
		with opa.runtime as runtime
	not authz.allow with input as object.remove(req("POST", ["v1", "data", "main"]), ["identity"])
		with opa.runtime as runtime
	not authz.allow with input as req("POST", ["v1", "data", "main"]) with opa.runtime as {"env": {}}
}
