"""The HTTPS API listener: find the service and operation of a request, check
that the endpoint (host name) and the credential scope agree, verify the
signature, then run the operation. Every answer, good or bad, is in the
protocol of the service asked."""

import re
import uuid

from . import acm, apigw, errors, route53, sigv4, sts
from .errors import ApiError

# service module, SigV4 signing name, protocol
SERVICES = [
    (acm, "acm", "json"),
    (apigw, "apigateway", "rest-json"),
    (route53, "route53", "rest-xml"),
    (sts, "sts", "query"),
]

REGIONAL_HOST = re.compile(r"^(acm|apigateway|sts)\.([a-z0-9-]+)\.amazonaws\.com$")
GLOBAL_HOST = {"route53.amazonaws.com": ("route53", "us-east-1"),
               "sts.amazonaws.com": ("sts", "us-east-1")}
THROTTLE_MESSAGE = {"json": "Rate exceeded", "rest-json": "Too Many Requests",
                    "rest-xml": "Rate exceeded", "query": "Rate exceeded"}


def host_endpoint(hostname):
    """(service, region) a real AWS host name stands for, or None for an
    address (or any other name): then the scope's region is taken, as a
    client with an endpoint override signs for its configured region."""
    h = hostname.lower().rstrip(".")
    if h in GLOBAL_HOST:
        return GLOBAL_HOST[h]
    m = REGIONAL_HOST.match(h)
    return (m.group(1), m.group(2)) if m else None


class Context:
    """What an operation needs: caller, region, fixture, protocol."""

    def __init__(self, app, req, protocol, request_id):
        self.app = app
        self.fx = app.fixture
        self.req = req
        self.protocol = protocol
        self.request_id = request_id
        self.cred = None
        self.region = None

    @property
    def account(self):
        return self.fx.account(self.cred.account)

    def authorize(self, action, resource=None):
        """Throttling first (counted per action), then the IAM denials."""
        self.req.log["action"] = action
        if self.fx.throttled(self.cred, action):
            raise ApiError(THROTTLE_MESSAGE[self.protocol], kind="throttle")
        if action in self.cred.deny or "*" in self.cred.deny:
            where = f" on resource: {resource}" if resource else ""
            raise ApiError(f"User: {self.cred.arn} is not authorized to perform: {action}"
                           f"{where} because no identity-based policy allows the {action} action",
                           kind="access_denied")


def handle(app, req):
    request_id = str(uuid.uuid4())
    for module, signing_name, protocol in SERVICES:
        op = module.route(req)
        if op is not None:
            break
    else:
        return 404, {"Content-Type": "application/json", "x-amzn-RequestId": request_id}, \
            b'{"message":"no AWS operation of this endpoint matches the request"}'
    name, func, unsigned = op
    ctx = Context(app, req, protocol, request_id)
    req.log.update(service=signing_name, operation=name)
    try:
        endpoint = host_endpoint(req.hostname)
        if endpoint and endpoint[0] != signing_name:
            raise ApiError(f"{req.hostname} does not serve {name}",
                           code="UnknownOperationException", status=404)
        fixed_region = endpoint[1] if endpoint else (
            "us-east-1" if signing_name == "route53" else None)
        if unsigned:
            ctx.region = fixed_region or _unsigned_region(req)
        else:
            app.refresh_control()
            now = app.fixture.now()
            ctx.cred, ctx.region = sigv4.verify(
                req, signing_name, fixed_region, app.fixture.creds, now,
                app.fixture.settings["skew_seconds"], app.log.redact)
            req.log["access_key_id"] = ctx.cred.access_key_id
            if ctx.region in app.fixture.settings["regions_not_enabled"]:
                # an opt-in region the account has not enabled: AWS does
                # not know any of its keys there
                raise ApiError(sigv4.INVALID_TOKEN, kind="unknown_key")
        req.log["region"] = ctx.region
        status, headers, body = func(ctx)
        headers.setdefault("x-amzn-RequestId", request_id)
        return status, headers, body
    except ApiError as e:
        status, headers, body = errors.render(e, protocol, request_id,
                                              app.fixture.settings)
        req.log["error"] = headers.get("x-amzn-ErrorType", "").split(":")[0] or \
            e.code_status(protocol)[0]
        req.log["error_message"] = e.message.split("\n")[0]
        return status, headers, body


def _unsigned_region(req):
    """Region of an unsigned request to an address: from the scope if the
    client signed anyway, else us-east-1 (the global STS endpoint's)."""
    auth = req.header("authorization") or ""
    m = re.search(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/", auth)
    return m.group(1) if m else "us-east-1"
