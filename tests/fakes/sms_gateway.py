"""A fake SMS gateway on 127.0.0.1, for tests: ``accounts.sms.HttpGatewayBackend`` posts to it over
real HTTP. It keeps what it was sent (body and Authorization header), and can answer with an error
status or stall past the client's timeout on demand."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeSmsGateway:
    def __init__(self):
        self.received = []  # (json body, Authorization header)
        self.status = 200
        self.stall_seconds = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}/sms"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _handler_class(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                if gateway.stall_seconds:
                    time.sleep(gateway.stall_seconds)
                gateway.received.append((body, self.headers.get("Authorization")))
                payload = json.dumps({"ok": gateway.status < 400}).encode()
                try:
                    self.send_response(gateway.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout test)

            def log_message(self, *args):
                pass

        return Handler
