"""{% page_init "oscar.search.init" basketURL=url %}: a page's start-up call as JSON data.

marketplace/static/marketplace/js/page_init.js runs these calls, so pages need no inline script
(the Content-Security-Policy forbids them). Keyword arguments become one options object.
"""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# As Django's json_script: nothing in the data can close the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def page_init(call, **options):
    spec = {"call": call, "args": [options] if options else []}
    data = mark_safe(json.dumps(spec, cls=_LazyStringEncoder).translate(_ESCAPES))  # noqa: S308 escaped above
    return format_html('<script type="application/json" class="js-page-init">{}</script>', data)


class _LazyStringEncoder(json.JSONEncoder):
    def default(self, o):
        return str(o)
