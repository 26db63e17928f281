"""Who has been trained, for the plan's indicators (adoption.indicators reads these; the rules live here).

- a cooperative *has trained staff* when it is verified (not applied, not suspended: the population
  the other cooperative figures use) and at least one registration sent by it (``Registration.cooperative``,
  so a person on the staff of two cooperatives counts only for the one that sent them) is marked
  attended, to a session, not cancelled, of a course for cooperative staff that started by the end of
  the day counted. Cancelled, absent and waiting registrations do not count; training does not expire;
- the *registered officials* of a year are the people with a registration not cancelled (registered,
  waiting, attended or absent) to a session, not cancelled, of a course for commune or district
  officials starting in that calendar year, registrations sent by a cooperative (its staff) left out;
  those *trained* are the ones among them marked attended to such a session that has started by the
  day counted. Each person counts once however many
  sessions they attend; an official trained last year and not registered this year is in neither count;
- an official counts at their workplace (``Official.unit``, recorded by the officer who made their
  account): a commune official in their commune, a district official in their district; an official
  whose workplace was never recorded (an account registered by e-mail) counts in the city total only.
  The hall where a class was held says nothing about where an official works. Cooperatives count in
  their own commune.
"""

import datetime

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone

from cooperatives.models import Cooperative

from .models import Course, Registration

OFFICIALS_AUDIENCES = (Course.Audience.COMMUNE_OFFICIALS, Course.Audience.DISTRICT_OFFICIALS)


def _day_end(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))


def _year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    return start, timezone.make_aware(datetime.datetime(year + 1, 1, 1))


def staff_attendances(today: datetime.date):
    """Attended registrations of cooperatives' staff to held sessions of staff courses, up to ``today``."""
    return Registration.objects.filter(
        status=Registration.Status.ATTENDED,
        cooperative__isnull=False,
        session__is_cancelled=False,
        session__course__audience=Course.Audience.COOPERATIVE_STAFF,
        session__starts_at__lt=_day_end(today),
    )


def cooperatives_with_trained_staff(today: datetime.date):
    """Verified cooperatives with at least one attended staff registration (see the module's rules)."""
    attended = staff_attendances(today).filter(cooperative=OuterRef("pk"))
    return Cooperative.objects.filter(status=Cooperative.Status.VERIFIED).filter(Exists(attended))


def trained_by_commune(today: datetime.date) -> dict[int, int]:
    """{commune id: verified cooperatives with trained staff}, in one query."""
    rows = cooperatives_with_trained_staff(today).values("commune_id").annotate(n=Count("pk")).order_by()
    return {row["commune_id"]: row["n"] for row in rows}


def officials_registrations(today: datetime.date):
    """Registrations, not cancelled nor sent by a cooperative, to sessions of officials' courses in ``today``'s year."""
    start, end = _year_bounds(today.year)
    return Registration.objects.filter(
        cooperative__isnull=True,
        session__course__audience__in=OFFICIALS_AUDIENCES,
        session__is_cancelled=False,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
    ).exclude(status=Registration.Status.CANCELLED)


def officials_counts(today: datetime.date) -> tuple[int, int]:
    """(officials trained this year, officials registered this year), people counted once, in one query."""
    trained = Q(status=Registration.Status.ATTENDED, session__starts_at__lt=_day_end(today))
    counts = officials_registrations(today).aggregate(
        registered=Count("person", distinct=True),
        trained=Count("person", distinct=True, filter=trained),
    )
    return counts["trained"], counts["registered"]


def officials_by_unit(today: datetime.date) -> dict[int | None, tuple[int, int]]:
    """{workplace id (None: not recorded): (trained, registered)}, in one query. A person has one workplace,
    so the units' counts add up to ``officials_counts``."""
    trained = Q(status=Registration.Status.ATTENDED, session__starts_at__lt=_day_end(today))
    rows = (
        officials_registrations(today)
        .values("person__training_official__unit_id")
        .annotate(registered=Count("person", distinct=True), trained=Count("person", distinct=True, filter=trained))
        .order_by()
    )
    return {row["person__training_official__unit_id"]: (row["trained"], row["registered"]) for row in rows}


def officials_in(today: datetime.date, *, units=None):
    """The registrations behind the officials' counts, by person: name, workplace, course, date and whether
    they attended (``trained`` is True for the attended sessions already started). ``units`` narrows
    to officials working in those units (ids); None: the whole city, unrecorded workplaces included."""
    registrations = officials_registrations(today)
    if units is not None:
        registrations = registrations.filter(person__training_official__unit__in=units)
    trained = Q(status=Registration.Status.ATTENDED, session__starts_at__lt=_day_end(today))
    return (
        registrations.annotate(trained=ExpressionWrapper(trained, output_field=BooleanField()))
        .select_related("person__training_official__unit__parent", "session__course")
        .order_by("person__first_name", "person__last_name", "person__email", "person_id", "session__starts_at", "pk")
    )


def trained_staff_in(commune, today: datetime.date):
    """The attendances behind a commune's count: who was trained (name, course, date), by cooperative."""
    return (
        staff_attendances(today)
        .filter(cooperative__commune=commune, cooperative__status=Cooperative.Status.VERIFIED)
        .select_related("person", "cooperative", "session__course")
        .order_by("cooperative__name", "-session__starts_at", "person__last_name", "person__first_name", "pk")
    )
