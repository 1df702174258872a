"""The fixture file: accounts (ACM certificates, API Gateway domain names,
Route 53 hosted zones), credentials, roles and the knobs of each credential
source. Every response body in it is checked against the service model at
load (wire.to_*), so a typo fails the start, not a test later."""

import datetime
import json
import secrets
import string
import threading

from . import wire
from .wire import FixtureError

DEFAULT_SETTINGS = {
    "skew_seconds": 900,            # X-Amz-Date tolerance, both ways
    "acm_default_page_size": 1000,  # ListCertificates without MaxItems
    "acm_default_key_types": ["RSA_1024", "RSA_2048"],
    "json_error_type_prefix": "",   # e.g. "com.amazon.coral.service#"
    "route53_change_pending_polls": 0,  # GetChange answers PENDING this often
    "invalid_change_batch_form": "ErrorResponse",  # or "InvalidChangeBatch"
    "regions": ["us-east-1", "eu-west-1"],  # names published in the lab DNS
    "regions_not_enabled": [],      # opt-in regions the accounts have not enabled
    "acm_validates_by_dns": False,  # pending certificates issue once their CNAMEs resolve
}


class Credential:
    def __init__(self, d, where):
        try:
            self.access_key_id = d["access_key_id"]
            self.secret_access_key = d["secret_access_key"]
            self.arn = d["arn"]
        except KeyError as e:
            raise FixtureError(f"{where}: missing {e}")
        self.session_token = d.get("session_token")
        self.expiration = (wire.parse_time(d["expiration"], where)
                           if d.get("expiration") else None)
        self.account = d.get("account") or self.arn.split(":")[4]
        self.deny = set(d.get("deny", []))
        # action -> how many more requests are throttled
        self.throttle = dict(d.get("throttle", {}))
        self.issued_by = d.get("issued_by")  # "sts", "imds", "container"


def _random(prefix, n, alphabet=string.ascii_uppercase + string.digits):
    return prefix + "".join(secrets.choice(alphabet) for _ in range(n))


class Fixture:
    def __init__(self, path):
        with open(path) as f:
            d = json.load(f)
        self.path = path
        self.settings = dict(DEFAULT_SETTINGS, **d.get("settings", {}))
        self.accounts = d.get("accounts", {})
        self.roles = {r["arn"]: r for r in d.get("roles", [])}
        self.imds = d.get("imds", {})
        self.container = d.get("container", {})
        self.throttle = dict(d.get("throttle", {}))
        self.lock = threading.Lock()
        self.creds = {}
        for i, c in enumerate(d.get("credentials", [])):
            cred = Credential(c, f"credentials[{i}]")
            self.creds[cred.access_key_id] = cred
        self._check()

    def _check(self):
        """Serialise every stored body once: unknown members, wrong types and
        bad enum values are fixture errors."""
        detail = wire.shape("acm", "CertificateDetail")
        v1 = wire.output_shape("apigateway", "GetDomainName")
        v2 = wire.output_shape("apigatewayv2", "GetDomainName")
        hz = wire.shape("route53", "HostedZone")
        for acct, a in self.accounts.items():
            for i, c in enumerate(a.get("acm_certificates", [])):
                where = f"accounts.{acct}.acm_certificates[{i}]"
                wire.to_json(detail, c, where)
                arn = c.get("CertificateArn", "")
                if arn.split(":")[4:5] != [acct]:
                    raise FixtureError(f"{where}: ARN {arn!r} is not in account {acct}")
            for region, g in a.get("apigateway", {}).items():
                for i, x in enumerate(g.get("rest", [])):
                    wire.to_json(v1, x, f"accounts.{acct}.apigateway.{region}.rest[{i}]")
                for i, x in enumerate(g.get("v2", [])):
                    wire.to_json(v2, x, f"accounts.{acct}.apigateway.{region}.v2[{i}]")
            for i, z in enumerate(a.get("hosted_zones", [])):
                where = f"accounts.{acct}.hosted_zones[{i}]"
                body = {k: v for k, v in z.items() if k in hz.members}
                wire.to_xml(hz, body, where)
        for arn, r in self.roles.items():
            if arn.split(":")[4:5] == [""] or ":role/" not in arn:
                raise FixtureError(f"roles: {arn!r} is not a role ARN")

    def now(self):
        """The endpoint's clock: real time plus the control file's offset."""
        return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(
            seconds=self.clock_offset)

    clock_offset = 0

    def account(self, acct):
        return self.accounts.get(acct, {})

    def issue(self, role_arn, session, seconds, issued_by):
        """Temporary credentials for a role, accepted by the signature check
        from now on."""
        role = self.roles[role_arn]
        acct = role_arn.split(":")[4]
        name = role_arn.split("/")[-1]
        cred = Credential({
            "access_key_id": _random("ASIACANARY", 10),
            "secret_access_key": _random("CANARYSECRET", 28,
                                         string.ascii_letters + string.digits),
            "session_token": _random("CANARYTOKEN", 120,
                                     string.ascii_letters + string.digits),
            "arn": f"arn:aws:sts::{acct}:assumed-role/{name}/{session}",
            "deny": role.get("deny", []),
            "throttle": role.get("throttle", {}),
        }, "issued")
        cred.expiration = self.now() + datetime.timedelta(seconds=seconds)
        cred.issued_by = issued_by
        with self.lock:
            self.creds[cred.access_key_id] = cred
        return cred

    def throttled(self, cred, action):
        """True while the credential's (or the fixture's) count for ACTION
        has not run out."""
        with self.lock:
            for table in (cred.throttle, self.throttle):
                n = table.get(action, 0)
                if n > 0:
                    table[action] = n - 1
                    return True
        return False

    def secrets(self):
        """Every secret value the endpoint knows, for the log's redaction."""
        out = []
        with self.lock:
            for c in self.creds.values():
                out += [c.secret_access_key, c.session_token]
        for r in self.roles.values():
            out += r.get("web_identity_tokens", [])
        out.append(self.container.get("authorization"))
        return [s for s in out if s]
