"""Each delivered part of a contract order yields exactly one invoice, numbered per cooperative and year."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from fulfilment.models import OrderPart
from invoicing import services
from invoicing.models import Invoice, InvoiceCounter
from lifecycle.parts import part_move
from tests import factories

from .deals import contract_order, deliver

pytestmark = pytest.mark.django_db


def test_a_delivered_contract_part_yields_its_invoice_with_both_parties_and_the_contract_s_due_date(delivered):
    part = delivered(3)

    invoice = Invoice.objects.get(part=part)
    today = timezone.localdate()
    assert invoice.number == f"HĐ-{today.year}-0001"
    assert (invoice.issued_on, invoice.due_on) == (today, today + datetime.timedelta(days=15))
    # 3 × 32.000 ₫ and the cooperative's delivery fee of 30.000 ₫
    assert (invoice.goods_amount, invoice.delivery_fee, invoice.amount) == (96000, 30000, 126000)
    assert (invoice.seller_name, invoice.seller_tax_code) == ("HTX Rau sạch Phước An", "0312345673")
    assert invoice.buyer_name == "Siêu thị Xanh"
    assert invoice.buyer_tax_code == invoice.organisation.tax_code
    assert invoice.buyer_address == "12 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh"
    assert [(line.description, line.quantity, line.unit_price, line.amount) for line in invoice.lines.all()] == [
        ("Cải ngọt", 3, 32000, 96000)
    ]
    assert invoice.status == "due"


def test_the_signal_firing_twice_still_makes_one_invoice(delivered):
    part = delivered(2)

    again = services.invoice_issue(part=part)

    assert Invoice.objects.filter(part=part).count() == 1
    assert again == Invoice.objects.get(part=part)


def test_numbers_run_per_cooperative_without_gaps(deal, delivered, django_capture_on_commit_callbacks):
    first, second = delivered(1), delivered(2)
    other = factories.cooperative(name="HTX Tân Nhựt")
    deal["product"] = factories.product(other, title="Gạo")
    other_part = contract_order(deal).parts.get()
    deliver(other_part, factories.cooperative_staff(other), django_capture_on_commit_callbacks)

    year = timezone.localdate().year
    assert [Invoice.objects.get(part=p).number for p in (first, second)] == [f"HĐ-{year}-0001", f"HĐ-{year}-0002"]
    assert Invoice.objects.get(part=other_part).number == f"HĐ-{year}-0001"


def test_an_ordinary_shop_order_and_a_part_not_yet_delivered_have_no_invoice(deal, django_capture_on_commit_callbacks):
    shop_part = factories.order_with_parts((deal["product"], 1), buyer=deal["buyer"]).parts.get()
    deliver(shop_part, deal["staff"], django_capture_on_commit_callbacks)
    pending = contract_order(deal).parts.get()
    with django_capture_on_commit_callbacks(execute=True):
        part_move(part=pending, status="confirmed", user=deal["staff"])

    assert Invoice.objects.count() == 0
    assert services.invoice_issue(part=pending) is None


def test_the_sweep_issues_what_a_failed_signal_left_out(deal):
    part = contract_order(deal).parts.get()
    for status in ("confirmed", "shipped", "delivered"):  # on-commit receivers never run here
        part = part_move(part=part, status=status, user=deal["staff"])
    assert not Invoice.objects.exists()

    assert services.invoices_issue_missing() == 1
    assert services.invoices_issue_missing() == 0
    assert Invoice.objects.get(part=part).amount == 126000


@pytest.mark.django_db(transaction=True)
def test_parts_delivered_at_the_same_moment_get_consecutive_numbers(deal):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one at a time: the race needs PostgreSQL")
    parts = []
    for _n in range(4):
        part = contract_order(deal).parts.get()
        for status in ("confirmed", "shipped", "delivered"):
            part = part_move(part=part, status=status, user=deal["staff"])
        parts.append(part)
    Invoice.objects.all().delete()  # issued by the receivers as each move committed: issue them again, at once
    InvoiceCounter.objects.all().delete()
    barrier = threading.Barrier(len(parts) * 2)
    errors = []

    def issue(part):
        try:
            barrier.wait()
            services.invoice_issue(part=OrderPart.objects.get(pk=part.pk))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(part,)) for part in parts for _twice in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4]


def test_the_nightly_task_issues_the_missing_invoices(deal):
    from invoicing.tasks import invoices_issue_missing

    part = contract_order(deal).parts.get()
    for status in ("confirmed", "shipped", "delivered"):
        part = part_move(part=part, status=status, user=deal["staff"])

    assert invoices_issue_missing.apply().get() == 1
    assert Invoice.objects.filter(part=part).exists()
