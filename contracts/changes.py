"""What changed from one version to the next, line by line, as the history page shows it."""

from typing import NamedTuple


class LineChange(NamedTuple):
    product: object
    kind: str  # "added" | "removed" | "changed" | "same"
    before: object  # the earlier version's line, or None
    after: object  # the later version's line, or None


def _terms(line):
    return (line.unit_price, line.volume, line.volume_unit)


def line_changes(before_lines, after_lines) -> list[LineChange]:
    before = {line.product_id: line for line in before_lines}
    after = {line.product_id: line for line in after_lines}
    changes = []
    for product_id, line in after.items():
        old = before.get(product_id)
        if old is None:
            changes.append(LineChange(line.product, "added", None, line))
        else:
            changes.append(LineChange(line.product, "same" if _terms(old) == _terms(line) else "changed", old, line))
    changes.extend(LineChange(line.product, "removed", line, None) for pid, line in before.items() if pid not in after)
    return changes


def versions_with_changes(versions) -> list[tuple]:
    """(version, its line changes against the version before it) for versions listed newest first."""
    versions = list(versions)
    result = []
    for index, version in enumerate(versions):
        earlier = versions[index + 1].lines.all() if index + 1 < len(versions) else []
        result.append((version, line_changes(earlier, version.lines.all())))
    return result
