"""STS (query protocol): AssumeRoleWithWebIdentity, which real STS accepts
unsigned, AssumeRole (signed: a profile's role_arn with its source_profile)
and GetCallerIdentity (signed), the usual "who am I" check. Credentials
handed out here are accepted by the signature check at once."""

import re
from urllib.parse import parse_qsl

from . import wire
from .errors import ApiError

VERSION = "2011-06-15"


def _params(req):
    if req.method == "POST":
        return dict(parse_qsl(req.body.decode("utf-8", "replace"), keep_blank_values=True))
    return dict(req.query)


def route(req):
    if req.raw_path != "/" or req.header("x-amz-target"):
        return None
    p = _params(req)
    action = p.get("Action")
    if action is None:
        return None
    if action == "AssumeRoleWithWebIdentity":
        # the token is secret: the log shows its length only
        req.log["body"] = re.sub(r"(WebIdentityToken=)[^&]*",
                                 lambda m: f"{m.group(1)}<{len(p.get('WebIdentityToken', ''))} chars>",
                                 req.body.decode("utf-8", "replace"))
        return action, assume_role_with_web_identity, True
    if action == "GetCallerIdentity":
        return action, get_caller_identity, False
    if action == "AssumeRole":
        return action, assume_role, False
    return action, _unknown(action), False


def _unknown(action):
    def f(ctx):
        raise ApiError(f"Could not find operation {action} for version {VERSION}",
                       code="InvalidAction")
    return f


def _reply(ctx, operation, value):
    return 200, {"Content-Type": "text/xml"}, wire.sts_body(operation, value, ctx.request_id)


def _validation(msgs):
    raise ApiError(f"{len(msgs)} validation error{'s' if len(msgs) > 1 else ''} detected: "
                   + "; ".join(msgs), code="ValidationError")


def assume_role_with_web_identity(ctx):
    p = _params(ctx.req)
    if p.get("Version") != VERSION:
        raise ApiError(f"Could not find operation AssumeRoleWithWebIdentity for version "
                       f"{p.get('Version')}", code="InvalidAction")
    msgs = []
    for key, lo, hi in (("RoleArn", 20, 2048), ("RoleSessionName", 2, 64),
                        ("WebIdentityToken", 4, 20000)):
        v, at = p.get(key), key[0].lower() + key[1:]
        if v is None:
            msgs.append(f"Value null at '{at}' failed to satisfy constraint: Member must not be null")
        elif not lo <= len(v) <= hi:
            shown = v if key != "WebIdentityToken" else "***"
            msgs.append(f"Value '{shown}' at '{at}' failed to satisfy constraint: Member must "
                        f"have length {'greater than or equal to ' + str(lo) if len(v) < lo else 'less than or equal to ' + str(hi)}")
    session = p.get("RoleSessionName") or ""
    if session and not re.fullmatch(r"[\w+=,.@-]*", session):
        msgs.append(f"Value '{session}' at 'roleSessionName' failed to satisfy constraint: "
                    r"Member must satisfy regular expression pattern: [\w+=,.@-]*")
    duration = p.get("DurationSeconds", "3600")
    if not duration.isdigit() or not 900 <= int(duration) <= 43200:
        msgs.append(f"Value '{duration}' at 'durationSeconds' failed to satisfy constraint: "
                    "Member must have value greater than or equal to 900")
    if msgs:
        _validation(msgs)
    ctx.cred = None
    ctx.req.log["action"] = "sts:AssumeRoleWithWebIdentity"
    arn, token = p["RoleArn"], p["WebIdentityToken"]
    role = ctx.fx.roles.get(arn)
    known = any(token in r.get("web_identity_tokens", []) for r in ctx.fx.roles.values())
    if role and token in role.get("expired_web_identity_tokens", []):
        now = int(ctx.fx.now().timestamp())
        raise ApiError(f"Token expired: current date/time {now} must be before the expiration "
                       f"date/time {now - 3600}", code="ExpiredTokenException")
    if role is None or (known and token not in role.get("web_identity_tokens", [])):
        raise ApiError("Not authorized to perform sts:AssumeRoleWithWebIdentity",
                       code="AccessDenied", status=403)
    if not known:
        raise ApiError("The web identity token that was passed could not be validated by AWS. "
                       "Get a new identity token from the identity provider and then retry "
                       "the request.", code="InvalidIdentityToken")
    if int(duration) > role.get("max_session_duration", 3600):
        raise ApiError("The requested DurationSeconds exceeds the MaxSessionDuration set "
                       "for this role.", code="ValidationError")
    cred = ctx.fx.issue(arn, session, int(duration), "sts")
    ctx.req.log["issued_access_key_id"] = cred.access_key_id
    return _reply(ctx, "AssumeRoleWithWebIdentity", {
        "Credentials": {"AccessKeyId": cred.access_key_id,
                        "SecretAccessKey": cred.secret_access_key,
                        "SessionToken": cred.session_token,
                        "Expiration": cred.expiration.isoformat()},
        "SubjectFromWebIdentityToken": role.get("subject", "system:serviceaccount:lab:acm-doctor"),
        "AssumedRoleUser": {"Arn": cred.arn,
                            "AssumedRoleId": f"{role.get('role_id', 'AROACANARYLABROLE0001')}:{session}"},
        "Provider": role.get("provider", "oidc.lab.test"),
        "Audience": role.get("audience", "sts.amazonaws.com"),
    })


def assume_role(ctx):
    """A signed caller takes a role: allowed when the role trusts the caller
    (its "trusted" principal ARNs; by default any principal of its account)
    and the caller is not denied sts:AssumeRole; ExternalId as the role asks."""
    p = _params(ctx.req)
    if p.get("Version") != VERSION:
        raise ApiError(f"Could not find operation AssumeRole for version {p.get('Version')}",
                       code="InvalidAction")
    arn, session = p.get("RoleArn"), p.get("RoleSessionName")
    msgs = [f"Value null at '{k}' failed to satisfy constraint: Member must not be null"
            for k, v in (("roleArn", arn), ("roleSessionName", session)) if v is None]
    duration = p.get("DurationSeconds", "3600")
    if not duration.isdigit() or not 900 <= int(duration) <= 43200:
        msgs.append(f"Value '{duration}' at 'durationSeconds' failed to satisfy constraint: "
                    "Member must have value greater than or equal to 900")
    if session and not re.fullmatch(r"[\w+=,.@-]{2,64}", session):
        msgs.append(f"Value '{session}' at 'roleSessionName' failed to satisfy constraint: "
                    r"Member must satisfy regular expression pattern: [\w+=,.@-]*")
    if msgs:
        _validation(msgs)
    ctx.authorize("sts:AssumeRole", arn)
    role = ctx.fx.roles.get(arn)
    trusted = role.get("trusted") if role else None
    caller = ctx.cred.arn
    # a role's session is trusted as its role (role chaining)
    m = re.fullmatch(r"arn:aws:sts::(\d{12}):assumed-role/([^/]+)/.*", caller)
    principal = f"arn:aws:iam::{m.group(1)}:role/{m.group(2)}" if m else caller
    ok = role is not None and (principal in trusted if trusted is not None
                               else caller.split(":")[4] == arn.split(":")[4])
    if ok and role.get("external_id") and p.get("ExternalId") != role["external_id"]:
        ok = False
    if not ok:
        raise ApiError(f"User: {caller} is not authorized to perform: sts:AssumeRole on "
                       f"resource: {arn}", code="AccessDenied", status=403)
    if int(duration) > role.get("max_session_duration", 3600):
        raise ApiError("The requested DurationSeconds exceeds the MaxSessionDuration set "
                       "for this role.", code="ValidationError")
    cred = ctx.fx.issue(arn, session, int(duration), "sts")
    ctx.req.log["issued_access_key_id"] = cred.access_key_id
    return _reply(ctx, "AssumeRole", {
        "Credentials": {"AccessKeyId": cred.access_key_id,
                        "SecretAccessKey": cred.secret_access_key,
                        "SessionToken": cred.session_token,
                        "Expiration": cred.expiration.isoformat()},
        "AssumedRoleUser": {"Arn": cred.arn,
                            "AssumedRoleId": f"{role.get('role_id', 'AROACANARYLABROLE0001')}:{session}"},
    })


def get_caller_identity(ctx):
    ctx.req.log["action"] = "sts:GetCallerIdentity"
    c = ctx.cred
    user_id = c.access_key_id if ":user/" in c.arn else \
        f"AROACANARYLABROLE0001:{c.arn.rsplit('/', 1)[-1]}"
    return _reply(ctx, "GetCallerIdentity", {"UserId": user_id, "Account": c.account, "Arn": c.arn})
