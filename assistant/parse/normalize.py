"""Traditional → simplified folding for the words readers match on (category names, labels).

Tables from Hong Kong, Macao or Taiwan sources, or typed with a traditional input method, say
產出指標 / 數量指標 / 項目名稱. Readers only need the category words and the upper part's labels
to match, so a small character table is enough; no conversion library is pulled in. Only
characters that are unambiguously traditional are listed, so folding simplified text is a no-op.
"""

from __future__ import annotations

import re

# traditional → simplified, one character each; covers the category and label vocabulary
_PAIRS = (
    "產产數数質质時时滿满標标級级濟济經经會会態态環环續续響响對对務务項项稱称碼码編编門门"
    "實实單单預预額额總总資资財财撥拨計计劃划據据測测績绩內内確确體体況况設设業业發发處处"
    "眾众衆众運运轉转組组織织補补貼贴員员區区鄉乡鎮镇縣县費费達达與与為为從从來来長长開开"
    "關关規规範范準准條条農农車车輛辆戶户萬万億亿點点調调構构題题導导護护報报協协場场醫医"
    "療疗險险養养勞劳動动學学習习層层參参個个綜综階阶週周價价積积極极維维穩稳訪访辦办黨党"
    "衛卫認认識识證证驗验檢检評评審审應应當当間间問问決决優优現现職职獎奖勵励災灾難难後后"
    "結结餘余線线網网絡络錢钱稅税種种類类屬属給给傳传統统專专狀状舊旧進进選选樣样備备註注"
    "釋释說说細细執执"
)
_TABLE = {ord(_PAIRS[i]): _PAIRS[i + 1] for i in range(0, len(_PAIRS), 2)}
# readers call this per cell: a C-speed search skips the translate for the usual simplified text
_ANY = re.compile("[" + _PAIRS[0::2] + "]")


def to_simplified(text: str) -> str:
    """Fold the traditional characters of category words and labels to simplified ones."""
    return text.translate(_TABLE) if text and _ANY.search(text) else text


# -- whole-document folding: traditional mirrors and injected pinyin ---------------------------
# Document-sharing mirrors convert pages to traditional script and inject readings after
# characters: 衛(wèi)片執(zhí)法. Readers match simplified words, so such a document is folded
# as a whole before it is split. Simplified text is left exactly as it is.

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# a reading, or its remains when the opening bracket was mangled with the character ('???jī)')
_PINYIN = re.compile(r"(?:[（(]|\?+)([a-zü" + _TONED + r"]{1,7})[)）]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_OPENCC: object | None = None


def _t2s(text: str) -> str:
    global _OPENCC
    if _OPENCC is None:
        import opencc  # loaded once, on the first traditional document

        _OPENCC = opencc.OpenCC("t2s")
    return _OPENCC.convert(text)  # type: ignore[attr-defined]


def full_simplified(text: str) -> str:
    """Every traditional character folded (opencc), not only the category vocabulary; text with
    none of the small table's characters is returned as it is."""
    return _t2s(text) if text and _ANY.search(text) else text


def strip_pinyin(text: str) -> str:
    """Drop injected readings '(wèi)'; a bracket without a tone mark is kept unless the text
    carries several toned ones (then '(de)' is a neutral-tone reading too)."""
    toned = sum(1 for m in _PINYIN.finditer(text) if any(c in _TONED for c in m.group(1)))
    if toned == 0:
        return text
    if toned >= 3:
        return _PINYIN.sub("", text)
    return _PINYIN.sub(lambda m: "" if any(c in _TONED for c in m.group(1)) else m.group(0), text)


def traditional_share(text: str, sample: int = 20000) -> float:
    """Share of CJK characters that only traditional script writes (by the small table above
    and opencc on a sample)."""
    head = text[:sample]
    cjk = len(_CJK.findall(head))
    if cjk < 20:
        return 0.0
    folded = _t2s(head) if _ANY.search(head) else head
    if len(folded) != len(head):
        changed = sum(1 for a, b in zip(head, folded, strict=False) if a != b)
    else:
        changed = sum(1 for a, b in zip(head, folded, strict=True) if a != b)
    return changed / cjk


def fold_document(text: str) -> str:
    """A traditional or pinyin-injected document → simplified with no readings; other text
    unchanged. Linear: one regex pass and one opencc pass."""
    if not text:
        return text
    stripped = strip_pinyin(text)
    if _ANY.search(stripped) is None:
        return stripped
    if traditional_share(stripped) >= 0.05 or stripped != text:
        return _t2s(stripped)
    return stripped
