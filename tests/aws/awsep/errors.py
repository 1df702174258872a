"""Errors in the shape each protocol really uses. A handler raises ApiError
with a generic kind (for the checks common to every service: signature,
credentials, IAM, throttling) or with the service's own code; render() turns
it into status, headers and body for the protocol of the request."""

import json
from xml.sax.saxutils import escape

from . import wire

# kind -> code and HTTP status per protocol:
#          json (ACM)                      rest-json (API Gateway)
#          rest-xml (Route 53)             query (STS)
KINDS = {
    "missing_auth": (("MissingAuthenticationTokenException", 400),
                     ("MissingAuthenticationTokenException", 403),
                     ("MissingAuthenticationToken", 403),
                     ("MissingAuthenticationToken", 403)),
    "incomplete_signature": (("IncompleteSignatureException", 400),
                             ("IncompleteSignatureException", 403),
                             ("IncompleteSignature", 403),
                             ("IncompleteSignature", 400)),
    "bad_signature": (("InvalidSignatureException", 400),
                      ("InvalidSignatureException", 403),
                      ("SignatureDoesNotMatch", 403),
                      ("SignatureDoesNotMatch", 403)),
    "unknown_key": (("UnrecognizedClientException", 400),
                    ("UnrecognizedClientException", 403),
                    ("InvalidClientTokenId", 403),
                    ("InvalidClientTokenId", 403)),
    "expired_token": (("ExpiredTokenException", 400),
                      ("ExpiredTokenException", 403),
                      ("ExpiredToken", 403),
                      ("ExpiredToken", 400)),
    "access_denied": (("AccessDeniedException", 400),
                      ("AccessDeniedException", 403),
                      ("AccessDenied", 403),
                      ("AccessDenied", 403)),
    "throttle": (("ThrottlingException", 400),
                 ("TooManyRequestsException", 429),
                 ("Throttling", 400),
                 ("Throttling", 400)),
}
PROTOCOLS = ("json", "rest-json", "rest-xml", "query")

# API Gateway puts a namespace after the code in x-amzn-ErrorType; clients
# must cut at ':' (botocore does).
CORAL = "http://internal.amazon.com/coral/com.amazon.coral.service/"
BACKPLANE = "http://internal.amazon.com/coral/com.amazonaws.backplane.controlplane/"


class ApiError(Exception):
    """kind: one of KINDS, or None with code and status given."""

    def __init__(self, message, kind=None, code=None, status=400,
                 fields=None, headers=None):
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.code = code
        self.status = status
        self.fields = fields or {}
        self.headers = headers or {}

    def code_status(self, protocol):
        if self.kind:
            return KINDS[self.kind][PROTOCOLS.index(protocol)]
        return self.code, self.status


def render(err, protocol, request_id, settings):
    """-> (status, headers, body)"""
    code, status = err.code_status(protocol)
    headers = dict(err.headers)
    # ACM's AccessDeniedException says "Message", the others "message"
    # (botocore reads both).
    key = "Message" if err.kind == "access_denied" else "message"
    if protocol == "json":
        prefix = settings.get("json_error_type_prefix", "")
        body = {"__type": prefix + code, key: err.message}
        body.update(err.fields)
        headers["Content-Type"] = "application/x-amz-json-1.1"
        headers["x-amzn-RequestId"] = request_id
        return status, headers, json.dumps(body).encode()
    if protocol == "rest-json":
        ns = CORAL if err.kind else BACKPLANE
        body = {key: err.message}
        body.update(err.fields)
        headers["Content-Type"] = "application/json"
        headers["x-amzn-ErrorType"] = f"{code}:{ns}"
        headers["x-amzn-RequestId"] = request_id
        return status, headers, json.dumps(body).encode()
    ns = wire.ROUTE53_NS if protocol == "rest-xml" else wire.STS_NS
    headers["Content-Type"] = "text/xml"
    headers["x-amzn-RequestId"] = request_id
    body = (f'<?xml version="1.0"?>\n<ErrorResponse xmlns="{ns}"><Error>'
            f"<Type>{'Receiver' if status >= 500 else 'Sender'}</Type>"
            f"<Code>{escape(code)}</Code><Message>{escape(err.message)}</Message>"
            f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>")
    return status, headers, body.encode()
