"""Nothing in the core is kept that nothing calls: every public function and method
outside the window (``crmdesk/ui``) and the migrations is used by the package or by a
test.  Framework overrides (camelCase, called by ``logging``) are not ours to call."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_every_public_function_of_the_core_is_used() -> None:
    package = REPO / "crmdesk"
    words = Counter(word for p in [*package.rglob("*.py"), *(REPO / "tests").rglob("*.py")]
                    for word in re.findall(r"\w+", p.read_text(encoding="utf-8")))
    unused = []
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).parts[0] in ("ui", "migrations"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [(n.name, n.name) for n in tree.body
                 if isinstance(n, ast.FunctionDef | ast.ClassDef)]
        names += [(f"{c.name}.{n.name}", n.name) for c in tree.body
                  if isinstance(c, ast.ClassDef) for n in c.body
                  if isinstance(n, ast.FunctionDef) and n.name == n.name.lower()]
        for label, name in names:
            if name.startswith("_"):
                continue
            if words[name] <= 1:  # its own def
                unused.append(f"{path.relative_to(package)}: {label}")
    assert not unused
