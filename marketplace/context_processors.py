from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def language_switch(request):
    """Links to the current page in each of the other languages (one click away)."""
    current = get_language()
    # A path that starts with "//" (or "/\\") is a link to another site: "/%2F%2Fevil.example/"
    # arrives as "//evil.example/". One leading slash keeps every language link on this site.
    path = "/" + request.get_full_path().lstrip("/\\")
    return {
        "language_links": [
            {"code": code, "name": get_language_info(code)["name_local"], "url": translate_url(path, code)}
            for code, _name in settings.LANGUAGES
            if code != current
        ]
    }
