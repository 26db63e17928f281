"""Staff pages under /value-chains/: a cooperative's staff manage their own rows, officers read all.

Another cooperative's rows answer 404 (as if they did not exist) and are never changed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import forms, qr, selectors, services
from .models import LinkageModel, RawMaterialArea

PER_PAGE = 50
LABELS_PER_SHEET = 12  # 3 × 4 labels of about 63 × 68 mm on A4


def _acting_cooperative(request):
    cooperative = selectors.own_cooperatives(request.user).first()
    if cooperative is None:
        raise PermissionDenied
    return cooperative


def _apply_errors(form, error: ValidationError):
    """Show a service's refusal on the form: on its field where the form has one, else above the form."""
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, messages_ in errors.items():
        form.add_error(field if field in form.fields else None, messages_)


@login_required
def index(request):
    if not selectors.can_read_all(request.user) and not selectors.own_cooperatives(request.user).exists():
        raise PermissionDenied
    lists = {
        "linkage_models": (selectors.linkage_models_for(request.user), "models_page"),
        "areas": (selectors.areas_for(request.user), "areas_page"),
        "batches": (selectors.batches_for(request.user), "batches_page"),
    }
    context = {"can_edit": selectors.own_cooperatives(request.user).exists()}
    for name, (rows, parameter) in lists.items():
        # The annotated counts drop the models' default ordering; pages need a stable one.
        rows = rows.order_by(*rows.model._meta.ordering, "pk")
        page = Paginator(rows, PER_PAGE).get_page(request.GET.get(parameter))
        context.update({name: page.object_list, f"{name}_page": page})
    return render(request, "valuechains/index.html", context)


@login_required
def area_edit(request, pk=None):
    cooperative = _acting_cooperative(request)
    area = get_object_or_404(RawMaterialArea, pk=pk, cooperative=cooperative) if pk else None
    form = forms.AreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if area is None:
                area = services.area_create(cooperative=cooperative, **fields)
            else:
                services.area_update(area=area, **fields)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Raw-material area saved."))
            return redirect("valuechains:area-edit", pk=area.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "area": area, "certification_form": forms.AreaCertificationForm()}
    return render(request, "valuechains/area_form.html", context, status=status)


@require_POST
@login_required
def area_certification_add(request, pk):
    cooperative = _acting_cooperative(request)
    area = get_object_or_404(RawMaterialArea, pk=pk, cooperative=cooperative)
    form = forms.AreaCertificationForm(request.POST)
    if form.is_valid():
        try:
            services.area_certification_add(area=area, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Certification added."))
            return redirect("valuechains:area-edit", pk=area.pk)
    context = {"form": forms.AreaForm(instance=area), "area": area, "certification_form": form}
    return render(request, "valuechains/area_form.html", context, status=400)


@login_required
def linkage_edit(request, pk=None):
    cooperative = _acting_cooperative(request)
    linkage_model = get_object_or_404(LinkageModel, pk=pk, lead_cooperative=cooperative) if pk else None
    form = forms.LinkageModelForm(request.POST or None, instance=linkage_model, cooperative=cooperative)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "areas"}
        try:
            if linkage_model is None:
                linkage_model = services.linkage_model_create(
                    cooperative=cooperative, areas=form.cleaned_data["areas"], **fields
                )
            else:
                services.linkage_model_update(linkage_model=linkage_model, areas=form.cleaned_data["areas"], **fields)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Linkage model saved."))
            return redirect("valuechains:linkage-edit", pk=linkage_model.pk)
    return _render_linkage(request, form, linkage_model, status=400 if form.errors else 200)


def _render_linkage(request, form, linkage_model, *, participant_form=None, technology_form=None, status=200):
    context = {
        "form": form,
        "linkage_model": linkage_model,
        "participant_form": participant_form or forms.ParticipantForm(),
        "technology_form": technology_form or forms.TechnologyForm(),
    }
    return render(request, "valuechains/linkage_form.html", context, status=status)


@require_POST
@login_required
def linkage_part_add(request, pk, part):
    """Add a participant or a digital technology to the cooperative's own linkage model."""
    cooperative = _acting_cooperative(request)
    linkage_model = get_object_or_404(LinkageModel, pk=pk, lead_cooperative=cooperative)
    form_class, service = {
        "participant": (forms.ParticipantForm, services.linkage_participant_add),
        "technology": (forms.TechnologyForm, services.technology_adopt),
    }[part]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(linkage_model=linkage_model, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("valuechains:linkage-edit", pk=linkage_model.pk)
    return _render_linkage(
        request,
        forms.LinkageModelForm(instance=linkage_model, cooperative=cooperative),
        linkage_model,
        status=400,
        **{f"{part}_form": form},
    )


@login_required
def batch_create(request):
    cooperative = _acting_cooperative(request)
    form = forms.BatchForm(request.POST or None, cooperative=cooperative)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(cooperative=cooperative, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Batch recorded. Record its steps below."))
            return redirect("valuechains:batch", pk=batch.pk)
    return render(request, "valuechains/batch_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def batch_detail(request, pk):
    batch = selectors.batch_for_staff(request.user, pk)
    if batch is None:
        raise Http404("No such batch")
    can_edit = selectors.own_cooperatives(request.user).filter(pk=batch.cooperative_id).exists()
    form = forms.TraceEventForm(request.POST or None, batch=batch)
    if request.method == "POST":
        if not can_edit:
            raise Http404("No such batch")
        if form.is_valid():
            try:
                services.trace_event_record(batch=batch, recorded_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Step recorded."))
                return redirect("valuechains:batch", pk=batch.pk)
    context = {"batch": batch, "form": form, "can_edit": can_edit, "trace_url": qr.trace_url(request, batch)}
    return render(request, "valuechains/batch_detail.html", context, status=400 if form.errors else 200)


@login_required
def batch_labels(request, pk):
    """An A4 sheet of labels (QR code, product, batch) for the cooperative's packaging."""
    batch = selectors.batch_for_staff(request.user, pk)
    if batch is None:
        raise Http404("No such batch")
    url = qr.label_url(request, batch)
    context = {"batch": batch, "trace_url": url, "qr_svg": qr.qr_svg_inline(url), "labels": range(LABELS_PER_SHEET)}
    return render(request, "valuechains/labels.html", context)
