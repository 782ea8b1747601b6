"""Every word the window shows can be translated: no string literal reaches a Qt text call
(a label, button, menu, action, tooltip, placeholder, message, window title, column title or
status text) without going through `tr()` / `QCoreApplication.translate()`, and what those
get is one whole literal sentence (an f-string there could not be extracted by lupdate); no
words wait in a variable or a table cell untranslated ("(auto)", "Tier 2", "yes"); no sentence
is handed to a Qt class's constructor (QProgressDialog, QTreeWidgetItem…) or to an undo
command's text untranslated; the words core hands out (labels, levels, tiers) are marked there
and come out translated; and the sentence check core passes (nothing returned, kept, raised or
put in a form's errors untranslated) holds for the window's own code too."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

UI = Path(__file__).resolve().parents[1] / "alliance_desk" / "ui"
CORE = UI.parent / "core"

ALL = None  # every argument may carry text
# The calls that put text on screen, and which of their positional arguments are text.
TEXT_CALLS: dict[str, tuple[int, ...] | None] = {
    **dict.fromkeys(
        (
            "setText",
            "setToolTip",
            "setPlaceholderText",
            "setWindowTitle",
            "setStatusTip",
            "setWhatsThis",
            "setAccessibleName",
            "setAccessibleDescription",
            "setTitle",
            "setLabelText",
            "setInformativeText",
            "setDetailedText",
            "setTabText",
            "setTabToolTip",
            "setItemText",
            "setSuffix",
            "setPrefix",
            "setSpecialValueText",
            "showMessage",
            "QLabel",
            "QPushButton",
            "QCheckBox",
            "QRadioButton",
            "QGroupBox",
            "QAction",
            "QMenu",
            "QListWidgetItem",
            "QCommandLinkButton",
            "QMessageBox",
            "addAction",
            "addMenu",
            "addTab",
            "insertTab",
            "setHorizontalHeaderLabels",
            "setVerticalHeaderLabels",
            "setHeaderLabels",
            "EmptyState",
            "set_text",
            "drawText",
        ),
        ALL,
    ),
    "addItem": (0,),  # a combo box's second argument is its data, not text
    "addRow": (0,),
    "addButton": (0,),
    "heading": (0,),
    "body_text": (0,),
    "AllianceChooser": (0,),
    "Column": (0,),  # a column's title
    "information": (1, 2),
    "warning": (1, 2),
    "critical": (1, 2),
    "question": (1, 2),
    "about": (1, 2),
    "getText": (1, 2),
    "getItem": (1, 2),
    "getInt": (1, 2),
    "getDouble": (1, 2),
    "getSaveFileName": (1, 3),
    "getOpenFileName": (1, 3),
    "getExistingDirectory": (1,),
    "pick_alliance": (2,),
    "createUndoAction": (1,),
    "createRedoAction": (1,),
    "QUndoCommand": (0,),  # the Edit menu's "Undo …"
    "QToolBar": (0,),
    "addToolBar": (0,),
}
# Parameters that carry text, whatever the call; our own functions that take one by position
# (a menu's `add(menu, text, …, tip)`) are found by these names too.
TEXT_KEYWORDS = {
    "text",
    "title",
    "tooltip",
    "toolTip",
    "tip",
    "placeholder",
    "empty",
    "label",
    "purpose",
    "message",
    "caption",
    "ok",  # a dialog's OK button: FormDialog(title, ok, …)
    "ok_text",  # dialog_buttons(dialog, ok_text)
}
TRANSLATORS = {"tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP"}

# Literals that are not language: a product's name, keyboard keys, file patterns.
ALLOWED = {"Alliance Desk", "Ctrl+K", "CSV (*.csv)", "PDF (*.pdf)", "PNG (*.png)"}


def name_of(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def translator(call: ast.Call) -> bool:
    """tr(), QT_TR_NOOP() and QT_TRANSLATE_NOOP(), or translate() (ui/i18n.py) and
    QCoreApplication.translate() — not a painter's translate(), which moves it."""
    name = name_of(call.func)
    if name == "translate" and isinstance(call.func, ast.Attribute):
        return name_of(call.func.value) in ("QCoreApplication", "QApplication")
    return name in TRANSLATORS


def inside(tree: ast.AST, outer=None) -> set[int]:
    """The ids of every node within a node `outer(node)` accepts (by default: within a
    translator's call, so already marked)."""
    accepts = outer or (lambda node: isinstance(node, ast.Call) and translator(node))
    return {id(inner) for node in ast.walk(tree) if accepts(node) for inner in ast.walk(node)}


def has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text) and text.strip() not in ALLOWED


def untranslated(node: ast.expr) -> bool:
    """A literal with words in it (or built from one) that no tr() call wraps."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and has_words(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.Constant) and has_words(str(part.value)) for part in node.values
        )
    if isinstance(node, ast.BinOp):
        return untranslated(node.left) or untranslated(node.right)
    if isinstance(node, ast.IfExp):
        return untranslated(node.body) or untranslated(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(untranslated(element) for element in node.elts)
    if isinstance(node, ast.BoolOp):
        return any(untranslated(value) for value in node.values)
    return False


def own_text_parameters(files) -> dict[str, tuple[int, ...]]:
    """Our functions and classes whose parameters (by the names above) take text."""
    found: dict[str, set[int]] = {}
    for source in files:
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef):
                continue
            params = [a.arg for a in node.args.args]
            method = bool(params) and params[0] in ("self", "cls")
            name = node.name
            if name == "__init__":
                continue  # a class's own: found by its name below
            for index, param in enumerate(params[1:] if method else params):
                if param in TEXT_KEYWORDS:
                    found.setdefault(name, set()).add(index)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                init = next(
                    (
                        n
                        for n in node.body
                        if isinstance(n, ast.FunctionDef) and n.name == "__init__"
                    ),
                    None,
                )
                if init is not None:
                    for index, param in enumerate(a.arg for a in init.args.args[1:]):
                        if param in TEXT_KEYWORDS:
                            found.setdefault(node.name, set()).add(index)
    return {name: tuple(sorted(indices)) for name, indices in found.items()}


OWN: dict[str, tuple[int, ...]] = {}


def text_arguments(call: ast.Call) -> list[ast.expr]:
    name = name_of(call.func)
    if name == "emit":  # the status bar's message: desk.status.emit(...)
        target = call.func.value if isinstance(call.func, ast.Attribute) else None
        return list(call.args) if name_of(target) == "status" else []
    wanted = TEXT_CALLS.get(name, OWN.get(name or "", ()))
    args = [a for i, a in enumerate(call.args) if wanted is ALL or i in wanted]
    return args + [k.value for k in call.keywords if k.arg in TEXT_KEYWORDS]


# A sentence (words with a space) given to any other call is text someone reads — a Qt class's
# constructor (QProgressDialog, QTreeWidgetItem…), a filter's "All roles", a file's default
# name, a status message handed on — but for these, which take formats, types and logs.
NOT_TEXT_CALLS = {"cast", "strftime", "strptime", "setDisplayFormat", "setStyleSheet"}
LOGGERS = {"log", "logger", "logging"}


def takes_no_text(call: ast.Call) -> bool:
    func = call.func
    return name_of(func) in NOT_TEXT_CALLS or (
        isinstance(func, ast.Attribute) and name_of(func.value) in LOGGERS
    )


def as_base_call(tree: ast.AST) -> dict[int, ast.Call]:
    """Each `super().__init__(…)` in a class whose base takes text (an undo command's
    `StoreCommand(desk, text)`, a QUndoCommand's text), as a call of that base: the text an
    undoable edit gives the Edit menu ("Undo Add …") is checked as any other."""
    found = {}
    for cls in (node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)):
        bases = [name for name in map(name_of, cls.bases) if name in TEXT_CALLS or name in OWN]
        if not bases:
            continue
        for call in (node for node in ast.walk(cls) if isinstance(node, ast.Call)):
            func = call.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "__init__"
                and isinstance(func.value, ast.Call)
                and name_of(func.value.func) == "super"
            ):
                base = ast.Call(func=ast.Name(id=bases[0]), args=call.args, keywords=call.keywords)
                found[id(call)] = base
    return found


def problems_in(source: str, where: str) -> list[str]:
    tree = ast.parse(source)
    marked = inside(tree)
    bases = as_base_call(tree)
    found = []
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        if translator(call):
            text = call.args[0] if name_of(call.func) in ("tr", "QT_TR_NOOP") else call.args[1]
            if isinstance(text, (ast.JoinedStr, ast.BinOp)):  # lupdate sees no sentence
                found.append(f"{where}:{call.lineno}: tr() of text built at run time")
            continue
        texts = text_arguments(bases.get(id(call), call))
        if id(call) not in marked and not takes_no_text(call):
            given = [*call.args, *(keyword.value for keyword in call.keywords)]
            texts += [arg for arg in given if sentence(arg) and arg not in texts]
        for arg in texts:
            if untranslated(arg):
                found.append(f"{where}:{arg.lineno}: {ast.unparse(arg)[:70]}")
    return found


# Module constants with spaces that are not language: the name the keyring files a secret under.
NOT_TEXT_NAMES = {"KEYRING_SERVICE"}


def fragments_in(source: str, where: str) -> list[str]:
    """Words held in a variable or a cell before they reach the screen, none translated: a
    table cell or tooltip made by a lambda (`lambda r: f"Tier {r.tier}"`), a fragment chosen by
    a condition (`kind = "auto" if automatic else "you"`), a sentence or f-string kept in a
    name (`text = f"Add {name}"`, `LEGEND = "Blue: our company…"`), a sentence in a table
    (`NOTHING = {"sla": ("Nothing is late", …)}`, `for text, slot in (("Back up now", …),)`,
    `show_errors({"template": "Choose a checklist."})`). Strings without a space assigned
    as-is are keys, colours and shortcuts, not language; a type's name in quotes
    (`Callable[…, "Page[Any] | None"]`) is not words."""
    tree = ast.parse(source)
    marked = inside(tree)
    types = inside(tree, lambda node: isinstance(node, ast.Subscript))
    found = []
    for node in ast.walk(tree):
        if id(node) in marked:
            continue
        if isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict)) and id(node) not in types:
            for item in node.values if isinstance(node, ast.Dict) else node.elts:
                if isinstance(item, (ast.Constant, ast.JoinedStr)) and sentence(item):
                    found.append(f"{where}:{item.lineno}: in a table {ast.unparse(item)[:70]}")
        if isinstance(node, ast.Lambda) and untranslated(node.body):
            found.append(f"{where}:{node.lineno}: a cell {ast.unparse(node)[:70]}")
        if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if not all(isinstance(t, ast.Name) for t in targets):
            continue  # a form's value (values["formality"] = "formal"), not text shown
        if any(t.id in NOT_TEXT_NAMES for t in targets):
            continue
        value = node.value
        kept = isinstance(value, (ast.IfExp, ast.JoinedStr)) or (
            isinstance(value, ast.Constant)
            and isinstance(value.value, str)
            and any(ch.isspace() for ch in value.value.strip())
        )
        if kept and untranslated(value):
            found.append(f"{where}:{node.lineno}: kept in a name {ast.unparse(node)[:70]}")
    return found


def sorts_out(check, caught: list[str], fine: list[str]) -> None:
    """`check` finds a problem in each sample of `caught` and none in those of `fine`."""
    for sample in caught:
        assert check(sample, "sample"), sample
    for sample in fine:
        assert not check(sample, "sample"), sample


def ui_sources() -> dict[str, str]:
    """The window's modules by path; our own functions and classes that take text found."""
    sources = {
        str(path.relative_to(UI.parent.parent)): path.read_text(encoding="utf-8")
        for path in sorted(UI.rglob("*.py"))
    }
    OWN.update(own_text_parameters(sources.values()))
    return sources


def test_every_visible_string_goes_through_tr() -> None:
    sources = ui_sources()
    found = [problem for where, text in sources.items() for problem in problems_in(text, where)]
    found += [problem for where, text in sources.items() for problem in fragments_in(text, where)]
    assert not found, f"{len(found)} strings the window shows cannot be translated:\n" + (
        "\n".join(found)
    )


def test_the_check_catches_what_it_must() -> None:
    """The check itself: each way of showing an untranslated string is caught, and the
    translated or wordless ones are not."""
    ui_sources()  # our own functions that take text: dialog_buttons(dialog, ok_text)
    caught = [
        'label = QLabel("Owner")',
        'button.setText(f"Add {noun}")',
        'menu.addAction("Export…", slot)',
        'QMessageBox.warning(self, "Not saved", "The file is locked.")',
        'table.setHorizontalHeaderLabels(["Name", "Side"])',
        'self.desk.status.emit("Saved " + name)',
        'combo.addItem("Both sides", ALL)',
        'widget.setToolTip("Late" if late else "")',
        'label = QLabel(self.tr(f"Hello {name}"))',
        'painter.drawText(rect, Qt.AlignmentFlag.AlignLeft, "Impact →")',
        'Column("Alliance", lambda r: r.name)',
        'self.progress = QProgressDialog("Laying out the pack…", "", 0, 0, self)',
        'row = QTreeWidgetItem(["Not applicable", day])',
        "class C(QUndoCommand):\n    def __init__(self, name):\n"
        '        super().__init__(f"Add {name}")',
        'layout.addWidget(dialog_buttons(self, "Save review"))',
        'self._fill_filter(self.role_filter, "All roles", roles)',
        '_convert(window, path, work, f"Encrypted {path.name}.")',
        'Template(name=f"{template.name} (copy)")',
    ]
    fine = [
        'label = QLabel(self.tr("Owner"))',
        'button.setText(self.tr("Add {noun}").format(noun=noun))',
        'QMessageBox.warning(self, self.tr("Not saved"), QCoreApplication.translate("X", "Y"))',
        'menu.addAction(translate("menus", "&Quit"), slot)',
        'label.setText("·")',
        'label.setText(f"{count}")',
        'combo.addItem(self.tr("Both sides"), "all")',
        'label.setText("")',
        'Column(QT_TRANSLATE_NOOP("Column", "Alliance"), lambda r: r.name)',
        "painter.translate(10, 20)",
        'self.progress = QProgressDialog(self.tr("Laying out the pack…"), "", 0, 0, self)',
        'shortcut = QKeySequence("Ctrl+Shift+R")',
        'brush = QColor("white")',
        "class C(QUndoCommand):\n    def __init__(self, name):\n"
        '        super().__init__(translate("commands", "Add {name}").format(name=name))',
        'cast("EscalationsView | None", view)',
        'log.warning("%s not saved: %s", kind, error)',
        'day.strftime("%a %d %b %Y")',
        'edit.setDisplayFormat("ddd d MMM yyyy")',
        'self._fill_filter(self.role_filter, self.tr("All roles"), roles)',
    ]
    sorts_out(problems_in, caught, fine)


def both_checks(source: str, where: str) -> list[str]:
    return problems_in(source, where) + fragments_in(source, where)


def test_the_check_finds_unmarked_words_in_the_windows_own_modules() -> None:
    """A sentence written back in plain English fails the check where the window really has
    one: a progress dialog's text (a Qt class's constructor), an undo command's text (given to
    its base class by `super().__init__`), a dialog's OK button, a filter's first entry."""
    sources = ui_sources()
    for where, marked, plain in (
        (
            "alliance_desk/ui/packs/view.py",
            'QProgressDialog(self.tr("Laying out the pack…")',
            'QProgressDialog("Laying out the pack…"',
        ),
        (
            "alliance_desk/ui/escalations/commands.py",
            'translate("commands", "Add a note")',
            '"Add a note"',
        ),
        (
            "alliance_desk/ui/habits/dialogs.py",
            'dialog_buttons(self, self.tr("Save review"))',
            'dialog_buttons(self, "Save review")',
        ),
        (
            "alliance_desk/ui/stakeholders/view.py",
            'self._fill_filter(self.role_filter, self.tr("All roles"), roles)',
            'self._fill_filter(self.role_filter, "All roles", roles)',
        ),
        (
            "alliance_desk/ui/today/view.py",
            'QT_TRANSLATE_NOOP("TodayView", "Nothing is overdue")',
            '"Nothing is overdue"',
        ),
    ):
        source = sources[where]
        assert marked in source and not both_checks(source, where), where
        found = both_checks(source.replace(marked, plain), where)
        assert len(found) == 1 and plain.split('"')[1] in found[0], found


def test_the_check_catches_words_held_in_a_name_or_a_cell() -> None:
    """Fragments kept in variables and cells made by lambdas are caught; keys, colours,
    shortcuts and translated fragments are not."""
    caught = [
        'kind = "auto" if c.automatic else "you"',
        'Column(QT_TRANSLATE_NOOP("Column", "Tier"), lambda r: f"Tier {r.tier}")',
        'Column(title, lambda m: "yes" if m.shared else "")',
        'text = f"Add “{item.title}” to the agenda"',
        'LEGEND = "Blue: our company · Orange: partner"',
        'tooltip=lambda row: "When it should move up a level"',
        'NOTHING = {"sla": ("No escalation is late", "Nothing is waiting too long.")}',
        'for text, slot in (("Back up now", self.back_up_now),):\n    QPushButton(text)',
        'self.form.show_errors({"template": "Choose a checklist."})',
    ]
    fine = [
        'kind = self.tr("auto") if c.automatic else self.tr("you")',
        'Column(title, lambda r: translate("Column", "Tier {tier}").format(tier=r.tier))',
        'LAST_PROMPT = "habits/last_review_prompt"',
        'ACCENT = "#2f6f8f"',
        'ASK_KEYS = "Ctrl+Shift+Q"',
        'values["formality"] = "formal" if details.formal else "informal"',
        'LEGEND = QT_TRANSLATE_NOOP("Grid", "Blue: our company")',
        "Column(title, lambda r: r.alliance.name)",
        'NOTHING = {"sla": (QT_TRANSLATE_NOOP("TodayView", "No escalation is late"), "")}',
        "for keys, slot in (('Ctrl+PgDown', self.next_item),):\n    pass",
        'Fetch = Callable[[Order, Any], "Page[Any] | None"]',
    ]
    sorts_out(fragments_in, caught, fine)


def test_pyside6_lupdate_extracts_the_windows_words(tmp_path: Path) -> None:
    """The README's command makes a .ts file holding the menus, the column titles, whole
    sentences with their named fields and the words core hands out — an enum's label under
    the enum's name, a level, a tier, a quadrant's guidance (skipped where the wheel has no
    lupdate)."""
    import shutil
    import subprocess
    import sys

    tool = Path(sys.executable).with_name("pyside6-lupdate")
    lupdate = str(tool) if tool.exists() else shutil.which("pyside6-lupdate")
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed")
    files = [str(path) for folder in (UI, CORE) for path in sorted(folder.rglob("*.py"))]
    out = tmp_path / "alliance_desk_xx.ts"
    done = subprocess.run(
        [lupdate, *files, "-ts", str(out)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    ts = out.read_text(encoding="utf-8")
    assert ts.count("<message>") > 1000
    for source in (
        "&amp;Export a pack…",  # a menu command (translate("menus", …))
        "<source>Days to decide</source>",  # a column title (QT_TRANSLATE_NOOP("Column", …))
        "Backed up to {name}.",  # a sentence with a named field (self.tr(…).format(…))
        "<source>&amp;Stakeholders</source>",  # a section in the View menu
        "<name>DecisionStatus</name>",  # core: an enum's words under its name
        "<source>Implemented</source>",
        "<source>Working team</source>",  # core: a level (Words)
        "<source>Tier 1 — strategic, high touch</source>",
        "<source>Light touch: check in at the tier&apos;s rhythm.</source>",  # a guidance
        "<source>{count} high risks</source>",  # core: a sentence through translate()
        "<source>Past by {days} business days</source>",  # core: an SLA text
        "<source>No risk review for {days} days (due every {interval} days)</source>",  # a Words
    ):
        assert source in ts, source
    extracted = {
        (context.findtext("name"), message.findtext("source"))
        for context in ElementTree.fromstring(ts).iter("context")
        for message in context.iter("message")
    }
    missed = sorted(core_marks() - extracted)
    assert not missed, f"{len(missed)} of core's texts lupdate does not see: {missed[:10]}"


def core_marks() -> set[tuple[str, str]]:
    """(context, text) of every translate() and QT_TRANSLATE_NOOP() in core given literals."""
    found = set()
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and name_of(node.func) in TRANSLATORS:
                args = node.args[:2]
                if len(args) == 2 and all(isinstance(a, ast.Constant) for a in args):
                    found.add((args[0].value, args[1].value))  # type: ignore[attr-defined]
    return found


# -- the words core hands to the window -----------------------------------------------------------

# Enums never shown as words: which kinds of record an operation changed; an onboarding item's
# state (shown as a tick, or the buttons' own words).
INTERNAL_ENUMS = {"changes.Kind", "onboarding.ItemStatus"}
# Functions that hand a user words: their words must be marked, never made from a value.
WORD_FUNCTIONS = {"label", "hint", "guidance", "why_internal", "describe"}
TABLE_NAME = ("LABELS", "LEVELS", "NAMES", "WORDS", "HINTS", "KINDS")


def _core_modules():
    import importlib
    import pkgutil

    import alliance_desk.core as core

    for info in pkgutil.iter_modules(core.__path__):
        yield importlib.import_module(f"alliance_desk.core.{info.name}")


def _words_of(member) -> list[tuple[str, str]]:
    """(what, text) of every word function an enum member has: a label it must have."""
    try:
        words = [("label", member.label)]
    except (AttributeError, KeyError):  # none at all, or label_members left it out
        words = [("label", "")]
    for name in WORD_FUNCTIONS - {"label", "describe"}:
        text = getattr(member, name, "")
        if isinstance(text, str) and has_words(text):
            words.append((name, text))
    return words


def unmarked_core_words() -> list[str]:
    """With a hook that marks what it translates: every enum's label (and hint, guidance…),
    every table of words, every age bucket — any not marked."""
    import enum

    from alliance_desk.core import escalation_ages, i18n

    found = []
    i18n.install(lambda context, text: f"«{text}»")
    try:
        for module in _core_modules():
            short = module.__name__.rsplit(".", 1)[1]
            for name, value in vars(module).items():
                if isinstance(value, i18n.Words):
                    found += [
                        f"{short}.{name}[{k!r}]" for k, text in value.items() if "«" not in text
                    ]
                if not (isinstance(value, type) and issubclass(value, enum.Enum)):
                    continue
                if value.__module__ != module.__name__ or f"{short}.{name}" in INTERNAL_ENUMS:
                    continue
                for member in value:
                    found += [
                        f"{short}.{name}.{member.name}.{words}: {text!r}"
                        for words, text in _words_of(member)
                        if "«" not in text
                    ]
        found += [
            f"age bucket {label!r}"
            for *_, label in escalation_ages.AGE_BUCKETS
            if "«" not in escalation_ages.age_words(label)
        ]
    finally:
        i18n.install(None)
    return found


def _word_function_problems(node: ast.FunctionDef, where: str) -> list[str]:
    """A word function's literal words outside a mark, or words made from a value's text."""
    found = []
    marked = inside(node)
    first = node.body[0]
    docstring = first.value if isinstance(first, ast.Expr) else None
    for inner in ast.walk(node):
        if id(inner) in marked or inner is docstring:
            continue
        if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
            if has_words(inner.value):
                found.append(f"{where}:{inner.lineno}: {node.name}() says {inner.value!r}")
        elif isinstance(inner, ast.JoinedStr) and untranslated(inner):
            found.append(f"{where}:{inner.lineno}: {node.name}() says {ast.unparse(inner)}")
            marked |= {id(part) for part in ast.walk(inner)}  # said once, not part by part
        elif (
            isinstance(inner, ast.Call)
            and name_of(inner.func) in ("capitalize", "title", "upper")
            and "value" in ast.unparse(inner.func)
        ):
            found.append(f"{where}:{inner.lineno}: {node.name}() makes words of a value")
    return found


def _label_members_problems(node: ast.Call, where: str) -> list[str]:
    """An enum's words each marked under the enum's own name."""
    found = []
    enum_name = ast.unparse(node.args[0])
    texts = node.args[1].values if isinstance(node.args[1], ast.Dict) else []
    for text in texts:
        is_mark = isinstance(text, ast.Call) and name_of(text.func) == "QT_TRANSLATE_NOOP"
        if is_mark:
            context = text.args[0]
            if not (isinstance(context, ast.Constant) and context.value == enum_name):
                found.append(f"{where}:{text.lineno}: {enum_name}'s words marked elsewhere")
        elif untranslated(text):
            found.append(f"{where}:{text.lineno}: {ast.unparse(text)} not marked")
    return found


def core_word_problems(source: str, where: str) -> list[str]:
    """Words core hands out written so that lupdate cannot see them: a word function (label,
    hint…) returning a literal or a value's own text (`self.value.capitalize()`), a table of
    words (…_LABELS) of plain strings, a mark whose context or text is not a literal, or an
    enum's words marked under another name than the enum's."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and (
            node.name in WORD_FUNCTIONS or node.name.endswith("_label")
        ):
            found += _word_function_problems(node, where)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if any(n.endswith(TABLE_NAME) for n in names) and untranslated(
                ast.List(elts=node.value.values)
            ):
                found.append(f"{where}:{node.lineno}: {names[0]} holds unmarked words")
        elif isinstance(node, ast.Call) and name_of(node.func) == "QT_TRANSLATE_NOOP":
            if not all(isinstance(a, ast.Constant) for a in node.args[:2]):
                found.append(f"{where}:{node.lineno}: a mark lupdate cannot read")
        elif isinstance(node, ast.Call) and name_of(node.func) == "label_members":
            found += _label_members_problems(node, where)
    return found


def test_every_word_core_hands_out_is_marked_and_translated() -> None:
    """Each enum's label (status, stance, side, kind, tier…), hint and guidance, each table of
    words (levels, tiers, sentiments) and each age bucket comes out through the translator
    the window installs; an enum shown as words with none fails (core imports no Qt)."""
    found = unmarked_core_words()
    assert not found, f"{len(found)} words from core cannot be translated:\n" + "\n".join(found)


def test_core_writes_its_words_as_marks() -> None:
    sources = {
        str(path.relative_to(CORE.parent.parent)): path.read_text(encoding="utf-8")
        for path in sorted(CORE.rglob("*.py"))
    }
    found = [p for where, text in sources.items() for p in core_word_problems(text, where)]
    assert not found, "\n".join(found)


def test_the_core_check_catches_what_it_must() -> None:
    """The check itself, on the ways core words once were written (and the right way)."""
    caught = [
        "class S(enum.StrEnum):\n    @property\n    def label(self):\n"
        "        return self.value.capitalize()",
        'def label(self):\n    return {"a": "Open", "b": "Closed"}[self.value]',
        'def level_label(level):\n    return f"Level {level}"',
        'TIER_LABELS = {1: "Tier 1 — strategic"}',
        'QT_TRANSLATE_NOOP("Side", f"{x} side")',
        'label_members(Side, {Side.US: QT_TRANSLATE_NOOP("Party", "Our company")})',
        'label_members(Side, {Side.US: "Our company"})',
    ]
    fine = [
        'def label(self):\n    return translate("Quadrant", self.value[0])',
        "def label(self):\n    return _WORDS[self]",
        'TIER_LABELS = Words("Tier", {1: QT_TRANSLATE_NOOP("Tier", "Tier 1 — strategic")})',
        'label_members(Side, {Side.US: QT_TRANSLATE_NOOP("Side", "Our company")})',
        'def label(self):\n    """The words."""\n    return _WORDS[self]',
    ]
    sorts_out(core_word_problems, caught, fine)


def test_the_runtime_check_catches_an_enum_without_words() -> None:
    """An enum added to core with words of its own but no marks is found."""
    import enum

    from alliance_desk.core import risks

    class Mood(enum.StrEnum):
        GLAD = "glad"

    Mood.__module__ = risks.__name__
    risks.Mood = Mood  # type: ignore[attr-defined]
    try:
        assert any("risks.Mood.GLAD" in p for p in unmarked_core_words())
    finally:
        del risks.Mood  # type: ignore[attr-defined]


# -- the sentences core builds ---------------------------------------------------------------------

# Where a sentence from core reaches a user: an exception a form or the CLI shows (…Error, and
# the people import's Unreadable / UnusablePath), and the records it hands the window: a task
# of Today, a card, a coverage gap, an import problem.
SENTENCE_RECORDS = {"Task", "Card", "Gap", "Problem", "Unreadable", "UnusablePath"}
# Sentences core writes that no user reads in the window, each with why (file, words in it).
NOT_FOR_USERS = {
    ("i18n.py", "no words for"): "a programming error: an enum given no words",
    ("shared_facts.py", "allow-list"): "a programming error: a partner fact not on the list",
    ("shared_facts.py", "of another alliance"): "a programming error: facts mixed up",
    ("search.py", "{title}} :"): "a full-text query, not words",
    ("packs.py", "Confidential"): "a pack's own marking: packs are English (README)",
}


def _literal_text(node: ast.expr) -> str:
    """The words a literal or f-string holds, its values as {}."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            str(part.value) if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
    return ""


def sentence(node: ast.expr) -> bool:
    """Untranslated words with a space between them: a literal, an f-string, or either one
    chosen (`a if x else b`) or joined (`a + b`)."""
    if not untranslated(node):
        return False
    return any(
        has_words(text) and " " in text.strip()
        for text in map(_literal_text, ast.walk(node))
        if text
    )


def _not_for_users(where: str, node: ast.AST, allowed=NOT_FOR_USERS) -> bool:
    text = ast.unparse(node)
    return any(where.endswith(name) and words in text for name, words in allowed)


def core_sentence_problems(source: str, where: str, allowed=NOT_FOR_USERS) -> list[str]:
    """Sentences core hands a user untranslated: returned, kept in a name, given to a form's
    errors, to an exception, or to a task, card, gap or import problem — and translate()
    given text lupdate cannot read (built at run time, or filled before it is translated)."""
    tree = ast.parse(source)
    marked = inside(tree)
    # A name kept in a function; module and class constants are SQL, patterns, enum values.
    in_functions = inside(tree, lambda node: isinstance(node, ast.FunctionDef))
    found: list[str] = []

    def add(node: ast.expr, how: str) -> None:
        if not _not_for_users(where, node, allowed):
            found.append(f"{where}:{node.lineno}: {how} {ast.unparse(node)[:80]}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and translator(node):
            text = node.args[1] if len(node.args) > 1 else None
            if isinstance(text, (ast.JoinedStr, ast.BinOp, ast.IfExp, ast.Call)):
                add(text, "translate() of text built at run time")
            continue
        if id(node) in marked:
            continue
        if isinstance(node, ast.Return) and node.value is not None and sentence(node.value):
            add(node.value, "returns")
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                errors = isinstance(target, ast.Subscript) and name_of(target.value) == "errors"
                if errors and untranslated(node.value):
                    add(node.value, "a form's error")
                elif (
                    isinstance(target, ast.Name)
                    and id(node) in in_functions
                    and sentence(node.value)
                ):
                    add(node.value, "kept in a name")
        elif isinstance(node, ast.Call):
            name = name_of(node.func) or ""
            args = [*node.args, *(k.value for k in node.keywords)]
            if name.endswith("Error"):
                for arg in args:
                    for value in arg.values if isinstance(arg, ast.Dict) else [arg]:
                        if value is not None and untranslated(value):
                            add(value, name)
            elif name in SENTENCE_RECORDS:
                for arg in args:
                    if sentence(arg):
                        add(arg, name)
    return found


def test_core_writes_every_sentence_a_user_reads_translatable() -> None:
    """Today's lines, SLA texts, rhythm gaps, risk bands, validation messages, import
    problems: every sentence core builds goes through translate() as one template."""
    found = [
        problem
        for path in sorted(CORE.rglob("*.py"))
        for problem in core_sentence_problems(
            path.read_text(encoding="utf-8"), str(path.relative_to(CORE.parent.parent))
        )
    ]
    assert not found, f"{len(found)} sentences from core cannot be translated:\n" + "\n".join(found)


# Sentences the window's own code writes that no user reads, each with why (file, words in it).
UI_NOT_FOR_USERS = {
    ("marked_text.py", "<span"): "markup around text already translated",
    ("habits/dialogs.py", "<table"): "markup around the week's figures, already translated",
    ("theme.py", "{{"): "a style sheet: property names and colours",
    ("passphrase.py", "unreachable"): "a programming error: the loop returns or raises first",
}


def test_the_window_writes_every_sentence_a_user_reads_translatable() -> None:
    """The sentence check core passes, over the window's own code: a checklist item's status
    ("Overdue 3 days"), an open question's line, a tier's tooltip, an escalation's state, a
    backup's fault, the crash notice, the StoreError/ConflictError messages the window shows —
    none returned, kept, raised or put in a form's errors without tr()/translate()."""
    found = [
        problem
        for where, source in ui_sources().items()
        for problem in core_sentence_problems(source, where, UI_NOT_FOR_USERS)
    ]
    assert not found, f"{len(found)} sentences from the window cannot be translated:\n" + (
        "\n".join(found)
    )


def test_the_sentence_check_finds_a_sentence_unmarked_in_the_window() -> None:
    """A checklist item's status and a message the window raises, each written back in plain
    English, fail the check."""
    for name, marked, plain in (
        ("onboarding/panel.py", 'translate("PlanDetail", "Not applicable")', '"Not applicable"'),
        (
            "preferences.py",
            'StoreError(translate("commands", "No portfolio is open."))',
            'StoreError("No portfolio is open.")',
        ),
    ):
        source = (UI / name).read_text(encoding="utf-8")
        assert marked in source and not core_sentence_problems(source, name, UI_NOT_FOR_USERS)
        found = core_sentence_problems(source.replace(marked, plain), name, UI_NOT_FOR_USERS)
        assert len(found) == 1 and plain.split('"')[1] in found[0], found


def test_what_the_window_writes_off_for_users_is_still_there() -> None:
    for name, words in UI_NOT_FOR_USERS:
        assert words in (UI / name).read_text(encoding="utf-8"), (name, words)


def test_the_sentence_check_catches_what_it_must() -> None:
    """The check itself, on the ways core wrote sentences before (and the right ways)."""
    caught = [
        'def sla_text(self):\n    return f"Past by {late} business days"',
        'def when(self):\n    return "due today" if x else f"due {day:%a}"',
        'def v(raw):\n    fields.errors["habit"] = "Choose a habit."',
        'def v(raw):\n    raise FieldError(f"Enter a number from {low} to {high}.")',
        'raise ValidationError({"reason": "Say why the level changes."})',
        'def t(call):\n    why = f"{plan}; last contact {day}"',
        'def t(call):\n    return Task(key, "call", f"Call {call.name}", alliance, why)',
        'def g(p):\n    gaps.append(Gap(kind, p.id, p.name, "Set a cadence"))',
        'translate("Tasks", f"Call {name}")',
        'translate("Tasks", "Call {name}".format(name=name))',
        'def band(score):\n    return "very high" if score > 20 else "high"',
    ]
    fine = [
        'def sla_text(self):\n    return translate("Escalations", "Past by {days} business days")'
        ".format(days=late)",
        'def v(raw):\n    fields.errors["habit"] = translate("Habits", "Choose a habit.")',
        'def key(self):\n    return f"call:{self.id}"',
        'def band_key(score):\n    return "critical" if score >= 20 else "high"',
        'def t(call):\n    return Task(f"call:{call.id}", "call", what, alliance, why)',
        'PATTERN = "SELECT id FROM people WHERE name = ?"',
        'def w(self):\n    return translate("Words", self.texts[key])',
        'raise FieldError(translate("V", "Enter {low} to {high}.").format(low=1, high=5))',
    ]
    sorts_out(core_sentence_problems, caught, fine)


def test_the_sentence_check_finds_a_sentence_unmarked_in_core_itself() -> None:
    """Today's own module with one sentence written back in plain English fails the check."""
    path = CORE / "task.py"
    source = path.read_text(encoding="utf-8")
    marked = 'translate("Tasks", "due today")'
    assert marked in source and not core_sentence_problems(source, "task.py")
    found = core_sentence_problems(source.replace(marked, '"due today"'), "task.py")
    assert found and "due today" in found[0], found


def test_what_core_writes_off_for_users_is_still_there() -> None:
    """Each exception from the sentence check still names something in its module."""
    for name, words in NOT_FOR_USERS:
        assert words in (CORE / name).read_text(encoding="utf-8"), (name, words)


@pytest.fixture
def marking_hook():
    """Core's translator hook as the window installs it, marking what it translates."""
    from alliance_desk.core import i18n

    i18n.install(lambda context, text: f"«{text}»")
    yield
    i18n.install(None)


def whole_sentence(text: str) -> bool:
    """Translated as one template (begins with its mark), its fields filled."""
    return text.startswith("«") and "»" in text and "{" not in text and "}" not in text


# Tasks whose `what` is the record's own title, typed by the user: not translated.
TITLED = {"escalation", "onboarding", "obligation"}


def test_todays_lines_come_out_translated_with_their_values(demo_store, marking_hook) -> None:
    """Over the demo portfolio, with the window's translator: every task's what (but a
    record's own title), why and when, and every card, is one translated sentence with its
    values filled in — calls, onboarding, escalations past their SLA, risks, obligations,
    decisions, actions, milestones and gaps in the tier's rhythm."""
    from alliance_desk.store.today import load_today

    today = load_today(demo_store, limit=None)
    kinds = {task.kind for task in today.tasks}
    assert kinds >= {"call", "onboarding", "escalation", "risk", "obligation", "decision"}
    assert kinds >= {"action", "milestone", "rhythm"}
    found = [
        f"{task.kind} {part}: {text!r}"
        for task in today.tasks
        for part, text in (("what", task.what), ("why", task.why), ("when", task.when))
        if not (part == "what" and task.kind in TITLED) and not whole_sentence(text)
    ]
    found += [
        f"card {text!r}"
        for card in today.cards
        for text in (card.caption, card.hint)
        if not whole_sentence(text)
    ]
    assert not found, "\n".join(found)
    sla = next(t for t in today.tasks if t.kind == "escalation" and t.late)
    assert re.fullmatch(r"««Past by \d+ business days?» at level \d \(«[^«»]+»\)»", sla.why)


def test_sla_rhythm_band_and_validation_sentences_come_out_translated(marking_hook) -> None:
    """An SLA text, a gap in the tier's rhythm, a risk's band and a form's errors, each
    through the translator with its values in place."""
    from datetime import date, timedelta

    from alliance_desk.core.business_days import SlaPolicy
    from alliance_desk.core.escalations import SlaClock
    from alliance_desk.core.rhythm import Rhythm, RhythmFacts, missing
    from alliance_desk.core.risks import risk_band, validate_decision
    from alliance_desk.core.validation import FieldError, ValidationError, parse_date

    monday = date(2026, 11, 30)
    clock = SlaClock(1, "Acme", "Late data", 1, level_since=monday, raised_on=monday)
    late = clock.sla_text(monday + timedelta(days=14), SlaPolicy(days=(5, 5, 5, 5)))
    assert late == "«Past by 5 business days»"
    assert clock.sla_text(monday + timedelta(days=6), SlaPolicy(days=(5, 5, 5, 5))) == (
        "«1 business day left»"
    )
    gaps = missing(
        Rhythm(14, 30, 90, 60),
        RhythmFacts(1, last_contact=monday - timedelta(days=40), risk_reviews=(None,)),
        monday,
    )
    last = f"«last {monday - timedelta(days=40):%d %b %Y}»"
    assert gaps[:3] == [
        f"«no contact in 14 days ({last})»",
        "«1 open risk not reviewed in 30 days»",
        "«no health check in 90 days («never»)»",
    ]
    assert risk_band(12) == "«high»" and risk_band(25) == "«critical»"
    with pytest.raises(ValidationError) as raised:
        validate_decision({"title": "Go", "decided_on": "2026-12-01", "review_date": "2026-11-01"})
    assert raised.value.errors == {"review_date": "«The review cannot come before the decision.»"}
    with pytest.raises(FieldError) as wrong:
        parse_date("sometime")
    assert str(wrong.value) == "«“sometime” is not a date; use a form such as 2026-03-01.»"
