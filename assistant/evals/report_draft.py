"""The draft part of the eval report: per-case scores, the acceptance checks, the LLM runs."""

from __future__ import annotations

from typing import Any

from assistant.evals.render import Block, Table


def pct(value: Any) -> str:
    return "—" if value is None else f"{float(value):.3f}"



def draft_blocks(draft: dict[str, Any]) -> list[Block]:
    from assistant.evals.draft_checks import acceptance_cell, acceptance_line

    s = draft["summary"]
    blocks: list[Block] = [
        ("h2", "草稿评测（离线）"),
        (
            "p",
            f"{s['cases']} 个案例：类别覆盖 {s['category_coverage']:.3f}，必含事实 {s['facts_used']:.3f}"
            f"（出现在指标值中 {s['facts_in_values']:.3f}），无错误草稿占比 {s['clean_share']:.3f}；"
            f"草稿共 {s['findings']} 条发现（错误 {s['errors']}，落在指标行上的 {s['row_findings']} 条，其余为表级发现，多是资金测算本身的问题）。有参照表的案例：参照表 {s['reference_findings']} 条发现，"
            f"草稿 {s['draft_findings_on_referenced']} 条。用时 {s['seconds']} 秒。"
            + acceptance_line(s),
        ),
        ("img", "draft"),
    ]
    rows, marks = [], []
    for case in draft["cases"]:
        o, ref = case["offline"], case.get("reference")
        ref_counts = ref["findings"] if ref else None
        rows.append(
            [
                case["id"],
                o["project_type"],
                o["indicators"],
                pct(o["category_coverage"]),
                pct(o["facts_used"]),
                pct(o["facts_in_values"]),
                f"{o['findings']['error']}/{o['findings']['warning']}/{o['findings']['info']}",
                "—"
                if not ref_counts
                else f"{ref_counts['error']}/{ref_counts['warning']}/{ref_counts['info']}",
                "、".join(o["missing_facts"] + o["missing_categories"]) or "",
                acceptance_cell(o),
            ]
        )
        marks.append("bad" if o["errors"] or o["missing_facts"] or o["missing_categories"] else "")
    blocks.append(
        (
            "table",
            Table(
                [
                    "案例",
                    "类型",
                    "指标数",
                    "类别覆盖",
                    "必含事实",
                    "事实在值中",
                    "草稿 错/警/提示",
                    "参照表 错/警/提示",
                    "缺少",
                    "验收",
                ],
                rows,
                marks,
            ),
        )
    )
    problems = [
        (case["id"], f) for case in draft["cases"] for f in case["offline"]["findings_list"]
    ]
    if problems:
        blocks += [
            ("h3", f"草稿仍有的发现（{len(problems)} 条）"),
            (
                "table",
                Table(
                    ["案例", "代码", "级别", "行", "说明"],
                    [
                        [
                            cid,
                            f["code"],
                            f["severity"],
                            "表级" if f["indicator"] is None else f["indicator"],
                            f["message"][:160],
                        ]
                        for cid, f in problems
                    ],
                ),
            ),
        ]
    if draft.get("llm_summary"):
        ls = draft["llm_summary"]
        blocks += [
            ("h2", "草稿评测（大模型）"),
            (
                "p",
                f"模型 {ls.get('model') or '—'}，提示词版本 {ls.get('prompt_version') or '—'}；"
                f"{ls['cases']} 个案例共调用 {ls['calls']} 次，平均每稿 {ls['chars_per_draft']:.0f} 字符，"
                f"回退离线 {ls['fallbacks']} 次。类别覆盖 {ls['category_coverage']:.3f}，必含事实 "
                f"{ls['facts_used']:.3f}，错误 {ls['errors']}。",
            ),
        ]
        rows = [
            [
                c["id"],
                c["llm"]["llm"]["calls"],
                c["llm"]["llm"]["chars"],
                pct(c["llm"]["category_coverage"]),
                pct(c["llm"]["facts_used"]),
                c["llm"]["errors"],
                "是" if c["llm"]["llm"]["fell_back"] else "",
            ]
            for c in draft["cases"]
            if c.get("llm")
        ]
        blocks.append(
            ("table", Table(["案例", "调用", "字符", "类别覆盖", "必含事实", "错误", "回退"], rows))
        )
    return blocks
