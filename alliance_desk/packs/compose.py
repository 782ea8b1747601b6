"""The three packs: which sections they hold and what each says, from the store's values.

One module per pack: `governance.py` (internal), `partner.py` (the governance pack for the
partner, from the shared facts alone), `briefing.py`, `portfolio.py`.
"""

from alliance_desk.packs.briefing import partner_briefing, talking_points
from alliance_desk.packs.governance import governance_pack
from alliance_desk.packs.partner import partner_governance_pack
from alliance_desk.packs.portfolio import portfolio_report

__all__ = [
    "governance_pack",
    "partner_briefing",
    "partner_governance_pack",
    "portfolio_report",
    "talking_points",
]
