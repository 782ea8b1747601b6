"""Screenshots of every section and tab of the window, at a laptop's 1024×700 and at
1440×900, in the light or the dark palette — for the README and for looking at what users see.

    ALLIANCE_DESK_HOME=$(mktemp -d) python docs/screenshots.py OUT_DIR [--dark] [--size WxH]…
        [--font POINTS] [--alliance NAME] [--screen]

Run it under a real X server with a window manager, maximised on a screen of each size, to
see the window as a desktop draws it:

    SIZE=1024x700 /work/shared/tools/shot.sh /tmp/screen.png 60 \
        .venv/bin/python docs/screenshots.py OUT_DIR --screen

With QT_QPA_PLATFORM=offscreen and --size it also works, faster.
Each picture is OUT_DIR/<size>-<theme>-<section>[-<tab>].png; a line per picture says what
it shows. Opens the demo portfolio (its own file: nothing of yours is touched).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SIZES = ("1024x700", "1440x900")


# Sections that show one alliance's records: on "All alliances" they ask for one, so they
# are also shot with this alliance of the demo in focus (their tabs would go unseen).
NEEDS_ALLIANCE = {"stakeholders", "packs"}
DEMO_ALLIANCE = "HALO-7 oncology co-development"


def _focus(window, name: str | None) -> None:
    from alliance_desk.store import portfolio

    found = [a.id for a in portfolio.list_alliances(window.desk.store) if a.name == name]
    window.desk.select_alliance(found[0] if found else None)


def pictures(window):
    """(name, how to show it) for every section and every tab in it."""
    from alliance_desk.ui.sections import SECTIONS

    for section in SECTIONS:
        view = window.view(section.key)
        tabs = getattr(view, "tabs", None)
        chosen = window.desk.alliance_id
        if tabs is None and chosen is None and section.key in NEEDS_ALLIANCE:
            yield f"{section.key}-all", (lambda key=section.key: window.show_section(key))
            yield (
                section.key,
                (lambda key=section.key: (_focus(window, DEMO_ALLIANCE), window.show_section(key))),
            )
            yield None, (lambda: window.desk.select_alliance(None))  # back to all alliances
            continue
        if tabs is None:
            yield section.key, (lambda key=section.key: window.show_section(key))
            continue
        if chosen is None and section.key in NEEDS_ALLIANCE:
            yield f"{section.key}-choose", (lambda key=section.key: window.show_section(key))
        for index in range(tabs.count()):

            def show(key=section.key, tabs=tabs, index=index, chosen=chosen):
                if chosen is None and key in NEEDS_ALLIANCE:
                    _focus(window, DEMO_ALLIANCE)
                window.show_section(key)
                tabs.setCurrentIndex(index)

            name = tabs.tabText(index).split(" (")[0].lower().replace(" ", "-").replace("&", "")
            yield f"{section.key}-{name}", show
        if chosen is None and section.key in NEEDS_ALLIANCE:
            yield None, (lambda: window.desk.select_alliance(None))  # back to all alliances


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--size", action="append")
    parser.add_argument("--alliance", help="focus this alliance (its name) first")
    parser.add_argument("--font", type=float, help="the desktop font's size in points")
    parser.add_argument(
        "--screen",
        action="store_true",
        help="maximised by the window manager on this screen, instead of each --size",
    )
    args = parser.parse_args(argv)
    os.environ["ALLIANCE_DESK_THEME"] = "dark" if args.dark else "light"
    from PySide6.QtCore import QTimer

    from alliance_desk.app import start

    app, window, error = start(demo=True)
    if error:
        print(error, file=sys.stderr)
        return 1
    if args.font:
        from alliance_desk.ui.theme import apply_theme

        font = app.font()
        font.setPointSizeF(args.font)
        app.setFont(font)
        apply_theme(app)
    args.out.mkdir(parents=True, exist_ok=True)
    theme = "dark" if args.dark else "light"
    if args.alliance:
        _focus(window, args.alliance)

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def shoot(size: str) -> None:
        for name, show in pictures(window):
            show()
            settle()
            if name is None:
                continue
            path = args.out / f"{size}-{theme}-{name}.png"
            window.grab().save(str(path))
            print(path, flush=True)

    def run() -> None:
        if args.screen:
            shoot(f"{window.width()}x{window.height()}")
        for size in [] if args.screen else args.size or SIZES:
            width, height = (int(n) for n in size.split("x"))
            window.showNormal()
            window.resize(width, height)
            settle()
            shoot(size)
        app.quit()

    if args.screen:
        window.showMaximized()
    QTimer.singleShot(2000 if args.screen else 300, run)  # the window manager maximises it
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
