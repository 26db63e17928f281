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


def test_every_app_of_ours_is_in_a_layer():
    """A new app left out of the contract would never be checked: each of our apps must sit in a layer."""
    import tomllib

    from django.apps import apps

    contract = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]
    layered = {name.strip() for layer in contract["contracts"][0]["layers"] for name in layer.split("|")}
    ours = {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(REPO) and not Path(config.path).is_relative_to(REPO / ".venv")
    }
    assert ours, "no app of ours found"
    assert ours <= set(contract["root_packages"]), sorted(ours - set(contract["root_packages"]))
    assert ours <= layered, sorted(ours - layered)
