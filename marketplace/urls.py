from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.decorators.http import require_POST
from oscar.core.loading import get_class
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import guest_order_views, phone_views
from accounts.views import AccountAuthView, AccountRegistrationView, ActivateView, LogoutView, ResendActivationView
from catalog.views import ProductSearchView, search_suggestions
from checkout import addresses
from lifecycle.webhooks import stripe_webhook
from marketplace.health import healthz
from marketplace.views import serve_media

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Stripe posts here; no language prefix, no CSRF (the signature is checked instead).
    path("payments/stripe/webhook/", stripe_webhook, name="stripe-webhook"),
    # For the city's reporting systems: no language prefix, token or officer session.
    path("api/v1/", include("adoption.api_urls")),
    path("healthz/", healthz, name="healthz"),  # load balancers and monitoring: marketplace/health.py
]

# Vietnamese at /, English under /en/.
urlpatterns += i18n_patterns(
    # Oscar's app claims "" for a redirect to OSCAR_HOMEPAGE; the home page is Wagtail's.
    path("", wagtail_views.serve, {"path": ""}, name="home-page"),
    path("cooperatives/", include("cooperatives.urls")),
    path("organisations/", include("organisations.urls")),
    path("contracts/", include("contracts.urls")),
    path("invoices/", include("invoicing.urls")),
    # The cooperative staff's workspace (workspace/): where staff land after signing in.
    path("workspace/", include("workspace.urls")),
    path("payments/", include("lifecycle.payments_urls")),
    path("noi-san-xuat/", include("cooperatives.place_urls")),
    path("fulfilment/", include("lifecycle.fulfilment_urls")),
    path("adoption/", include("adoption.urls")),
    path("feedback/", include("feedback.urls")),
    # The department's training classes (lớp tập huấn); the library of materials is Wagtail's /thu-vien-tap-huan/.
    path("lop-tap-huan/", include("training.urls")),
    # Ahead of Oscar's Haystack search: Oscar's "search:search" (its header form) resolves here.
    path("search/", ProductSearchView.as_view(), name="search-vi"),
    # Suggestions while typing in the search box (catalog/search_suggestions.py).
    path("search/suggest/", search_suggestions, name="search-suggest"),
    # Trace pages (/trace/<code>/), GS1 Digital Link (/01/<gtin>/10/<batch>) and staff pages (/value-chains/).
    path("", include("valuechains.urls")),
    # Oscar's re-order action answers only POST; its GET had no template (a 500). Same URL, POST only.
    path(
        "accounts/orders/<str:order_number>/<int:line_id>/",
        login_required(require_POST(get_class("customer.views", "OrderLineView").as_view())),
        name="order-line-post-only",
    ),
    # Oscar's sign-in, registration and sign-out, narrowed (accounts/views.py): same URLs and names.
    path("accounts/login/", AccountAuthView.as_view(), name="login-narrowed"),
    path("accounts/register/", AccountRegistrationView.as_view(), name="register-narrowed"),
    path("accounts/logout/", LogoutView.as_view(), name="logout-post-only"),
    # A new account is activated by the link mailed to its address (accounts/services.py).
    path("accounts/activate/resend/", ResendActivationView.as_view(), name="account-activate-resend"),
    path("accounts/activate/<str:uidb64>/<str:token>/", ActivateView.as_view(), name="account-activate"),
    # Signing in with a phone number and a code sent by SMS; adding a phone (accounts/phone_login.py).
    path("accounts/phone/", phone_views.PhoneSignInView.as_view(), name="phone-sign-in"),
    path("accounts/phone/code/", phone_views.PhoneSignInCodeView.as_view(), name="phone-sign-in-code"),
    path("accounts/phone/add/", phone_views.PhoneAddView.as_view(), name="phone-add"),
    path("accounts/phone/add/code/", phone_views.PhoneAddCodeView.as_view(), name="phone-add-code"),
    # The address book with the checkout's Vietnamese address form (checkout/addresses.py), before Oscar's.
    path("accounts/addresses/add/", login_required(addresses.AddressCreateView.as_view()), name="address-add-vn"),
    path("accounts/addresses/<int:pk>/", login_required(addresses.AddressUpdateView.as_view()), name="address-vn"),
    path("accounts/order-lookup/", guest_order_views.GuestOrderLookupView.as_view(), name="guest-order-lookup"),
    path("accounts/order-lookup/<str:number>/", guest_order_views.guest_order, name="guest-order"),
    # Two-step sign-in (/account/two-factor/): before Oscar's catch-alls.
    path("", include("security.urls")),
    path("", include(apps.get_app_config("oscar").urls[0])),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# `make run` serves uploads itself, with the headers a deployment's web server or bucket must send
# (README, "Running at scale").
media_urlpatterns = [path("media/<path:path>", serve_media, name="media")]
if settings.DEBUG or settings.SERVE_MEDIA:
    urlpatterns = media_urlpatterns + urlpatterns

handler404 = "marketplace.views.page_not_found"
handler500 = "marketplace.views.server_error"
