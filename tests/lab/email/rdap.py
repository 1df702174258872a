"""The lab's RDAP server (RFC 7480/9082/9083) over HTTPS, on 127.0.0.60:443.

Two servers in one, told apart by the path, as a thin registry and the
registrar it points to (both names resolve to 127.0.0.60; the certificate
from the lab CA covers both names and the address):
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
"""

import asyncio
import hashlib
import json
import os
import ssl

import rdap_hostile
from eventlog import Log, esc

RDAP_JSON = "application/rdap+json"
REGISTRY_HOST = "rdap.email-registry.test"
REGISTRAR_HOST = "rdap.email-registrar.test"
HEAD_MAX = 16384          # request line + headers
HEAD_TIMEOUT_S = 10

SLOW = {"email-slow.test"}
# name -> (side that redirects, where to): the registry sends clients to the
# registrar (RDAP servers redirect often: RFC 7480 5.2); the loop never ends.
REDIRECT = {
    ("test", "email-redirect.test"): "registrar",
    ("test", "email-loop.test"): "registrar",
    ("registrar", "email-loop.test"): "test",
}

REASONS = {200: "OK", 302: "Found", 400: "Bad Request", 404: "Not Found",
           405: "Method Not Allowed", 429: "Too Many Requests"}


class Options:
    def __init__(self, lab_dir, run_dir, slow_ms, huge_mb):
        self.lab_dir, self.run_dir = lab_dir, run_dir
        self.slow_ms, self.huge_mb = slow_ms, huge_mb
        self.docs = os.path.join(lab_dir, "email", "rdap")
        with open(os.path.join(self.docs, "domain.json.in"), "rb") as f:
            self.template = f.read()
        self.zones = email_zones(os.path.join(lab_dir, "zones.list"))
        self.cache = {}

    def slow_delay(self):
        """LAB_RDAP_SLOW_MS, or the number in RUN/email/rdap-slow-ms if a
        test wrote one (changes the delay without restarting the lab)."""
        try:
            with open(os.path.join(self.run_dir, "rdap-slow-ms")) as f:
                return int(f.read().strip()) / 1000
        except (OSError, ValueError):
            return self.slow_ms / 1000


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
    handle = "%d_DOMAIN_TEST-LAB" % (
        int(hashlib.sha256(name.encode()).hexdigest()[:7], 16))
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


async def answer(opts, method, target, headers):
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
        await asyncio.sleep(opts.slow_delay())
    doc = document(opts, name)
    if doc is None:
        return 404, RDAP_JSON, [], error_doc(404, "Not Found", [
            "The domain you are seeking as '%s' is not here." % name])
    hostile = rdap_hostile.HOSTILE.get(name)
    if hostile:
        if name not in opts.cache:
            opts.cache[name] = hostile(doc, opts)
        return opts.cache[name]
    return 200, RDAP_JSON, [], doc


async def read_head(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = (lines[0].split(" ") + ["", ""])[:3]
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    return method, target, headers


def handler(opts, log):
    async def run(reader, writer):
        peer = writer.get_extra_info("peername")
        try:
            method, target, headers = await asyncio.wait_for(
                read_head(reader), HEAD_TIMEOUT_S)
        except (asyncio.TimeoutError, asyncio.IncompleteReadError,
                asyncio.LimitOverrunError, ConnectionError, OSError,
                ssl.SSLError):
            writer.close()
            return
        status, ctype, extra, body = await answer(opts, method, target, headers)
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
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
            if method != "HEAD":
                for i in range(0, len(body), 1 << 16):
                    writer.write(body[i:i + (1 << 16)])
                    await writer.drain()
            await writer.drain()
        except (ConnectionError, OSError, ssl.SSLError):
            pass  # the client gave up (a size or time limit): fine
        finally:
            writer.close()
    return run


async def start(opts, certs_dir, addr="127.0.0.60", port=443):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(certs_dir, "rdap.chain.pem"),
                        os.path.join(certs_dir, "rdap.key"))
    ctx.set_alpn_protocols(["http/1.1"])   # no HTTP/2: keep one code path
    log = Log(os.path.join(opts.run_dir, "rdap.log"))
    return await asyncio.start_server(handler(opts, log), addr, port,
                                      ssl=ctx, limit=HEAD_MAX,
                                      reuse_address=True)
