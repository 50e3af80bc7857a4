"""``warsim validate-model --out``: a report path that cannot be written is refused up front.

The report is written last, after minutes of engine runs; a folder given as the file (or
a parent that is a file, or a figures folder that is a file) must be one line naming
--out, exit 2, before any run, not an internal error at the end.
"""

from __future__ import annotations

import pytest

from engine import validation as V
from engine.cli import main as cli_main


@pytest.fixture
def runs(monkeypatch):
    """The report's work, recorded instead of run (a refusal must come before it)."""
    calls = []
    monkeypatch.setattr(V, "build_report", lambda out, **kw: calls.append((out, kw)) or "")
    return calls


def _refused(capsys, runs, *args):
    code = cli_main(["validate-model", "--quick", *args])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "--out" in err[0], (code, err)
    assert runs == [], "refused after the work started"
    return err[0]


def test_a_folder_as_the_report_is_refused_before_any_work(tmp_path, capsys, runs):
    line = _refused(capsys, runs, "--out", str(tmp_path))
    assert "is a folder" in line and str(tmp_path / "validation.md") in line
    line = _refused(capsys, runs, "--no-figures", "--no-episodes", "--out", str(tmp_path))
    assert "is a folder" in line


def test_a_parent_that_is_a_file_or_missing_is_refused(tmp_path, capsys, runs):
    f = tmp_path / "notes.txt"
    f.write_text("x")
    assert "is not a folder" in _refused(capsys, runs, "--out", str(f / "validation.md"))
    assert "no such folder" in _refused(capsys, runs, "--out", str(tmp_path / "no" / "v.md"))


def test_a_figures_folder_that_is_a_file_is_refused_unless_no_figures(tmp_path, capsys, runs):
    (tmp_path / "img").write_text("not a folder")
    out = tmp_path / "validation.md"
    line = _refused(capsys, runs, "--no-episodes", "--out", str(out))
    assert "img" in line and "--no-figures" in line
    # without figures the same path is fine: the report runs (here, is recorded)
    assert cli_main(["validate-model", "--quick", "--no-figures", "--no-episodes", "--out", str(out)]) == 0
    assert [o for o, _ in runs] == [out]
