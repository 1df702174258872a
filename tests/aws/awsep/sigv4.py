"""SigV4 verification with botocore's own signer: the canonical request, the
string to sign and the signature are recomputed by botocore.auth.SigV4Auth
from the request as received and the secret on file for the access key id,
then compared. The checks around it (scope, date, skew, session token,
payload hash) follow the messages the real services give."""

import datetime
import email.utils
import hashlib
import hmac
from urllib.parse import quote, unquote, urlsplit

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.loaders
from botocore.compat import HTTPHeaders
from botocore.utils import normalize_url_path

from .errors import ApiError

AMZ_DATE = "%Y%m%dT%H%M%SZ"
ALGORITHM = "AWS4-HMAC-SHA256"
BAD_SIGNATURE = ("The request signature we calculated does not match the signature "
                 "you provided. Check your AWS Secret Access Key and signing method. "
                 "Consult the service documentation for details.")
INVALID_TOKEN = "The security token included in the request is invalid."
EXPIRED_TOKEN = "The security token included in the request is expired"


def _known_regions():
    data = botocore.loaders.Loader().load_data("endpoints")
    return {r for p in data["partitions"] for r in p.get("regions", {})}


# Regions opened after Debian's botocore 1.29 (botocore 0e6e2404b
# endpoints.json, partition aws): real, so a client walking every region
# may sign for them.
LATER_REGIONS = {"ap-east-2", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
                 "ap-southeast-7", "ca-west-1", "il-central-1", "mx-central-1"}
REGIONS = _known_regions() | LATER_REGIONS


class _Verifier(botocore.auth.SigV4Auth):
    """SigV4Auth that signs exactly the headers the client named, and
    canonicalises path and query from the received (encoded) form the way
    the services do: decode, then encode (twice for the path, non-S3)."""

    def __init__(self, credentials, service, region, signed):
        super().__init__(credentials, service, region)
        self._signed = signed

    def headers_to_sign(self, request):
        out = HTTPHeaders()
        for name, value in request.headers.items():
            if name.lower() in self._signed:
                out[name.lower()] = value
        return out

    def canonical_query_string(self, request):
        query = urlsplit(request.url).query
        pairs = []
        if query:
            for pair in query.split("&"):
                k, _, v = pair.partition("=")
                pairs.append((unquote(k), unquote(v)))
        return self._canonical_query_string_params(pairs)

    def _normalize_url_path(self, path):
        segs = [quote(quote(unquote(s), safe="~"), safe="~")
                for s in normalize_url_path(path).split("/")]
        return "/".join(segs) or "/"


def _incomplete(msg):
    return ApiError(msg, kind="incomplete_signature")


def _mismatch(msg):
    return ApiError(msg, kind="bad_signature")


def parse_authorization(value):
    algo, _, rest = value.strip().partition(" ")
    if algo != ALGORITHM:
        raise _incomplete(f"Unsupported AWS 'algorithm': '{algo}'")
    parts = {}
    for item in rest.split(","):
        k, _, v = item.strip().partition("=")
        parts[k] = v
    missing = [f"Authorization header requires '{k}' parameter."
               for k in ("Credential", "Signature", "SignedHeaders") if not parts.get(k)]
    if missing:
        raise _incomplete(" ".join(missing))
    cred = parts["Credential"].split("/")
    if len(cred) != 5:
        raise _incomplete("Credential must have exactly 5 slash-delimited elements, "
                          f"e.g. keyid/date/region/service/term, got '{parts['Credential']}'")
    return cred, parts["SignedHeaders"].split(";"), parts["Signature"]


def request_time(req):
    """(amz_date text, datetime) from X-Amz-Date, else from Date."""
    amz = req.header("x-amz-date")
    if amz is not None:
        try:
            t = datetime.datetime.strptime(amz, AMZ_DATE)
        except ValueError:
            raise _incomplete(f"Date must be in ISO-8601 'basic format'. Got '{amz}'. "
                              "See http://en.wikipedia.org/wiki/ISO_8601")
        return amz, t.replace(tzinfo=datetime.timezone.utc)
    date = req.header("date")
    if date is not None:
        try:
            t = email.utils.parsedate_to_datetime(date).astimezone(datetime.timezone.utc)
        except (TypeError, ValueError):
            raise _incomplete(f"Date must be in RFC 1123 format. Got '{date}'.")
        return t.strftime(AMZ_DATE), t
    raise _incomplete("Authorization header requires existence of either a "
                      "'X-Amz-Date' or a 'Date' header.")


def verify(req, service, region, creds, now, skew, redact):
    """Check req's signature for SERVICE. REGION: the endpoint's region, or
    None for an address-only endpoint (then any real region is taken from
    the scope). creds: access key id -> fixture.Credential. Returns
    (credential, region)."""
    auth = req.header("authorization")
    if auth is None:
        raise ApiError("Missing Authentication Token", kind="missing_auth")
    (akid, sdate, sregion, sservice, term), signed, signature = parse_authorization(auth)
    signed = [h.lower() for h in signed]
    if term != "aws4_request":
        raise _incomplete("Credential should be scoped with a valid terminator: "
                          f"'aws4_request', not '{term}'. ")
    if sservice != service:
        raise _mismatch(f"Credential should be scoped to correct service: '{service}'. ")
    if (region and sregion != region) or sregion not in REGIONS:
        raise _mismatch(f"Credential should be scoped to a valid region, not '{sregion}'. ")
    amz, t = request_time(req)
    if sdate != amz[:8]:
        raise _mismatch("Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                        f"version of date from HTTP: '{sdate}' != '{amz[:8]}', from '{amz}'.")
    limit = datetime.timedelta(seconds=skew)
    mins = skew // 60
    if t < now - limit:
        raise _mismatch(f"Signature expired: {amz} is now earlier than "
                        f"{(now - limit).strftime(AMZ_DATE)} ({now.strftime(AMZ_DATE)} - {mins} min.)")
    if t > now + limit:
        raise _mismatch(f"Signature not yet current: {amz} is still later than "
                        f"{(now + limit).strftime(AMZ_DATE)} ({now.strftime(AMZ_DATE)} + {mins} min.)")
    if "host" not in signed:
        raise _mismatch("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
    for h in signed:
        if req.header(h) is None:
            raise _mismatch(f"'{h}' is named as a SignedHeader, but it does not exist "
                            "in the HTTP request.")

    cred = creds.get(akid)
    token = req.header("x-amz-security-token")
    if token is None:
        token = req.query_first("X-Amz-Security-Token")
    if cred is None or (cred.session_token or None) != token:
        # unknown key, session key without its token, wrong token, or a
        # token sent with a long-term key: AWS says the same for all four
        raise ApiError(INVALID_TOKEN, kind="unknown_key")
    if cred.expiration is not None and cred.expiration <= now:
        raise ApiError(EXPIRED_TOKEN, kind="expired_token")

    aws_req = botocore.awsrequest.AWSRequest(
        method=req.method, url=f"https://{req.header('host')}{req.target}",
        headers=HTTPHeaders(), data=req.body)
    for name, value in req.headers:
        aws_req.headers[name] = value
    aws_req.context["timestamp"] = amz
    v = _Verifier(botocore.credentials.Credentials(akid, cred.secret_access_key, token),
                  sservice, sregion, set(signed))
    canonical = v.canonical_request(aws_req)
    if "x-amz-content-sha256" not in signed:
        # botocore takes the header's value when present; AWS hashes the body
        lines = canonical.split("\n")
        lines[-1] = hashlib.sha256(req.body).hexdigest()
        canonical = "\n".join(lines)
    to_sign = v.string_to_sign(aws_req, canonical)
    want = v.signature(to_sign, aws_req)
    if not hmac.compare_digest(want, signature):
        raise _mismatch(f"{BAD_SIGNATURE}\n\nThe Canonical String for this request should "
                        f"have been\n'{redact(canonical)}'\n\nThe String-to-Sign should have "
                        f"been\n'{to_sign}'\n")
    sha = req.header("x-amz-content-sha256")
    if sha is not None and sha != hashlib.sha256(req.body).hexdigest():
        raise _mismatch("The provided 'x-amz-content-sha256' header does not match "
                        "what was computed.")
    return cred, sregion
