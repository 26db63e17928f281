"""The site's addresses as `make run` has them (DEBUG or DJANGO_SERVE_MEDIA): with /media/ served by Django."""

from marketplace.urls import handler404, handler500, media_urlpatterns, urlpatterns  # noqa: F401

urlpatterns = media_urlpatterns + urlpatterns
