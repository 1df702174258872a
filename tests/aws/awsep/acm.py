"""ACM (JSON 1.1): DescribeCertificate and ListCertificates over the
certificates of the caller's account in the endpoint's region only, so a
certificate asked in the wrong region is not found, as ACM answers it.

With settings.acm_validates_by_dns, a PENDING_VALIDATION certificate does
what ACM does: before each answer its validation CNAMEs are looked up
through the lab's resolver (kdig), a name whose record is in place turns
SUCCESS, and when every name has, the certificate is ISSUED (CAA is not
looked at). Tests watch a certificate issue after adding its record."""

import base64
import datetime
import hashlib
import json
import os
import subprocess
import threading

from . import validate, wire
from .errors import ApiError

TARGET = "CertificateManager."


def route(req):
    target = req.header("x-amz-target") or ""
    if req.method != "POST" or not target.startswith(TARGET):
        return None
    name = target[len(TARGET):]
    func = OPERATIONS.get(name, _unknown)
    return name, func, False


def _unknown(ctx):
    raise ApiError("", code="UnknownOperationException")


def _input(ctx, operation):
    ctype = (ctx.req.header("content-type") or "").split(";")[0].strip()
    if ctype != "application/x-amz-json-1.1":
        raise ApiError(f"Unsupported Content-Type: {ctype or '(none)'}",
                       code="SerializationException")
    try:
        value = json.loads(ctx.req.body or b"{}")
    except ValueError:
        raise ApiError("Could not parse the request body as JSON",
                       code="SerializationException")
    validate.check(wire.model("acm").operation_model(operation).input_shape, value)
    return value


def _reply(operation, value):
    return 200, {"Content-Type": "application/x-amz-json-1.1"}, \
        wire.json_body("acm", operation, value)


def _in_region(ctx):
    certs = [c for c in ctx.account.get("acm_certificates", [])
             if c["CertificateArn"].split(":")[3] == ctx.region]
    if ctx.fx.settings["acm_validates_by_dns"]:
        for c in certs:
            _validate(ctx, c)
    return certs


_validation_lock = threading.Lock()


def _cname(name):
    """The CNAME target of name through the lab's resolver, or None."""
    server = os.environ.get("LAB_RESOLVER_ADDR", "127.0.0.1")
    port = os.environ.get("LAB_RESOLVER_PORT", "5300")
    try:
        out = subprocess.run(["kdig", f"@{server}", "-p", port, "+short", "+time=2",
                              "+retry=0", "CNAME", name],
                             capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = out.split()
    return lines[0] if lines else None


def _same(a, b):
    return a.lower().rstrip(".") == b.lower().rstrip(".")


def _validate(ctx, c):
    """ACM's own validation of a pending certificate (see the module's text)."""
    with _validation_lock:
        if c.get("Status") != "PENDING_VALIDATION":
            return
        for d in c.get("DomainValidationOptions", []):
            rr = d.get("ResourceRecord")
            if d.get("ValidationStatus") == "PENDING_VALIDATION" and rr:
                target = _cname(rr["Name"])
                if target and _same(target, rr["Value"]):
                    d["ValidationStatus"] = "SUCCESS"
        if all(d.get("ValidationStatus") == "SUCCESS" for d in c.get("DomainValidationOptions", [])):
            now = ctx.fx.now().replace(microsecond=0)
            c["Status"] = "ISSUED"
            c["IssuedAt"] = c["NotBefore"] = now.isoformat()
            c["NotAfter"] = (now + datetime.timedelta(days=198)).isoformat()


def describe_certificate(ctx):
    arn = _input(ctx, "DescribeCertificate")["CertificateArn"]
    parts = arn.split(":")
    if len(parts) < 6 or not parts[5].startswith("certificate/") or not parts[3]:
        raise ApiError(f"String '{arn}' is not a valid ARN.", code="InvalidArnException")
    ctx.authorize("acm:DescribeCertificate", arn)
    for c in _in_region(ctx):
        if c["CertificateArn"] == arn:
            return _reply("DescribeCertificate", {"Certificate": c})
    raise ApiError(f"Could not find certificate {arn}.", code="ResourceNotFoundException")


SUMMARY_COPY = ("CertificateArn", "DomainName", "Status", "Type", "KeyAlgorithm",
                "RenewalEligibility", "NotBefore", "NotAfter", "CreatedAt",
                "IssuedAt", "ImportedAt", "RevokedAt")


def summary(c):
    """CertificateSummary as ListCertificates derives it from the detail."""
    s = {k: c[k] for k in SUMMARY_COPY if k in c}
    if "KeyAlgorithm" in s:
        s["KeyAlgorithm"] = key_type(c)
    sans = c.get("SubjectAlternativeNames", [])
    s["SubjectAlternativeNameSummaries"] = sans[:100]
    s["HasAdditionalSubjectAlternativeNames"] = len(sans) > 100
    s["KeyUsages"] = [k["Name"] for k in c.get("KeyUsages", [])]
    s["ExtendedKeyUsages"] = [k["Name"] for k in c.get("ExtendedKeyUsages", [])]
    s["InUse"] = bool(c.get("InUseBy"))
    return s


def key_type(c):
    """ListCertificates' spelling (RSA_2048) of DescribeCertificate's (RSA-2048)."""
    return c.get("KeyAlgorithm", "RSA_2048").replace("-", "_")


def _token(offset, filters):
    raw = json.dumps({"o": offset, "f": filters}).encode()
    return base64.b64encode(raw).decode()


def list_certificates(ctx):
    p = _input(ctx, "ListCertificates")
    ctx.authorize("acm:ListCertificates")
    inc = p.get("Includes", {})
    filters = hashlib.sha256(json.dumps(
        {k: p.get(k) for k in ("CertificateStatuses", "Includes", "SortBy", "SortOrder")},
        sort_keys=True).encode()).hexdigest()[:16]
    offset = 0
    if "NextToken" in p:
        try:
            t = json.loads(base64.b64decode(p["NextToken"]))
            offset, ok = int(t["o"]), t["f"] == filters
        except (ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            raise ApiError("The NextToken is invalid or does not match the request's filters",
                           code="InvalidArgsException")
    key_types = inc.get("keyTypes") or ctx.fx.settings["acm_default_key_types"]
    statuses = p.get("CertificateStatuses")
    eku = inc.get("extendedKeyUsage")
    ku = inc.get("keyUsage")
    certs = []
    for c in _in_region(ctx):
        if statuses and c.get("Status") not in statuses:
            continue
        if key_type(c) not in key_types:
            continue
        names = {k["Name"] for k in c.get("ExtendedKeyUsages", [])}
        if eku and "ANY" not in eku and not names & set(eku):
            continue
        names = {k["Name"] for k in c.get("KeyUsages", [])}
        if ku and "ANY" not in ku and not names & set(ku):
            continue
        certs.append(c)
    if p.get("SortBy") == "CREATED_AT":
        certs.sort(key=lambda c: wire.parse_time(c.get("CreatedAt", 0), "CreatedAt"),
                   reverse=p.get("SortOrder") == "DESCENDING")
    size = p.get("MaxItems") or ctx.fx.settings["acm_default_page_size"]
    page = certs[offset:offset + size]
    out = {"CertificateSummaryList": [summary(c) for c in page]}
    if offset + size < len(certs):
        out["NextToken"] = _token(offset + size, filters)
    return _reply("ListCertificates", out)


OPERATIONS = {
    "DescribeCertificate": describe_certificate,
    "ListCertificates": list_certificates,
}
