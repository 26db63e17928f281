"""Integration tests live in a folder named after the app they test (tests/integration/<app>/), or in
tests/integration/flows/ when they check a path across apps; each folder is a package, so two files
may share a name without clashing at collection."""

from pathlib import Path

from django.apps import apps

INTEGRATION = Path(__file__).resolve().parent.parent / "integration"
CROSS_APP = {"flows"}


def test_no_integration_test_lies_loose_at_the_top():
    loose = sorted(path.name for path in INTEGRATION.glob("test_*.py"))

    assert loose == [], (
        f"Move these into tests/integration/<app>/ (or flows/ for a path across apps), with git mv: {loose}"
    )


def test_each_folder_is_a_package_named_after_one_of_our_apps():
    our_apps = {config.name.split(".")[0] for config in apps.get_app_configs()}
    folders = {path.name for path in INTEGRATION.iterdir() if path.is_dir() and path.name != "__pycache__"}

    assert folders - our_apps - CROSS_APP == set()
    assert [name for name in sorted(folders) if not (INTEGRATION / name / "__init__.py").exists()] == []
