"""Why one indicator row is weak, what the rules and guidance say, and better alternatives.

`explain_indicator(document, table_index, indicator_index)` gathers, for one row:
- its findings (the one rule engine), each with the rule's why and the guidance sections the
  rule rests on (text from knowledge_base/guidance, cited by id);
- the project's type (KB retrieval + taxonomy keywords);
- three alternatives: good rows of comparable KB tables (same type, same 二级), adapted to this
  project's numbers where the budget breakdown has them; when the KB holds no comparable
  published table, the taxonomy's typical indicators for the type and rows derived from the
  project's own 资金用途, with a note saying so.
With an LLM configured, an optional short narrative is written from exactly these pieces.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from assistant.model import Document, Finding, Indicator, TargetTable

NO_COMPARABLE_NOTE = "知识库中暂无同类项目的已发布表，以下建议依据项目用途与指引"
PURPOSE_SOURCE = "本项目资金用途"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_N_SLOT = re.compile(r"(?<![A-Za-z])N(?![A-Za-z])")


class GuidanceRef(BaseModel):
    id: str
    title: str
    file: str
    text: str


class ExplainedFinding(BaseModel):
    code: str
    severity: str
    title: str = ""
    message: str
    hint: str = ""
    why: str = ""
    guidance: list[GuidanceRef] = Field(default_factory=list)


class Alternative(BaseModel):
    name: str
    value: str = ""
    level2: str = ""
    description: str = ""
    source: str  # KB table id, "taxonomy:<type>" or "本项目资金用途"
    project: str = ""  # the KB table's project
    source_url: str = ""
    adapted: str = ""  # how the value was adapted to this project's numbers


class Explanation(BaseModel):
    project: str
    table_index: int
    indicator_index: int
    indicator: dict[str, Any]
    findings: list[ExplainedFinding] = Field(default_factory=list)
    project_type: str = ""
    type_name: str = ""
    type_evidence: dict[str, Any] = Field(default_factory=dict)
    alternatives: list[Alternative] = Field(default_factory=list)
    note: str = ""
    narrative: str | None = None


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def find_indicator(document: Document, project: str, indicator: str) -> tuple[int, int] | None:
    """(table index, row index) by project and indicator name: exact first, then contains."""
    p, i = _norm(project), _norm(indicator)

    def tables(match_exact: bool) -> list[int]:
        return [n for n, t in enumerate(document.tables)
                if (_norm(t.project) == p if match_exact else p and p in _norm(t.project))]

    for exact_table in (True, False):
        for n in tables(exact_table):
            rows = document.tables[n].indicators
            for exact_row in (True, False):
                for r, row in enumerate(rows):
                    name = _norm(row.name)
                    if (name == i) if exact_row else (i and (i in name or (name and name in i))):
                        return n, r
    return None


def _guidance_refs(code: str, refs: tuple[str, ...], service: Any) -> list[GuidanceRef]:
    sections = [service.guidance(r) for r in refs]
    sections = [s for s in sections if s] or service.guidance_for_rule(code)[:2]
    return [GuidanceRef(id=s["id"], title=s["title"], file=s["file"], text=s["text"]) for s in sections]


def explain_findings(findings: list[Finding], service: Any) -> list[ExplainedFinding]:
    from assistant.rules import load_rules

    rules = load_rules()
    out = []
    for f in findings:
        rule = rules.get(f.code)
        out.append(ExplainedFinding(
            code=f.code, severity=f.severity.value, message=f.message, hint=f.hint,
            title=rule.title if rule else "", why=rule.why if rule else "",
            guidance=_guidance_refs(f.code, rule.refs if rule else (), service),
        ))
    return out


# ---------------------------------------------------------------------- alternatives


# words every row name has: sharing them says nothing about counting the same object
_GENERIC_PAIRS = {"数量", "完成", "个数", "人数", "次数", "比例", "时间", "项目", "资金", "工作", "率达"}
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")


def _pairs(text: str) -> set[str]:
    out: set[str] = set()
    for word in _CJK_WORD.findall(text or ""):
        out.update(word[i : i + 2] for i in range(len(word) - 1))
    return out - _GENERIC_PAIRS


def _quantities(table: TargetTable, name: str = "") -> dict[str, tuple[str, str]]:
    """unit → (number text, budget-item label) of the breakdown quantity that counts the same
    object as the row `name` (a shared word between the name and the quantity's item); with no
    name, the first quantity of each unit. A number is never taken from another object: 18
    villages are not 18 pumps."""
    out: dict[str, tuple[str, str]] = {}
    wanted = _pairs(name)
    for item in table.budget_items:
        label = item.label or item.text[:20]
        for q in item.quantities:
            if name:
                around = " ".join(x for x in (item.label, getattr(q, "text", ""), getattr(q, "noun", "")) if x)
                if not wanted & _pairs(around or item.text):
                    continue
            out.setdefault(q.unit, (f"{q.value.normalize():f}", label))
    return out


# how firmly a value commits: a yes/no or a bare word < a date or period < a number or a rate
def value_strength(value: str) -> int:
    text = (value or "").strip()
    if not _NUMBER.search(text) and not _N_SLOT.search(text):
        return 0
    if re.search(r"(年|月|日|前|底|季度)$", text) or re.search(r"\d{4}年", text):
        return 1
    return 2


def _is_rate(value: str) -> bool:
    return "%" in value or "‰" in value


def adapt_value(value: str, table: TargetTable, name: str = "") -> tuple[str, str]:
    """Fill `N` (taxonomy) or swap a count for this project's own, from the breakdown (only a
    quantity of the same object as `name` when a name is given)."""
    quantities = _quantities(table, name)
    unit = re.sub(r"^[=≥≤<>＝\s]*[\dN.]+", "", value).strip()
    if unit in quantities:
        number, label = quantities[unit]
        if _N_SLOT.search(value):
            return _N_SLOT.sub(number, value, count=1), f"数字取自测算“{label}”"
        if _NUMBER.search(value) and unit not in ("%", "‰"):
            return _NUMBER.sub(number, value, count=1), f"数字改为本项目测算“{label}”中的{number}{unit}"
    if _N_SLOT.search(value):
        if unit in ("万元", "元") and table.budget_total_yuan and "总" in value + unit:
            return value, "N 按本项目预算填写"
        return value, "N 按本项目测算填写"
    return value, ""


def _hit_alternative(hit: Any, table: TargetTable, tables: dict[str, Any]) -> Alternative:
    meta = hit.metadata
    name = hit.text.split("：", 1)[0].split("（", 1)[0]
    value, adapted = adapt_value(str(meta.get("value") or ""), table, name)
    tid = str(meta.get("table_id") or "")
    source = tid or str(meta.get("source") or "")
    kb_table = tables.get(tid, {})
    description = ""
    if "：" in hit.text:
        description = hit.text.split("：", 1)[1].rsplit("（", 1)[0]
    return Alternative(
        name=name, value=value, level2=str(meta.get("level2") or ""), description=description,
        source=source, project=str(meta.get("project") or ""),
        source_url=str(kb_table.get("source") or ""), adapted=adapted,
    )


def _purpose_alternatives(table: TargetTable, level2: str) -> list[Alternative]:
    """Counts straight from the breakdown: what the money buys, in its own units."""
    if level2 and level2 != "数量指标":
        return []
    out = []
    for item in table.budget_items:
        label = (item.label or item.text).strip()
        for q in item.quantities:
            if q.unit in ("元", "万元", "%"):
                continue
            out.append(Alternative(
                name=f"{label[:16]}数量", value=f"={q.value.normalize():f}{q.unit}", level2="数量指标",
                source=PURPOSE_SOURCE, adapted=f"取自测算“{label[:24]}”",
            ))
    return out


def _weaker_filter(floor: int, rate: bool) -> Any:
    def ok(alt: Alternative) -> bool:
        """Never weaker than the row it replaces: no yes/no for a figure, a rate for a rate."""
        if value_strength(alt.value) < floor:
            return False
        return not (rate and alt.level2 in ("质量指标", "满意度指标", "服务对象满意度指标")
                    and not _is_rate(alt.value))
    return ok


def alternatives_for(
    table: TargetTable, indicator: Indicator, project_type: str, service: Any,
    exclude: tuple[str, ...] = (), k: int = 3,
) -> tuple[list[Alternative], str]:
    """(alternatives, note): good rows of comparable KB tables first, else typical indicators."""
    query = " ".join([indicator.name, indicator.description, table.project, table.purpose[:200]])
    own = {_norm(r.name) for r in table.indicators}
    tables = service.tables
    picked: list[Alternative] = []
    weaker_ok = _weaker_filter(max(1, value_strength(indicator.value)), _is_rate(indicator.value))

    def take(hits: list[Any]) -> None:
        for hit in hits:
            other_type = hit.metadata.get("project_type")
            if project_type and other_type and other_type != project_type:
                continue  # another kind of project: its rows do not fit this one
            alt = _hit_alternative(hit, table, tables)
            if not weaker_ok(alt):
                continue
            if _norm(alt.name) in own or any(_norm(a.name) == _norm(alt.name) for a in picked):
                continue
            picked.append(alt)
            if len(picked) >= k:
                return

    def kb_rows(level2: str | None) -> list[Any]:
        hits = service.similar_indicators(query, project_type=project_type, level2=level2,
                                          k=12, exclude_tables=exclude)
        return [h for h in hits if h.metadata.get("table_id")]

    take(kb_rows(indicator.level2 or None))
    comparable = bool(picked)
    note = ""
    if not comparable:
        note = NO_COMPARABLE_NOTE
    if len(picked) < k:
        typical = service.similar_indicators(query, project_type=project_type,
                                             level2=indicator.level2 or None, k=12)
        take([h for h in typical if not h.metadata.get("table_id")])
    if len(picked) < k:
        for alt in _purpose_alternatives(table, indicator.level2):
            if not weaker_ok(alt):
                continue
            if len(picked) < k and all(_norm(a.name) != _norm(alt.name) for a in picked):
                picked.append(alt)
    if len(picked) < k:  # same first level, any second level of the type
        level1 = indicator.level1
        for hit in service.similar_indicators(query, project_type=project_type, k=20,
                                              exclude_tables=exclude):
            if hit.metadata.get("level1") == level1 and (comparable or not hit.metadata.get("table_id")):
                take([hit])
            if len(picked) >= k:
                break
    if len(picked) < k:  # the type's typical rows of this level, whatever the query
        for rec in service.records:
            meta = rec.metadata
            if (rec.kind == "indicator" and meta.get("project_type") == project_type
                    and not meta.get("table_id")
                    and meta.get("level2") == (indicator.level2 or meta.get("level2"))):
                take([_as_hit(rec)])
            if len(picked) >= k:
                break
    return picked[:k], note


def _as_hit(record: Any) -> Any:
    from assistant.knowledge.records import Hit

    return Hit(id=record.id, text=record.text, kind=record.kind, metadata=dict(record.metadata), score=0.0)


# --------------------------------------------------------------------------- explain


def explain_indicator(
    document: Document, table_index: int, indicator_index: int, service: Any = None,
    findings: list[Finding] | None = None, narrative: bool = True,
) -> Explanation:
    from assistant.knowledge.relevance import same_project_tables
    from assistant.knowledge.service import get_service
    from assistant.parse.json_io import indicator_to_json
    from assistant.rules import check

    service = service or get_service("bm25")
    table = document.tables[table_index]
    indicator = table.indicators[indicator_index]
    if findings is None:
        findings = check(document)
    own = [f for f in findings if f.table == table_index and f.indicator == indicator_index]
    exclude = same_project_tables(table.project)
    type_id, _, evidence = service.classify(table.project, table.purpose, exclude=exclude)
    alternatives, note = alternatives_for(table, indicator, type_id, service, exclude=exclude)
    result = Explanation(
        project=table.project, table_index=table_index, indicator_index=indicator_index,
        indicator=indicator_to_json(indicator), findings=explain_findings(own, service),
        project_type=type_id, type_name=str(evidence.get("type_name") or ""),
        type_evidence={"tables": evidence.get("tables", [])[:3], "keywords": evidence.get("keywords", {})},
        alternatives=alternatives, note=note,
    )
    if narrative:
        result.narrative = write_narrative(result)
    return result


class _Narrative(BaseModel):
    text: str


def write_narrative(explanation: Explanation, chat: Any = None) -> str | None:
    """A few plain sentences from exactly these pieces, when an LLM is configured; else None.
    The structured parts stay the answer: the narrative never replaces them."""
    if chat is None:
        from assistant.config import get_settings
        from assistant.llm import make_chat_model

        chat = make_chat_model(get_settings())
    if chat is None:
        return None
    # no internal ids (type ids, KB table ids, seed names) in what the model may repeat
    facts = explanation.model_dump(exclude={"narrative", "type_evidence", "project_type"})
    for f in facts["findings"]:
        f["guidance"] = [{"title": g["title"]} for g in f["guidance"]]
    for a in facts["alternatives"]:
        a.pop("source", None)
        if not str(a.get("source_url") or "").startswith("http"):
            a["source_url"] = ""
    messages = [
        {"role": "system", "content": "你是预算绩效目标审核助手。只根据给定材料，用三到五句中文说明这条指标为什么薄弱、"
                                      "依据哪条指引、建议换成哪几个指标（注明来源）。不要补充材料以外的事实。"
                                      "以 JSON 输出：{\"text\": \"…\"}"},
        {"role": "user", "content": str(facts)},
    ]
    try:
        return chat.structured(messages, _Narrative).parsed.text.strip() or None
    except Exception:  # the narrative is optional: any failure leaves the structured answer
        return None


def format_explanation(e: Explanation) -> str:
    row = e.indicator
    lines = [f"项目：{e.project}",
             f"指标：{row['level1']} / {row['level2']} / {row['name']}  指标值 {row['value'] or '（空）'}"]
    if e.type_name:
        lines.append(f"项目类型（知识库判断）：{e.type_name}（{e.project_type}）")
    lines.append("")
    if not e.findings:
        lines.append("规则检查：这一行没有发现问题。")
    for f in e.findings:
        label = {"error": "错误", "warning": "警告", "info": "提示"}.get(f.severity, f.severity)
        lines += [f"{f.code} [{label}] {f.title}", f"  问题：{f.message}"]
        if f.why:
            lines.append(f"  为什么：{f.why}")
        for g in f.guidance:
            lines.append(f"  指引 [{g.id}] {g.title}（knowledge_base/guidance/{g.file}）")
            lines.extend(f"    {t}" for t in g.text.splitlines()[:3] if t.strip())
        if f.hint:
            lines.append(f"  怎么改：{f.hint}")
        lines.append("")
    lines.append("更好的写法：")
    if e.note:
        lines.append(f"  {e.note}")
    for n, a in enumerate(e.alternatives, start=1):
        where = a.source
        if a.project and not a.source.startswith("taxonomy:") and a.source != PURPOSE_SOURCE:
            where = f"{a.source} {a.project}" + (f" {a.source_url}" if a.source_url else "")
        elif a.source.startswith("taxonomy:"):
            where = f"{a.source}（常见指标）"
        lines.append(f"  {n}. {a.level2} {a.name} {a.value}".rstrip())
        lines.append(f"     来源：{where}" + (f"；{a.adapted}" if a.adapted else ""))
    if not e.alternatives:
        lines.append("  （知识库中没有可参考的指标）")
    if e.narrative:
        lines += ["", "说明（由大模型根据以上内容撰写）：", f"  {e.narrative}"]
    return "\n".join(lines) + "\n"
