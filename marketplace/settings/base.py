"""Settings shared by every environment.

Values that differ between machines come from the environment (django-environ);
development defaults live in ``dev.py``, production's demands in ``production.py``.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403  Oscar's settings, overridden below

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    # English text of products, categories, certifications and pages (``*_en`` columns, falling
    # back to Vietnamese): before the admin, as django-modeltranslation asks. See README "Design notes".
    "modeltranslation",
    "marketplace.admin_site.SuperuserAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    # Our domain apps: before Oscar and Wagtail so their templates win.
    "marketplace",
    "accounts.apps.AccountsConfig",
    "regions",
    "cooperatives",
    "organisations",
    "contracts",
    "invoicing",
    "payments",
    "lifecycle",
    "workspace",
    "fulfilment.apps.FulfilmentConfig",
    "valuechains.apps.ValueChainsConfig",
    "adoption.apps.AdoptionConfig",
    "feedback.apps.FeedbackConfig",
    "jobs.apps.JobsConfig",
    "training.apps.TrainingConfig",
    # Oscar apps we fork: each takes the place of its oscar.apps entry (same label, our models,
    # views or rules); README "Oscar forks" says what each changes and why. Listed before the
    # shipped ones so a reader sees them together; no template, static file or command of theirs
    # shares a name with Oscar's, so the order between the two groups decides nothing.
    "catalog.apps.CatalogueConfig",
    # Oscar's reviews app; only buyers who bought a product may review it (catalog/review_rules.py).
    "catalog.reviews_app.VerifiedReviewsConfig",
    "partner.apps.PartnerConfig",
    "basket.apps.BasketConfig",
    "checkout.apps.CheckoutConfig",
    "shipping.apps.ShippingConfig",
    "dashboard.apps.DashboardConfig",
    "dashboard.catalogue.apps.CatalogueDashboardConfig",
    "dashboard.orders.apps.OrdersDashboardConfig",
    "dashboard.partners.apps.PartnersDashboardConfig",
    # Oscar apps as shipped
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "oscar.apps.address.apps.AddressConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "oscar.apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Above every domain app: declares what is cached and connects what makes it stale (caching/registry.py).
    "caching",
    # Security (see "Security" below): CSP, login throttling, two-step sign-in.
    "security",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (see "Security" below).
    "security.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "common.null_characters.RejectNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Vietnamese unless the URL says /en/: see LANGUAGE_CODE and marketplace/urls.py.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Optional two-step sign-in for officers and cooperative staff (security/two_step.py), right after auth.
    "django_otp.middleware.OTPMiddleware",
    "security.two_step.TwoStepRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Anonymous visitors' catalogue, product, search and place pages from the cache. After sessions,
    # the language, CSRF (a hit asks for the visitor's token, so Csrf's response step sets its
    # cookie), auth and messages; before Oscar's basket, which a visitor without a basket cookie
    # does not need. See caching/page_cache.py.
    "caching.page_cache.AnonymousPageCacheMiddleware",
    "basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Login throttling (django-axes), last as axes asks (see "Security" below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project-wide templates and narrow Oscar overrides live in marketplace/templates,
        # found first because marketplace is listed before Oscar in INSTALLED_APPS.
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "marketplace.context_processors.language_switch",
                "workspace.context_processors.page_layout",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite by default. Several server processes write at once (Oscar counts
# every product view), so SQLite runs in WAL mode, takes its write lock at
# the start of a transaction (IMMEDIATE) and waits for it instead of failing
# with "database is locked".
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# DJANGO_SQLITE_TUNED=false exists only so the benchmark can show the difference.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and env.bool("DJANGO_SQLITE_TUNED", default=True):
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
# Keep each worker's connection: opening one costs more than a whole add-to-basket (SQLite reads its
# 180-table schema; PostgreSQL forks a backend). Checked before reuse, so a restarted database is
# reconnected to instead of failing the request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Django's default of 300 entries holds a dozen pages of product cards: at 10,000 products each page
    # pushed out the cards of the pages before it. 20,000 cards and pages are some 60 MB per process.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20_000)
# How long an anonymous visitor's catalogue, product, search or place page is kept (0: never).
# Any change to what it shows makes it stale at once (caching/registry.py).
ANONYMOUS_PAGE_CACHE_SECONDS = env.int("ANONYMOUS_PAGE_CACHE_SECONDS", default=300)
# How long a rendered product card is kept (0: never); its key changes with what it shows
# (catalog/templatetags/product_card_tags.py).
PRODUCT_CARD_CACHE_SECONDS = env.int("PRODUCT_CARD_CACHE_SECONDS", default=3600)

AUTHENTICATION_BACKENDS = (
    # django-axes' check first: a locked-out pair is refused before any password is tried (security/throttle.py).
    "security.throttle.LoginThrottleBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Wagtail serves every path Oscar does not claim, so Django's default
# /accounts/login/ must point at Oscar's login page.
LOGIN_URL = "customer:login"
LOGIN_REDIRECT_URL = "customer:profile-view"

# --- Language and money ---------------------------------------------------
# Vietnamese whatever the browser says (many Vietnamese phones are set to
# English); English lives under /en/.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# locale/: our strings (makemessages). locale_upstream/: Vietnamese for buyer-facing
# strings that Oscar's own catalogue leaves untranslated.
# Content in both languages: Vietnamese is the text every row has, English is optional and
# falls back to it (catalog/translation.py, cooperatives/translation.py, marketplace/translation.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "vi"
MODELTRANSLATION_LANGUAGES = ("vi", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("vi",)}
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_upstream"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

OSCAR_DEFAULT_CURRENCY = "VND"
# Babel's vi_VN pattern: "150.000 ₫", whatever the page language.
OSCAR_CURRENCY_FORMAT = {"VND": {"locale": "vi_VN", "currency_digits": True}}
# The đồng has no minor unit: discounts are rounded down to whole đồng.
OSCAR_OFFER_ROUNDING_FUNCTION = "common.money.round_down_to_dong"
# Oscar's slugify turns "Đ" into "u0110".
OSCAR_SLUG_MAP = {"Đ": "D", "đ": "d"}

OSCAR_SHOP_NAME = _("Chợ HTX")
OSCAR_SHOP_TAGLINE = _("Produce from Ho Chi Minh City's cooperatives")
OSCAR_HOMEPAGE = "/"
OSCAR_ALLOW_ANON_CHECKOUT = True
# A guest may use an address that has an account: checkout must not tell who has one (issue 16).
OSCAR_ALLOW_GUEST_CHECKOUT_WITH_ACCOUNT = True
OSCAR_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="cho-htx@example.com")
DEFAULT_FROM_EMAIL = OSCAR_FROM_EMAIL
# Where buyers write to the market (e.g. to report a trace label whose code is not registered).
MARKET_CONTACT_EMAIL = env("MARKET_CONTACT_EMAIL", default=OSCAR_FROM_EMAIL)
# Vietnamese addresses: street, commune/ward, city; postcodes are rarely used.
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "line1", "line4", "country", "phone_number")
OSCAR_PRODUCTS_PER_PAGE = 24
# A product without a photo shows a wordless picture (marketplace/static/oscar/img/), never Oscar's English
# "Image not available"; the product card and page add "Chưa có ảnh" in the page's language.
OSCAR_MISSING_IMAGE_URL = "chua-co-anh.png"
# "Only 3 left" on the shop front at this many units or fewer (catalog/stock.py).
LOW_STOCK_THRESHOLD = 5
PHONENUMBER_DEFAULT_REGION = "VN"
# Cash on delivery is the first payment method; card and transfer come later.
OSCAR_INITIAL_ORDER_STATUS = "pending"
OSCAR_INITIAL_LINE_STATUS = "pending"
OSCAR_ORDER_STATUS_PIPELINE = {
    "pending": ("processing", "cancelled"),
    "processing": ("complete", "cancelled"),
    "complete": (),
    "cancelled": (),
}
OSCAR_LINE_STATUS_PIPELINE = {
    "pending": ("confirmed", "cancelled"),
    "confirmed": ("shipped", "cancelled"),
    "shipped": ("delivered",),
    "delivered": (),
    "cancelled": (),
}
OSCAR_SEARCH_FACETS = {
    "fields": {
        "product_class": {"name": _("Type"), "field": "product_class"},
        "rating": {"name": _("Rating"), "field": "rating"},
    },
    "queries": {
        "price_range": {
            "name": _("Price range"),
            "field": "price",
            "queries": [
                (_("Under 50.000 ₫"), "[0 TO 50000]"),
                (_("50.000 ₫ – 100.000 ₫"), "[50000 TO 100000]"),
                (_("100.000 ₫ – 200.000 ₫"), "[100000 TO 200000]"),
                (_("200.000 ₫ – 500.000 ₫"), "[200000 TO 500000]"),
                (_("Over 500.000 ₫"), "[500000 TO *]"),
            ],
        },
    },
}
# Oscar's app still needs a Haystack connection, but neither browsing nor /search/ use it:
# both read the database (see catalog/views.py, catalog/search.py and the README's design notes).
HAYSTACK_CONNECTIONS = {
    "default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"},
}

# --- Wagtail ----------------------------------------------------------------
WAGTAIL_SITE_NAME = "Chợ HTX"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# What security.forms.DocumentForm takes by content (it renames a file after its format first).
WAGTAILDOCS_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "webp"]

# --- Files ------------------------------------------------------------------
SITE_ID = 1
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# WhiteNoise serves static files in every environment: from the app folders
# while developing (no collectstatic needed), from STATIC_ROOT in production.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# Pillow's decompression-bomb guard stays at its default.

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"
THUMBNAIL_PRESERVE_FORMAT = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# `make run` serves uploads itself; a deployment serves them from its web server or S3.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=False)

# Applications' supporting documents are private: kept outside MEDIA_ROOT and
# served only to the applicant and the department's officers.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")

OSCAR_DASHBOARD_DEFAULT_ACCESS_FUNCTION = "cooperatives.access.dashboard_access_fn"
OSCAR_DASHBOARD_NAVIGATION = OSCAR_DASHBOARD_NAVIGATION + [  # noqa: F405
    {
        "label": _("Cooperatives"),
        "icon": "fas fa-seedling",
        "children": [
            {"label": _("Applications to review"), "url_name": "cooperatives:review-queue"},
            {"label": _("All cooperatives"), "url_name": "cooperatives:registry"},
            {"label": _("Business buyers"), "url_name": "organisations:review-queue"},
            {"label": _("Linkage contracts"), "url_name": "contracts:officer-contracts"},
            {"label": _("Import products"), "url_name": "cooperatives:product-import"},
            {"label": _("Staff"), "url_name": "cooperatives:staff"},
            {"label": _("Delivery options"), "url_name": "fulfilment:delivery-options"},
            {"label": _("Value chains and traceability"), "url_name": "valuechains:index"},
        ],
    },
    {
        "label": _("Plan targets"),
        "icon": "fas fa-bullseye",
        "children": [
            {"label": _("Adoption dashboard"), "url_name": "adoption:dashboard"},
            {"label": _("Quarterly report"), "url_name": "adoption:report"},
            {"label": _("Residents' feedback"), "url_name": "feedback:summary"},
            {"label": _("Training classes"), "url_name": "training:manage"},
        ],
    },
    {"label": _("Sales summary"), "icon": "fas fa-chart-line", "url_name": "dashboard:sales"},
    {"label": _("Texts to buyers"), "icon": "fas fa-sms", "url_name": "fulfilment:buyer-texts"},
    {"label": _("Two-step sign-in"), "icon": "fas fa-shield-alt", "url_name": "security:two-factor"},
    {
        "label": _("Settlements"),
        "icon": "fas fa-money-check",
        "children": [
            {"label": _("Statement"), "url_name": "payments:statement"},
            {"label": _("Bank transfers awaited"), "url_name": "payments:transfers"},
            {"label": _("Record a payout"), "url_name": "payments:payouts"},
            {"label": _("Commission rate"), "url_name": "payments:commission"},
        ],
    },
]

# --- Card payments (Stripe) -------------------------------------------------
# Card payment is offered only when a secret key is set. STRIPE_API_BASE lets tests point the
# real stripe library at a fake Stripe on 127.0.0.1.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="https://api.stripe.com")
STRIPE_TIMEOUT_SECONDS = env.float("STRIPE_TIMEOUT_SECONDS", default=20)
STRIPE_MAX_NETWORK_RETRIES = env.int("STRIPE_MAX_NETWORK_RETRIES", default=2)

# --- Bank transfers (VietQR) --------------------------------------------------
# The market's receiving account; transfer is offered only when both are set. The BIN is the
# bank's 6-digit NAPAS code (e.g. 970436 Vietcombank).
VIETQR_BANK_BIN = env("VIETQR_BANK_BIN", default="")
VIETQR_BANK_NAME = env("VIETQR_BANK_NAME", default="")
VIETQR_ACCOUNT_NUMBER = env("VIETQR_ACCOUNT_NUMBER", default="")
VIETQR_ACCOUNT_NAME = env("VIETQR_ACCOUNT_NAME", default="")

# --- Security -------------------------------------------------------------------
# Content-Security-Policy (django-csp; security/csp.py adds the card payment page and off-site
# media/static origins at run time). No inline scripts: pages pass start-up data as JSON blocks
# (marketplace/static/marketplace/js/page_init.js). Styles allow 'unsafe-inline': Oscar's templates
# and TinyMCE write style attributes. Wagtail's admin and Django's admin ship inline scripts of
# their own and are left out of the policy (X-Frame-Options still applies to them).
from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/cms/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        # The map's tiles (valuechains/static/valuechains/map.js); data: for Oscar's image previews.
        "img-src": [SELF, "data:", "https://tile.openstreetmap.org"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"

# Login throttling (django-axes): 5 failed sign-ins for one e-mail from one address lock that pair
# out for 30 minutes, on Oscar's sign-in page, Wagtail's and Django's admin alike.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "security.throttle.locked_out"
AXES_CLIENT_IP_CALLABLE = "common.throttle.client_ip"
AXES_USERNAME_CALLABLE = "security.throttle.normalised_username"
# Behind a load balancer, the number of proxies whose X-Forwarded-For is trusted.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# Optional two-step sign-in (django-otp, TOTP) for officers and cooperative staff (security/two_step.py).
OTP_TOTP_ISSUER = "Chợ HTX"
# Documents uploaded in Wagtail (certificate scans) are checked by content, as applications' are.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "security.forms.DocumentForm"

# --- Signing in with a phone number (accounts/phone_login.py, accounts/sms.py) ----------------
# SMS_BACKEND works like EMAIL_BACKEND: the console for `make run`, accounts.sms.HttpGatewayBackend
# (JSON POST to SMS_GATEWAY_URL with SMS_GATEWAY_TOKEN) in production.
SMS_BACKEND = env("SMS_BACKEND", default="accounts.sms.ConsoleBackend")
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", default="")
SMS_GATEWAY_TIMEOUT_SECONDS = env.float("SMS_GATEWAY_TIMEOUT_SECONDS", default=10)
PHONE_CODE_VALID_SECONDS = 5 * 60
PHONE_CODE_MAX_ATTEMPTS = 5
# Codes asked for within one window: per number (a phone is not flooded) and per client address.
PHONE_CODE_THROTTLE_WINDOW_SECONDS = 15 * 60
PHONE_CODES_PER_NUMBER = 3
# Five tries a code, ten codes a day: 50 guesses of a million a day for one number, at most.
PHONE_CODES_PER_NUMBER_PER_DAY = 10
PHONE_CODES_PER_ADDRESS = 10
# A guest finding an order by its number and mobile (accounts/guest_orders.py): tries per window, per
# client address (one guesser) and per mobile (one buyer's orders guessed from many addresses).
GUEST_ORDER_LOOKUP_WINDOW_SECONDS = 15 * 60
GUEST_ORDER_LOOKUPS_PER_ADDRESS = 10
GUEST_ORDER_LOOKUPS_PER_PHONE = 10
