"""A fake of Stripe's API on 127.0.0.1, for tests: the real ``stripe`` library talks to it over HTTP.

It keeps what it was sent (so tests can check the amount really sent), honours Idempotency-Key
like Stripe does (the same key gives the same object back), can fail or stall on demand, and
signs webhook events the way Stripe does (``Stripe-Signature: t=…,v1=HMAC-SHA256``).
"""

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlparse


def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header for ``payload``, as Stripe computes it."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def nested(form_pairs):
    """Stripe's form encoding (``metadata[order]=1``, ``line_items[0][price_data][currency]=vnd``) as a dict."""
    result = {}
    for key, value in form_pairs:
        parts = key.replace("]", "").split("[")
        target = result
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return result


class FakeStripe:
    def __init__(self):
        self.requests = []  # (method, path, form dict, headers)
        self.objects = {}
        self.idempotent = {}
        self.fail_next = 0  # answer the next N requests with a 500
        self.stall_seconds = 0  # sleep before answering (to make the client time out)
        # Where the hosted payment page sends its webhook, as Stripe would (set by browser tests).
        self.webhook_url = None
        self.webhook_secret = None
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def new_id(self, prefix):
        return f"{prefix}_test_{next(self._ids):06d}"

    # --- what the API does ------------------------------------------------------------------
    def create_checkout_session(self, form):
        session_id = self.new_id("cs")
        items = form.get("line_items", {})
        amount = sum(
            int(item["price_data"]["unit_amount"]) * int(item.get("quantity", 1)) for item in items.values()
        )
        currency = next(iter(items.values()))["price_data"]["currency"] if items else "vnd"
        session = {
            "id": session_id,
            "object": "checkout.session",
            "amount_total": amount,
            "currency": currency,
            "metadata": form.get("metadata", {}),
            "client_reference_id": form.get("client_reference_id"),
            "success_url": form.get("success_url"),
            "cancel_url": form.get("cancel_url"),
            "payment_intent": self.new_id("pi"),
            "payment_status": "unpaid",
            "status": "open",
            "url": f"{self.url}/pay/{session_id}",
        }
        self.objects[session_id] = session
        return 200, session

    def create_refund(self, form):
        refund = {
            "id": self.new_id("re"),
            "object": "refund",
            "amount": int(form["amount"]) if "amount" in form else None,
            "payment_intent": form.get("payment_intent"),
            "status": "succeeded",
            "metadata": form.get("metadata", {}),
        }
        self.objects[refund["id"]] = refund
        return 200, refund

    def complete(self, session_id):
        """The buyer pays on Stripe's page: the session is paid and complete."""
        session = self.objects[session_id]
        session.update(payment_status="paid", status="complete")
        return session

    def event(self, event_type, obj, *, created=None):
        """A webhook event wrapping ``obj``, as JSON text."""
        return json.dumps(
            {
                "id": self.new_id("evt"),
                "object": "event",
                "type": event_type,
                "created": created or int(time.time()),
                "data": {"object": obj},
                "livemode": False,
                "api_version": "2025-01-01",
            }
        )

    def pay(self, session_id):
        """What Stripe's hosted page does when the buyer pays: complete the session, tell the shop."""
        session = self.complete(session_id)
        if self.webhook_url:
            payload = self.event("checkout.session.completed", session)
            request = urllib.request.Request(
                self.webhook_url,
                data=payload.encode(),
                headers={"Content-Type": "application/json", "Stripe-Signature": sign(payload, self.webhook_secret)},
            )
            urllib.request.urlopen(request, timeout=30).read()
        return session

    # --- HTTP -----------------------------------------------------------------------------------
    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _route(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                form = nested(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
                path = urlparse(self.path).path
                with fake._lock:
                    fake.requests.append((method, path, form, dict(self.headers)))
                    failing = fake.fail_next > 0
                    fake.fail_next -= 1 if failing else 0
                if fake.stall_seconds:
                    time.sleep(fake.stall_seconds)
                if failing:
                    return self._answer(500, {"error": {"type": "api_error", "message": "Fake outage"}})
                key = self.headers.get("Idempotency-Key")
                if method == "POST" and key and key in fake.idempotent:
                    return self._answer(*fake.idempotent[key])
                if method == "POST" and path == "/v1/checkout/sessions":
                    answer = fake.create_checkout_session(form)
                elif method == "POST" and path == "/v1/refunds":
                    answer = fake.create_refund(form)
                elif method == "GET" and path.startswith("/v1/checkout/sessions/"):
                    found = fake.objects.get(path.rsplit("/", 1)[1])
                    answer = (200, found) if found else (404, {"error": {"type": "invalid_request_error"}})
                else:
                    answer = (404, {"error": {"type": "invalid_request_error", "message": f"No route {path}"}})
                if method == "POST" and key:
                    fake.idempotent[key] = answer
                return self._answer(*answer)

            def _hosted_page(self, method):
                # Stripe Checkout's page, reduced to a card number field and a Pay button.
                session_id = urlparse(self.path).path.rsplit("/", 1)[1]
                session = fake.objects.get(session_id)
                if session is None:
                    return self._answer(404, {"error": "no such session"})
                if method == "POST":
                    fake.pay(session_id)
                    self.send_response(303)
                    self.send_header("Location", session["success_url"])
                    self.end_headers()
                    return None
                amount = session["amount_total"]
                page = (
                    f"<!doctype html><html><body><h1>Fake Stripe</h1><p id='amount'>{amount} {session['currency']}</p>"
                    "<form method='post'><input name='card' value='4242 4242 4242 4242'>"
                    "<button id='pay' type='submit'>Pay</button></form></body></html>"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)
                return None

            def do_GET(self):
                if self.path.startswith("/pay/"):
                    return self._hosted_page("GET")
                self._route("GET")

            def do_POST(self):
                if self.path.startswith("/pay/"):
                    length = int(self.headers.get("Content-Length") or 0)
                    self.rfile.read(length)
                    return self._hosted_page("POST")
                self._route("POST")

        return Handler
