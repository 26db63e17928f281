"""How an invoice is paid: a bank transfer to the market's account (payments/ builds the VietQR), for
the invoice's amount, the invoice number as the transfer's note."""

from django.conf import settings

from payments import vietqr
from payments.services import bank_transfer_enabled
from payments.vietqr import Transfer


def transfer_note(invoice) -> str:
    # Every cooperative's invoices start again at 0001 each year, and all are paid into the market's one
    # account: the cooperative's id tells two "HĐ-2026-0001" apart in a bank statement (25 characters at most).
    # Folded as banking apps show it ("HD 2026 0001 HTX12"), so the page says what the statement will.
    return vietqr.transfer_note(f"{invoice.number} HTX{invoice.cooperative_id}")


def bank_transfer(invoice) -> Transfer | None:
    """The transfer that pays ``invoice``; None when the market has no bank account set up."""
    if not bank_transfer_enabled():
        return None
    return Transfer(
        bank_bin=settings.VIETQR_BANK_BIN,
        account_number=settings.VIETQR_ACCOUNT_NUMBER,
        amount=invoice.amount,
        note=transfer_note(invoice),
    )


def bank_details() -> dict:
    return {
        "bank_name": settings.VIETQR_BANK_NAME,
        "account_number": settings.VIETQR_ACCOUNT_NUMBER,
        "account_name": settings.VIETQR_ACCOUNT_NAME,
    }
