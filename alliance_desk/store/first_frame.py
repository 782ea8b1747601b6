"""Today as the window last showed it, kept between runs so a start can draw it before the
data layer has loaded (issue 25).

A cold start spends ≈ 0.6 s importing SQLAlchemy, the mapped models and the store's modules
before it can read Today, where the whole start is allowed 1.3 × a bare window. So when a
portfolio file is closed, Today is kept here — for the day it was shown and the few days
after, each as the store would read it that morning — with the file's fingerprint (the size
and change time of the file and its journal, taken once the file is closed). The next start
draws the kept picture at once if the file is exactly as it was left and the day is one of
those kept, while the data layer loads; the store then reads Today afresh.

Only a plain file's Today is kept (an encrypted file's stays in the file), in the user's
cache folder, readable by its owner only, and it is read back only as the values Today is
made of: anything else in the file refuses it, and the start reads Today as before.

This module imports neither SQLAlchemy nor the store's models: a start reads it first.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from alliance_desk import __version__
from alliance_desk.core.files import write_private
from alliance_desk.core.today import Today, pictured
from alliance_desk.store.errors import StoreError
from alliance_desk.store.location import APP_DIR_NAME, resolve

FORMAT = 2  # what a picture holds: another format is not read
DAYS_AHEAD = 3  # a portfolio closed on Friday opens on Monday with its picture
MOST_BYTES = 4 * 1024 * 1024  # a kept picture is a few kilobytes: anything larger is refused

Fingerprint = tuple[int, int, int, int]


def folder() -> Path:
    """The user's cache folder for the app (`cache` in `ALLIANCE_DESK_HOME` when set)."""
    override = os.environ.get("ALLIANCE_DESK_HOME")
    if override:
        return Path(override) / "cache" / "first-frame"
    import platformdirs

    return platformdirs.user_cache_path(APP_DIR_NAME, appauthor=False) / "first-frame"


def kept_path(portfolio: Path) -> Path:
    name = hashlib.sha256(str(Path(portfolio).resolve()).encode()).hexdigest()[:32]
    return folder() / f"{name}.today"


def fingerprint(portfolio: Path) -> Fingerprint | None:
    """The file's and its write-ahead journal's size and change time (None: no file). Any
    write moves one of them; a closed portfolio has no journal."""
    try:
        found = os.stat(portfolio)
    except OSError:
        return None
    try:
        journal = os.stat(f"{portfolio}-wal")
        wal = (journal.st_size, journal.st_mtime_ns)
    except OSError:
        wal = (0, 0)
    if wal[0] == 0:  # an empty journal (a reader opened the file) holds no write
        wal = (0, 0)
    return (found.st_size, found.st_mtime_ns, *wal)


@dataclass(frozen=True, slots=True)
class Picture:
    """What was kept of a portfolio: its Today for each day, in the user's language then."""

    portfolio: str
    language: str
    days: dict[date, Today]
    alliances: tuple[tuple[int, str, str], ...] = ()  # the chooser's (id, name, partner)


@dataclass(frozen=True, slots=True)
class _Kept:
    format: int
    version: str
    fingerprint: Fingerprint
    picture: Picture


def keep(
    portfolio: Path,
    days: Mapping[date, Today],
    language: str,
    alliances: Sequence[tuple[int, str, str]] = (),
) -> Path | None:
    """Keep each day's Today for the closed file `portfolio` (whose fingerprint it takes
    now), and the alliances its chooser lists. Returns where, or None if nothing could be
    kept (a start then reads as before)."""
    found = fingerprint(portfolio)
    if found is None or not days:
        return None
    pictures = {day: pictured(today) for day, today in days.items()}
    picture = Picture(str(Path(portfolio).resolve()), language, pictures, tuple(alliances))
    kept = _Kept(FORMAT, __version__, found, picture)
    path = kept_path(portfolio)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return write_private(path, pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        return None


def forget(portfolio: Path) -> None:
    """Drop what is kept of `portfolio` (it was encrypted, or replaced)."""
    with contextlib.suppress(OSError):
        kept_path(portfolio).unlink(missing_ok=True)


def kept(portfolio: Path) -> Picture | None:
    """What is kept of `portfolio`, if the file is exactly as it was when it was kept and this
    version of the app kept it; None otherwise (or if what is kept is not ours)."""
    return _read(kept_path(portfolio), Path(portfolio))


def for_start(db: str | None) -> Picture | None:
    """What is kept of the portfolio a start opens, read before Qt: the file named (`--db`),
    or the one kept last (its caller checks, once Qt can read the user's settings, that it
    is the one to reopen)."""
    if db is None:
        return newest()
    try:
        location = resolve(db)
    except StoreError:  # not a place a portfolio can be: the start says why, as before
        return None
    return None if location.path is None else kept(location.path)


def newest() -> Picture | None:
    """The picture kept last, of whichever portfolio, if that file is still as it was left:
    a start that names no file reopens the last one, known for certain only once Qt has
    read the user's settings (the caller checks it is that one)."""
    try:
        found = max(folder().glob("*.today"), key=lambda p: p.stat().st_mtime_ns, default=None)
    except OSError:
        return None
    if found is None:
        return None
    picture = _read(found, None)
    return picture if picture is not None and kept_path(Path(picture.portfolio)) == found else None


def _read(path: Path, portfolio: Path | None) -> Picture | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MOST_BYTES + 1)
    except OSError:
        return None
    if len(data) > MOST_BYTES:
        return None
    try:
        found = _Values(io.BytesIO(data)).load()
    except Exception:  # anything not ours, truncated or refused: read as before
        return None
    if (
        not isinstance(found, _Kept)
        or found.format != FORMAT
        or found.version != __version__
        or not isinstance(found.picture, Picture)
    ):
        return None
    if portfolio is not None and str(portfolio.resolve()) != found.picture.portfolio:
        return None  # another file's
    portfolio = portfolio or Path(found.picture.portfolio)
    if found.fingerprint != fingerprint(portfolio):
        return None
    return found.picture


def today_of(picture: Picture | None, day: date, language: str) -> Today | None:
    """The picture's Today for `day`, if it was kept in `language`."""
    if picture is None or picture.language != language:
        return None
    today = picture.days.get(day)
    return today if isinstance(today, Today) else None


# What a kept picture is made of: the core's values and the standard types they hold.
_STANDARD = {
    "builtins": {"frozenset", "set", "slice"},
    "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
    "zoneinfo": {"ZoneInfo"},
    "decimal": {"Decimal"},
}
_OURS = ("alliance_desk.core.",)


class _Values(pickle.Unpickler):
    """Unpickles the values Today is made of and nothing else: no function, no class outside
    the core's values (pickle's own advice for data it did not write itself)."""

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name in ("_Kept", "Picture"):
            return {"_Kept": _Kept, "Picture": Picture}[name]
        if name.split(".")[0] in _STANDARD.get(module, ()):
            return super().find_class(module, name)
        if module.startswith(_OURS) and not name.startswith("_"):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a kept Today")
