"""The training classes' pages: the public list of upcoming sessions, and the officers' pages that
create courses and their sessions. Registration from the workspace is in workspace/training.py."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import officer_required

from . import selectors
from .forms import CourseForm, SessionForm
from .models import Course, Session

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


@officer_required
def session_add(request, course_pk):
    course = get_object_or_404(Course, pk=course_pk)
    form = SessionForm(_data(request), course=course)
    context = {"course": course, "session": None}
    return _form_page(request, form, "training/session_form.html", context, _("The session is saved."))


@officer_required
def session_edit(request, pk):
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    form = SessionForm(_data(request), instance=session, course=session.course)
    context = {"course": session.course, "session": session}
    return _form_page(request, form, "training/session_form.html", context, _("The session is saved."))
