# METADATA
# title: OPA 服务访问控制 / OPA server authorization
# description: |
#   OPA 以 --authentication=token --authorization=basic 启动时使用的系统授权策略。
#   只有携带本次评价随机令牌（环境变量 GOVSHARE_OPA_TOKEN，由评价程序生成并传给 OPA 进程）的请求才被受理；
#   未设置令牌时拒绝一切请求。
package system.authz

default allow := false

allow if {
	token := opa.runtime().env.GOVSHARE_OPA_TOKEN
	token != ""
	input.identity == token
}
