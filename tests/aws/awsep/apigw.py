"""API Gateway (rest-json): GetDomainName and GetDomainNames, v1 under
/domainnames and v2 under /v2/domainnames, per account and region. IAM
action apigateway:GET on the domain name's ARN (no /v2 in it)."""

import base64
import json
from urllib.parse import unquote

from . import wire
from .errors import ApiError


def route(req):
    p = req.raw_path
    for prefix, v2 in (("/v2/domainnames", True), ("/domainnames", False)):
        if p == prefix or p.startswith(prefix + "/"):
            rest = p[len(prefix) + 1:]
            if req.method != "GET" or "/" in rest:
                return (f"{req.method} {prefix}/...", _unsupported, False)
            if rest:
                # the name as the client encoded it in the path (curl 7.88
                # signs the encoded form; the canonical path re-encodes it)
                name = unquote(rest)
                return ("GetDomainName", lambda ctx: get(ctx, name, v2), False)
            return ("GetDomainNames", lambda ctx: list_(ctx, v2), False)
    return None


def _unsupported(ctx):
    raise ApiError("This lab endpoint serves only GET of domain names",
                   code="BadRequestException", status=400)


def _service(v2):
    return "apigatewayv2" if v2 else "apigateway"


def _store(ctx, v2):
    return ctx.account.get("apigateway", {}).get(ctx.region, {}).get(
        "v2" if v2 else "rest", [])


def _reply(v2, operation, value):
    body = wire.to_json(wire.output_shape(_service(v2), operation), value)
    return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()


def get(ctx, name, v2):
    ctx.authorize("apigateway:GET", f"arn:aws:apigateway:{ctx.region}::/domainnames/{name}")
    key = "DomainName" if v2 else "domainName"
    for d in _store(ctx, v2):
        if d.get(key, "").lower() == name.lower():
            return _reply(v2, "GetDomainName", d)
    if v2:
        raise ApiError(f"Unable to find DomainName with name: {name}", code="NotFoundException",
                       status=404, fields={"resourceType": "DomainName"})
    raise ApiError("Invalid domain name identifier specified", code="NotFoundException",
                   status=404)


def list_(ctx, v2):
    ctx.authorize("apigateway:GET", f"arn:aws:apigateway:{ctx.region}::/domainnames")
    size_key, tok_key = ("maxResults", "nextToken") if v2 else ("limit", "position")
    size = ctx.req.query_first(size_key)
    token = ctx.req.query_first(tok_key)
    try:
        size = int(size) if size else (25 if not v2 else 100)
        offset = int(base64.b64decode(token).decode()) if token else 0
    except ValueError:
        raise ApiError(f"Invalid {size_key} or {tok_key}", code="BadRequestException")
    if not 1 <= size <= 500:
        raise ApiError(f"{size_key} must be between 1 and 500", code="BadRequestException")
    items = _store(ctx, v2)
    out = {("Items" if v2 else "items"): items[offset:offset + size]}
    if offset + size < len(items):
        out["NextToken" if v2 else "position"] = base64.b64encode(
            str(offset + size).encode()).decode()
    return _reply(v2, "GetDomainNames", out)
