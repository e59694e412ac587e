"""Closed vocabularies of the snapshot, in the statute's own terms.

Every value is the Chinese term the Measures use (and that the Rego rules compare). Each enum also
accepts documented English aliases on input (``ShareAttribute("conditional")`` is 有条件共享); the
stored and evaluated value is always the Chinese one. ``ALIASES`` documents them for ``govshare schema``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ZhEnum(StrEnum):
    """A StrEnum whose values are Chinese statutory terms, with English aliases accepted on input."""

    @classmethod
    def _missing_(cls, value: Any) -> ZhEnum | None:
        # ASCII only: U+212A KELVIN SIGN lower-cases to "k" and must not pass for an English alias
        if isinstance(value, str) and value.isascii():
            key = value.strip().lower().replace("-", "_").replace(" ", "_")
            target = cls._aliases().get(key)
            if target is not None:
                return cls(target)
        return None

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return ALIASES.get(cls.__name__, {})


class ShareAttribute(ZhEnum):
    """共享属性（第三十六条）"""

    UNCONDITIONAL = "无条件共享"
    CONDITIONAL = "有条件共享"
    NOT_SHARED = "不予共享"


class OpenAttribute(ZhEnum):
    """开放属性（第四十三条）"""

    UNCONDITIONAL = "无条件开放"
    CONDITIONAL = "有条件开放"
    NOT_OPEN = "不予开放"


class SharingMethod(ZhEnum):
    """共享方式（第十四条）"""

    INTERFACE = "数据服务接口"
    CROSS_VERIFICATION = "数据交叉核验"
    BULK_EXCHANGE = "批量数据交换"


class UpdateCycle(ZhEnum):
    """更新周期（第十七条、第七十二条）"""

    REALTIME = "实时"
    DAILY = "每日"
    WEEKLY = "每周"
    MONTHLY = "每月"
    QUARTERLY = "每季度"
    SEMIANNUAL = "每半年"
    YEARLY = "每年"


class BasisRank(ZhEnum):
    """依据的位阶（第十三条、第三十七条、第四十四条）"""

    LAW = "法律"
    ADMINISTRATIVE_REGULATION = "行政法规"
    CENTRAL_POLICY = "党中央国务院政策"
    NATIONAL_DOCUMENT = "国家有关文件"
    LOCAL_REGULATION = "地方性法规"
    RULES = "规章"
    DEPARTMENT_DOCUMENT = "部门文件"


class BaseDatabase(ZhEnum):
    """基础数据库（第三十七条第（二）项）"""

    NATURAL_PERSON = "自然人"
    LEGAL_PERSON = "法人"
    CREDIT = "信用信息"
    NATURAL_RESOURCES = "自然资源和空间地理"
    E_LICENCE = "电子证照"


class AggregationStatus(ZhEnum):
    """汇聚状态（第十三条、第二十九条）。是否拒绝、推诿或妨碍另见 authority_request（格式 1.1 起）。"""

    AGGREGATED = "已汇聚"
    NOT_AGGREGATED = "未汇聚"


class AggregationAnswer(ZhEnum):
    """部门对数据主管部门汇聚要求的答复（第十三条、第六十二条第（二）项）"""

    AGREED = "同意汇聚"
    REFUSED = "拒绝汇聚"
    SHIRKED = "推诿"
    OBSTRUCTED = "妨碍汇聚"
    NO_ANSWER = "未答复"


class ApproverRole(ZhEnum):
    """延期的批准人（第十三条、第四十五条、第四十六条）"""

    HEAD = "主要负责人"
    DELEGATE = "受主要负责人委托"
    OTHER = "其他"


class SecurityDocumentKind(ZhEnum):
    """安全制度与预案（第五十一条至第五十七条）"""

    PROTECTION = "数据安全防护制度"
    CONFIDENTIALITY = "保密管理制度"
    EMERGENCY_PLAN = "应急预案"
    OTHER = "其他安全管理制度"


class AggregationMode(ZhEnum):
    """汇聚方式（第二十九条）"""

    REALTIME = "实时"
    NOT_REALTIME = "非实时"


class OrgKind(ZhEnum):
    """单位类型（第三条、第六条、第七十一条）"""

    DEPARTMENT = "政务部门"
    TOWNSHIP = "乡镇人民政府"
    AUTHORITY = "数据主管部门"
    BY_REFERENCE = "参照执行单位"


class Channel(ZhEnum):
    """共享、开放渠道（第六十二条第（七）项）"""

    SHARING_PLATFORM = "市共享平台"
    OPEN_PLATFORM = "开放平台"
    OTHER = "其他渠道"


class ReleaseKind(ZhEnum):
    SHARE = "共享"
    OPEN = "开放"


class SubjectType(ZhEnum):
    """采集对象（第二十四条）"""

    NATURAL_PERSON = "自然人"
    ORGANISATION = "法人和其他组织"
    OTHER = "其他"


class IdentifierType(ZhEnum):
    """采集标识（第二十四条）"""

    ID_NUMBER = "身份证号码"
    USCC = "统一社会信用代码"
    OTHER = "其他标识"
    NONE = "无标识"


class CollectionMethod(ZhEnum):
    """采集方式（第二十四条、第二十五条）"""

    SELF = "自行采集"
    SHARED = "共享获取"


class Network(ZhEnum):
    """承载网络（第三十二条）"""

    EGOV_EXTRANET = "电子政务外网"
    DEDICATED = "业务专网"
    INTERNET = "互联网"
    CLASSIFIED = "涉密网络"


class NetworkStatus(ZhEnum):
    """业务专网状态（第三十二条）"""

    MERGED = "已并入电子政务网络"
    CONNECTED = "已接入电子政务网络"
    STANDALONE = "独立运行"


class OwnPlatformKind(ZhEnum):
    """部门自建平台类型（第三十五条、第四十二条）"""

    SHARING = "跨部门共享平台"
    OPEN = "开放平台"


class OwnPlatformStatus(ZhEnum):
    RUNNING = "运行中"
    MERGED = "已整合并入市共享平台"
    CLOSED = "已关停"


class Sensitivity(ZhEnum):
    """敏感类别（第四十三条、第四十四条）"""

    STATE_SECRET = "国家秘密"
    TRADE_SECRET = "商业秘密"
    PRIVACY = "个人隐私"
    NATIONAL_SECURITY = "国家安全"
    SENSITIVE = "敏感信息"


class Decision(ZhEnum):
    """答复结论"""

    GRANTED = "同意"
    PARTIAL = "部分同意"
    REFUSED = "不同意"


class QualityDecision(ZhEnum):
    """问题数据处理决定（第六十五条）"""

    CORRECT = "更正"
    NO_CORRECTION = "不予更正"


class ChangeTrigger(ZhEnum):
    """目录更新事由（第二十二条）"""

    LAW_CHANGED = "法律法规修改"
    FUNCTIONS_CHANGED = "行政管理职能变更"


class ProjectStage(ZhEnum):
    """政务信息化项目阶段（第六十一条）"""

    APPLYING = "申请审批"
    APPROVED = "已审批在建"
    ACCEPTANCE_APPLIED = "申请验收"
    ACCEPTED = "已验收"


class SecurityEventKind(ZhEnum):
    """第六十三条所列行为"""

    INTRUSION = "侵入电子政务外网"
    DISRUPTION = "干扰市共享平台正常功能"
    THEFT = "破坏窃取政务数据"
    SENSITIVE_COMPILATION = "汇聚形成涉密或敏感信息"
    TRADE_SECRET = "侵犯商业秘密"
    PRIVACY = "侵犯个人隐私"
    DISSEMINATION = "未经许可扩散"
    UNAUTHORISED_USE = "非授权使用"


class ActorType(ZhEnum):
    UNIT = "单位"
    INDIVIDUAL = "个人"


class ReportKind(ZhEnum):
    """报送材料（第六十条）"""

    DEPARTMENT_ANNUAL = "部门年度政务数据管理情况"
    COUNTY_ANNUAL = "县级政务数据管理情况年度报告"


ALIASES: dict[str, dict[str, str]] = {
    "ShareAttribute": {
        "unconditional": "无条件共享",
        "conditional": "有条件共享",
        "not_shared": "不予共享",
        "none": "不予共享",
    },
    "OpenAttribute": {
        "unconditional": "无条件开放",
        "conditional": "有条件开放",
        "not_open": "不予开放",
        "none": "不予开放",
    },
    "SharingMethod": {
        "interface": "数据服务接口",
        "api": "数据服务接口",
        "cross_verification": "数据交叉核验",
        "bulk_exchange": "批量数据交换",
        "bulk": "批量数据交换",
    },
    "UpdateCycle": {
        "realtime": "实时",
        "real_time": "实时",
        "daily": "每日",
        "weekly": "每周",
        "monthly": "每月",
        "quarterly": "每季度",
        "semiannual": "每半年",
        "half_yearly": "每半年",
        "yearly": "每年",
        "annual": "每年",
    },
    "BasisRank": {
        "law": "法律",
        "administrative_regulation": "行政法规",
        "central_policy": "党中央国务院政策",
        "national_document": "国家有关文件",
        "local_regulation": "地方性法规",
        "rules": "规章",
        "department_document": "部门文件",
    },
    "BaseDatabase": {
        "natural_person": "自然人",
        "legal_person": "法人",
        "credit": "信用信息",
        "natural_resources": "自然资源和空间地理",
        "e_licence": "电子证照",
    },
    "AggregationStatus": {"aggregated": "已汇聚", "not_aggregated": "未汇聚"},
    "AggregationAnswer": {
        "agreed": "同意汇聚",
        "refused": "拒绝汇聚",
        "shirked": "推诿",
        "obstructed": "妨碍汇聚",
        "no_answer": "未答复",
    },
    "ApproverRole": {"head": "主要负责人", "delegate": "受主要负责人委托", "other": "其他"},
    "SecurityDocumentKind": {
        "protection": "数据安全防护制度",
        "confidentiality": "保密管理制度",
        "emergency_plan": "应急预案",
        "other": "其他安全管理制度",
    },
    "AggregationMode": {"realtime": "实时", "not_realtime": "非实时", "batch": "非实时"},
    "OrgKind": {
        "department": "政务部门",
        "township": "乡镇人民政府",
        "authority": "数据主管部门",
        "by_reference": "参照执行单位",
    },
    "Channel": {"sharing_platform": "市共享平台", "open_platform": "开放平台", "other": "其他渠道"},
    "ReleaseKind": {"share": "共享", "open": "开放"},
    "SubjectType": {"natural_person": "自然人", "organisation": "法人和其他组织", "other": "其他"},
    "IdentifierType": {
        "id_number": "身份证号码",
        "uscc": "统一社会信用代码",
        "other": "其他标识",
        "none": "无标识",
    },
    "CollectionMethod": {"self": "自行采集", "shared": "共享获取"},
    "Network": {
        "egov_extranet": "电子政务外网",
        "dedicated": "业务专网",
        "internet": "互联网",
        "classified": "涉密网络",
    },
    "NetworkStatus": {
        "merged": "已并入电子政务网络",
        "connected": "已接入电子政务网络",
        "standalone": "独立运行",
    },
    "OwnPlatformKind": {"sharing": "跨部门共享平台", "open": "开放平台"},
    "OwnPlatformStatus": {"running": "运行中", "merged": "已整合并入市共享平台", "closed": "已关停"},
    "Sensitivity": {
        "state_secret": "国家秘密",
        "trade_secret": "商业秘密",
        "privacy": "个人隐私",
        "national_security": "国家安全",
        "sensitive": "敏感信息",
    },
    "Decision": {"granted": "同意", "partial": "部分同意", "refused": "不同意"},
    "QualityDecision": {"correct": "更正", "no_correction": "不予更正"},
    "ChangeTrigger": {"law_changed": "法律法规修改", "functions_changed": "行政管理职能变更"},
    "ProjectStage": {
        "applying": "申请审批",
        "approved": "已审批在建",
        "acceptance_applied": "申请验收",
        "accepted": "已验收",
    },
    "SecurityEventKind": {
        "intrusion": "侵入电子政务外网",
        "disruption": "干扰市共享平台正常功能",
        "theft": "破坏窃取政务数据",
        "sensitive_compilation": "汇聚形成涉密或敏感信息",
        "trade_secret": "侵犯商业秘密",
        "privacy": "侵犯个人隐私",
        "dissemination": "未经许可扩散",
        "unauthorised_use": "非授权使用",
    },
    "ActorType": {"unit": "单位", "individual": "个人"},
    "ReportKind": {
        "department_annual": "部门年度政务数据管理情况",
        "county_annual": "县级政务数据管理情况年度报告",
    },
}
