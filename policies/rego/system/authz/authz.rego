# METADATA
# title: OPA 服务访问控制 / OPA server authorization
# description: |
#   OPA 以 --authentication=token --authorization=basic 启动时使用的系统授权策略。
#   只受理携带本次评价随机令牌的请求：OPA 进程的环境中只有该令牌的 SHA-256
#   （GOVSHARE_OPA_TOKEN_SHA256，由评价程序生成；策略经 opa.runtime() 读不到令牌本身，也读不到任何其他环境变量）。
#   未设置时拒绝一切请求。即便持有令牌，也只能查询决策、读写评价用的县级数据（data.county_data），
#   不能改写规则（/v1/policies 一律拒绝）或改写策略包中的数据。
package system.authz

default allow := false

allow if {
	token_ok
	permitted
}

token_ok if {
	want := opa.runtime().env.GOVSHARE_OPA_TOKEN_SHA256
	want != ""
	is_string(input.identity)
	crypto.sha256(input.identity) == want
}

# GET /health (readiness), GET /v1/data/system/bundles (the loaded revision)
permitted if {
	input.method == "GET"
	input.path == ["health"]
}

# a decision: POST /v1/data/<path>
permitted if {
	input.method == "POST"
	input.path[0] == "v1"
	input.path[1] == "data"
}

permitted if {
	input.method == "GET"
	input.path[0] == "v1"
	input.path[1] == "data"
	readable(array.slice(input.path, 2, count(input.path)))
}

# the county data the evaluator puts beside the bundle (Data API), and nothing else
permitted if {
	input.method in {"PUT", "DELETE"}
	input.path[0] == "v1"
	input.path[1] == "data"
	input.path[2] == "county_data"
	count(input.path) > 3
}

readable(rest) if rest == ["system", "bundles"]

readable(rest) if {
	rest[0] == "county_data"
	count(rest) > 1
}
