"""The official review dimensions (审核要点: 完整性 / 相关性 / 适当性 / 可行性) and which rule code
belongs to which, beside the registry so a new rule is placed when it is added.

- 完整性: the form is filled in — required categories, header fields, no placeholders or cut
  text, weights and the basis for values present, enough rows for the money.
- 相关性: the indicators belong to this project — its purpose, money and stated goals, in the
  right category, not copied from other projects.
- 适当性: the values are set well — readable, quantified, the right kind and direction, not slack,
  not the multi-year total, matching the budget, no duplicates.
- 可行性: the target can be delivered and checked — the breakdown computes and adds up, the
  spending plan and deadlines fit the project's time, satisfaction has a survey behind it.

A code not listed falls back to its family's dimension (`FAMILY_DIMENSION`), so a code added
later is never left out of the review; `tests/test_review.py` checks every registered code.
"""

from __future__ import annotations

DIMENSIONS = ("完整性", "相关性", "适当性", "可行性")

DIMENSION_OF: dict[str, str] = {
    # 完整性
    "S001": "完整性", "S002": "完整性", "S004": "完整性", "S005": "完整性", "Q003": "完整性",
    "A001": "完整性", "A005": "完整性", "A007": "完整性",
    # 相关性
    "R001": "相关性", "R002": "相关性", "R003": "相关性", "S003": "相关性", "Q004": "相关性",
    # 适当性
    "V001": "适当性", "V002": "适当性", "V003": "适当性", "V004": "适当性", "V005": "适当性",
    "V006": "适当性", "Q001": "适当性", "Q002": "适当性", "Q005": "适当性", "B001": "适当性",
    "B004": "适当性",
    "A003": "适当性", "A004": "适当性",
    # 可行性
    "B002": "可行性", "B003": "可行性", "B005": "可行性", "A002": "可行性", "A006": "可行性",
}

FAMILY_DIMENSION = {"S": "完整性", "R": "相关性", "V": "适当性", "Q": "适当性", "B": "可行性",
                    "A": "完整性"}


def dimension_of(code: str) -> str:
    """The review dimension of a rule code (its own entry, else its family's)."""
    return DIMENSION_OF.get(code) or FAMILY_DIMENSION.get(code[:1].upper(), "适当性")
