"""The 来源 a reader sees for a drafted row, in Chinese.

Rows record where they came from with a machine prefix the evals and the app group by
("breakdown: 测算明细第2条：甲类300人", "type: water-supply typical indicator", "kb: k007 (…)");
`source_text` turns that into what a reviewer reads: the cited span ("测算明细第2条：甲类300人"),
the budget ("预算数：28.8万元"), or a 建议值 with its reason.
"""

from __future__ import annotations

import re

_SUGGESTED_TYPE = "建议值：同类项目常用水平，请按本项目年度计划核定"


def source_text(provenance: str | None, year: int | None = None) -> str:
    """'breakdown: 测算明细第2条：甲类300人' → '测算明细第2条：甲类300人'; 'type: … typical
    indicator' → '建议值：同类项目常用水平…'; other machine words never reach the reader."""
    text = (provenance or "").strip()
    if not text:
        return ""
    kind, sep, rest = text.partition(":")
    kind, rest = kind.strip().lower(), rest.strip()
    if not sep or not re.fullmatch(r"[a-z_\-]+", kind):
        return text  # already Chinese (or an LLM's own words)
    if kind == "llm":
        said = rest.split("；", 1)[1].strip() if "；" in rest else ""
        return "大模型起草" + (f"：{source_text(said, year)}" if said else "（请核对数字来源）")
    if kind == "breakdown":
        return rest if re.match(r"(?:测算明细|资金用途|项目描述)", rest) else f"资金用途：{rest}"
    if kind == "budget":
        return re.sub(r"^预算数\s*", "预算数：", rest) or "预算数"
    if kind == "plan":
        return f"预算年度{year}年（年度内完成）" if year else "建议值：未写明预算年度，按年度末完成"
    if kind in ("purpose", "goal", "goals", "input"):
        return f"项目描述：{rest}" if rest else "项目描述"
    if kind == "kb":
        return "建议值：参照知识库中的同类项目，请按本项目实际核定"
    if kind == "type":
        return _SUGGESTED_TYPE if "suggested" in rest or "typical" in rest else "建议值：同类项目常用指标"
    if kind in ("draft", "default"):
        return "建议值：通用指标，请按本项目实际核定"
    if kind == "user":
        return "手工填写"
    return "建议值"


__all__ = ["source_text"]
