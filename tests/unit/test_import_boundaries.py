"""The apps' layers (pyproject.toml, [tool.importlinter]) hold: no app imports one above it, so no two apps
import each other. import-linter reads every import, those inside functions included."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LINT_IMPORTS = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def test_no_app_imports_a_layer_above_it():
    checked = subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--no-cache"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert " 0 broken." in checked.stdout
