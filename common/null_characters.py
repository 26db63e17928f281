"""Refuse requests that carry a NUL character (\\x00) in the path, the query string or a posted form.

No page has a use for one, and PostgreSQL refuses it in text ("text fields cannot contain NUL"), so a
filter such as ``?cooperative=%00`` would otherwise end as a 500 on PostgreSQL and pass on SQLite.
Forms' CharFields already refuse it; this covers every view that reads request.GET or the path."""

from django.http import HttpResponseBadRequest, JsonResponse

MESSAGE = (
    "The request contains a null character (\\x00), which no page accepts. / "
    "Yêu cầu có chứa ký tự rỗng (\\x00), không trang nào chấp nhận."
)
FORM_ENCODED = "application/x-www-form-urlencoded"


class RejectNullCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_null(request):
            if request.path.startswith("/api/"):  # API clients read JSON errors
                return JsonResponse({"detail": MESSAGE}, status=400)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _has_null(request) -> bool:
    if "\x00" in request.path or _in_query(request.GET):
        return True
    # Only URL-encoded forms: reading a multipart body here would fix its upload handlers too early.
    return request.method == "POST" and request.content_type == FORM_ENCODED and _in_query(request.POST)


def _in_query(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())
