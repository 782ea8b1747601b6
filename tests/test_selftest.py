"""`alliance-desk --self-test`, from the source tree and from a freshly built bundle."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from alliance_desk.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_self_test_passes_and_leaves_the_users_data_alone(data_home: Path, capsys) -> None:
    before = sorted(data_home.rglob("*")) if data_home.exists() else []
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert "migrated to schema" in out and "demo portfolio loaded" in out
    assert "governance pack exported" in out and "self-test passed" in out
    assert "encrypted portfolio created, written and reopened" in out
    assert "keyring package loaded" in out
    after = sorted(data_home.rglob("*")) if data_home.exists() else []
    assert after == before


def test_self_test_reports_a_failure_with_a_non_zero_exit(monkeypatch, capsys) -> None:
    """A broken installation (here: the demo data cannot be read) fails loudly."""
    from alliance_desk.store import demo

    def broken(*_args, **_kwargs):
        raise FileNotFoundError("resources/demo/portfolio.json")

    monkeypatch.setattr(demo, "create_demo", broken)
    assert main(["--self-test"]) == 1
    assert "FAILED" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is None,
    reason="PyInstaller is not installed (pip install -e '.[bundle]')",
)
def test_a_freshly_built_bundle_passes_its_self_test(tmp_path: Path) -> None:
    """Build the one-folder bundle from build.spec, then run it without this Python."""
    pyinstaller = Path(sys.executable).parent / "pyinstaller"
    subprocess.run(
        [
            str(pyinstaller),
            str(ROOT / "build.spec"),
            "--noconfirm",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "build"),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
        timeout=900,
    )
    bundle = tmp_path / "dist" / "alliance-desk"
    program = bundle / "alliance-desk"
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV"))
    }
    clean_env.update(QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"))
    result = subprocess.run(
        [str(program), "--self-test"],
        capture_output=True,
        text=True,
        env=clean_env,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "encrypted portfolio created, written and reopened" in result.stdout
    assert "keyring package loaded" in result.stdout
    assert "self-test passed" in result.stdout
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    assert not any("WebEngine" in p.name for p in bundle.rglob("*"))
    print(f"bundle size: {size / 2**20:.0f} MB")  # README reports it
