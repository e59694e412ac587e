# METADATA
# title: 统一的发现项构造 / the one finding builder
# description: |
#   每条规则都用本库构造发现项（如 Regal 的 result.fail），发现项的格式只在这里改。
#   规则编号取自规则包 METADATA 的 custom.id；条文、标题、严重程度、评价维度由评价程序按编号
#   从 `opa inspect -a` 的规则目录中补入，规则本身不重复书写。
package lib.finding

# rule_id is the custom.id of the nearest annotation in the metadata chain that carries one.
rule_id(chain) := [id |
	some link in chain
	id := link.annotations.custom.id
][0]

# prohibited_act(chain) is the rule id of the prohibition a deadline rule's lateness also is (custom.prohibited_act
# in the rule's METADATA, e.g. A62.8): the grounds of that prohibition are read from METADATA, not kept by hand.
prohibited_act(chain) := [a |
	some link in chain
	a := link.annotations.custom.prohibited_act
][0]

# acts(chain): the acts an item of several lists, each by the kind a record says it with, kind → the act in the
# Measures' words without 不得 (custom.acts_zh in the rule's METADATA, [{kind, act_zh}], e.g. A63.1): the rule reads the kinds it
# finds from here and says which act it found (act); the item's whole act stays custom.act_zh (decision 0039).
acts(chain) := {a.kind: a.act_zh | some a in listed} if listed := _acts(chain)

# custom.acts_zh is a list (kind, act_zh) in the item's order: the order readers see them in
_acts(chain) := [a |
	some link in chain
	a := link.annotations.custom.acts_zh
][0]

# act(f, acts, kind): finding f with the one act of its item it found ("act_zh"): the public summary says that
# act, not every act the item lists. A kind the item does not list leaves f as it is (the item's act is said).
act(f, acts, kind) := object.union(f, {"act_zh": acts[kind]}) if acts[kind]

else := f

# keyed(f): the finding with its one identity, "key" — rule, department, period, record and variant joined by
# "|" (a record id never holds "|") — and its "variant". The entry point (main) keys every finding once, after
# the rule built it (so fail_against's department is the one keyed). Waivers (lib.waiver), notices, the
# assessment, the dashboard and the store use the key and nothing else: an Art. 68 waiver covers one finding.
keyed(f) := object.union(object.remove(f, ["aspect"]), {
	"key": sprintf("%s|%s|%v|%s|%s", [f.rule_id, f.dept, object.get(input, "period", ""), f.subject, v]),
	"variant": v,
}) if {
	v := variant(f.pointer, object.get(f, "aspect", ""))
}

# variant tells apart the things one rule finds on one record: the shape of the evidence pointer with its
# array indexes left out (stable when the records are reordered: "/catalog/*/aggregation",
# "/department/data_unit"), and the finding's "aspect" after "#" when one rule finds two things at the same
# place (an A45 refusal without reasons that was also late: "/open_catalog_corrections/*#reasons").
variant(pointer, aspect) := _shape(pointer) if aspect == ""

else := sprintf("%s#%s", [_shape(pointer), aspect])

_shape(pointer) := regex.replace(pointer, `/[0-9]+\b`, "/*")

# aspect(f, name): finding f as the second thing its rule finds at the same place of the same record (see variant)
aspect(f, name) := object.union(f, {"aspect": name})

# fail builds a finding against a department snapshot record.
#   d        the department (an element of input.departments)
#   subject  the record id the finding points at
#   pointer  JSON pointer of the record inside the department snapshot
#   values   the evidence values (an object)
#   message  the Chinese message specific to this finding
fail(chain, d, subject, pointer, values, message) := {
	"rule_id": rule_id(chain),
	"dept": d.department.code,
	"source": "department",
	"subject": subject,
	"pointer": pointer,
	"values": values,
	"message_zh": message,
}

# fail_against builds a finding against department `against` whose evidence is a record of department
# snapshot `d` (e.g. the authority's over-broad authorisation, recorded on the requester's share request).
fail_against(chain, d, against, subject, pointer, values, message) := object.union(
	fail(chain, d, subject, pointer, values, message),
	{"dept": against, "evidence_dept": d.department.code},
)

# fail_platform builds a finding whose evidence is in the county platform snapshot
# (the authority's own records, or a county-wide register), against department `dept`.
fail_platform(chain, dept, subject, pointer, values, message) := {
	"rule_id": rule_id(chain),
	"dept": dept,
	"source": "platform",
	"subject": subject,
	"pointer": pointer,
	"values": values,
	"message_zh": message,
}

# record_only(f, reason): the finding stays visible as a record, but the department is not the one who
# acted (e.g. the victim of an outside attack, Art. 63): a warning that never deducts, vetoes, bears on
# funding, enters a rectification notice or is published as the department's act. The overrides travel
# with the finding, so no consumer decides this again.
record_only(f, reason) := object.union(f, {
	"severity": "warning",
	"record_only": true,
	"record_reason_zh": reason,
	"rectification_ground": null,
	"bears_on_funding": false,
})

# missing reports a fact the rule needs and the snapshot does not carry: an error, never compliance.
missing(chain, dept, source, pointer, what) := {
	"rule_id": rule_id(chain),
	"dept": dept,
	"source": source,
	"pointer": pointer,
	"message_zh": sprintf("缺少规则所需事实：%s / missing fact needed by the rule", [what]),
}

# named(f, words): finding f with the words that name the data items and resources its evidence values
# give by code ({code: words}, built by lib.words.named_*): every reader of the evidence (a notice's 附件)
# says a code as the rule said it, from this one place (decision 0033). The key does not change (keyed).
named(f, words) := object.union(f, {"named": words})
