"""The department snapshot: what one department (or a body following the Measures by reference, Art. 71)
did in one assessment period — organisation, catalog, systems, collection, sharing, use, quality, security,
reports and projects."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from evaluator.model.base import (
    ItemCode,
    Model,
    Record,
    RecordId,
    ResourceCode,
    ShortText,
    Text,
    Uscc,
)
from evaluator.model.enums import (
    ActorType,
    AggregationAnswer,
    AggregationMode,
    AggregationStatus,
    ApproverRole,
    BaseDatabase,
    BasisRank,
    ChangeTrigger,
    Channel,
    CollectionMethod,
    Decision,
    IdentifierType,
    Network,
    NetworkStatus,
    OpenAttribute,
    OrgKind,
    OwnPlatformKind,
    OwnPlatformStatus,
    ProjectStage,
    QualityDecision,
    ReleaseKind,
    ReportKind,
    SecurityDocumentKind,
    SecurityEventKind,
    Sensitivity,
    ShareAttribute,
    SharingMethod,
    SubjectType,
    UpdateCycle,
)

# ---------------------------------------------------------------------------------------------
# Organisation (Art. 3, 6, 7, 71)


class Staff(Record):
    name: ShortText = Field(description="姓名 / name")
    position: ShortText = Field(description="职务 / position")
    full_time: bool = Field(description="是否专职 / full-time on data management")


class Duty(Record):
    name: Text = Field(description="法定职责（三定方案、权责清单） / statutory duty")


class Organisation(Model):
    code: Uscc
    name: ShortText = Field(description="单位名称 / name")
    kind: OrgKind = Field(description="单位类型 / kind of body")
    reference_category: ShortText | None = Field(
        default=None,
        description="参照执行单位的类别（第七十一条，如 供水、供电） / Art. 71 category when kind is 参照执行单位",
    )
    head: ShortText = Field(description="主要负责人 / head of the department")
    head_is_first_responsible: bool | None = Field(
        default=None,
        description="主要负责人是否明确为第一责任人（第七条） / head named first responsible person",
    )
    head_first_responsible_since: dt.date | None = Field(
        default=None,
        description="明确主要负责人为第一责任人之日（第七条；未知为空） / date the head was made first responsible",
    )
    data_unit: ShortText | None = Field(default=None, description="政务数据管理专职机构 / dedicated unit")
    data_staff: list[Staff] = Field(default_factory=list, description="政务数据管理人员 / data staff")
    duties: list[Duty] = Field(default_factory=list, description="法定职责清单 / statutory duties")

    @model_validator(mode="after")
    def _reference_category(self) -> Organisation:
        if self.kind == OrgKind.BY_REFERENCE and not self.reference_category:
            raise ValueError(
                "参照执行单位须填写类别 reference_category（第七十一条）/ "
                "a body following by reference needs reference_category (Art. 71)"
            )
        return self


# ---------------------------------------------------------------------------------------------
# Catalog (Art. 13, 16-17, 29, 36-37, 43-44, 72)


class LegalBasis(Model):
    rank: BasisRank = Field(description="依据位阶 / rank of the basis")
    title: ShortText = Field(description="依据名称 / title")
    article: ShortText | None = Field(default=None, description="条款 / article cited")


class DataItem(Model):
    code: ItemCode
    name: ShortText = Field(description="信息项名称 / item name")
    basic: bool = Field(default=False, description="是否基础信息项（第三十七条第（二）项） / basic item")


class Interface(Record):
    name: ShortText = Field(description="接口名称 / interface name")
    published: bool = Field(description="已在市共享平台发布 / published on the platform")
    spec_provided: bool = Field(description="已提供接口规范 / interface specification provided")
    instructions_provided: bool = Field(description="已提供调用说明 / calling instructions provided")
    published_on: dt.date | None = Field(
        default=None, description="在市共享平台发布之日（第十三条；未知为空） / date published"
    )
    published_by: ShortText | None = Field(default=None, description="发布人或发布单位 / published by")


class AggregationRequest(Model):
    """数据主管部门要求汇聚与部门的答复（第十三条、第六十二条第（二）项）。"""

    requested: dt.date | None = Field(default=None, description="数据主管部门要求汇聚之日 / date requested")
    answer: AggregationAnswer = Field(description="部门的答复 / the department's answer")
    answered: dt.date | None = Field(default=None, description="答复之日 / date answered")


class Aggregation(Model):
    status: AggregationStatus = Field(description="汇聚状态 / aggregation status")
    authority_request: AggregationRequest | None = Field(
        default=None,
        description="汇聚要求与答复（数据主管部门要求汇聚及部门的答复，拒绝、推诿、妨碍据此认定） / "
        "the authority's request to aggregate and the department's answer",
    )
    mode: AggregationMode | None = Field(default=None, description="汇聚方式 / real time or not")
    filed_with_authority: bool = Field(
        default=False, description="非实时汇聚已报数据主管部门备案（第二十九条） / non-real-time filed"
    )
    filed_on: dt.date | None = Field(
        default=None, description="备案日期（第二十九条；未知为空） / date filed"
    )
    filed_cycle: UpdateCycle | None = Field(
        default=None, description="备案的汇聚周期（第二十九条） / aggregation cycle filed"
    )
    no_aggregation_bases: list[LegalBasis] = Field(
        default_factory=list,
        description="不能汇聚的证据材料（第十三条） / evidence that aggregation is barred",
    )
    interface_offered: bool = Field(
        default=False, description="未汇聚数据已以服务接口方式提供 / offered as a service interface"
    )


class CatalogEntry(Record):
    code: ResourceCode
    name: ShortText = Field(description="资源名称 / resource name")
    items: list[DataItem] = Field(default_factory=list, description="信息项 / information items")
    format: ShortText | None = Field(default=None, description="数据格式 / format")
    share_attribute: ShareAttribute | None = Field(default=None, description="共享属性 / share attribute")
    open_attribute: OpenAttribute | None = Field(default=None, description="开放属性 / open attribute")
    sharing_method: SharingMethod | None = Field(default=None, description="共享方式 / sharing method")
    update_cycle: UpdateCycle | None = Field(default=None, description="更新周期 / update cycle")
    share_bases: list[LegalBasis] = Field(default_factory=list, description="共享限制依据 / bases")
    open_bases: list[LegalBasis] = Field(default_factory=list, description="开放限制依据 / bases")
    involves_state_secret: bool = Field(
        default=False, description="涉及国家秘密（第二条第二款：不适用本办法） / involves state secrets"
    )
    sensitivity: list[Sensitivity] = Field(default_factory=list, description="敏感类别 / sensitivity")
    desensitised: bool = Field(default=False, description="已脱敏处理 / desensitised")
    base_database: BaseDatabase | None = Field(default=None, description="所属基础数据库 / base database")
    system_id: RecordId | None = Field(default=None, description="产生该资源的信息系统 / producing system")
    aggregation: Aggregation | None = Field(default=None, description="汇聚情况 / aggregation")
    interfaces: list[Interface] = Field(default_factory=list, description="服务接口 / interfaces")
    last_refreshed: dt.date | None = Field(default=None, description="最近一次挂载更新 / last refresh")
    outside_public_service: Text | None = Field(
        default=None,
        description="不属依法履行公共管理和服务职责过程中采集和产生的数据的理由（第七十一条，仅参照执行单位） / "
        "why the resource is outside public-service data (Art. 71 bodies only)",
    )


# ---------------------------------------------------------------------------------------------
# Systems, networks and own platforms (Art. 8, 29, 32, 35, 42)


class InfoSystem(Record):
    name: ShortText = Field(description="系统名称 / system name")
    self_built: bool = Field(description="自建系统 / built by the department")
    classified: bool = Field(default=False, description="涉密系统 / classified")
    in_use: bool = Field(default=True, description="在用 / in use")
    connected_to_platform: bool = Field(description="已接入市共享平台 / connected to the city platform")
    network: Network = Field(description="承载网络 / network")
    resource_codes: list[ResourceCode] = Field(default_factory=list, description="产生的数据资源 / resources")
    outside_public_service: Text | None = Field(
        default=None,
        description="不属依法履行公共管理和服务职责的系统的理由（第七十一条，仅参照执行单位） / "
        "why the system is outside public service (Art. 71 bodies only)",
    )


class BusinessNetwork(Record):
    name: ShortText = Field(description="专网名称 / network name")
    established: dt.date = Field(description="建成日期 / date built")
    status: NetworkStatus = Field(description="专网现状 / status")
    national_exception: LegalBasis | None = Field(
        default=None, description="国家另有规定的依据（第三十二条） / national rule allowing it"
    )


class OwnPlatform(Record):
    name: ShortText = Field(description="平台名称 / platform name")
    kind: OwnPlatformKind = Field(description="平台类型 / kind")
    status: OwnPlatformStatus = Field(description="平台现状 / status")


# ---------------------------------------------------------------------------------------------
# Collection (Art. 24-26)


class Collection(Record):
    item_code: ItemCode
    item_name: ShortText = Field(description="数据项名称 / item name")
    subject_type: SubjectType = Field(description="采集对象 / subject")
    identifier_type: IdentifierType = Field(description="采集标识 / identifier")
    method: CollectionMethod = Field(description="采集方式 / collected by itself or obtained by sharing")
    legal_exception: LegalBasis | None = Field(
        default=None, description="法律法规另有规定的依据 / legal exception allowing own collection"
    )
    identifier_samples: list[Annotated[str, StringConstraints(max_length=64)]] = Field(
        default_factory=list, max_length=1000, description="标识样本（抽检） / sample identifiers"
    )


# ---------------------------------------------------------------------------------------------
# Sharing and use (Art. 12, 14, 38, 62)


class ShareRequest(Record):
    provider: Uscc = Field(description="数据提供部门 / providing department")
    resource_code: ResourceCode = Field(description="政务数据资源代码 / resource code")
    scenario: ShortText = Field(description="应用场景 / application scenario")
    duty_id: RecordId | None = Field(default=None, description="所依据的本部门职责 / duty served")
    via_platform: bool = Field(description="通过市共享平台申请 / applied through the city platform")
    method: SharingMethod = Field(description="共享方式 / sharing method")
    bulk_justification: Text | None = Field(
        default=None, description="采用批量交换的理由 / why interfaces cannot meet the need"
    )
    needed_items: list[ItemCode] = Field(default_factory=list, description="场景所需信息项 / items needed")
    requested_items: list[ItemCode] = Field(
        default_factory=list, description="申请的信息项（第十二条；未填为空） / items requested"
    )
    granted_items: list[ItemCode] = Field(default_factory=list, description="授权信息项 / items granted")
    decision: Decision = Field(description="审核结果 / decision")
    requested: dt.date = Field(description="申请日期 / date requested")
    decided: dt.date | None = Field(
        default=None,
        description="数据主管部门作出共享决定之日（第十二条、第十四条；未知为空） / date decided",
    )


class DataUsage(Record):
    request_id: RecordId = Field(description="数据来源的共享申请 / the share request")
    purpose: Text = Field(description="用途 / purpose")
    duty_id: RecordId | None = Field(default=None, description="所服务的本部门职责 / duty served")
    third_party: ShortText | None = Field(default=None, description="提供给的第三方 / third party")
    authorised: bool = Field(default=True, description="经授权 / authorised use")
    used_on: dt.date | None = Field(default=None, description="使用日期（第六十二条；未知为空） / date used")
    user: ShortText | None = Field(default=None, description="使用人（岗位） / user (role)")


class DataRelease(Record):
    resource_code: ResourceCode = Field(description="政务数据资源代码 / resource code")
    kind: ReleaseKind = Field(description="共享或开放 / share or open")
    channel: Channel = Field(description="渠道 / channel")
    recipient: ShortText = Field(description="接收方 / recipient")
    date: dt.date = Field(description="日期 / date")


# ---------------------------------------------------------------------------------------------
# Requests with working-day deadlines (Art. 13, 22, 45, 46, 65)


class Extension(Model):
    written_application: bool = Field(description="书面延期申请 / written application")
    approved: bool = Field(description="经批准（或主要负责人同意） / approved")
    approved_by_head: bool = Field(default=False, description="经主要负责人同意 / by the head")
    working_days: int = Field(ge=0, le=366, description="延长的工作日数 / working days added")
    applied_on: dt.date | None = Field(
        default=None, description="书面申请延期之日（未知为空） / date applied"
    )
    approved_on: dt.date | None = Field(default=None, description="批准延期之日（未知为空） / date approved")
    approver: ShortText | None = Field(default=None, description="批准人 / who approved")
    approver_role: ApproverRole | None = Field(
        default=None, description="批准人身份：主要负责人或受其委托 / the head, or the head's delegate"
    )


class InterfaceDemand(Record):
    requested: dt.date = Field(description="提出要求之日 / date requested")
    agreed_due: dt.date = Field(description="双方协商的提供时间 / agreed date")
    delivered: dt.date | None = Field(default=None, description="实际提供之日 / date delivered")
    extension: Extension | None = Field(default=None, description="延期 / extension")


class CatalogChange(Record):
    trigger: ChangeTrigger = Field(description="变更事由 / trigger")
    trigger_date: dt.date = Field(description="修改或变更之日 / date of the change")
    applied: dt.date | None = Field(default=None, description="申请更新目录之日 / applied to update")


class PublicRequest(Record):
    received: dt.date = Field(description="收到申请之日 / date received")
    answered: dt.date | None = Field(default=None, description="答复之日 / date answered")
    decision: Decision | None = Field(default=None, description="答复结果 / decision")
    reasons_given: bool = Field(default=False, description="已说明理由 / reasons given")
    basis_given: bool = Field(default=False, description="已提供依据 / basis given")
    extension: Extension | None = Field(default=None, description="延期 / extension")


class QualityIssue(Record):
    resource_code: ResourceCode
    distributed: dt.date = Field(description="问题数据分发至本部门之日 / date distributed")
    decided: dt.date | None = Field(default=None, description="作出处理决定之日 / date decided")
    decision: QualityDecision | None = Field(default=None, description="处理结果 / decision")
    corrected: dt.date | None = Field(default=None, description="源头更正并重新汇聚之日 / corrected")


class QualityReport(Record):
    """数据质量（第二十七条、第三十一条）：按资源或按数据类别报告，不是一个部门一个数。"""

    category: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")] = Field(
        description="数据类别（数据主管部门设定的类别标识，如 population、legal_person、e_licence、other） / "
        "data category as the authority's settings name it",
    )
    resource_code: ResourceCode | None = Field(
        default=None, description="所报告的资源（按类别报告时为空） / the resource, or empty for a category"
    )
    accuracy: float = Field(ge=0, le=1, description="准确性 / accuracy")
    timeliness: float = Field(ge=0, le=1, description="时效性 / timeliness")
    completeness: float = Field(ge=0, le=1, description="完整性 / completeness")
    availability: float | None = Field(default=None, ge=0, le=1, description="可用性 / availability")


# ---------------------------------------------------------------------------------------------
# Security (Art. 33, 51-57, 63)


class SecurityDocument(Record):
    """一项安全制度或应急预案及其制定、修订日期（第五十一条至第五十七条）。"""

    kind: SecurityDocumentKind = Field(description="制度类型 / kind")
    title: ShortText = Field(description="名称 / title")
    adopted: dt.date | None = Field(default=None, description="制定日期（未知为空） / date adopted")
    revised: list[dt.date] = Field(default_factory=list, description="修订日期 / dates revised")


class Security(Model):
    protection_system: bool | None = Field(default=None, description="数据安全防护制度 / protection system")
    encryption: bool | None = Field(default=None, description="数据加密 / encryption")
    access_authentication: bool | None = Field(default=None, description="访问认证 / access authentication")
    vendors_supervised: bool | None = Field(default=None, description="监督运维单位 / vendors supervised")
    confidentiality_system: bool | None = Field(default=None, description="保密管理制度 / confidentiality")
    logs_provided: bool | None = Field(default=None, description="提供数据日志 / logs of data provided")
    logs_obtained: bool | None = Field(default=None, description="获取数据日志 / logs of data obtained")
    log_retention_months: int | None = Field(default=None, ge=0, le=1200, description="日志保存月数")
    risk_assessments: list[dt.date] = Field(default_factory=list, description="风险评估日期 / assessments")
    emergency_plan: bool | None = Field(default=None, description="应急预案 / emergency plan")
    drills: list[dt.date] = Field(default_factory=list, description="应急演练日期 / drills")
    documents: list[SecurityDocument] = Field(
        default_factory=list,
        description="安全制度与应急预案（含制定、修订日期） / rules and plans with dates",
    )


class Incident(Record):
    date: dt.date = Field(description="发生日期 / date")
    description: Text = Field(description="事件经过 / description")
    responded: bool = Field(description="已应急响应 / responded")
    recorded: bool = Field(description="已保存记录 / recorded")
    reported: bool = Field(description="已按规定报告 / reported")


class Authorisation(Model):
    """书面授权：谁、以哪份文件、何时授权该行为（第五十一条、第五十二条、第六十三条）。"""

    by: ShortText = Field(description="授权人或授权单位 / who authorised")
    document: ShortText = Field(description="授权文件 / authorising document")
    date: dt.date | None = Field(default=None, description="授权日期（未知为空） / date authorised")


class SecurityEvent(Record):
    date: dt.date = Field(description="发生日期 / date")
    kind: SecurityEventKind = Field(description="行为类型 / kind")
    actor_type: ActorType = Field(description="行为人类型 / actor type")
    actor: ShortText = Field(description="行为单位或个人（岗位） / unit, or a person's role")
    description: Text = Field(description="事件经过 / description")
    permission: LegalBasis | None = Field(default=None, description="许可或授权 / permission held")
    authorisation: Authorisation | None = Field(
        default=None,
        description="本部门书面委托或授权（如渗透测试、等级保护测评）：授权人与文件 / written authorisation",
    )
    actor_external: bool = Field(
        default=False,
        description="行为人为本部门及其工作人员、受托单位以外的单位或个人（第六十三条） / "
        "actor outside the department, its staff and contractors (Art. 63)",
    )


# ---------------------------------------------------------------------------------------------
# Reports, projects, applications (Art. 49, 60, 61)


class ReportFiled(Record):
    kind: ReportKind = Field(description="材料类型 / kind of report")
    covers_year: int = Field(ge=2000, le=2100, description="所属年度 / year reported on")
    submitted: dt.date | None = Field(default=None, description="提交日期 / date submitted")


class Project(Record):
    name: ShortText = Field(description="项目名称 / project name")
    stage: ProjectStage = Field(description="项目阶段 / stage")
    catalog_precompiled: bool = Field(description="已预编制政务数据目录清单 / catalog pre-compiled")
    catalog_completed: bool = Field(default=False, description="目录清单已完成 / catalog completed")
    platform_connected: bool = Field(default=False, description="已与市共享平台对接 / platform connected")
    applied: dt.date | None = None
    accepted: dt.date | None = None


class ApplicationScenario(Record):
    name: ShortText
    description: Text
    launched: dt.date


# ---------------------------------------------------------------------------------------------
# The department snapshot


class DepartmentSnapshot(Model):
    """部门活动快照：一个部门在一个评价周期内的政务数据工作情况。"""

    schema_version: Literal["1.1"] = Field(description="快照格式版本（1.0 读取时自动转换） / schema version")
    kind: Literal["department"] = Field(description="快照类型 / snapshot kind")
    period: int = Field(ge=2000, le=2100, description="评价年度 / assessment year")
    as_of: dt.date = Field(description="快照截止日期 / as-of date")
    department: Organisation = Field(description="单位信息 / organisation")
    catalog: list[CatalogEntry] = Field(default_factory=list)
    systems: list[InfoSystem] = Field(default_factory=list)
    networks: list[BusinessNetwork] = Field(default_factory=list)
    own_platforms: list[OwnPlatform] = Field(default_factory=list)
    collections: list[Collection] = Field(default_factory=list)
    share_requests: list[ShareRequest] = Field(default_factory=list)
    data_usage: list[DataUsage] = Field(default_factory=list)
    releases: list[DataRelease] = Field(default_factory=list)
    interface_demands: list[InterfaceDemand] = Field(default_factory=list)
    catalog_changes: list[CatalogChange] = Field(default_factory=list)
    open_catalog_corrections: list[PublicRequest] = Field(default_factory=list)
    open_data_requests: list[PublicRequest] = Field(default_factory=list)
    quality_issues: list[QualityIssue] = Field(default_factory=list)
    quality_reports: list[QualityReport] = Field(
        default_factory=list,
        description="数据质量（按资源或数据类别；格式 1.0 的部门级 quality 转为类别 other） / quality by resource or category",
    )
    security: Security = Field(default_factory=Security)
    incidents: list[Incident] = Field(default_factory=list)
    security_events: list[SecurityEvent] = Field(default_factory=list)
    reports: list[ReportFiled] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    application_scenarios: list[ApplicationScenario] = Field(default_factory=list)

    @property
    def code(self) -> str:
        return self.department.code
