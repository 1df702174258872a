"""The lab's RDAP server (RFC 7480/9082/9083) over HTTPS, on 127.0.0.60:443.

Two servers in one, told apart by the path, as a thin registry and the
registrar it points to (both names resolve to 127.0.0.60; the certificate
from the lab CA, made by the first connection, covers both names and the
address):
    /test/domain/NAME         the registry of "test." (the bootstrap's URL)
    /registrar/domain/NAME    the registrar (redirect targets, "related" links)
    /test/help, /registrar/help

What a domain answers (tests/lab/README.md, "Email scenarios"):
    rdap/domain/NAME.json     a dedicated document (hold, serverhold, ...)
    rdap/domain.json.in       the normal document, for every other email-*
                              zone of zones.list
    anything else             404 with an RFC 9083 errorCode object
    SLOW, REDIRECT, rdap_hostile.HOSTILE  behaviours on top of the document

Every request is logged to rdap.log:
    <unix ms> <peer> <method> <target> <status> <body bytes> <Accept> <User-Agent>

One thread per connection. The certificate, ssl, json and rdap_hostile come
on first use, not at start: the lab waits for this process (serve.py) at
every start.
"""

import os
import socket
import threading
import time
import zlib

from eventlog import Log, esc

RDAP_JSON = "application/rdap+json"
REGISTRY_HOST = "rdap.email-registry.test"
REGISTRAR_HOST = "rdap.email-registrar.test"
HEAD_MAX = 16384        # request line + headers
HEAD_TIMEOUT_S = 10     # per read, during the TLS handshake and the head

SLOW = {"email-slow.test"}
# (side asked, name) -> side it redirects to: the registry sends clients to
# the registrar (RDAP servers redirect often: RFC 7480 5.2); the loop never
# ends.
REDIRECT = {
    ("test", "email-redirect.test"): "registrar",
    ("test", "email-loop.test"): "registrar",
    ("registrar", "email-loop.test"): "test",
}

REASONS = {200: "OK", 302: "Found", 400: "Bad Request", 404: "Not Found",
           405: "Method Not Allowed", 429: "Too Many Requests"}


class Options:
    """Settings, and what is loaded on first use rather than at start: the
    lab's start time counts every millisecond before the ready file."""

    def __init__(self, lab_dir, run_dir, certs_dir, slow_ms, huge_mb):
        self.lab_dir, self.run_dir, self.certs_dir = lab_dir, run_dir, certs_dir
        self.slow_ms, self.huge_mb = slow_ms, huge_mb
        self.docs = os.path.join(lab_dir, "email", "rdap")
        self.lock = threading.Lock()
        self.ctx = self.template = self.zones = None
        self.cache = {}

    def load(self):
        """The certificate, the TLS context (ssl is the costliest import),
        the template and the zone list, once, by the first connection."""
        with self.lock:
            if self.ctx:
                return
            make_cert(self.certs_dir)
            import ssl
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(os.path.join(self.certs_dir, "rdap.pem"),
                                os.path.join(self.certs_dir, "rdap.key"))
            ctx.set_alpn_protocols(["http/1.1"])  # no HTTP/2: one code path
            with open(os.path.join(self.docs, "domain.json.in"), "rb") as f:
                self.template = f.read()
            self.zones = email_zones(os.path.join(self.lab_dir, "zones.list"))
            self.ctx = ctx

    def slow_delay(self):
        """LAB_RDAP_SLOW_MS, or the number in RUN/email/rdap-slow-ms if a
        test wrote one (changes the delay without restarting the lab)."""
        try:
            with open(os.path.join(self.run_dir, "rdap-slow-ms")) as f:
                return int(f.read().strip()) / 1000
        except (OSError, ValueError):
            return self.slow_ms / 1000


def make_cert(certs_dir):
    """The server's certificate from the lab CA (ca.pem, ca.key in
    CERTS_DIR), made like nginx's in lab.sh make_certs, but here, by the
    first connection: every lab start would pay for it, few tests need it.
    The server sends the leaf alone, as real servers omit the root."""
    if os.path.exists(os.path.join(certs_dir, "rdap.pem")):
        return
    import subprocess
    with open(os.path.join(certs_dir, "openssl.log"), "ab") as log:
        subprocess.run(
            ["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:P-256", "-nodes", "-keyout", "rdap.key",
             "-subj", "/CN=" + REGISTRY_HOST,
             "-addext", "subjectAltName=DNS:%s,DNS:%s,IP:127.0.0.60"
             % (REGISTRY_HOST, REGISTRAR_HOST),
             "-addext", "basicConstraints=critical,CA:FALSE",
             "-addext", "keyUsage=critical,digitalSignature",
             "-addext", "extendedKeyUsage=serverAuth",
             "-CA", "ca.pem", "-CAkey", "ca.key", "-days", "90",
             "-set_serial", str(int.from_bytes(os.urandom(8), "big") >> 1),
             "-out", "rdap.pem.tmp"],
            cwd=certs_dir, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            env=dict(os.environ, OPENSSL_CONF="/dev/null"), check=True)
    os.rename(os.path.join(certs_dir, "rdap.pem.tmp"),
              os.path.join(certs_dir, "rdap.pem"))


def email_zones(path):
    """The email-* zones the lab serves: each gets the normal document."""
    zones = set()
    with open(path) as f:
        for line in f:
            cols = line.split()
            if len(cols) >= 2 and cols[1].startswith("email-"):
                zones.add(cols[1].rstrip("."))
    return zones


def error_doc(code, title, description):
    """An RFC 9083 section 6 error response body."""
    import json
    return json.dumps({"rdapConformance": ["rdap_level_0"], "errorCode": code,
                       "title": title, "description": description}).encode()


def document(opts, name):
    """The normal document of NAME (bytes), or None if not registered."""
    path = os.path.join(opts.docs, "domain", name + ".json")
    if os.path.exists(path):
        with open(path, "rb") as f:
            return f.read()
    if name not in opts.zones:
        return None
    handle = "%d_DOMAIN_TEST-LAB" % (zlib.crc32(name.encode()) % 100000000)
    return (opts.template.replace(b"@DOMAIN_UC@", name.upper().encode())
            .replace(b"@DOMAIN@", name.encode())
            .replace(b"@HANDLE@", handle.encode()))


def base_url(side, host_header):
    """The other side's base URL, by name unless the client came by
    address (then it may not resolve lab names)."""
    host = host_header.split(":")[0]
    if host and host[0].isdigit():
        return "https://%s/%s/" % (host, side)
    return "https://%s/%s/" % (REGISTRY_HOST if side == "test"
                               else REGISTRAR_HOST, side)


def answer(opts, method, target, headers):
    """(status, content type, extra headers, body) for one request."""
    path = target.split("?", 1)[0]
    parts = path.strip("/").split("/")
    if method not in ("GET", "HEAD"):
        return 405, RDAP_JSON, [("Allow", "GET, HEAD")], error_doc(
            405, "Method Not Allowed", ["RDAP is read with GET or HEAD."])
    if len(parts) == 2 and parts[0] in ("test", "registrar") and parts[1] == "help":
        with open(os.path.join(opts.docs, "help.json"), "rb") as f:
            return 200, RDAP_JSON, [], f.read()
    if len(parts) != 3 or parts[0] not in ("test", "registrar") or parts[1] != "domain":
        return 404, RDAP_JSON, [], error_doc(404, "Not Found", ["No such path."])
    side, name = parts[0], parts[2].lower().rstrip(".")
    if not name or any(not (c.isalnum() or c in "-.") for c in name):
        return 400, RDAP_JSON, [], error_doc(
            400, "Bad Request", ["Not a domain name in LDH form."])
    to = REDIRECT.get((side, name))
    if to:
        loc = base_url(to, headers.get("host", "")) + "domain/" + name
        return 302, RDAP_JSON, [("Location", loc)], b""
    if name in SLOW:
        time.sleep(opts.slow_delay())
    doc = document(opts, name)
    if doc is None:
        return 404, RDAP_JSON, [], error_doc(404, "Not Found", [
            "The domain you are seeking as '%s' is not here." % name])
    import rdap_hostile
    hostile = rdap_hostile.HOSTILE.get(name)
    if hostile:
        if name not in opts.cache:
            opts.cache[name] = hostile(doc, opts)
        return opts.cache[name]
    return 200, RDAP_JSON, [], doc


def read_head(conn):
    """Method, target and headers (lower-case names) of one request."""
    head = b""
    while b"\r\n\r\n" not in head:
        if len(head) > HEAD_MAX:
            raise ValueError("request head too long")
        data = conn.recv(4096)
        if not data:
            raise ValueError("connection closed")
        head += data
    lines = head.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    method, target, _ = (lines[0].split(" ") + ["", ""])[:3]
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    return method, target, headers


def serve_one(opts, log, sock, peer):
    try:
        opts.load()
        sock.settimeout(HEAD_TIMEOUT_S)
        conn = opts.ctx.wrap_socket(sock, server_side=True)
        method, target, headers = read_head(conn)
    except (OSError, ValueError):   # ssl.SSLError is an OSError
        sock.close()                # a failed handshake, a dead client
        return
    conn.settimeout(None)
    status, ctype, extra, body = answer(opts, method, target, headers)
    log.write("%s:%d" % peer[:2], esc(method), esc(target), str(status),
              str(len(body)), esc(headers.get("accept", "-")),
              esc(headers.get("user-agent", "-")))
    head = ["HTTP/1.1 %d %s" % (status, REASONS.get(status, "Error")),
            "Content-Type: " + ctype,
            "Content-Length: %d" % len(body),
            "Access-Control-Allow-Origin: *",
            "Connection: close"]
    head += ["%s: %s" % kv for kv in extra]
    try:
        conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        if method != "HEAD":
            conn.sendall(body)
        conn.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # the client gave up (a size or time limit): fine
    finally:
        conn.close()


def accept_loop(opts, log, lsock):
    while True:
        sock, peer = lsock.accept()
        threading.Thread(target=serve_one, args=(opts, log, sock, peer),
                         daemon=True).start()


def start(opts, addr="127.0.0.60", port=443):
    """Bind the listener (plain TCP: TLS is set up per connection), serve it
    in a thread."""
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind((addr, port))
    lsock.listen(64)
    log = Log(os.path.join(opts.run_dir, "rdap.log"))
    threading.Thread(target=accept_loop, args=(opts, log, lsock),
                     daemon=True).start()
