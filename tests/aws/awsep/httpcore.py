"""HTTP/1.1 listeners (keep-alive, as the AWS CLI and libcurl use them), the
request object handed to the services, and the JSON-lines request log in
which secrets appear only as their lengths."""

import datetime
import http.server
import json
import socketserver
import sys
import threading
import time
from urllib.parse import unquote, urlsplit

# Headers whose values are secret (or derived from a secret): logged as
# their length only.
SECRET_HEADERS = {"authorization", "x-amz-security-token",
                  "x-aws-ec2-metadata-token", "x-amz-signature"}


class Request:
    def __init__(self, handler, body):
        self.method = handler.command
        self.target = handler.path          # path + query, as received
        parts = urlsplit(handler.path)
        self.raw_path = parts.path
        self.path = unquote(parts.path)
        self.raw_query = parts.query
        self.query = []
        for pair in parts.query.split("&") if parts.query else []:
            k, _, v = pair.partition("=")
            self.query.append((unquote(k), unquote(v)))
        self.headers = list(handler.headers.items())
        self.body = body
        self.peer = handler.client_address[0]
        self.local = handler.server.server_address
        host = self.header("host") or ""
        self.hostname = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        self.log = {}       # filled by the services: operation, key id, ...

    def header(self, name):
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    def query_first(self, name):
        for k, v in self.query:
            if k == name:
                return v
        return None


class RequestLog:
    def __init__(self, path, secrets):
        self.path = path
        self.secrets = secrets      # callable -> list of secret strings
        self.lock = threading.Lock()
        open(path, "a").close()

    def redact(self, text):
        for s in sorted(self.secrets(), key=len, reverse=True):
            if s and s in text:
                text = text.replace(s, f"<redacted {len(s)} chars>")
        return text

    def write(self, listener, req, status, ms):
        headers = {}
        for k, v in req.headers:
            lk = k.lower()
            if lk in SECRET_HEADERS or (listener == "container" and lk == "authorization"):
                v = f"<{len(v)} chars>"
            headers[lk] = v
        entry = {
            "time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds"),
            "listener": listener,
            "peer": req.peer,
            "method": req.method,
            "host": req.header("host"),
            "path": req.raw_path,
            "query": req.raw_query,
            "headers": headers,
            "body": req.log.pop("body", None) if "body" in req.log
                    else req.body.decode("utf-8", "replace")[:20000],
            "status": status,
            "ms": ms,
        }
        entry.update(req.log)
        line = self.redact(json.dumps(entry, sort_keys=True))
        with self.lock:
            with open(self.path, "a") as f:
                f.write(line + "\n")


def make_handler(name, app_handle, log):
    """A handler class for one listener; app_handle(req) -> (status,
    headers, body)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "acm-doctor-lab-aws"
        sys_version = ""

        def _serve(self):
            t0 = time.monotonic()
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n) if n > 0 else b""
            req = Request(self, body)
            try:
                status, headers, out = app_handle(req)
            except Exception as e:  # a bug here must not look like an AWS answer
                import traceback
                traceback.print_exc()
                status, headers, out = 500, {"Content-Type": "text/plain"}, \
                    f"lab endpoint internal error: {type(e).__name__}".encode()
                req.log["internal_error"] = repr(e)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(out)))
            self.send_header("Date", self.date_time_string())
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(out)
            log.write(name, req, status, int((time.monotonic() - t0) * 1000))

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _serve

        def send_response(self, code, message=None):
            # no Server/Date pair from the base class: we add Date ourselves
            self.log_request(code)
            self.send_response_only(code, message)

        def log_message(self, fmt, *args):
            pass   # the JSON-lines log is the record

    return Handler


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    tls = None      # an ssl.SSLContext for the HTTPS listener

    def finish_request(self, request, client_address):
        # the TLS handshake runs in the connection's own thread, so a client
        # that stalls in it does not hold up the others
        if self.tls is not None:
            request.settimeout(30)
            request = self.tls.wrap_socket(request, server_side=True)
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        e = sys.exc_info()[1]
        print(f"aws-endpoint: connection from {client_address[0]}: "
              f"{type(e).__name__}: {e}", file=sys.stderr)
