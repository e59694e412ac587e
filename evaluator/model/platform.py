"""The platform (county-wide) snapshot: the city platform's register of shared items, the register of
information systems, service items and their materials, and the data authority's own records."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from evaluator.model.base import (
    ItemCode,
    Model,
    Record,
    ResourceCode,
    ShortText,
    Uscc,
)
from evaluator.model.department import DepartmentSnapshot, ReportFiled
from evaluator.model.enums import ShareAttribute

# ---------------------------------------------------------------------------------------------
# The platform (county-wide) snapshot


class SharedItem(Record):
    item_code: ItemCode
    item_name: ShortText = Field(description="数据项名称 / item name")
    provider: Uscc = Field(description="提供部门 / providing department (USCC)")
    resource_code: ResourceCode
    resource_name: ShortText | None = Field(
        default=None,
        description="数据资源名称（市共享平台目录登记的名称；未填时说明中只能写资源代码） / resource name",
    )
    share_attribute: ShareAttribute = Field(description="共享属性 / share attribute")


class RegisteredSystem(Record):
    dept: Uscc
    name: ShortText = Field(description="系统名称 / system name")
    resource_codes: list[ResourceCode] = Field(default_factory=list, description="产生的数据资源 / resources")


class Material(Record):
    name: ShortText = Field(description="材料名称 / material")
    item_code: ItemCode | None = Field(default=None, description="对应数据项编码 / item code")
    paper_required: bool = Field(description="要求申请人提供 / asked of the applicant")
    e_document_excluded: bool = Field(
        default=False, description="国家规定不适用电子文书 / state rules exclude e-documents"
    )


class ServiceItem(Record):
    dept: Uscc
    name: ShortText = Field(description="事项名称 / service item")
    materials: list[Material] = Field(default_factory=list, description="申请材料 / materials")


class CatalogReview(Record):
    dept: Uscc
    received: dt.date = Field(description="收到目录更新申请之日 / application received")
    reviewed: dt.date | None = Field(default=None, description="审核更新之日 / reviewed and updated")
    responsibility_list_updated: dt.date | None = Field(
        default=None,
        description="同步更新责任清单之日（第二十一条、第二十二条；未更新或未知为空） / responsibility list updated",
    )


class CityFiling(Record):
    change_date: dt.date = Field(description="县级目录或责任清单变化之日 / date of the change")
    filed: dt.date | None = Field(default=None, description="向市级报备之日 / filed with the city")


class RosterEntry(Record):
    """应参加年度评价的政务部门（第五十九条）/ a department the authority assesses."""

    code: Uscc
    name: ShortText


class PlatformSnapshot(Model):
    """全县平台快照：本周期全县共享平台登记、系统登记、服务事项及数据主管部门记录。"""

    schema_version: Literal["1.1"] = Field(description="快照格式版本（1.0 读取时自动转换） / schema version")
    kind: Literal["platform"]
    period: int = Field(ge=2000, le=2100)
    as_of: dt.date
    authority: Uscc = Field(description="县级数据主管部门 / the county data authority")
    shared_items: list[SharedItem] = Field(default_factory=list, description="市共享平台共享数据项登记")
    system_register: list[RegisteredSystem] = Field(default_factory=list, description="政务信息系统登记")
    service_items: list[ServiceItem] = Field(default_factory=list, description="政务服务事项及申请材料")
    catalog_reviews: list[CatalogReview] = Field(default_factory=list, description="目录更新审核")
    city_filings: list[CityFiling] = Field(default_factory=list, description="向市级报备")
    reports: list[ReportFiled] = Field(default_factory=list, description="向市政府提交的年度报告")
    departments: list[RosterEntry] = Field(
        default_factory=list,
        description="应参加本年度评价的政务部门名录（第五十九条），未报送快照者列为未报送 / "
        "departments to be assessed; one without a snapshot is listed as missing",
    )


Snapshot = DepartmentSnapshot | PlatformSnapshot
