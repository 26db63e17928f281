"""The training classes' pages: the public list of upcoming sessions, and the officers' pages that
create courses and their sessions and register people (officials) for them. Registration from the
workspace is in workspace/training.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import is_officer, officer_required

from . import certificates, links, selectors, services
from .forms import CourseForm, OfficialForm, PersonForm, SessionForm
from .models import Course, Registration, Session

PER_PAGE = 50


def _data(request):
    return request.POST if request.method == "POST" else None


def sessions(request):
    page = Paginator(selectors.upcoming_sessions(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "training/sessions.html", {"page": page, "sessions": page.object_list})


@officer_required
def manage(request):
    page = Paginator(selectors.courses_with_sessions(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "training/manage.html", {"page": page, "courses": page.object_list})


def _form_page(request, form, template, context, success):
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, success)
        return redirect("training:manage")
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, **context}, status=status)


@officer_required
def course_form(request, pk=None):
    course = get_object_or_404(Course, pk=pk) if pk else None
    form = CourseForm(_data(request), instance=course)
    return _form_page(request, form, "training/course_form.html", {"course": course}, _("The course is saved."))


def _session_page(request, form, context):
    """Saved through services.session_save, which re-checks the seats with the session locked."""
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(session=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("training:manage")
    status = 400 if request.method == "POST" else 200
    return render(request, "training/session_form.html", {"form": form, **context}, status=status)


@officer_required
def session_add(request, course_pk):
    course = get_object_or_404(Course, pk=course_pk)
    form = SessionForm(_data(request), course=course)
    return _session_page(request, form, {"course": course, "session": None})


@officer_required
def session_edit(request, pk):
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    form = SessionForm(_data(request), instance=session, course=session.course)
    return _session_page(request, form, {"course": session.course, "session": session})


@officer_required
def session_registrations(request, pk):
    """Who registered for a session; officers register officials (or anyone) by their account's e-mail."""
    session = get_object_or_404(Session.objects.select_related("course", "commune__parent"), pk=pk)
    form = PersonForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(session=session, person=form.person, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _say_registered(request, registration)
            return redirect("training:session-registrations", session.pk)
    context = {
        "session": session,
        "course": session.course,
        "registrations": selectors.registrations_of_session(session),
        "form": form,
    }
    return render(request, "training/session_registrations.html", context, status=400 if form.errors else 200)


@officer_required
def officials(request):
    """Cán bộ xã / huyện: officers record an official's account and workplace, and may register them
    for a session in the same step (the session page links here with ``?session=``)."""
    form = OfficialForm(_data(request), initial={"session": request.GET.get("session"), "level": "commune"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            official, registration = services.official_save_and_register(
                full_name=data["full_name"], phone=data["phone"], email=data["email"], level=data["level"],
                unit=data["unit"], session=data["session"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            name = certificates.person_name(official.user)
            messages.success(request, _("The account of %(name)s is saved.") % {"name": name})
            if registration is not None:
                _say_registered(request, registration)
                return redirect("training:session-registrations", registration.session_id)
            return redirect("training:officials")
    page = Paginator(selectors.officials(), PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "officials": page.object_list}
    return render(request, "training/officials.html", context, status=400 if form.errors else 200)


def _say_registered(request, registration):
    name = certificates.person_name(registration.person)
    if registration.status == Registration.Status.WAITING:
        messages.warning(request, _("The class is full: %(name)s is on the waiting list.") % {"name": name})
    else:
        messages.success(request, _("%(name)s is registered.") % {"name": name})


@require_POST
@officer_required
def registration_cancel(request, pk):
    registration = get_object_or_404(Registration, pk=pk)
    try:
        services.registration_cancel(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect("training:session-registrations", registration.session_id)


@officer_required
def attendance(request, pk):
    """Điểm danh: the people holding a seat, each with a big "present" and "absent" button, for a phone."""
    session = get_object_or_404(Session.objects.select_related("course", "commune__parent"), pk=pk)
    context = {"session": session, "course": session.course, "registrations": selectors.attendance_list(session)}
    return render(request, "training/attendance.html", context)


def _mark(request, registration, *, present):
    try:
        services.attendance_mark(registration=registration, present=present, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    return True


@require_POST
@officer_required
def attendance_mark(request, pk):
    registration = get_object_or_404(Registration, pk=pk)
    choice = request.POST.get("present")
    if choice not in ("1", "0"):
        return HttpResponseBadRequest()
    _mark(request, registration, present=choice == "1")
    return redirect(reverse("training:attendance", args=[registration.session_id]) + f"#registration-{pk}")


@officer_required
def check_in(request, code):
    """What an officer's phone opens from a person's QR code: who and which session, and a button."""
    registration = selectors.registration_by_code(code)
    if registration is None:
        return render(request, "training/check_in_unknown.html", status=404)
    if request.method == "POST" and _mark(request, registration, present=True):
        messages.success(request, _("Present: %(name)s.") % {"name": certificates.person_name(registration.person)})
        return redirect("training:check-in", code)
    context = {"registration": registration, "session": registration.session}
    return render(request, "training/check_in.html", context)


@login_required
def my_registrations(request):
    registrations = list(selectors.registrations_of_person(request.user))
    for registration in registrations:
        registration.qr_svg = links.qr_svg_inline(links.check_in_url(request, registration))
    return render(request, "training/my_registrations.html", {"registrations": registrations})


@login_required
def certificate(request, code):
    """The certificate PDF, for the person who attended and for officers; to anyone else it does not exist."""
    registration = selectors.certificate_by_code(code)
    if registration is None or not (registration.person_id == request.user.pk or is_officer(request.user)):
        raise Http404
    body = certificates.certificate_pdf(registration, verification_url=links.verification_url(request, registration))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chung-nhan-{registration.pk}.pdf"'
    return response


def verify(request, code):
    """Public: whether a certificate is genuine, with the person's name, the course and the date only."""
    registration = selectors.certificate_by_code(code)
    if registration is None:
        return render(request, "training/verify_invalid.html", status=404)
    context = {"registration": registration, "name": certificates.person_name_public(registration.person)}
    return render(request, "training/verify.html", context)
