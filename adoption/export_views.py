"""Downloads of the dashboard's tables (CSV, XLSX) and the printable quarterly report, for officers."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.roles import officer_required
from regions.models import AdministrativeUnit, Layout, Level

from . import exports
from .report import QuarterError, quarter_parse, quarter_report, quarters_to_choose

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@officer_required
def export_table(request, table, fmt):
    if table not in exports.TABLES or fmt not in FORMATS:
        context = {"table": table, "fmt": fmt, "tables": list(exports.TABLES), "formats": list(FORMATS)}
        return render(request, "adoption/report_export_missing.html", context, status=404)
    today = timezone.localdate()
    district = request.GET.get("district")
    if district is not None and table == "communes":
        if not AdministrativeUnit.objects.filter(
            layout=Layout.BEFORE_2025, level=Level.DISTRICT, code=district
        ).exists():
            context = {
                "table": f"{table}?district={district}",
                "fmt": fmt,
                "tables": list(exports.TABLES),
                "formats": list(FORMATS),
            }
            return render(request, "adoption/report_export_missing.html", context, status=404)
        columns, rows = exports.communes_table(today, district_code=district)
        table = f"communes-{district}"
    else:
        columns, rows = exports.TABLES[table](today)
    if fmt == "csv":
        content = exports.to_csv(columns, rows)
    else:
        content = exports.to_xlsx(columns, rows, title=table)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="adoption-{table}-{today.isoformat()}.{fmt}"'
    return response


@officer_required
def quarterly_report(request):
    today = timezone.localdate()
    choices = quarters_to_choose(today)
    try:
        quarter = quarter_parse(request.GET.get("quarter"), today)
    except QuarterError as error:
        context = {"error": str(error), "choices": choices, "chosen": request.GET.get("quarter", "")}
        return render(request, "adoption/report.html", context, status=400)
    if quarter not in choices:
        choices = sorted([*choices, quarter], reverse=True)
    report = quarter_report(quarter, today)
    context = {"report": report, "choices": choices, "chosen": quarter.slug}
    return render(request, "adoption/report.html", context)
