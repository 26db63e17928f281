"""Printable pick lists: what a cooperative's staff gather and pack for one part of an order, or for all
their open parts as of a day.

Only the part's cooperative's staff and officers see a pick list; anyone else gets 404, as if it did not exist.
"""

from datetime import date, datetime, time

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from accounts import roles
from common.params import id_or_404
from cooperatives.models import Cooperative
from cooperatives.selectors import cooperatives_of_user
from fulfilment.models import OrderPart
from fulfilment.selectors import user_may_act_on_part

Line = get_model("order", "Line")

# Parts still to be picked and packed.
OPEN_STATUSES = (OrderPart.Status.PENDING, OrderPart.Status.CONFIRMED)
DATE_NOT_UNDERSTOOD = _("“%(value)s” is not a date (YYYY-MM-DD): showing today.")


# --- Reads -------------------------------------------------------------------


def parts_for_pick_list():
    return OrderPart.objects.select_related("order__shipping_address__country", "cooperative")


def open_parts_as_of(*, cooperatives, day: date):
    """The parts of ``cooperatives`` still to pick, placed on ``day`` or before, oldest first."""
    end_of_day = timezone.make_aware(datetime.combine(day, time.max))
    return (
        parts_for_pick_list()
        .filter(cooperative__in=cooperatives, status__in=OPEN_STATUSES, order__date_placed__lte=end_of_day)
        .order_by("order__date_placed", "pk")
    )


def with_pick_lines(parts) -> list[OrderPart]:
    """``parts`` with ``pick_lines``: each part's lines but those cancelled, in one query for all the parts."""
    parts = list(parts)
    lines = (
        Line.objects.filter(order__in={part.order_id for part in parts})
        .filter(partner__in={part.cooperative.partner_id for part in parts})
        .exclude(status=OrderPart.Status.CANCELLED)
        .select_related("product", "weight_step")
        .order_by("pk")
    )
    by_part = {}
    for line in lines:
        by_part.setdefault((line.order_id, line.partner_id), []).append(line)
    for part in parts:
        part.pick_lines = by_part.get((part.order_id, part.cooperative.partner_id), [])
    return parts


# --- Views -------------------------------------------------------------------


@login_required
def part_pick_list(request, pk):
    part = get_object_or_404(parts_for_pick_list(), pk=pk)
    if not user_may_act_on_part(request.user, part):
        raise Http404
    return render(request, "fulfilment/pick_list.html", {"parts": with_pick_lines([part]), "day": None})


@login_required
def open_parts_pick_list(request):
    """The user's cooperative's open parts as of ``?date=`` (today by default); officers name ``?cooperative=``."""
    cooperatives = cooperatives_of_user(request.user)
    if roles.is_officer(request.user):
        cooperatives = Cooperative.objects.all()
    if request.GET.get("cooperative"):
        cooperatives = cooperatives.filter(pk=id_or_404(request.GET["cooperative"]))
    elif roles.is_officer(request.user):
        raise Http404  # an officer picks for one cooperative at a time
    if not cooperatives.exists():
        raise Http404
    day, date_error = _date_or_today(request.GET.get("date"))
    parts = with_pick_lines(open_parts_as_of(cooperatives=cooperatives, day=day))
    return render(request, "fulfilment/pick_list.html", {"parts": parts, "day": day, "date_error": date_error})


def _date_or_today(value: str | None) -> tuple[date, str]:
    """The day asked for as YYYY-MM-DD, or today with a message saying why the day asked for was not used."""
    try:
        return (date.fromisoformat(value) if value else timezone.localdate()), ""
    except ValueError:
        return timezone.localdate(), DATE_NOT_UNDERSTOOD % {"value": value}
