"""Money in and out of an order: transfers officers see arrive, cash a cooperative's shipper collects,
refunds. Each runs under the order's lock and ends with ``order_sync``, so credits and the payment's
status follow at once (lifecycle/money.py)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from fulfilment.models import OrderPart
from fulfilment.selectors import user_may_act_on_part
from lifecycle import money
from lifecycle.parts import order_lock, order_sync
from payments import ledger, stripe_gateway
from payments.models import PaymentMethod, Receipt, Refund


def _whole_positive(amount) -> Decimal:
    return ledger.whole_dong(amount)


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _recorded_by(receipt) -> str:
    return receipt.recorded_by.email if receipt.recorded_by else _("the market")


def money_received(*, order, method, amount, reference: str, user=None, stripe_event=None) -> Receipt:
    """Record money that reached the market for ``order`` and let credits and status follow.
    Call inside the transaction holding the order's lock (``order_lock``)."""
    receipt = Receipt.objects.create(
        order=order, method=method, amount=amount, reference=reference, recorded_by=user, stripe_event=stripe_event
    )
    order_sync(order)
    return receipt


# --- Bank transfers -------------------------------------------------------------------------------


def transfer_record(*, order, amount, reference: str, user, seen_received=None) -> Receipt:
    """An officer saw a transfer of ``amount`` đồng with ``reference`` on the market's account.

    Short, exact, over- and second payments are all kept, each once. ``seen_received`` is what the
    officer's page showed as received: if another transfer was recorded since, nothing is written and
    the message says by whom, so a stale page cannot record one transfer twice."""
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError(_("Enter the bank's reference for the transfer."), code="reference")
    amount = _whole_positive(amount)
    with transaction.atomic():
        order = order_lock(order.pk)
        if money.order_method(order) != PaymentMethod.BANK_TRANSFER:
            raise ValidationError(_("This order is not paid by bank transfer."), code="method")
        receipts = Receipt.objects.filter(order=order).select_related("recorded_by")
        same = receipts.filter(method=PaymentMethod.BANK_TRANSFER, reference=reference).first()
        if same is not None:
            raise ValidationError(
                _("The transfer %(reference)s of %(amount)s was already recorded by %(who)s at %(when)s.")
                % {
                    "reference": reference,
                    "amount": ledger.vnd(same.amount),
                    "who": _recorded_by(same),
                    "when": _when(same.created_at),
                },
                code="duplicate",
            )
        if seen_received is not None and Decimal(seen_received) != money.order_dues(order).received:
            last = receipts.order_by("-created_at", "-pk").first()
            raise ValidationError(
                _(
                    "Since you opened this page, %(who)s recorded %(amount)s (%(reference)s) at %(when)s. "
                    "Nothing was recorded: check the bank statement and enter the transfer again if it is another one."
                )
                % {
                    "who": _recorded_by(last),
                    "amount": ledger.vnd(last.amount),
                    "reference": last.reference,
                    "when": _when(last.created_at),
                },
                code="stale",
            )
        receipt = money_received(
            order=order, method=PaymentMethod.BANK_TRANSFER, amount=amount, reference=reference, user=user
        )
    return receipt


# --- Cash on delivery -----------------------------------------------------------------------------


def cash_record(*, part, amount, user, note: str = "") -> Receipt:
    """The cooperative's shipper handed over a delivered part and collected ``amount`` đồng in cash
    (0 with ``note`` when the buyer did not pay). Recorded once per part; the cooperative then owes the
    market its commission on the cash."""
    note = (note or "").strip()
    try:
        amount = Decimal(amount)
    except (TypeError, ArithmeticError) as error:
        raise ValidationError(_("Enter a whole number of đồng."), code="amount") from error
    if amount < 0 or amount != amount.to_integral_value():
        raise ValidationError(_("Enter a whole number of đồng."), code="amount")
    if user is not None and not user_may_act_on_part(user, part):
        raise PermissionDenied
    with transaction.atomic():
        order = order_lock(part.order_id)
        part = OrderPart.objects.select_for_update(of=("self",)).select_related("cooperative").get(pk=part.pk)
        part.order = order
        if money.order_method(order) != PaymentMethod.CASH_ON_DELIVERY:
            raise ValidationError(_("This order is not paid in cash on delivery."), code="method")
        if part.status != OrderPart.Status.DELIVERED:
            raise ValidationError(_("Record the cash once the part has been delivered."), code="not-delivered")
        existing = Receipt.objects.filter(order_part=part).select_related("recorded_by").first()
        if existing is not None:
            raise ValidationError(
                _("The cash for this part was already recorded by %(who)s at %(when)s: %(amount)s.")
                % {
                    "who": _recorded_by(existing),
                    "when": _when(existing.created_at),
                    "amount": ledger.vnd(existing.amount),
                },
                code="duplicate",
            )
        charge = money.part_charge(part)
        if amount < charge and not note:
            raise ValidationError(
                _("Less than %(amount)s was collected: say why.") % {"amount": ledger.vnd(charge)}, code="note"
            )
        receipt = Receipt.objects.create(
            order=order,
            order_part=part,
            method=PaymentMethod.CASH_ON_DELIVERY,
            amount=amount,
            reference=f"cash-part-{part.pk}",
            note=note,
            recorded_by=user,
        )
        if amount:
            ledger.ledger_charge_cash_commission(part=part, amount=amount)
        order_sync(order)
    return receipt


# --- Refunds --------------------------------------------------------------------------------------


def goods_refundable(part) -> Decimal:
    """How much can still be refunded for ``part``'s goods: what was paid for it, less refunds."""
    method = money.order_method(part.order)
    if method == PaymentMethod.CASH_ON_DELIVERY:
        receipt = Receipt.objects.filter(order_part=part).first()
        paid = receipt.amount if receipt else Decimal(0)
        return max(paid - money.goods_refunded(part), Decimal(0))
    if part.status == OrderPart.Status.CANCELLED or not money.order_dues(part.order).covered:
        return Decimal(0)
    return money.part_charge(part)


def goods_refusal(part) -> str | None:
    """Why nothing can be refunded for ``part``'s goods now, or None."""
    method = money.order_method(part.order)
    if method == PaymentMethod.CASH_ON_DELIVERY and not Receipt.objects.filter(order_part=part).exists():
        return _("Cash on delivery is collected at delivery: there is nothing to refund before then.")
    if part.status == OrderPart.Status.CANCELLED:
        return _("This part was cancelled: what was paid for it is refunded as money owed to the buyer.")
    if method != PaymentMethod.CASH_ON_DELIVERY and not money.order_dues(part.order).covered:
        return _("This order has not been paid yet: there is nothing to refund.")
    if goods_refundable(part) <= 0:
        return _("This part has been refunded in full.")
    return None


def _refund_save(refund, *, key: str) -> None:
    """Save ``refund``; a card's goes through Stripe first (nothing is saved if Stripe refuses).

    The idempotency key (``key`` and the order's refund count) makes a retried refund (double click,
    timeout) the same refund at Stripe."""
    if refund.method == PaymentMethod.CARD:
        order = refund.order
        number = Refund.objects.filter(order=order).count() + 1
        try:
            made = stripe_gateway.refund_create(
                payment_intent_id=order.payment.stripe_payment_intent_id,
                amount=refund.amount,
                idempotency_key=f"{key}-{number}",
            )
        except stripe_gateway.stripe.StripeError as error:
            raise ValidationError(
                _("Stripe did not accept the refund, so nothing was refunded. Try again later."), code="stripe"
            ) from error
        refund.stripe_refund_id = made.id
    refund.save()


def refund_goods(*, part, amount, user, reason: str, reference: str = "") -> Refund:
    """Give ``amount`` đồng back for (some of) ``part``'s goods: through Stripe for a card, recorded by
    hand otherwise. The cooperative's credit falls by it, with the commission on it returned."""
    amount = _whole_positive(amount)
    if not (reason or "").strip():
        raise ValidationError(_("Say why the money is refunded."), code="reason")
    with transaction.atomic():
        order = order_lock(part.order_id)
        part = OrderPart.objects.select_for_update(of=("self",)).select_related("cooperative").get(pk=part.pk)
        part.order = order
        refused = goods_refusal(part)
        if refused:
            raise ValidationError(refused, code="not-refundable")
        refundable = goods_refundable(part)
        if amount > refundable:
            raise ValidationError(
                _("At most %(amount)s can still be refunded on this part.") % {"amount": ledger.vnd(refundable)},
                code="too-much",
            )
        method = money.order_method(order)
        refund = Refund(
            order=order,
            order_part=part,
            kind=Refund.Kind.GOODS,
            amount=amount,
            method=method,
            reason=reason.strip(),
            reference=reference,
            recorded_by=user,
        )
        _refund_save(refund, key=f"refund-part-{part.pk}")
        ledger.ledger_record_refund(refund=refund, collected_by_market=method in ledger.COLLECTED_METHODS)
        order_sync(order)
    return refund


def refund_owed(*, order, amount, user, reference: str = "", reason: str = "") -> Refund:
    """An officer gives back money the buyer paid for nothing (parts cancelled after payment, or a
    payment over what was due). At most what is owed; through Stripe for a card."""
    amount = _whole_positive(amount)
    with transaction.atomic():
        order = order_lock(order.pk)
        owed = money.order_dues(order).refund_owed
        if amount > owed:
            raise ValidationError(
                _("The market owes this buyer %(amount)s; a refund cannot be larger.") % {"amount": ledger.vnd(owed)},
                code="too-much",
            )
        method = money.order_method(order)
        refund = Refund(
            order=order,
            kind=Refund.Kind.OWED,
            amount=amount,
            method=method,
            reason=(reason or "").strip() or _("Money owed to the buyer"),
            reference=reference,
            recorded_by=user,
        )
        _refund_save(refund, key=f"refund-owed-{order.pk}")
        order_sync(order)
    return refund


def refund_from_stripe(*, order, amount: Decimal, stripe_refund_id: str) -> list[Refund]:
    """A refund made in Stripe's dashboard (learnt from ``charge.refunded``): first it settles what is
    owed to the buyer, the rest is a refund for goods across the live parts. Each Stripe refund once.
    Call inside the transaction holding the order's lock."""
    known = Refund.objects.filter(stripe_refund_id=stripe_refund_id) | Refund.objects.filter(
        stripe_refund_id__startswith=f"{stripe_refund_id}#"
    )
    if known.exists():
        return []
    made = []
    left = Decimal(amount)
    owed = money.order_dues(order).refund_owed
    common = {"order": order, "method": PaymentMethod.CARD, "recorded_by": None, "reason": _("Refunded at Stripe")}
    if owed and left:
        take = min(owed, left)
        made.append(
            Refund.objects.create(kind=Refund.Kind.OWED, amount=take, stripe_refund_id=stripe_refund_id, **common)
        )
        left -= take
    for index, part in enumerate(order.parts.select_related("cooperative").order_by("pk")):
        if not left:
            break
        part.order = order
        take = min(goods_refundable(part), left)
        if take <= 0:
            continue
        refund = Refund.objects.create(
            kind=Refund.Kind.GOODS,
            order_part=part,
            amount=take,
            # One Stripe refund may cover several parts: each row keeps its id, suffixed after the first.
            stripe_refund_id=stripe_refund_id if not made else f"{stripe_refund_id}#{index}",
            **common,
        )
        ledger.ledger_record_refund(refund=refund, collected_by_market=True)
        made.append(refund)
        left -= take
    if left:  # more than was ever charged: still recorded, so the books match Stripe's
        made.append(
            Refund.objects.create(
                kind=Refund.Kind.OWED, amount=left, stripe_refund_id=f"{stripe_refund_id}#rest", **common
            )
        )
    return made
