"""The two plain-HTTP credential sources: IMDSv2 (a PUT for a session token
with a TTL header, then GETs that must carry the token; 401 without it) and
the container credentials endpoint (an optional Authorization token, as
AWS_CONTAINER_AUTHORIZATION_TOKEN sends it). Both hand out temporary
credentials of a fixture role, which the signature check then accepts."""

import datetime
import json
import secrets
import threading

_tokens = {}            # IMDS session token -> expiry
_cached = {}            # (source, role arn) -> Credential
_lock = threading.Lock()


def tokens():
    """IMDS session tokens handed out (for the log's redaction)."""
    with _lock:
        return list(_tokens)


def _text(status, body, ctype="text/plain", extra=None):
    h = {"Content-Type": ctype}
    h.update(extra or {})
    return status, h, body.encode()


def _creds(fx, source, role_arn, lifetime, session):
    """The same credentials until they are within 5 minutes of expiry, as
    the real sources rotate them."""
    with _lock:
        c = _cached.get((source, role_arn))
        if c is None or c.expiration - fx.now() < datetime.timedelta(minutes=5):
            c = fx.issue(role_arn, session, lifetime, source)
            _cached[(source, role_arn)] = c
        return c


def _iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def imds(app, req):
    fx, cfg = app.fixture, app.fixture.imds
    req.log["source"] = "imds"
    if not cfg:
        return _text(404, "Not Found")
    app.refresh_control()
    now = fx.now()
    if req.path == "/latest/api/token":
        if req.method != "PUT":
            return _text(405, "Method Not Allowed")
        if req.header("x-forwarded-for") is not None:
            return _text(403, "Forbidden")
        ttl = req.header("x-aws-ec2-metadata-token-ttl-seconds")
        if ttl is None or not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return _text(400, "Bad Request")
        token = "CANARYIMDS" + secrets.token_urlsafe(40)
        with _lock:
            _tokens[token] = now + datetime.timedelta(seconds=int(ttl))
        req.log["imds_token_issued"] = True
        return _text(200, token, extra={"X-aws-ec2-metadata-token-ttl-seconds": ttl})
    if req.method != "GET":
        return _text(405, "Method Not Allowed")
    token = req.header("x-aws-ec2-metadata-token")
    with _lock:
        good = token is not None and _tokens.get(token, now) > now
    req.log["imds_token"] = "valid" if good else ("invalid" if token else "absent")
    if not good and (token is not None or not cfg.get("v1_allowed", False)):
        return _text(401, "Unauthorized")
    role_arn = cfg["role_arn"]
    role = role_arn.rsplit("/", 1)[-1]
    region = cfg.get("region", "us-east-1")
    base = "/latest/meta-data/iam/security-credentials/"
    if req.path in (base, base[:-1]):
        return _text(200, role)
    if req.path == base + role:
        c = _creds(fx, "imds", role_arn, cfg.get("lifetime_seconds", 21600),
                   cfg.get("instance_id", "i-0abcdef1234567890"))
        req.log["issued_access_key_id"] = c.access_key_id
        return _text(200, json.dumps({
            "Code": "Success", "LastUpdated": _iso(now), "Type": "AWS-HMAC",
            "AccessKeyId": c.access_key_id, "SecretAccessKey": c.secret_access_key,
            "Token": c.session_token, "Expiration": _iso(c.expiration)}, indent=2))
    simple = {
        "/latest/meta-data/placement/availability-zone": region + "a",
        "/latest/meta-data/placement/region": region,
        "/latest/meta-data/instance-id": cfg.get("instance_id", "i-0abcdef1234567890"),
        "/latest/meta-data/iam/info": json.dumps({
            "Code": "Success", "LastUpdated": _iso(now),
            "InstanceProfileArn": role_arn.replace(":role/", ":instance-profile/"),
            "InstanceProfileId": "AIPACANARYLAB0000001"}),
    }
    if req.path in simple:
        return _text(200, simple[req.path])
    return _text(404, "Not Found")


def container(app, req):
    fx, cfg = app.fixture, app.fixture.container
    req.log["source"] = "container"
    if not cfg or req.method != "GET" or req.path != cfg.get("path", "/v2/credentials/lab"):
        return _text(404, json.dumps({"code": "NotFound", "message": "no such credentials path"}),
                     "application/json")
    want = cfg.get("authorization")
    got = req.header("authorization")
    req.log["authorization"] = "absent" if got is None else ("valid" if got == want else "invalid")
    if want is not None and got != want:
        return _text(401, json.dumps({"code": "AccessDenied",
                                      "message": "Authorization token is missing or invalid"}),
                     "application/json")
    app.refresh_control()
    role_arn = cfg["role_arn"]
    c = _creds(fx, "container", role_arn, cfg.get("lifetime_seconds", 3600), "lab-task")
    req.log["issued_access_key_id"] = c.access_key_id
    return _text(200, json.dumps({
        "AccessKeyId": c.access_key_id, "SecretAccessKey": c.secret_access_key,
        "Token": c.session_token, "Expiration": _iso(c.expiration),
        "RoleArn": role_arn, "AccountId": role_arn.split(":")[4]}), "application/json")
