"""Oscar's order dashboard, narrowed so that a cooperative's staff handle their own lines only.

Stock Oscar lets a partner user open any order that holds one of their lines, then shows every
line, whole-order totals and payments, and lets them change the order's status, other partners'
lines, anyone's notes and the delivery address. Officers keep Oscar's full view. Oscar's get_class
loader picks these classes up in place of its own.

Notes belong to an order's part (``fulfilment.PartNote``): staff read and change only the notes of
their own cooperative's parts; officers read every note, labelled with its cooperative.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Sum
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.orders import views
from oscar.core.loading import get_class, get_model

from accounts.roles import is_officer
from common.params import parse_ids, parse_int
from common.spreadsheets import safe_cell
from dashboard import selectors
from dashboard.orders.forms import order_status_choices
from fulfilment import selectors as fulfilment_selectors
from fulfilment import services as fulfilment_services
from fulfilment.models import OrderPart
from fulfilment.order_status import order_status_label
from lifecycle import parts as lifecycle

Line = get_model("order", "Line")
OrderNote = get_model("order", "OrderNote")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
ShippingEventQuantity = get_model("order", "ShippingEventQuantity")
SourceType = get_model("payment", "SourceType")
Transaction = get_model("payment", "Transaction")
OrderNoteForm = get_class("dashboard.orders.forms", "OrderNoteForm")

ORDER_STATUS_REFUSED = _(
    "Only market officers can change the status of a whole order. "
    "Change the status of your cooperative's lines instead."
)
ORDER_PAYMENT_REFUSED = _(
    "Only market officers can record a payment for a whole order. "
    "Record payments against your cooperative's lines instead."
)
OTHER_LINES_REFUSED = _("You can only act on your own cooperative's lines. Nothing was changed.")
NOTE_REFUSED = _(
    "You can only edit or delete a note you wrote yourself, within 5 minutes of saving it. Nothing was changed."
)
# Oscar's message, in Oscar's catalogue.
NOTE_SAVED = _("Note saved")
SHIPPING_ADDRESS_REFUSED = _(
    "Only market officers can change the delivery address of an order. Ask a market officer to correct it."
)
CANCELLATION_REASON_REQUIRED = _("Give a reason for cancelling the line. Nothing was changed.")
ORDER_STATUS_FOLLOWS_PARTS = _(
    "An order's status follows its cooperatives' parts: move the parts instead, or cancel the whole order."
)
LINE_CANCEL_REFUSED = _(
    "Lines already shipped, delivered or cancelled cannot be cancelled: #%(line_ids)s. Nothing was changed."
)
LINE_QUANTITY_MISSING = _(
    "Enter how many of line #%(line_id)s to act on: a whole number from 1 to %(quantity)s. Nothing was changed."
)
LINE_NOT_FOUND = _("Choose lines of this order to act on. Nothing was changed.")
# Oscar's order search fields that match any line of an order, with the lookup on Line they stand for.
LINE_SEARCH_LOOKUPS = {"product_title": "title__istartswith", "upc": "upc", "partner_sku": "partner_sku"}
# The CSV columns whose values a cooperative's staff get for their own lines only.
OWN_LINES_CSV_COLUMNS = {
    "value": _("Total of your cooperative's lines"),
    "num_items": _("Number of items from your cooperative"),
}


def lines_for_user(order, user):
    """The lines of ``order`` that ``user`` may see and act on."""
    lines = order.lines.select_related("partner", "product")
    if is_officer(user):
        return lines
    return lines.filter(partner__users=user)


def order_status_change(request, order, new_status) -> bool:
    """Officers change a whole order's status through the parts' lifecycle: cancelling the order
    cancels every part (stock, money, notes follow); any other status follows from the parts."""
    if new_status != lifecycle.ORDER_CANCELLED:
        messages.error(request, ORDER_STATUS_FOLLOWS_PARTS)
        return False
    try:
        lifecycle.order_cancel(order=order, user=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.info(request, _("Order %(number)s and all its parts are cancelled.") % {"number": order.number})
    return True


def _may_change_readable_note(note, user) -> bool:
    # Oscar lets anyone with the page edit any note for 5 minutes; a cooperative's staff only their own.
    return note.is_editable() and (is_officer(user) or note.user_id == user.pk)


def can_change_note(note, user) -> bool:
    if not _may_change_readable_note(note, user):
        return False
    # A note a cooperative's staff wrote stays theirs only while it is about their cooperative's part.
    return is_officer(user) or fulfilment_selectors.note_readable_by(note, user)


class OrderStatsView(views.OrderStatsView):
    def get_stats(self, filters):
        stats = super().get_stats(filters)
        if is_officer(self.request.user):
            return stats
        orders = views.queryset_orders_for_user(self.request.user).filter(**filters)
        own_lines = Line.objects.filter(order__in=orders, partner__users=self.request.user)
        stats["total_lines"] = own_lines.count()
        stats["total_revenue"] = own_lines.aggregate(total=Sum("line_price_incl_tax", default=0))["total"]
        return stats


class OrderListView(views.OrderListView):
    def dispatch(self, request, *args, **kwargs):
        if not is_officer(request.user):
            self.CSV_COLUMNS = {**self.CSV_COLUMNS, **OWN_LINES_CSV_COLUMNS}
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        orders = super().get_queryset()
        if is_officer(self.request.user):
            return orders
        orders = selectors.orders_with_own_line_totals(self.narrow_line_search(orders), user=self.request.user)
        if self.request.GET.get("sort") == "total_incl_tax":
            # Sort by the totals the user sees: whole-order totals would hint at other cooperatives' lines.
            descending = self.request.GET.get("dir") == "desc"
            orders = orders.order_by(("-" if descending else "") + "own_total_incl_tax")
        return orders

    def narrow_line_search(self, orders):
        """Match the product searched for on the user's own lines only.

        Oscar matches it on any line, which would tell which orders hold other cooperatives' products.
        """
        if not self.form.is_valid():
            return orders
        for field, lookup in LINE_SEARCH_LOOKUPS.items():
            if self.form.cleaned_data[field]:
                lookups = {lookup: self.form.cleaned_data[field]}
                orders = selectors.orders_with_own_line(orders, user=self.request.user, **lookups)
        return orders

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["shows_whole_orders"] = is_officer(self.request.user)
        # Cancelling is the one status an officer sets by hand (order_status_change).
        ctx["order_statuses"] = order_status_choices([lifecycle.ORDER_CANCELLED])
        return ctx

    def get_search_filter_descriptions(self):
        """Oscar's, with the status searched for in words."""
        descriptions = super().get_search_filter_descriptions()
        status = self.form.cleaned_data.get("status") if self.form.is_valid() else None
        if not status:
            return descriptions
        oscar_words = _("Order status is {order_status}").format(order_status=status)
        ours = _("Order status is {order_status}").format(order_status=order_status_label(status))
        return [ours if description == oscar_words else description for description in descriptions]

    def get_row_values(self, order):
        """Oscar's row of the orders CSV, with text a buyer typed (their name) never a formula."""
        row = super().get_row_values(order)
        if not is_officer(self.request.user):
            row.update(value=order.own_total_incl_tax, num_items=order.own_num_items)
        row["status"] = order_status_label(order.status)
        return {column: safe_cell(value) for column, value in row.items()}

    def change_order_statuses(self, request, orders):
        if not is_officer(request.user):
            messages.error(request, ORDER_STATUS_REFUSED)
            return redirect("dashboard:order-list")
        return super().change_order_statuses(request, orders)

    def change_order_status(self, request, order):
        order_status_change(request, order, request.POST.get("new_status", "").strip())


class OrderDetailView(views.OrderDetailView):
    # Oscar's copy of this name is found first (oscar.config.Shop precedes our dashboard app).
    template_name = "dashboard/orders/order_detail.html"
    officer_only_actions = {
        "change_order_status": ORDER_STATUS_REFUSED,
        "create_order_payment_event": ORDER_PAYMENT_REFUSED,
    }

    def get_order_lines(self):
        return lines_for_user(self.object, self.request.user)

    def handle_order_action(self, request, order, action):
        if action in self.officer_only_actions and not is_officer(request.user):
            return self.reload_page(error=self.officer_only_actions[action])
        return super().handle_order_action(request, order, action)

    def handle_line_action(self, request, order, action):
        if action not in self.line_actions:
            return super().handle_line_action(request, order, action)  # Oscar's "Invalid action"
        # Oscar passes the ids to the database as they come ("abc", 2**63: a 500) and reads a missing
        # quantity with int(None) (a 500 too): both are refused here with a message.
        selected_ids = request.POST.getlist("selected_line")
        line_ids = parse_ids(selected_ids)
        if not selected_ids or len(line_ids) != len(selected_ids):
            return self.reload_page(error=LINE_NOT_FOUND)
        # Oscar would refuse these too (it acts on get_order_lines() only), but with a vaguer message.
        if not is_officer(request.user):
            selected = order.lines.filter(pk__in=line_ids)
            if selected.exclude(partner__users=request.user).exists():
                return self.reload_page(error=OTHER_LINES_REFUSED)
        for line in self.get_order_lines().filter(pk__in=line_ids):
            quantity = request.POST.get(f"selected_line_qty_{line.pk}")
            if parse_int(quantity, minimum=1, maximum=line.quantity) is None:
                return self.reload_page(error=LINE_QUANTITY_MISSING % {"line_id": line.pk, "quantity": line.quantity})
        return super().handle_line_action(request, order, action)

    def get_order_status_form(self):
        # The only status an officer sets by hand is "cancelled" (every part with it); the others follow
        # from the parts, so they are not offered.
        form = super().get_order_status_form()
        can_cancel = lifecycle.ORDER_CANCELLED in self.object.available_statuses()
        form.fields["new_status"].choices = (
            [(lifecycle.ORDER_CANCELLED, OrderPart.Status.CANCELLED.label)] if can_cancel else []
        )
        return form

    def change_order_status(self, request, order):
        form = self.get_order_status_form()
        if not form.is_valid():
            return self.reload_page(error=_("Choose the new status. Nothing was changed."))
        order_status_change(request, order, form.cleaned_data["new_status"])
        return self.reload_page()

    def change_line_statuses(self, request, order, lines, quantities):
        """Lines move with their cooperative's part (lifecycle/parts.py); only cancelling is per line."""
        new_status = request.POST.get("new_status", "").strip()
        if new_status != OrderPart.Status.CANCELLED:
            return self.move_parts_of(request, order, lines, new_status)
        reason = request.POST.get("cancellation_reason", "").strip()
        if not reason:
            return self.reload_page(error=CANCELLATION_REASON_REQUIRED)
        refused = [line.id for line in lines if line.status not in lifecycle.OPEN]
        if refused:
            return self.reload_page(error=LINE_CANCEL_REFUSED % {"line_ids": ", ".join(map(str, refused))})
        try:
            with transaction.atomic():  # all the selected lines or none
                notes = [lifecycle.line_cancel(line=line, user=request.user, reason=reason) for line in lines]
        except PermissionDenied:
            return self.reload_page(error=OTHER_LINES_REFUSED)
        except ValidationError as error:
            return self.reload_page(error=" ".join(error.messages))
        messages.info(request, "\n".join(note.message for note in notes))
        return self.reload_page(fragment="notes")

    def move_parts_of(self, request, order, lines, new_status):
        partner_ids = {line.partner_id for line in lines}
        parts = order.parts.filter(cooperative__partner_id__in=partner_ids).select_related("cooperative")
        try:
            with transaction.atomic():
                moved = [
                    lifecycle.part_move(part=part, status=new_status, user=request.user)
                    for part in parts
                    if part.status != new_status
                ]
        except PermissionDenied:
            return self.reload_page(error=OTHER_LINES_REFUSED)
        except ValidationError as error:
            return self.reload_page(error=" ".join(error.messages))
        for part in moved:
            messages.info(
                request,
                _("The part of %(cooperative)s is now “%(status)s”.")
                % {"cooperative": part.cooperative.name, "status": part.get_status_display()},
            )
        return self.reload_page(fragment="parts")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["shows_whole_order"] = is_officer(self.request.user)
        ctx["lines_totals"] = self.get_lines_totals(ctx["lines"])
        # The order's parts, one per cooperative: staff see and move their own, officers any.
        ctx["parts"] = self.get_parts()
        ctx["shipping_events"] = self.get_events(self.object.shipping_events, ShippingEventQuantity)
        ctx["payment_events"] = self.get_events(self.object.payment_events, PaymentEventQuantity)
        ctx["notes"] = self.get_notes()
        if not is_officer(self.request.user):
            # Payment sources carry whole-order amounts: a cooperative's staff see how it is paid only.
            ctx["payment_methods"] = SourceType.objects.filter(sources__order=self.object).distinct()
        return ctx

    def get_payment_transactions(self):
        if is_officer(self.request.user):
            return super().get_payment_transactions()
        return Transaction.objects.none()

    def get_notes(self):
        notes = fulfilment_selectors.order_notes_for_user(self.object, self.request.user)
        for note in notes:
            note.can_be_changed = _may_change_readable_note(note, self.request.user)
        return notes

    def get_parts(self):
        """The order's parts the user may act on and write notes about (officers: all), once per request."""
        if not hasattr(self, "_parts"):
            self._parts = fulfilment_selectors.order_parts_for_user(self.object, self.request.user)
        return self._parts

    def get_note_in_url(self):
        note_id = self.kwargs.get("note_id")
        return get_object_or_404(OrderNote, order=self.object, id=note_id) if note_id else None

    def get_order_note_form(self):
        # Oscar's, but a note the user may not change is not put in the form: like Oscar with a note
        # past its 5 minutes, the form then writes a new note.
        data = self.request.POST if self.request.method == "POST" else None
        note = self.get_note_in_url()
        if note is not None and can_change_note(note, self.request.user):
            return OrderNoteForm(order=self.object, user=self.request.user, data=data, instance=note)
        return OrderNoteForm(
            order=self.object,
            user=self.request.user,
            data=data,
            parts=self.get_parts(),
            for_officer=is_officer(self.request.user),
        )

    def save_note(self, request, order):
        # Oscar's, but the note is saved with the part it is about.
        note = self.get_note_in_url()
        if note is not None and not is_officer(request.user) and not can_change_note(note, request.user):
            return self.reload_page(error=NOTE_REFUSED)
        form = self.get_order_note_form()
        if form.is_valid():
            fulfilment_services.order_note_save(note=form.instance, part=form.cleaned_data.get("part"))
            messages.success(request, NOTE_SAVED)
            return self.reload_page(fragment="notes")
        return self.render_to_response(self.get_context_data(note_form=form, active_tab="notes"))

    def delete_note(self, request, order):
        if not is_officer(request.user):
            try:
                note = order.notes.get(id=request.POST.get("note_id"))
            except (ObjectDoesNotExist, ValueError):
                note = None  # Oscar reports it cannot delete it
            if note is not None and not can_change_note(note, request.user):
                return self.reload_page(error=NOTE_REFUSED)
        return super().delete_note(request, order)

    def get_lines_totals(self, lines):
        totals = lines.aggregate(
            before_discounts_excl_tax=Sum("line_price_before_discounts_excl_tax", default=0),
            before_discounts_incl_tax=Sum("line_price_before_discounts_incl_tax", default=0),
            excl_tax=Sum("line_price_excl_tax", default=0),
            incl_tax=Sum("line_price_incl_tax", default=0),
        )
        totals["discount_excl_tax"] = totals["before_discounts_excl_tax"] - totals["excl_tax"]
        totals["discount_incl_tax"] = totals["before_discounts_incl_tax"] - totals["incl_tax"]
        return totals

    def get_events(self, events, quantity_model):
        """Events touching the visible lines, each with ``visible_line_quantities``."""
        lines = self.get_order_lines()
        quantities = quantity_model.objects.filter(line__in=lines).select_related("line")
        events = events.select_related("event_type").prefetch_related(
            Prefetch("line_quantities", queryset=quantities, to_attr="visible_line_quantities")
        )
        if is_officer(self.request.user):
            return events.all()
        # An event's amount is for all its lines: shown only when they are all the user's own.
        other_lines = quantity_model.objects.filter(event=OuterRef("pk")).exclude(line__in=lines)
        return events.filter(lines__in=lines).distinct().annotate(covers_other_lines=Exists(other_lines))


class LineDetailView(views.LineDetailView):
    def get_object(self, queryset=None):
        order = views.get_order_for_user_or_404(self.request.user, self.kwargs["number"])
        return get_object_or_404(lines_for_user(order, self.request.user), pk=self.kwargs["line_id"])


class ShippingAddressUpdateView(views.ShippingAddressUpdateView):
    """Officers only: a cooperative's staff read the address on the order page, to deliver."""

    def dispatch(self, request, *args, **kwargs):
        if is_officer(request.user):
            return super().dispatch(request, *args, **kwargs)
        address = self.get_object()  # 404 unless the order holds one of the user's lines
        messages.error(request, SHIPPING_ADDRESS_REFUSED)
        return redirect(reverse("dashboard:order-detail", kwargs={"number": address.order.number}) + "#shipping")
