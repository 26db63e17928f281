"""The import pages: upload a file, download a template, watch a job."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from accounts.roles import is_officer
from catalog.models import SellingUnit

from . import sample, selectors, services
from .columns import COLUMNS
from .forms import ProductImportForm
from .reading import CONTENT_TYPES, CSV, XLSX

RECENT_JOBS = 20


@login_required
def product_import(request):
    cooperative = selectors.cooperative_of_staff(request.user)
    if cooperative is None and not is_officer(request.user):
        raise PermissionDenied
    form = ProductImportForm()
    if request.method == "POST":
        if cooperative is None:
            raise PermissionDenied
        form = ProductImportForm(request.POST, request.FILES)
        if form.is_valid():
            job = services.import_job_create(
                cooperative=cooperative,
                uploaded_by=request.user,
                language=get_language(),
                **form.job_arguments(),
            )
            services.import_job_start(job, photo_count=form.photo_count)
            return redirect("cooperatives:import-job", pk=job.pk)
    context = {
        "cooperative": cooperative,
        "form": form,
        "columns": COLUMNS,
        "units": SellingUnit.choices,
        "jobs": selectors.import_jobs_visible_to(request.user)[:RECENT_JOBS],
    }
    return render(request, "cooperatives/product_import.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def import_template(request, file_format):
    cooperative = selectors.cooperative_of_staff(request.user)
    if cooperative is None and not is_officer(request.user):
        raise PermissionDenied
    if file_format == CSV:
        content = sample.template_csv(cooperative)
    elif file_format == XLSX:
        content = sample.template_xlsx(cooperative)
    else:
        raise Http404
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="products-template.{file_format}"'
    return response


@login_required
def import_job(request, pk):
    job = get_object_or_404(selectors.import_jobs_visible_to(request.user), pk=pk)
    context = {"job": job, "progress": selectors.import_job_progress(job)}
    return render(request, "cooperatives/import_job.html", context)


@login_required
@require_GET
def import_job_status(request, pk):
    job = get_object_or_404(selectors.import_jobs_visible_to(request.user), pk=pk)
    return JsonResponse(selectors.import_job_progress(job))
