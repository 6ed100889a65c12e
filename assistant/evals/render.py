"""Rendering the eval report's blocks as Markdown and as HTML (one structure, two outputs)."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Any]]
    marks: list[str] = field(default_factory=list)  # per row: "" | "bad" | "good"


Block = tuple[str, Any]  # ("h2"|"h3"|"p"|"img", text) or ("table", Table)


def _md_cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def render_markdown(blocks: Iterable[Block], images: dict[str, str]) -> str:
    out: list[str] = []
    for kind, body in blocks:
        if kind in ("h1", "h2", "h3"):
            out += [f"{'#' * int(kind[1])} {body}", ""]
        elif kind == "p":
            out += [body, ""]
        elif kind == "img" and body in images:
            out += [f"![{body}]({images[body]})", ""]
        elif kind == "table":
            out.append("| " + " | ".join(body.headers) + " |")
            out.append("|" + "---|" * len(body.headers))
            for i, row in enumerate(body.rows):
                cells = [_md_cell(c) for c in row]
                if body.marks and i < len(body.marks) and body.marks[i] == "bad":
                    cells[0] = f"**{cells[0]}**"
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
    return "\n".join(out)


_CSS = """body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;margin:8px 0 18px;font-size:13px}th,td{border:1px solid #ccc;padding:3px 7px;
text-align:left;vertical-align:top}th{background:#f0f0f0}tr.bad td{background:#fde2e1}tr.good td{background:#e3f4e1}
img{max-width:100%;border:1px solid #ddd;margin:6px 0}h2{border-bottom:2px solid #4C78A8;padding-bottom:3px}"""


def render_html(blocks: Iterable[Block], images: dict[str, str]) -> str:
    out = [
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>评测报告</title>',
        f"<style>{_CSS}</style></head><body>",
    ]
    for kind, body in blocks:
        if kind in ("h1", "h2", "h3"):
            out.append(f"<{kind}>{html.escape(body)}</{kind}>")
        elif kind == "p":
            out.append(f"<p>{html.escape(body)}</p>")
        elif kind == "img" and body in images:
            out.append(f'<img alt="{html.escape(body)}" src="{images[body]}">')
        elif kind == "table":
            out.append(
                "<table><tr>"
                + "".join(f"<th>{html.escape(h)}</th>" for h in body.headers)
                + "</tr>"
            )
            for i, row in enumerate(body.rows):
                mark = body.marks[i] if i < len(body.marks) else ""
                cls = f' class="{mark}"' if mark else ""
                out.append(
                    f"<tr{cls}>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
                )
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


__all__ = ["Block", "Table", "render_html", "render_markdown"]
