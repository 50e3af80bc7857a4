"""README.md's code runs as written.

Every fenced block tagged ``console``, ``bash``, ``sh`` or ``python`` is run from the
project root exactly as it appears: a ``console`` block's ``$`` lines are commands and
the lines after each are its output, which the real output must contain in the same
order (a ``...`` line stands for lines left out). A block too long for the test suite
(the full reference batch, ``make main``) carries an explicit marker on the line above
its fence::

    <!-- readme-test: skip: WHY -->

and is then only checked for what can be checked quickly: its ``warsim`` commands
parse, its ``make`` targets exist. Inline code is checked too: a dotted
``engine....`` name imports, a path exists, a ``warsim`` command and its options exist.
"""

from __future__ import annotations

import importlib
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass

import pytest

from tests.conftest import ROOT

README = ROOT / "README.md"
SKIP = "<!-- readme-test: skip"
RUNNABLE = {"console", "bash", "sh", "python"}
FENCE = re.compile(r"^```(\w*)\s*$")


@dataclass
class Block:
    lang: str
    text: str
    line: int  # line number of the opening fence (1-based)
    skip: str | None  # the marker's reason, or None

    @property
    def id(self) -> str:
        return f"README.md:{self.line}:{self.lang or 'text'}"


def read_blocks(text: str) -> list[Block]:
    """Fenced blocks of a Markdown text, with the skip marker on the line above each."""
    lines = text.splitlines()
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        above = lines[i - 1].strip() if i > 0 else ""
        skip = above[len(SKIP):].strip(" :->") if above.startswith(SKIP) else None
        out.append(Block(m.group(1), "\n".join(lines[i + 1 : j]), i + 1, skip))
        i = j + 1
    return out


def console_steps(text: str) -> list[tuple[str, list[str]]]:
    """``(command, expected output lines)`` for each ``$`` command of a console block."""
    steps: list[tuple[str, list[str]]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("$ "):
            cmd = line[2:]
            while cmd.endswith("\\") and i + 1 < len(lines):
                i += 1
                cmd = cmd[:-1] + " " + lines[i].strip()
            steps.append((cmd, []))
        elif steps:
            steps[-1][1].append(line)
        i += 1
    return steps


def shell_commands(block: Block) -> list[str]:
    """The commands of a block: ``$`` lines of a console block, non-comment lines of a bash one."""
    if block.lang == "console":
        return [cmd for cmd, _ in console_steps(block.text)]
    return [ln for ln in block.text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


BLOCKS = [b for b in read_blocks(README.read_text(encoding="utf-8")) if b.lang in RUNNABLE]


def test_the_readme_has_blocks_to_run():
    # a parser that found nothing would make every other test here pass vacuously
    langs = [b.lang for b in BLOCKS if b.skip is None]
    assert "console" in langs and "python" in langs, [b.id for b in BLOCKS]
    assert [b for b in BLOCKS if b.skip], "the long blocks are expected to carry the skip marker"


def contains_in_order(actual: list[str], expected: list[str]) -> str | None:
    """None if every expected line (``...`` aside) occurs in ``actual`` in order, else the first missing."""
    pos = 0
    stripped = [a.rstrip() for a in actual]
    for want in expected:
        want = want.rstrip()
        if want in ("...", ""):
            continue
        try:
            pos = stripped.index(want, pos) + 1
        except ValueError:
            return want
    return None


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.skip is None], ids=lambda b: b.id)
def test_block_runs_as_written(block):
    if block.lang == "python":
        res = subprocess.run([sys.executable, "-c", block.text], cwd=ROOT, capture_output=True,
                             text=True, timeout=600)
        assert res.returncode == 0, f"{block.id}:\n{res.stderr[-3000:]}"
        return
    steps = console_steps(block.text) if block.lang == "console" else [
        (c, []) for c in shell_commands(block)]
    for cmd, expected in steps:
        res = subprocess.run(["bash", "-c", cmd], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert res.returncode == 0, f"{block.id}: `{cmd}` exited {res.returncode}:\n{res.stderr[-3000:]}"
        missing = contains_in_order(res.stdout.splitlines(), expected)
        assert missing is None, (
            f"{block.id}: `{cmd}` no longer prints this README line (in this order):\n  {missing}\n"
            f"today it prints:\n{res.stdout}"
        )


def _warsim_argv(cmd: str) -> list[str] | None:
    words = shlex.split(cmd, comments=True)
    if words and words[0].split("/")[-1] == "warsim":
        return words[1:]
    return None


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.skip], ids=lambda b: b.id)
def test_skipped_block_commands_parse(block):
    from engine.cli import build_parser

    makefile = (ROOT / "Makefile").read_text()
    checked = 0
    for cmd in shell_commands(block):
        argv = _warsim_argv(cmd)
        if argv is not None:
            try:
                build_parser().parse_args(argv)
            except SystemExit as exc:
                pytest.fail(f"{block.id}: `{cmd}` does not parse (exit {exc.code})")
            checked += 1
        elif cmd.split()[0] == "make":
            target = cmd.split()[1]
            assert re.search(rf"^{re.escape(target)}\s*:", makefile, re.M), f"no make target {target}"
            checked += 1
        else:
            pytest.fail(f"{block.id}: skipped block has a command this test cannot check: {cmd}")
    assert checked, block.id


INLINE = re.compile(r"`([^`\n]+)`")


def inline_spans() -> list[str]:
    text = README.read_text(encoding="utf-8")
    fenced = re.compile(r"^```.*?^```", re.S | re.M)
    return INLINE.findall(fenced.sub("", text))


def test_inline_dotted_names_import():
    names = [s for s in inline_spans() if re.fullmatch(r"(engine|viz|benchmarks|scenarios)(\.\w+)+", s)]
    assert names, "the README names engine modules or classes"
    for name in names:
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):  # longest importable module, then attributes
            try:
                obj = importlib.import_module(".".join(parts[:cut]))
            except ModuleNotFoundError:
                continue
            for attr in parts[cut:]:
                assert hasattr(obj, attr), f"README names `{name}`: {'.'.join(parts[:cut])} has no {attr}"
                obj = getattr(obj, attr)
            break
        else:
            pytest.fail(f"README names `{name}`, which does not import")


def test_inline_paths_exist():
    paths = [s for s in inline_spans() if re.fullmatch(r"[\w.-]+(/[\w.-]+)*/?", s) and "/" in s
             and not s.startswith(("results/", "http"))]  # results/ is made by `make main`
    assert paths
    for p in paths:
        assert (ROOT / p).exists(), f"README names `{p}`, which does not exist"


def test_inline_warsim_commands_and_options_exist():
    from engine.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")  # argparse's subparsers action
    spans = [s for s in inline_spans() if s.startswith("warsim ")]
    assert spans
    for span in spans:
        words = span.split()
        assert words[1] in sub.choices, f"README: `{span}`: no command {words[1]}"
        options = sub.choices[words[1]]._option_string_actions
        for w in words[2:]:
            if w.startswith("--"):
                opt = w.split("=")[0]
                assert opt in options, f"README: `{span}`: {words[1]} has no option {opt}"
