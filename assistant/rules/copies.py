"""R002 (see rule-catalog): rows copied across unrelated projects of one document.

Linear in the document: rows are compared through a hash index of their keys, tables with the
same project signature and the same rows are grouped, and evidence lists are capped.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from assistant.model import Indicator, Severity, TargetTable, ValueKind
from assistant.rules.budget_support import is_cost_row
from assistant.rules.common import cell_evidence, quote, squash
from assistant.rules.registry import Hit, RuleContext, rule

# ---------------------------------------------------------------- R002: copied across projects

# Kinds of project whose siblings legitimately share a standard set of rows: two wage funds,
# or two village/community organisation funds, are not "unrelated projects".
_PROJECT_KINDS: dict[str, re.Pattern[str]] = {
    "pay": re.compile(r"工资|薪酬|报酬|社保|保险|补助|补贴|津贴|奖金|考核奖|生活费"),
    "grassroots": re.compile(r"村级组织|村干部|村两委|社区工作者|驻村|基层组织|乡镇转移支付|服务群众专项|"
                             r"村党组织|社区党组织|党组织活动"),
    "department": re.compile(r"整体"),
}
_MIN_SHARED = 2  # rows two unrelated tables must share before single rows count as copies
_WIDESPREAD = 3  # …unless the row itself sits in this many mutually unrelated projects


def row_key(indicator: Indicator) -> str:
    """二级 + 三级 + 描述, normalised. The value is left out on purpose: copying a row and changing
    its number is still copying."""
    return "|".join((indicator.level2, squash(indicator.name), squash(indicator.description)))


def is_common_row(indicator: Indicator, table: TargetTable) -> bool:
    """Rows every project may share: a satisfaction rate, a deadline, or a cost cap equal to the
    table's own budget. Template values (报告完成时间 ≥95%, 控制在预算内 ≥95%) are not common."""
    target = indicator.target
    if not squash(indicator.name):
        return True
    if (indicator.level1 == "满意度指标" or "满意" in indicator.name) and target.kind == ValueKind.PERCENT:
        return True
    if indicator.level2 == "时效指标" and target.kind in (ValueKind.DATE, ValueKind.PERIOD):
        return True
    money, budget = target.money_yuan, table.budget_total_yuan
    return bool(is_cost_row(indicator) and money is not None and budget and abs(money - budget) <= budget / 1000)


def project_kinds(table: TargetTable) -> frozenset[str]:
    return _project_kinds(table.project, table.kind == "department")


@lru_cache(maxsize=4096)
def _project_kinds(project: str, department: bool) -> frozenset[str]:
    kinds = {kind for kind, pattern in _PROJECT_KINDS.items() if pattern.search(project)}
    if department:
        kinds.add("department")
    return frozenset(kinds)


def projects_related(a: TargetTable, b: TargetTable) -> bool:
    """Same project, sibling projects of one kind, or a table with no name (cannot tell)."""
    if not squash(a.project) or not squash(b.project) or squash(a.project) == squash(b.project):
        return True
    return bool(project_kinds(a) & project_kinds(b))


Signature = tuple[str, frozenset[str]] | None  # (squashed project, kinds); None: no name


def _signature(table: TargetTable) -> Signature:
    name = squash(table.project)
    return (name, project_kinds(table)) if name else None


def _related(a: Signature, b: Signature) -> bool:
    """`projects_related` on signatures: tables with one signature relate to others alike."""
    return a is None or b is None or a[0] == b[0] or bool(a[1] & b[1])


def _widespread(holders: list[int], signatures: list[Signature]) -> bool:
    """At least `_WIDESPREAD` pairwise unrelated holders (greedy, in document order). A repeat
    of a signature already seen can never be picked, so each signature is looked at once and the
    walk stops at the threshold: linear in the holders."""
    picked: list[Signature] = []
    seen: set[Signature] = set()
    for index in holders:
        signature = signatures[index]
        if signature in seen:
            continue
        seen.add(signature)
        if all(not _related(signature, other) for other in picked):
            picked.append(signature)
            if len(picked) >= _WIDESPREAD:
                return True
    return False


@dataclass(frozen=True)
class Copies:
    """The unrelated tables carrying a row: how many, and the first `COPIES_LISTED` of them."""

    count: int
    tables: list[int]


COPIES_LISTED = 20  # evidence lists this many tables; the message counts them all


def copied_rows(tables: list[TargetTable]) -> dict[int, dict[int, Copies]]:
    """table index → {row index → other tables (unrelated projects) that carry the same row}.

    Tables with the same signature and the same set of own rows form one group (a document of
    repeated tables has few groups); groups are compared through the rows they share (a hash
    index of row keys), never all against all, and each row lists at most `COPIES_LISTED`
    tables, so the cost stays linear in the document for repeated content."""
    keys = [[row_key(ind) for ind in table.indicators] for table in tables]
    own = [frozenset(k for k, ind in zip(ks, t.indicators, strict=True) if not is_common_row(ind, t))
           for ks, t in zip(keys, tables, strict=True)]
    signatures = [_signature(table) for table in tables]
    holders: dict[str, list[int]] = {}
    for index, key_set in enumerate(own):
        for key in key_set:
            holders.setdefault(key, []).append(index)
    widespread = {k for k, h in holders.items() if len(h) >= _WIDESPREAD and _widespread(h, signatures)}

    group_of: dict[tuple[Signature, frozenset[str]], int] = {}
    members: list[list[int]] = []
    for index in range(len(tables)):
        group = group_of.setdefault((signatures[index], own[index]), len(members))
        if group == len(members):
            members.append([])
        members[group].append(index)
    group_holders: dict[str, list[int]] = {}
    for group, tables_in in enumerate(members):
        for key in own[tables_in[0]]:
            group_holders.setdefault(key, []).append(group)

    copied: dict[int, dict[str, list[int]]] = {}  # group → row key → groups of the copies
    compared: set[tuple[int, int]] = set()
    for groups in group_holders.values():
        for a in groups:
            first_a = members[a][0]
            for b in groups:
                if a == b or (a, b) in compared:
                    continue
                compared.add((a, b))
                first_b = members[b][0]
                if _related(signatures[first_a], signatures[first_b]):
                    continue
                shared = own[first_a] & own[first_b]
                if len(shared) < _MIN_SHARED:
                    shared &= widespread
                for key in shared:
                    copied.setdefault(a, {}).setdefault(key, []).append(b)

    result: dict[int, dict[int, Copies]] = {}
    for group, by_key in copied.items():
        copies = {
            key: Copies(
                sum(len(members[b]) for b in others),
                list(islice(heapq.merge(*(members[b] for b in others)), COPIES_LISTED)),
            )
            for key, others in by_key.items()
        }
        for a in members[group]:
            rows = {row: copies[key] for row, key in enumerate(keys[a]) if key in copies}
            if rows:
                result[a] = rows
    return result


@rule(
    code="R002",
    slug="copied-across-projects",
    category="relevance",
    severity=Severity.WARNING,
    title="同一文件中不相关的项目照搬了相同的指标",
    why=(
        "不同项目的钱买的是不同的产出，指标也应各不相同。几张用途完全不同的表里出现一模一样的指标和"
        "指标值，说明是套用模板、照搬照抄，指标并没有针对本项目设置。满意度、预算控制和年底完成时限"
        "这类各项目通用的行不算在内。"
    ),
    bad="防火、防汛、垃圾清运和统计站办公经费几张表都写“年度服务部门数量 ≥95百分比”",
    good="同一文件中补偿安置费写“发放户数 =149户”，网格化管理写“发放人数 =119人”：只有满意度、完成时限这类通用行相同，其余各自对应用途",
    fix_hint="按本项目的资金用途重新设置这一行，删去从其他项目照搬来的指标。",
    refs=("copy-paste", "relevance"),
)
def copied_across_projects(context: RuleContext) -> Iterator[Hit]:
    tables = context.document.tables
    if "R002" not in context.cache:
        context.cache["R002"] = copied_rows(tables)
    rows = context.cache["R002"].get(context.table_index, {})
    for row, copies in sorted(rows.items()):
        indicator = context.table.indicators[row]
        others = copies.tables
        names = "、".join(quote(tables[b].project) for b in others[:3])
        more = f"等{copies.count}个项目" if copies.count > 3 else ""
        extra = {"copied_count": copies.count} if copies.count > len(others) else {}
        yield Hit(
            f"指标{quote(indicator.name)}（{quote(indicator.target.raw)}）与{names}{more}中的指标完全相同，"
            "这些项目用途不同，疑似照搬模板",
            row,
            cell_evidence(indicator, field="name", value=indicator.target.raw,
                          copied_in=[tables[b].project for b in others], tables=list(others), **extra),
        )
