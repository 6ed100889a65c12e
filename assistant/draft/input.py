"""A project description → `ProjectInput`: what the drafter starts from.

Three shapes are accepted, recognised from the content:
- JSON: {"project", "budget_wan", "fiscal_wan", "other_wan", "purpose", "goals", "year",
  "unit_name"} (Chinese keys 项目名称/预算数/资金用途… work too);
- a published target table (pasted text, .docx bytes or our JSON with indicators): its name,
  budget, purpose, goals and spending plan are taken, its indicators are ignored;
- "key：value" lines (项目名称：…, 预算：263.75万元, 资金用途：… running over several lines
  until the next key).
Money without a unit is 万元, as the tables state it.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from assistant.model import WAN, SpendingPlan, TargetTable, wan
from assistant.parse.binding import blank_instructions, tidy_text
from assistant.parse.errors import ParseError

_KEYS: dict[str, tuple[str, ...]] = {
    # longest first inside each group, so 项目名称 wins over 名称
    "name": ("项目名称", "项目", "名称"),
    "budget": ("预算规模", "项目预算数", "项目预算", "预算总额", "预算金额", "资金总额", "预算数", "预算",
               "总额"),
    "fiscal": ("其中财政资金", "财政拨款", "财政资金"),
    "other": ("其中其他资金", "其他资金", "其它资金", "自筹资金"),
    "purpose": ("资金用途及测算依据", "资金用途/测算依据", "资金用途", "测算依据", "主要用途", "用途",
                "资金测算", "项目内容", "实施内容"),
    "goals": ("年度绩效目标", "绩效目标", "目标"),
    "year": ("预算年度", "年度", "年份"),
    "unit": ("预算单位", "申报单位", "实施单位", "主管单位", "单位名称", "单位"),
}
_KEY_TO_FIELD = {alias: field for field, aliases in _KEYS.items() for alias in aliases}
_KEY_ALT = "|".join(sorted(map(re.escape, _KEY_TO_FIELD), key=len, reverse=True))
_KEY_LINE = re.compile(rf"^\s*[【\[]?(?P<key>{_KEY_ALT})[】\]]?\s*[:：]\s*(?P<value>.*)$")
_TABLE_HINT = re.compile(r"一级指标|二级指标|三级指标|绩效指标|指标值")
_GOAL_MARK = re.compile(r"^\s*(?:目标\s*\d+|[（(]?[0-9一二三四五六七八九十]{1,2}[)）.、．:：])\s*")
_JSON_KEYS: dict[str, tuple[str, ...]] = {
    "name": ("project", "name", "项目名称", "项目"),
    "budget": ("budget_wan", "budget", "预算数", "预算", "总额"),
    "fiscal": ("fiscal_wan", "fiscal", "财政资金"),
    "other": ("other_wan", "other", "其他资金"),
    "purpose": ("purpose", "资金用途", "测算依据", "用途"),
    "goals": ("goals", "绩效目标"),
    "year": ("year", "年度"),
    "unit": ("unit_name", "unit", "单位"),
}


class ProjectInput(BaseModel):
    """What a user tells us about a project before any indicator exists."""

    name: str
    purpose: str
    budget_yuan: Decimal | None = None
    fiscal_yuan: Decimal | None = None
    other_yuan: Decimal | None = None
    goals: list[str] = Field(default_factory=list)
    year: int | None = None
    unit_name: str = ""
    spending_plan: SpendingPlan | None = None
    source: str = "text"  # text | json | table: which shape it was read from
    notices: list[str] = Field(default_factory=list)  # what the reader noticed (no year, ignored text)

    @property
    def budget_wan(self) -> Decimal | None:
        return wan(self.budget_yuan)


def _money_wan(value: Any, where: str) -> Decimal | None:
    """A budget cell: 263.75 / "263.75万元" / "1448468元" → 元 (None when empty)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value)) * WAN
    from assistant.parse.budget import parse_money

    amount = parse_money(str(value), default_unit="万元")
    if amount is None:
        raise ParseError(f"{where}“{value}”不是金额", "项目描述")
    return amount


def _year(value: Any) -> int | None:
    match = re.search(r"(20\d{2})", str(value or ""))
    return int(match.group(1)) if match else None


def _goals(value: Any) -> list[str]:
    if isinstance(value, list):
        parts = [str(v) for v in value]
    else:
        parts = re.split(r"[\n；;]|(?=(?:^|\s)[（(]?\d{1,2}[.、．)）])", str(value or ""))
    goals = [_GOAL_MARK.sub("", p).strip(" 。；;，,") for p in parts]
    return [g for g in goals if g]


def _finish(fields: dict[str, Any], source: str) -> ProjectInput:
    """Validate and fill what the purpose text itself states (totals)."""
    from assistant.parse.budget import extract_totals

    # whitespace and full-width forms normalised once, so every face reads the same text
    name = tidy_text(str(fields.get("name") or "")).replace("\n", "")
    purpose = tidy_text(str(fields.get("purpose") or ""))
    if not name:
        raise ParseError("项目描述缺少项目名称（请写“项目名称：…”）", source)
    if not purpose:
        raise ParseError("项目描述缺少资金用途/测算依据（请写“资金用途：…”）", source)
    project = ProjectInput(
        name=name,
        purpose=purpose,
        budget_yuan=fields.get("budget"),
        fiscal_yuan=fields.get("fiscal"),
        other_yuan=fields.get("other"),
        goals=[tidy_text(g) for g in fields.get("goals") or [] if tidy_text(g)],
        # a year in the project's name ("2024年农村公路养护经费") is the budget year
        year=fields.get("year") or _year(re.search(r"20\d{2}(?=年)", name) and name),
        unit_name=str(fields.get("unit") or ""),
        spending_plan=fields.get("plan"),
        source=source,
    )
    if project.year is None:
        project.notices.append("未写明预算年度：完成时间只写到“12月31日前”，请补充年度（如“预算年度：2025”）后重新生成。")
    _, ignored = blank_instructions(purpose)
    if project.budget_yuan is None and extract_totals(purpose)[0] is None:
        project.notices.append("未写明预算数：成本指标中没有总成本上限，请补充“预算数：…万元”后重新生成。")
    if ignored:
        shown = "；".join(f"“{short}”" for short in (i[:40] for i in ignored[:3]))
        project.notices.append(f"资金用途中的填写要求不作为测算依据，已忽略：{shown}。指标值只取自测算明细中的数字。")
    total, fiscal, other = extract_totals(purpose)
    if project.budget_yuan is not None and total is not None and abs(project.budget_yuan - total) > 100:
        project.budget_yuan = _budget_backed(project, total)
    project.budget_yuan = project.budget_yuan if project.budget_yuan is not None else total
    project.fiscal_yuan = project.fiscal_yuan if project.fiscal_yuan is not None else fiscal
    project.other_yuan = project.other_yuan if project.other_yuan is not None else other
    return project


def _budget_backed(project: ProjectInput, in_text: Decimal) -> Decimal:
    """The budget field and the breakdown state two totals: the one the items add up to wins,
    and the conflict is reported."""
    from assistant.parse.budget import parse_budget_items

    stated = project.budget_yuan or Decimal(0)
    items = [i.amount_yuan for i in parse_budget_items(blank_instructions(project.purpose)[0])
             if i.level == 1 and i.amount_yuan]
    added = sum(items, Decimal(0))
    winner = in_text if items and abs(added - in_text) <= 50 * (len(items) + 1) else stated
    project.notices.append(
        f"预算数写作{wan(stated)}万元，资金用途中写作{wan(in_text)}万元，两者不一致；"
        f"采用{'与测算明细合计相符的' if winner == in_text else '预算数栏的'}{wan(winner)}万元，请核对后统一。")
    return winner


def project_from_json(data: Any) -> ProjectInput:
    """Our JSON description, or a saved/parsed table (its indicators are ignored).

    An eval case ({"id", "input": {project…}, "required_facts"…}) carries the description under
    "input"; a description file and a case file both draft."""
    if isinstance(data, dict) and isinstance(data.get("input"), dict) and not any(
        data.get(k) not in (None, "") for k in _JSON_KEYS["name"]
    ):
        return project_from_json(data["input"])
    if isinstance(data, dict) and ("tables" in data or "indicators" in data or "table" in data):
        from assistant.parse.json_io import document_from_json

        document = document_from_json(data, "JSON")
        if not document.tables:
            raise ParseError("JSON 中没有项目", "JSON")
        return project_from_table(document.tables[0])
    if not isinstance(data, dict):
        raise ParseError("项目描述 JSON 的顶层应为对象", "JSON")

    def pick(field: str) -> Any:
        return next((data[k] for k in _JSON_KEYS[field] if data.get(k) not in (None, "")), None)

    fields = {
        "name": pick("name"),
        "purpose": pick("purpose"),
        "budget": _money_wan(pick("budget"), "预算数"),
        "fiscal": _money_wan(pick("fiscal"), "财政资金"),
        "other": _money_wan(pick("other"), "其他资金"),
        "goals": _goals(pick("goals")),
        "year": _year(pick("year")),
        "unit": pick("unit"),
    }
    return _finish(fields, "json")


def project_from_table(table: TargetTable) -> ProjectInput:
    """A published table as a description: everything but its indicators."""
    from assistant.rules.common import is_placeholder

    fields = {
        "name": table.project,
        "purpose": table.purpose,
        "budget": table.budget_total_yuan,
        "fiscal": table.budget_fiscal_yuan,
        "other": table.budget_other_yuan,
        "goals": [g for g in table.goals if g.strip() and not is_placeholder(g)],
        "year": table.year,
        "unit": table.unit_name,
        "plan": table.spending_plan,
    }
    return _finish(fields, "table")


def _key_values(text: str) -> dict[str, str]:
    """'key：value' lines; a value runs on over the following lines until the next key."""
    found: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        match = _KEY_LINE.match(line)
        if match:
            current = _KEY_TO_FIELD[match.group("key")]
            found.setdefault(current, [])
            if match.group("value").strip():
                found[current].append(match.group("value").strip())
        elif current is not None and line.strip():
            found[current].append(line.strip())
    return {field: "\n".join(lines).strip() for field, lines in found.items()}


def project_from_text(text: str, source: str = "") -> ProjectInput:
    """Pasted text: JSON, a published table, or key：value lines."""
    stripped = text.lstrip("\ufeff \n\t")
    if not stripped:
        raise ParseError("项目描述为空", source)
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ParseError(f"JSON 格式错误：第{exc.lineno}行第{exc.colno}列，{exc.msg}", source) from exc
        return project_from_json(data)
    values = _key_values(stripped)
    if ("name" not in values or "purpose" not in values) and _TABLE_HINT.search(stripped):
        from assistant.parse import read_text

        document = read_text(stripped, source)
        if document.tables:
            return project_from_table(document.tables[0])
    fields: dict[str, Any] = {
        "name": values.get("name", "").splitlines()[0] if values.get("name") else "",
        "purpose": values.get("purpose", ""),
        "budget": _money_wan(values.get("budget"), "预算数"),
        "fiscal": _money_wan(values.get("fiscal"), "财政资金"),
        "other": _money_wan(values.get("other"), "其他资金"),
        "goals": _goals(values.get("goals", "")),
        "year": _year(values.get("year")),
        # "单位：万元" in a pasted table is the money unit, not the budget unit
        "unit": "" if re.fullmatch(r"\s*(?:万元|元|亿元)\s*", values.get("unit", "")) else values.get("unit", ""),
    }
    return _finish(fields, "text")


def project_from_bytes(data: bytes, name: str = "") -> ProjectInput:
    """A file's bytes: a .docx table, or text/JSON."""
    if data[:4] == b"PK\x03\x04" or name.lower().endswith(".docx"):
        from assistant.parse import read_bytes

        document = read_bytes(data, name)
        if not document.tables:
            raise ParseError("文件中没有找到项目", name)
        return project_from_table(document.tables[0])
    from assistant.parse.text_reader import decode_text

    return project_from_text(decode_text(data, name), name)
