"""What a new passphrase must be, wherever one is chosen (the window, the command line)."""

from __future__ import annotations

LEAST = 8  # characters: "abc" was taken, the file's only lock against whoever has the laptop


def too_short(secret: str) -> bool:
    return len(secret) < LEAST
