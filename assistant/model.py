"""Pydantic models at the boundaries: what readers produce and every other part consumes.

Money is held as Decimal in 元; tables show it in 万元, so `wan()` converts for display.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

WAN = Decimal(10000)

LEVEL1_NAMES = ("成本指标", "产出指标", "效益指标", "满意度指标")
LEVEL2_BY_LEVEL1: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
    # 财预〔2021〕101号 layout: 成本 as a first level of its own
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
}
ALL_LEVEL2 = tuple(name for names in LEVEL2_BY_LEVEL1.values() for name in names)


def wan(yuan: Decimal | None) -> Decimal | None:
    """元 → 万元, normalised (no trailing zeros beyond what is needed)."""
    if yuan is None:
        return None
    try:
        value = (yuan / WAN).quantize(Decimal("0.000001")).normalize()
        return value if value != value.to_integral() else value.quantize(Decimal(1))
    except InvalidOperation:  # an absurd amount (a run of digits in a garbled cell): as it is
        return (yuan / WAN).normalize()


class Comparator(StrEnum):
    EQ = "="
    GE = "≥"
    LE = "≤"
    GT = ">"
    LT = "<"


class ValueKind(StrEnum):
    """What a target value reads as; rules compare this with the second-level category."""

    COUNT = "count"  # number + countable unit: 119人, 19个, 3次
    PERCENT = "percent"  # ≥95%
    MONEY = "money"  # ≤263.75万元
    UNIT_COST = "unit_cost"  # 6000元/人, 1000元/人/月
    MEASURE = "measure"  # number + physical unit: 1400平方米, 30公里
    DATE = "date"  # 12月底前, 2024年12月31日
    PERIOD = "period"  # 1年, 按月, 3个工作日
    NUMBER = "number"  # a bare number without unit
    GRADE = "grade"  # qualitative grade: 好, 较好, 达成年度指标, 是
    TEXT = "text"  # prose or anything else: 实际支出, 得到保障
    EMPTY = "empty"


class Target(BaseModel):
    """A 指标值: the raw cell text and how it reads."""

    raw: str = ""
    comparator: Comparator | None = None
    number: Decimal | None = None
    upper: Decimal | None = None  # for ranges such as 90%-95%
    unit: str | None = None  # normalised unit: %, 人, 万元, 元/人/月 ...
    kind: ValueKind = ValueKind.EMPTY
    date: str | None = None
    period: str | None = None
    grade: str | None = None
    negated: bool = False  # 不提高, 不发生 ...
    problems: list[str] = Field(default_factory=list)  # malformed unit, rate over 100% ...

    @property
    def is_percent(self) -> bool:
        return self.kind == ValueKind.PERCENT

    @property
    def money_yuan(self) -> Decimal | None:
        """The amount in 元 when the value is money (万元/元/亿元)."""
        if self.number is None or self.unit is None:
            return None
        factor = {"元": Decimal(1), "万元": WAN, "亿元": WAN * WAN, "千元": Decimal(1000)}.get(
            self.unit
        )
        return None if factor is None else self.number * factor


class SourceSpan(BaseModel):
    """Where a piece came from, so a finding can point at it."""

    file: str | None = None
    table: int | None = None
    row: int | None = None
    line: int | None = None


class Quantity(BaseModel):
    value: Decimal
    unit: str
    text: str = ""


class UnitPrice(BaseModel):
    """A unit standard such as 4830元/人/月: amount in 元 per the listed units."""

    amount_yuan: Decimal
    per: list[str] = Field(default_factory=list)
    text: str = ""


class Arithmetic(BaseModel):
    """A computed line in the breakdown: 4830元/人/月*9人*12个月=52.16万元."""

    text: str
    expression: str
    computed_yuan: Decimal | None = None
    stated_yuan: Decimal | None = None
    # Absolute tolerance the comparison used (rounding to the stated precision).
    tolerance_yuan: Decimal = Decimal(0)

    @property
    def mismatch(self) -> bool:
        if self.computed_yuan is None or self.stated_yuan is None:
            return False
        return abs(self.computed_yuan - self.stated_yuan) > self.tolerance_yuan


class BudgetItem(BaseModel):
    """One use of funds in the breakdown (资金用途/测算依据)."""

    text: str
    label: str = ""  # what the money is for: 村支部书记、村主任一人兼工资
    amount_yuan: Decimal | None = None
    quantities: list[Quantity] = Field(default_factory=list)
    unit_prices: list[UnitPrice] = Field(default_factory=list)
    arithmetic: list[Arithmetic] = Field(default_factory=list)
    level: int = 1  # 1 = top item, 2 = sub item such as （1）
    line: int | None = None


class SpendingPlan(BaseModel):
    """资金支出计划: cumulative shares or amounts at points in the year."""

    labels: list[str] = Field(default_factory=list)
    values: list[Decimal | None] = Field(default_factory=list)
    unit: str = "%"  # "%" or "万元"
    raw: list[str] = Field(default_factory=list)


class ParseNote(BaseModel):
    """Something the reader could not use, with where it was: never dropped silently."""

    message: str
    where: str = ""
    severity: str = "warning"


class Indicator(BaseModel):
    level1: str = ""
    level2: str = ""
    name: str = ""
    description: str = ""
    target: Target = Field(default_factory=Target)
    basis: str = ""
    raw_level1: str = ""
    raw_level2: str = ""
    source: SourceSpan | None = None
    provenance: str | None = None  # drafts: the breakdown line or KB table it came from
    # extra numeric columns some forms carry: 权重/分值, and in 自评表 the 实际完成值; never the value
    weight: Decimal | None = None
    actual: str = ""
    # the multi-year (实施期/中期) target of forms that give it beside the annual one: kept as
    # written, never the value
    long_term: str = ""
    # the reader rebuilt this row from an ambiguous layout (glued text, shifted columns);
    # error-level findings never rest on such a row alone
    uncertain: bool = False

    @property
    def value(self) -> str:
        return self.target.raw


class TargetTable(BaseModel):
    project: str = ""
    code: str = ""
    unit_name: str = ""  # 单位 (the budget unit), not a measurement unit
    year: int | None = None
    budget_total_yuan: Decimal | None = None
    budget_fiscal_yuan: Decimal | None = None
    budget_other_yuan: Decimal | None = None
    purpose: str = ""  # 资金用途 / 测算依据 text as published
    budget_items: list[BudgetItem] = Field(default_factory=list)
    spending_plan: SpendingPlan | None = None
    goals: list[str] = Field(default_factory=list)
    # True when the document has a 绩效目标 cell (even an empty one); a reader that found no such
    # cell cannot tell "not filled" from "laid out differently", so rules stay quiet then.
    goals_row_found: bool = False
    # 项目期/起止时间 as written (项目期 2024年1月-2026年12月); '' when the form has no such cell
    period: str = ""
    # header fields whose label cell the form shows but whose value cell was left empty
    # (项目名称, 主管部门/实施单位, 起止时间, 预算): "not filled", as opposed to "laid out elsewhere"
    blank_fields: list[str] = Field(default_factory=list)
    # numbered template rows left unfilled ('指标2:' with no name or value): residue, not indicators
    template_rows: list[str] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    kind: str = "project"  # "project" or "department" (部门整体)
    source: SourceSpan | None = None
    notes: list[ParseNote] = Field(default_factory=list)

    @property
    def budget_wan(self) -> Decimal | None:
        return wan(self.budget_total_yuan)


class Document(BaseModel):
    source: str = ""
    title: str = ""
    tables: list[TargetTable] = Field(default_factory=list)
    notes: list[ParseNote] = Field(default_factory=list)
    # what the reader did and did not understand (see ReadingReport below)
    report: ReadingReport = Field(default_factory=lambda: ReadingReport())


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(BaseModel):
    code: str
    severity: Severity
    table: int = 0
    indicator: int | None = None
    message: str
    hint: str = ""
    evidence: dict[str, Any] = Field(default_factory=dict)


ROW_ORIGINS = ("model", "offline", "user")


def row_origin(indicator: Indicator) -> str:
    """Who wrote a drafted row: the model (provenance llm:…), the offline drafter (any other
    provenance) or the user (a row added or rewritten by hand carries none)."""
    provenance = indicator.provenance or ""
    if provenance.startswith("llm:"):
        return "model"
    return "offline" if provenance else "user"


class DraftTrace(BaseModel):
    """What an LLM draft was made from and with: enough to reproduce and audit it. Never the
    API key, never the prompt text."""

    model: str = ""
    method: str = ""
    prompt_version: str = ""
    input_hash: str = ""  # sha256 of the project input (name, budget, purpose, goals), 16 hex
    tokens_in: int | None = None  # as reported by the server; None when it reports none
    tokens_out: int | None = None
    chars_in: int = 0
    chars_out: int = 0
    calls: int = 0
    repairs: int = 0
    examples: int = 0
    row_origins: list[str] = Field(default_factory=list)  # per table row: model/offline/user
    injections: list[str] = Field(default_factory=list)  # instruction sentences found in the paste
    removed: list[str] = Field(default_factory=list)  # model goals/rows removed, with why
    fell_back: bool = False  # the offline draft carries the table (merged or alone)
    error: str = ""  # the LLMError kind that ended the calls, if any


class Draft(BaseModel):
    """A drafted table with where each row came from and what the validators said."""

    table: TargetTable
    findings: list[Finding] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)  # e.g. LLM fell back to offline
    drafter: str = "offline"
    project_type: str = ""
    usage: dict[str, Any] = Field(default_factory=dict)
    trace: DraftTrace | None = None  # LLM drafts: model, prompt, input hash, tokens, rows' origins


# -- the reading report: what the reader understood, and what it did not ------------------------

HEADER_FIELDS = ("项目名称", "预算", "绩效目标", "主管部门/实施单位", "起止时间/年度")


class UnreadText(BaseModel):
    """A line or cell that looked like indicator content (a category word, a value shape) but
    that no parsed indicator or header field accounts for."""

    where: str  # 第12行, or 表格2第3行 for .docx
    text: str  # truncated
    line: int | None = None
    table: int | None = None  # the parsed table it sits in (index into Document.tables)
    reason: str = ""  # 类别词 / 指标值


class TableReading(BaseModel):
    table: int
    project: str = ""
    rows_read: int = 0
    fields_found: list[str] = Field(default_factory=list)
    fields_missing: list[str] = Field(default_factory=list)
    uncertain_rows: list[int] = Field(default_factory=list)  # 0-based indicator indices


class NotChecked(BaseModel):
    """A rule that was not run on a table because the table lacks what it compares."""

    code: str
    table: int = 0
    reason: str = ""  # 未读到预算数

    @property
    def text(self) -> str:
        return f"{self.code} 未检查：{self.reason}"


class ReadingReport(BaseModel):
    tables_found: int = 0
    tables: list[TableReading] = Field(default_factory=list)
    unread: list[UnreadText] = Field(default_factory=list)
    unread_omitted: int = 0  # unread lines beyond the cap, counted but not listed
    not_checked: list[NotChecked] = Field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(t.rows_read for t in self.tables)

    @property
    def uncertain_count(self) -> int:
        return sum(len(t.uncertain_rows) for t in self.tables)


Document.model_rebuild()
