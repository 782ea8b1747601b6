"""Small helpers shared by tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

from alliance_desk.core.portfolio import AllianceDraft, validate_alliance


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def draft(**values) -> AllianceDraft:
    base = {"name": "Aurora co-development", "partner": "Borealis Bio"}
    base.update(values)
    return validate_alliance(base)
