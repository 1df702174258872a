"""Model-driven response bodies: fixture values (written with botocore's
member names, as `aws ... --output json` prints them) are turned into the wire
form of each protocol using the service-2.json shapes shipped with
python3-botocore. Unknown members or wrong types are fixture errors, so a
fixture cannot drift from what the real service can send."""

import base64
import datetime
import json
from xml.sax.saxutils import escape

import botocore.loaders
import botocore.model

# botocore service name -> API version shipped with Debian's botocore 1.29
SERVICES = {
    "acm": "2015-12-08",
    "apigateway": "2015-07-09",
    "apigatewayv2": "2018-11-29",
    "route53": "2013-04-01",
    "sts": "2011-06-15",
}

_loader = botocore.loaders.Loader()
_models = {}


class FixtureError(Exception):
    pass


def model(service):
    if service not in _models:
        data = _loader.load_service_model(service, "service-2", SERVICES[service])
        _models[service] = botocore.model.ServiceModel(data, service)
    return _models[service]


def output_shape(service, operation):
    return model(service).operation_model(operation).output_shape


def shape(service, name):
    return model(service).shape_for(name)


def parse_time(value, where):
    """Fixture timestamps: ISO-8601 text (as the CLI prints) or epoch seconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    if isinstance(value, str):
        try:
            t = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise FixtureError(f"{where}: not an ISO-8601 time: {value!r}")
        if t.tzinfo is None:
            t = t.replace(tzinfo=datetime.timezone.utc)
        return t
    raise FixtureError(f"{where}: not a time: {value!r}")


def _check_scalar(sh, value, where):
    t = sh.type_name
    ok = {
        "string": lambda v: isinstance(v, str),
        "boolean": lambda v: isinstance(v, bool),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "long": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "double": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "blob": lambda v: isinstance(v, str),
    }[t]
    if not ok(value):
        raise FixtureError(f"{where}: {t} expected, got {value!r}")
    enum = sh.metadata.get("enum")
    # DescribeCertificate really says "RSA-2048" / "EC-prime256v1" where
    # the model's enum has RSA_2048: accept that spelling for KeyAlgorithm
    if sh.name == "KeyAlgorithm" and isinstance(value, str):
        value = value.replace("-", "_")
    if enum and value not in enum:
        raise FixtureError(f"{where}: {value!r} is not one of {enum}")


def to_json(sh, value, where="$"):
    """JSON 1.1 and rest-json bodies (timestamps as epoch seconds)."""
    t = sh.type_name
    if t == "structure":
        if not isinstance(value, dict):
            raise FixtureError(f"{where}: object expected")
        out = {}
        for k, v in value.items():
            if k not in sh.members:
                raise FixtureError(f"{where}: {sh.name} has no member {k!r}")
            m = sh.members[k]
            out[m.serialization.get("name", k)] = to_json(m, v, f"{where}.{k}")
        return out
    if t == "list":
        if not isinstance(value, list):
            raise FixtureError(f"{where}: list expected")
        return [to_json(sh.member, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if t == "map":
        if not isinstance(value, dict):
            raise FixtureError(f"{where}: map expected")
        return {k: to_json(sh.value, v, f"{where}.{k}") for k, v in value.items()}
    if t == "timestamp":
        return parse_time(value, where).timestamp()
    _check_scalar(sh, value, where)
    return value


def _xml_scalar(sh, value, where):
    if sh.type_name == "timestamp":
        t = parse_time(value, where).astimezone(datetime.timezone.utc)
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    _check_scalar(sh, value, where)
    if sh.type_name == "boolean":
        return "true" if value else "false"
    if sh.type_name == "blob":
        return base64.b64encode(value.encode()).decode()
    return escape(str(value))


def to_xml(sh, value, where="$"):
    """Inner XML of a rest-xml or query structure (no root element)."""
    parts = []
    for k, v in value.items():
        if k not in sh.members:
            raise FixtureError(f"{where}: {sh.name} has no member {k!r}")
        m = sh.members[k]
        name = m.serialization.get("name", k)
        parts.append(_xml_member(m, name, v, f"{where}.{k}"))
    return "".join(parts)


def _xml_member(m, name, v, where):
    t = m.type_name
    if t == "structure":
        if not isinstance(v, dict):
            raise FixtureError(f"{where}: object expected")
        return f"<{name}>{to_xml(m, v, where)}</{name}>"
    if t == "list":
        if not isinstance(v, list):
            raise FixtureError(f"{where}: list expected")
        item = m.member.serialization.get("name", "member")
        inner = "".join(_xml_member(m.member, item, x, f"{where}[{i}]")
                        for i, x in enumerate(v))
        if m.serialization.get("flattened"):
            return inner
        return f"<{name}>{inner}</{name}>"
    if t == "map":
        raise FixtureError(f"{where}: maps are not used by these XML shapes")
    return f"<{name}>{_xml_scalar(m, v, where)}</{name}>"


def json_body(service, operation, value):
    return json.dumps(to_json(output_shape(service, operation), value),
                      separators=(",", ":")).encode()


ROUTE53_NS = "https://route53.amazonaws.com/doc/2013-04-01/"
STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"


def route53_body(operation, value):
    sh = output_shape("route53", operation)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{sh.name} xmlns="{ROUTE53_NS}">'
            f"{to_xml(sh, value)}</{sh.name}>").encode()


def sts_body(operation, value, request_id):
    sh = output_shape("sts", operation)
    return (f'<{operation}Response xmlns="{STS_NS}">\n  <{operation}Result>'
            f"{to_xml(sh, value)}</{operation}Result>\n  <ResponseMetadata>"
            f"<RequestId>{request_id}</RequestId></ResponseMetadata>\n"
            f"</{operation}Response>\n").encode()
