"""The workspace's bulk import: a spreadsheet of products with a ZIP of their photos, and the job's
progress. The checking and writing are the product import's own (cooperatives/product_import/):
these views only hand it the upload of the staff member's own cooperative."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from catalog.models import SellingUnit
from cooperatives.models import ImportJob
from cooperatives.product_import import sample, selectors, services
from cooperatives.product_import.columns import COLUMNS
from cooperatives.product_import.forms import ProductImportForm

from .access import workspace_view

RECENT_JOBS = 5


def _jobs_of(cooperative):
    return ImportJob.objects.filter(cooperative=cooperative)


@workspace_view
def index(request):
    form = ProductImportForm()
    if request.method == "POST":
        form = ProductImportForm(request.POST, request.FILES)
        if form.is_valid():
            job = services.import_job_create(
                cooperative=request.cooperative,
                uploaded_by=request.user,
                language=get_language(),
                **form.job_arguments(),
            )
            services.import_job_start(job, photo_count=form.photo_count)
            return redirect("workspace:import-job", pk=job.pk)
    context = {
        "active": "products",
        "form": form,
        "columns": COLUMNS,
        "units": SellingUnit.choices,
        "categories": sample.category_names(),
        "jobs": _jobs_of(request.cooperative)[:RECENT_JOBS],
    }
    return render(request, "workspace/import/index.html", context, status=400 if form.errors else 200)


@workspace_view
def job_detail(request, pk):
    job = get_object_or_404(_jobs_of(request.cooperative), pk=pk)
    context = {"active": "products", "job": job, "progress": selectors.import_job_progress(job)}
    return render(request, "workspace/import/job.html", context)


@workspace_view
@require_GET
def job_status(request, pk):
    job = get_object_or_404(_jobs_of(request.cooperative), pk=pk)
    return JsonResponse(selectors.import_job_progress(job))


urlpatterns = [
    path("products/import/", index, name="import"),
    path("products/import/<int:pk>/", job_detail, name="import-job"),
    path("products/import/<int:pk>/status/", job_status, name="import-job-status"),
]
