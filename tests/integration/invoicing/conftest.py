"""Fixtures of the invoicing tests: a contract deal (deals.py) and contract parts delivered under it."""

import pytest

from .deals import contract_deal, contract_order, deliver


@pytest.fixture
def deal(db):
    return contract_deal()


@pytest.fixture
def delivered(deal, django_capture_on_commit_callbacks):
    """Deliver a new contract order of ``quantity``; returns its part."""

    def make(quantity=3, **kwargs):
        part = contract_order(deal, quantity, **kwargs).parts.get()
        return deliver(part, deal["staff"], django_capture_on_commit_callbacks)

    return make
