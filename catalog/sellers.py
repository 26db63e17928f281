"""Who sells on the market: the verified cooperatives. The rule is cooperatives' (its model and its status),
but cooperatives sits above catalog in the layers (pyproject.toml: it imports the catalogue), so catalog may
not import it; cooperatives hands the rule down here in CooperativesConfig.ready instead. Read at call
time, never at import: the apps are ready before any request, task or command runs."""

_rule = {}


def sellers_register(*, verified_status: str, verified_cooperatives) -> None:
    """``verified_status``: the cooperative status that sells; ``verified_cooperatives``: a callable
    answering a queryset of the cooperatives that sell (cooperatives/apps.py)."""
    _rule.update(status=verified_status, cooperatives=verified_cooperatives)


def verified_status() -> str:
    return _rule["status"]


def verified_cooperatives():
    """The cooperatives that sell, as a queryset of the cooperative model."""
    return _rule["cooperatives"]()
