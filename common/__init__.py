"""Helpers every app may use: phones, money, parameters, uploads, spreadsheets, content language.

The bottom layer: nothing here imports one of our apps (the import-linter contracts in
pyproject.toml hold that), so any app can lean on it without closing a cycle.
"""
