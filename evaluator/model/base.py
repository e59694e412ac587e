"""The snapshot model's building blocks: the format version, the field types every record uses
(record id, text, 18-character codes, the USCC with its GB 32100 check) and the base classes."""

from __future__ import annotations

import functools
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from evaluator.model.codes import IdStatus, uscc_status

#: the current snapshot format; a 1.0 document is converted on reading (evaluator.model.upgrade)
SCHEMA_VERSION = "1.1"

RecordId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,63}$"),
    Field(description="记录标识，在本快照内唯一 / record id, unique within the snapshot"),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Code = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{18}$")]
ItemCode = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, strip_whitespace=True),
    Field(description="数据项编码（全县统一） / data item code, county-wide"),
]
ResourceCode = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, strip_whitespace=True),
    Field(description="政务数据资源代码 / resource code in the catalog"),
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Record(Model):
    id: RecordId


@functools.lru_cache(maxsize=1 << 16)
def _uscc_status_once(value: str) -> IdStatus:
    return uscc_status(value)


def _check_uscc(value: str) -> str:
    # a province's snapshots name the same providers thousands of times: each code is checked once
    status = _uscc_status_once(value)
    if status is not IdStatus.VALID:
        raise ValueError(
            "统一社会信用代码校验位错误或格式不符（GB 32100）/ "
            f"unified social credit code fails its GB 32100 check ({status.value})"
        )
    return value


Uscc = Annotated[
    Code,
    AfterValidator(_check_uscc),
    Field(description="统一社会信用代码（GB 32100，含校验位） / USCC with check character"),
]
