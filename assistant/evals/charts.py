"""PNG charts for the eval report (matplotlib, Agg backend: no display needed).

Labels are Chinese when a CJK font is installed (WenQuanYi, Noto CJK, …); otherwise the charts
fall back to ASCII labels so no glyph is drawn as a box.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

_CJK_HINTS = (
    "WenQuanYi",
    "Noto Sans CJK",
    "Noto Serif CJK",
    "Noto Sans SC",
    "Source Han",
    "SimHei",
    "Microsoft YaHei",
    "PingFang",
    "Heiti",
    "AR PL",
    "Droid Sans Fallback",
)


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The name of an installed font that has Chinese glyphs, or None."""
    from matplotlib import font_manager

    for font in font_manager.fontManager.ttflist:
        if any(hint.lower() in font.name.lower() for hint in _CJK_HINTS):
            return font.name
    return None


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = cjk_font()
    if font:
        plt.rcParams["font.sans-serif"] = [font, "DejaVu Sans"]
        plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _t(chinese: str, ascii_text: str) -> str:
    return chinese if cjk_font() else ascii_text


def rules_chart(rules: dict[str, Any], path: Path) -> Path:
    """Precision and recall per rule code (grouped bars), labelled counts on the axis."""
    plt = _pyplot()
    codes = sorted(rules["codes"])
    precision = [rules["codes"][c]["precision"] for c in codes]
    recall = [rules["codes"][c]["recall"] for c in codes]
    fig, ax = plt.subplots(figsize=(max(8, 0.42 * len(codes) + 2), 4.2), dpi=110)
    xs = range(len(codes))
    ax.bar(
        [x - 0.2 for x in xs],
        precision,
        width=0.4,
        label=_t("精确率", "precision"),
        color="#4C78A8",
    )
    ax.bar([x + 0.2 for x in xs], recall, width=0.4, label=_t("召回率", "recall"), color="#F58518")
    ax.set_xticks(list(xs))
    ax.set_xticklabels(codes, rotation=60, fontsize=8)
    ax.set_ylim(0, 1.08)
    ax.axhline(0.9, color="#999", linestyle="--", linewidth=0.8)
    overall = rules["overall"]
    ax.set_title(
        _t(
            f"规则：各代码精确率/召回率（总体 P={overall['precision']:.2f} R={overall['recall']:.2f}）",
            f"Rules: precision/recall per code (overall P={overall['precision']:.2f} "
            f"R={overall['recall']:.2f})",
        )
    )
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def draft_chart(draft: dict[str, Any], path: Path) -> Path:
    """Per case: category coverage, facts used, facts in values (bars) and error count (markers)."""
    plt = _pyplot()
    cases = draft["cases"]
    ids = [c["id"] for c in cases]
    series = [
        ("category_coverage", _t("类别覆盖", "category coverage"), "#54A24B"),
        ("facts_used", _t("必含事实", "facts used"), "#4C78A8"),
        ("facts_in_values", _t("事实在指标值中", "facts in values"), "#B279A2"),
    ]
    fig, ax = plt.subplots(figsize=(max(8, 0.6 * len(ids) + 2), 4.4), dpi=110)
    width = 0.26
    for offset, (key, label, color) in enumerate(series):
        ax.bar(
            [i + (offset - 1) * width for i in range(len(ids))],
            [c["offline"][key] for c in cases],
            width=width,
            label=label,
            color=color,
        )
    ax.set_ylim(0, 1.1)
    ax.set_xticks(range(len(ids)))
    ax.set_xticklabels(ids, rotation=55, ha="right", fontsize=8)
    errors = ax.twinx()
    errors.plot(
        range(len(ids)), [c["offline"]["errors"] for c in cases], "rv", label=_t("错误数", "errors")
    )
    errors.set_ylim(0, max(3, max((c["offline"]["errors"] for c in cases), default=0) + 1))
    errors.set_ylabel(_t("错误数", "errors"))
    ax.set_title(_t("离线草稿：各案例指标", "Offline drafts: metrics per case"))
    handles, labels = ax.get_legend_handles_labels()
    h2, l2 = errors.get_legend_handles_labels()
    ax.legend(handles + h2, labels + l2, loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def retrieval_chart(retrieval: dict[str, Any], path: Path) -> Path:
    """hit@1, hit@5 and MRR per project type."""
    plt = _pyplot()
    per_type = retrieval.get("per_type", {})
    types = list(per_type)
    fig, ax = plt.subplots(figsize=(max(8, 0.55 * len(types) + 2), 4.2), dpi=110)
    width = 0.26
    for offset, (key, color) in enumerate(
        (("hit1", "#4C78A8"), ("hit5", "#54A24B"), ("mrr", "#F58518"))
    ):
        ax.bar(
            [i + (offset - 1) * width for i in range(len(types))],
            [per_type[t].get(key, 0) for t in types],
            width=width,
            label=key,
            color=color,
        )
    ax.set_xticks(range(len(types)))
    ax.set_xticklabels(types, rotation=55, ha="right", fontsize=8)
    ax.set_ylim(0, 1.1)
    overall = retrieval.get("overall", {})
    ax.set_title(
        _t(
            f"检索：各项目类型（总体 hit@5={overall.get('hit5', 0):.2f}，MRR={overall.get('mrr', 0):.2f}）",
            f"Retrieval per project type (overall hit@5={overall.get('hit5', 0):.2f}, "
            f"MRR={overall.get('mrr', 0):.2f})",
        )
    )
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def write_charts(results: dict[str, Any], folder: Path) -> dict[str, Path]:
    """Every chart the results allow; name → PNG path."""
    folder.mkdir(parents=True, exist_ok=True)
    charts: dict[str, Path] = {}
    if results.get("rules", {}).get("codes"):
        charts["rules"] = rules_chart(results["rules"], folder / "rules_codes.png")
    if results.get("retrieval", {}).get("per_type"):
        charts["retrieval"] = retrieval_chart(results["retrieval"], folder / "retrieval_types.png")
    if results.get("draft", {}).get("cases"):
        charts["draft"] = draft_chart(results["draft"], folder / "draft_cases.png")
    return charts
