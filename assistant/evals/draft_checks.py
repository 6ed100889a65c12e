"""What a reviewer checks on a draft, beyond coverage: the draft eval's per-case acceptance.

A case may declare (all optional; format in evals/cases/README.md):
- `required_facts[*].level2` / `.name_any`: the number must sit in the value of a row of that
  category (数量指标…, or 效益指标 for any benefit row), and of a row whose name carries one of
  the words: the number *and* the row it belongs on;
- `forbidden_numbers`: numbers no indicator value or goal may carry (a sub-group's count
  standing for the whole, a rate of the wrong grade, an instruction pasted into the text);
- `required_topics`: [{"any": [...], "level2"?: ...}]: the sector rows a reviewer expects
  (水质 for water supply, 亮灯率 for street lights), by the words of their names;
- `foreign_words`: words of other sectors that must not name any row;
- `expected_findings`: {"absent": [codes], "present": [codes]}.

On every case, declared or not: error findings, rows flagged as unrelated to the project
(R001), knowledge-base rows of another type, numbers without a source (a row from the
breakdown or budget whose figure the input does not hold; a typical or retrieved row not
marked 建议值), a false B003 (budget items said not to add up while they do).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.model import Draft, Indicator

BENEFIT = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
SUGGESTED_ORIGINS = ("type", "kb", "draft")  # typical, retrieved and generic rows
SUGGESTION = "建议值"
_YEAR = re.compile(r"(20\d{2})\s*年")


def group_of(level2: str) -> str:
    if level2 in BENEFIT or level2 == "效益指标":
        return "效益指标"
    return "满意度指标" if "满意度" in level2 else level2


def _row_matches(indicator: Indicator, level2: str | None, name_any: list[str] | None) -> bool:
    if level2 and group_of(indicator.level2) != group_of(level2) and indicator.level2 != level2:
        return False
    return not name_any or any(word in indicator.name for word in name_any)


def row_fact(fact: dict[str, Any], draft: Draft, quantities_in: Callable[[str], list[Any]]) -> bool:
    """Is the fact's number in the value of the row it belongs on?"""
    wanted = quantities_in(fact["text"])
    if not wanted:
        return False
    return any(
        _row_matches(i, fact.get("level2"), fact.get("name_any"))
        and any(wanted[0].matches(q) for q in quantities_in(i.target.raw))
        for i in draft.table.indicators
    )


def forbidden_hits(case: dict[str, Any], draft: Draft, quantities_in: Callable[[str], list[Any]]) -> list[str]:
    texts = [i.target.raw for i in draft.table.indicators] + list(draft.table.goals)
    found = []
    for text in case.get("forbidden_numbers", []):
        wanted = quantities_in(text)
        if wanted and any(wanted[0].matches(q) for t in texts for q in quantities_in(t)):
            found.append(text)
    return found


def missing_topics(case: dict[str, Any], draft: Draft) -> list[str]:
    missing = []
    for topic in case.get("required_topics", []):
        words = topic.get("any") or [topic["text"]]
        if not any(_row_matches(i, topic.get("level2"), words) for i in draft.table.indicators):
            missing.append("/".join(words))
    return missing


def finding_expectations(case: dict[str, Any], draft: Draft) -> list[str]:
    """Unmet expectations: '+B001' expected but absent, '-B003' present but should not be."""
    codes = {f.code for f in draft.findings}
    expected = case.get("expected_findings") or {}
    unmet = [f"+{c}" for c in expected.get("present", []) if c not in codes]
    unmet += [f"-{c}" for c in expected.get("absent", []) if c in codes and c != "B003"]
    return unmet


def false_b003(case: dict[str, Any], draft: Draft) -> bool:
    """B003 on a case whose annotation says the items add up (expected_findings.absent)."""
    expected = case.get("expected_findings") or {}
    return "B003" in expected.get("absent", []) and any(f.code == "B003" for f in draft.findings)


def foreign_rows(case: dict[str, Any], draft: Draft, kinds: set[str]) -> list[str]:
    """Rows from another sector: flagged unrelated (R001), retrieved from a KB table of
    another type, or named with a word the case lists as foreign."""
    unrelated = {f.indicator for f in draft.findings if f.code == "R001" and f.indicator is not None}
    words = case.get("foreign_words", [])
    out = []
    for index, indicator in enumerate(draft.table.indicators):
        source = indicator.provenance or ""
        kb_type = re.match(r"kb: .*\(([\w-]+)\)$", source)
        if (index in unrelated or any(w in indicator.name for w in words)
                or (kb_type and kb_type.group(1) not in kinds)):
            out.append(indicator.name)
    return out


def input_text(case: dict[str, Any]) -> str:
    data = case.get("input", {})
    parts = [str(data.get(k) or "") for k in ("project", "name", "purpose", "unit_name")]
    parts += [str(g) for g in data.get("goals", []) or []]
    for key in ("budget_wan", "fiscal_wan", "other_wan"):
        if data.get(key) is not None:
            parts.append(f"{data[key]}万元")
    if data.get("year"):
        parts.append(f"{data['year']}年")
    return " ".join(parts)


def _same_unit(a: Any, b: Any) -> bool:
    left, right = a.unit.removeprefix("个"), b.unit.removeprefix("个")
    return a.unit == b.unit or a.matches(b) or (
        bool(left and right) and (left.startswith(right) or right.startswith(left)))


def _grounded(value: str, source: str, quantities_in: Callable[[str], list[Any]]) -> bool:
    """Every number of the value is in the input (same number, same kind of unit), or is the
    sum of two or three of its numbers of that unit (优秀3人+称职6人 = 9人)."""
    given = quantities_in(source)
    for quantity in quantities_in(value):
        same = [g for g in given if _same_unit(quantity, g) or quantity.number == g.number]
        if any(quantity.number == g.number for g in same):
            continue
        units = [g.number for g in given if _same_unit(quantity, g) or not g.unit][:16]
        sums = {a + b for i, a in enumerate(units) for b in units[i + 1:]}
        sums |= {a + b + c for i, a in enumerate(units) for j, b in enumerate(units[i + 1:], i + 1)
                 for c in units[j + 1:]}
        if quantity.number not in sums:
            return False
    return True


def unsourced_rows(case: dict[str, Any], draft: Draft, quantities_in: Callable[[str], list[Any]]) -> list[str]:
    """Rows whose figure cites no source the input holds and carries no 建议值 mark."""
    source = input_text(case)
    years = set(_YEAR.findall(source)) | ({str(draft.table.year)} if draft.table.year else set())
    out = []
    for indicator in draft.table.indicators:
        value = indicator.target.raw
        if not re.search(r"\d", value):
            continue
        origin = re.split(r"[:：]", indicator.provenance or "", maxsplit=1)[0].strip()
        marked = SUGGESTION in (indicator.basis or "") or SUGGESTION in (indicator.description or "")
        if origin == "plan":  # a date from the budget year or the stated period
            stated = _YEAR.findall(value)
            ok = all(y in years for y in stated) or marked
        elif origin in SUGGESTED_ORIGINS or not origin:
            ok = marked
        else:  # cites the input (测算明细第2条：…, 资金用途：…, breakdown: …): the figure must be there
            ok = _grounded(value, source, quantities_in) or marked
        if not ok:
            out.append(f"{indicator.name} {value}")
    return out


# a goal glued from fragments: a dangling preposition, a doubled word or mark, a date with no year
_FRAGMENT = re.compile(
    r"[按对为的和及与][，。、；]|[，、；]{2}|([\u4e00-\u9fff]{2})\1|(?<![年\d])\d{1,2}月\d{1,2}日前|\s{2,}"
)


def fragment_goals(draft: Draft) -> list[str]:
    return [goal for goal in draft.table.goals if _FRAGMENT.search(goal)]


def acceptance(
    case: dict[str, Any], draft: Draft, quantities_in: Callable[[str], list[Any]]
) -> dict[str, Any]:
    """The per-case acceptance record the draft eval reports."""
    from assistant.draft.classify import item_types

    expected_codes = set((case.get("expected_findings") or {}).get("present", []))
    tied = [f for f in case.get("required_facts", []) if f.get("kind", "quantity") == "quantity"
            and (f.get("level2") or f.get("name_any"))]
    misplaced = [f["text"] for f in tied if not row_fact(f, draft, quantities_in)]
    data = case.get("input", {})
    kinds = {draft.project_type, *item_types(str(data.get("project") or data.get("name") or ""),
                                             str(data.get("purpose") or ""))}
    result = {
        "row_facts": round((len(tied) - len(misplaced)) / len(tied), 4) if tied else 1.0,
        "misplaced_facts": misplaced,
        "forbidden_found": forbidden_hits(case, draft, quantities_in),
        "missing_topics": missing_topics(case, draft),
        "unmet_findings": finding_expectations(case, draft),
        "false_b003": false_b003(case, draft),
        "foreign_rows": foreign_rows(case, draft, kinds),
        "unsourced_rows": unsourced_rows(case, draft, quantities_in),
        "fragment_goals": fragment_goals(draft),
        # an error the case expects is a true finding on the user's own breakdown, not the draft's
        "errors": sum(f.severity.value == "error" and f.code not in expected_codes for f in draft.findings),
    }
    expected_type = case.get("project_type")
    result["type_ok"] = not expected_type or expected_type == draft.project_type or (
        isinstance(expected_type, list) and draft.project_type in expected_type)
    result["passed"] = bool(
        not misplaced and not result["forbidden_found"] and not result["missing_topics"]
        and not result["unmet_findings"] and not result["false_b003"] and not result["foreign_rows"]
        and not result["unsourced_rows"] and not result["errors"] and result["type_ok"]
        and not result["fragment_goals"]
    )
    return result


def problems_text(result: dict[str, Any]) -> str:
    """One line of what failed, for the text report."""
    parts = [f"错位:{x}" for x in result["misplaced_facts"]]
    parts += [f"禁:{x}" for x in result["forbidden_found"]]
    parts += [f"缺主题:{x}" for x in result["missing_topics"]]
    parts += [f"发现{x}" for x in result["unmet_findings"]]
    parts += ["误报B003"] if result["false_b003"] else []
    parts += [f"外行:{x}" for x in result["foreign_rows"]]
    parts += [f"无来源:{x}" for x in result["unsourced_rows"]]
    parts += ["类型不符"] if not result["type_ok"] else []
    parts += [f"目标残句:{x[:30]}" for x in result.get("fragment_goals", [])]
    return "；".join(parts)


def acceptance_line(s: dict[str, Any]) -> str:
    if "passed" not in s:
        return ""
    return (f"验收通过 {s['passed']}/{s['cases']}：事实在对应行 {s['row_facts']:.3f}，禁用数字 "
            f"{s['forbidden_found']}，缺少领域指标 {s['missing_topics']}，发现不符 {s['unmet_findings']}，"
            f"误报B003 {s['false_b003']}，外行业行 {s['foreign_rows']}，无来源数字 {s['unsourced_rows']}，"
            f"目标残句 {s.get('fragment_goals', 0)}。")


def acceptance_cell(scored: dict[str, Any]) -> str:
    check = scored.get("acceptance")
    return "" if not check else "通过" if check["passed"] else problems_text(check)


__all__ = ["acceptance", "acceptance_cell", "acceptance_line", "group_of", "problems_text", "unsourced_rows"]
