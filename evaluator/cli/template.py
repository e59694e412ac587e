"""govshare template: the Excel template a department fills in (``evaluator.intake.xlsx``), audited."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import typer

from evaluator.cli.common import out
from evaluator.intake.xlsx import write_template
from evaluator.store import audit


def template_cmd(
    output: Annotated[Path, typer.Option(help="输出文件 / output file")] = Path("govshare-template.xlsx"),
) -> None:
    """写出部门快照 Excel 填报模板 / write the Excel template a department fills in."""
    write_template(output)
    audit.append(
        "export",
        {
            "command": "template",
            "format": "xlsx",
            "files": [{"path": str(output), "sha256": hashlib.sha256(output.read_bytes()).hexdigest()}],
        },
    )
    out.print(f"已写出模板 / template written: {output}", highlight=False)
