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
