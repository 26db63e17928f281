"""Friendly, translated error pages: no stack trace ever reaches a user. And /media/ as `make run`
serves it."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.static import serve

from common.uploads import media_response_headers

# Seconds a browser or load balancer is told to wait while the database is away.
RETRY_AFTER_SECONDS = 30


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without context processors: the database may be the thing that failed.
    # Django calls this inside its exception handler, so the exception is still at hand.
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable(request)
    return HttpResponseServerError(loader.get_template("500.html").render({"request": request}))


def database_unavailable(request):
    """503, not 500: the site is fine but cannot reach its database; it answers again when that returns."""
    response = HttpResponse(loader.get_template("503.html").render({"request": request}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def serve_media(request, path):
    """An uploaded file, served (DEBUG or DJANGO_SERVE_MEDIA) as production's web server or bucket
    must serve it: never sniffed, sandboxed, and downloaded unless it is an image."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    for header, value in media_response_headers(path).items():
        response[header] = value
    return response
