"""Header fields a table leaves out, taken from the document's prose or its own rows, each
with a note saying where it came from: the budget (批复下达预算资金10万元), the project a
report's sentence introduces (该XX项目于…), the fund an arrival indicator names (X资金到位率)."""

from __future__ import annotations

from assistant.model import Document, ParseNote, TargetTable
from assistant.parse.blocks import Block, Para
from assistant.parse.header_scan import scan_allocation, scan_fund_project, scan_prose_project
from assistant.parse.report_targets import fold_name


def fields_from_prose(document: Document, blocks: list[Block]) -> None:
    """With one table in the document, a sentence about money or a project can only be about it."""
    if len(document.tables) == 1 and document.tables[0].budget_total_yuan is None:
        _budget_from_prose(document.tables[0], blocks)
    if len(document.tables) == 1 and not document.tables[0].project:
        _project_from_prose(document.tables[0], blocks)
    for table in document.tables:
        fund = "" if table.project else scan_fund_project([i.name for i in table.indicators])
        if fund:
            table.project = fund
            table.notes = [note for note in table.notes if note.message != "未找到项目名称"]
            table.notes.append(ParseNote(
                message=f"表中没有写项目名称，按指标“{fund}到位…”推断为“{fund}”，请核对",
                where=fund, severity="warning",
            ))


def _budget_from_prose(table: TargetTable, blocks: list[Block]) -> None:
    """A self-evaluation report states the money in its prose (批复下达预算资金10万元); with one
    table in the document the sentence can only be about it. The note says where it came from."""
    prose = "\n".join(block.text for block in blocks if isinstance(block, Para))
    found = scan_allocation(prose)
    if found is not None:
        table.budget_total_yuan = found[0]
        table.notes.append(ParseNote(message=f"预算数取自正文：“{found[1]}”", where=table.project))


def _project_from_prose(table: TargetTable, blocks: list[Block]) -> None:
    """A report names its project in a sentence (该XX项目于2020年初申报) where the table has no
    项目名称 cell; with one table in the document the sentence can only be about it."""
    prose = "\n".join(block.text for block in blocks if isinstance(block, Para))
    name = scan_prose_project(prose)
    names = {fold_name(indicator.name) for indicator in table.indicators}
    if name and fold_name(name) not in names:
        table.project = name
        table.notes = [note for note in table.notes if note.message != "未找到项目名称"]
        table.notes.append(ParseNote(message=f"项目名称取自正文：“{name}”", where=name))
