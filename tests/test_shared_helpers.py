"""Issue 12 point 5: what was written several times has one helper; these checks keep it so."""

import re
from pathlib import Path

TRAINING = Path(__file__).resolve().parent.parent / "training"


def _sources():
    for path in sorted(TRAINING.rglob("*.py")):
        yield path.relative_to(TRAINING.parent).as_posix(), path.read_text(encoding="utf-8")


def _lines_matching(pattern: str):
    regex = re.compile(pattern)
    for name, text in _sources():
        for number, line in enumerate(text.splitlines(), 1):
            if regex.search(line):
                yield name, number, line.strip()


def test_every_next_target_goes_through_safe_next():
    reads = list(_lines_matching(r"""get\(\s*["']next["']|\.next\.data"""))
    assert reads, "the login and language forms read a next target"
    unsafe = [(name, n, line) for name, n, line in reads if "safe_next(" not in line]
    assert unsafe == []
