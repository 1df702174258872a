"""Hostile RDAP answers: what a broken or malicious RDAP server can send.

Each function takes the normal document of the domain (bytes of valid JSON)
and the server's options, and returns (status, content type, extra headers, body). The engine must
survive every one of them: bounded reads, a parser that does not recurse
without limit, and no byte of the answer reaching the terminal raw.
"""

import json

RDAP_JSON = "application/rdap+json"


def huge(doc, opts):
    """Valid JSON bigger than any sane limit: a remark padded to
    opts.huge_mb MiB."""
    d = json.loads(doc)
    line = "lab padding " + "x" * 1012            # 1 KiB per string
    d["remarks"] = [{"title": "padding",
                     "description": [line] * (opts.huge_mb * 1024)}]
    return 200, RDAP_JSON, [], json.dumps(d).encode()


def deep(doc, opts, depth=100000):
    """Valid JSON nested DEPTH arrays deep, before the real members: a
    recursive parser without a depth limit overflows its stack."""
    return 200, RDAP_JSON, [], (b'{"lab_nesting":' + b"[" * depth +
                                b"]" * depth + b"," + doc.lstrip()[1:])


def ctrl(doc, opts):
    """Valid JSON whose strings carry terminal escapes, BEL, NUL and a
    right-to-left override (all as \\u escapes, which JSON allows)."""
    d = json.loads(doc)
    registrar = d["entities"][0]["vcardArray"][1]
    registrar[1][3] = "\x1b[31mLab Registrar\x1b[0m\x07"
    registrant = d["entities"][1]["vcardArray"][1]
    registrant[1][3] = "\x1b]0;pwned\x07Pat Example"
    registrant[2][3] = "Example\x00Customer \u202emoc.nozama"
    d["remarks"] = [{"title": "\x1b[2Jcleared",
                     "description": ["tab\tcr\rlf\nesc\x1b[0m del\x7f"]}]
    d["events"][0]["eventActor"] = "\x1b[5mblink\x1b[0m"
    return 200, RDAP_JSON, [], json.dumps(d).encode()


def bad_utf8(doc, opts):
    """Raw bytes JSON forbids: invalid UTF-8 (a stray 0xFF, an overlong
    "/", a UTF-16 surrogate) and raw control bytes inside strings."""
    bad = (b"Lab \xff\xfe Registrar \xc0\xaf \xed\xa0\x80 "
           b"\x1b[31mraw ESC\x1b[0m \x07\x01")
    return 200, RDAP_JSON, [], doc.replace(b"Lab Registrar, Inc.", bad, 1)


def html(doc, opts):
    """An HTML page with status 200: a captive portal or a proxy's error
    page where JSON was expected."""
    body = (b"<!DOCTYPE html>\n<html><head><title>Service unavailable"
            b"</title></head>\n<body><h1>Please log in to continue</h1>"
            b"<p>\x1b[31mThis network requires authentication.</p>"
            b"</body></html>\n")
    return 200, "text/html; charset=utf-8", [], body


def wrong_type(doc, opts):
    """The normal document, valid JSON, labelled as HTML."""
    return 200, "text/html; charset=UTF-8", [], doc


def rate_limited(doc, opts):
    """429 with Retry-After, as busy registries answer (RFC 7480 5.5)."""
    body = json.dumps({
        "rdapConformance": ["rdap_level_0"],
        "errorCode": 429,
        "title": "Too Many Requests",
        "description": ["Query rate limit exceeded; retry after 120 seconds."],
    }).encode()
    return 429, RDAP_JSON, [("Retry-After", "120")], body


HOSTILE = {
    "email-huge.test": huge, "email-deep.test": deep,
    "email-ctrl.test": ctrl, "email-badutf8.test": bad_utf8,
    "email-html.test": html, "email-ctype.test": wrong_type,
    "email-ratelimit.test": rate_limited,
}
