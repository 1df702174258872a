"""Input validation the way AWS's JSON services word it ("1 validation error
detected: Value 'x' at 'certificateArn' failed to satisfy constraint: ..."),
from the constraints in the service model."""

import re

from .errors import ApiError


def _camel(name):
    return name[:1].lower() + name[1:]


def _sub(path, name):
    return f"{path}.{_camel(name)}" if path else _camel(name)


def _check(sh, value, path, out):
    t = sh.type_name
    if t == "structure":
        if not isinstance(value, dict):
            raise ApiError("Start of structure or map found where not expected.",
                           code="SerializationException")
        for req in sh.required_members:
            if value.get(req) is None:
                out.append(f"Value null at '{_sub(path, req)}' failed to satisfy "
                           "constraint: Member must not be null")
        for k, v in value.items():
            if k in sh.members and v is not None:
                _check(sh.members[k], v, _sub(path, k), out)
        return
    where = f"Value '{value}' at '{path}' failed to satisfy constraint: "
    m = sh.metadata
    if t == "list":
        if not isinstance(value, list):
            raise ApiError("Unexpected list element termination",
                           code="SerializationException")
        if "min" in m and len(value) < m["min"]:
            out.append(f"{where}Member must have length greater than or equal to {m['min']}")
        if "max" in m and len(value) > m["max"]:
            out.append(f"{where}Member must have length less than or equal to {m['max']}")
        for i, v in enumerate(value):
            _check(sh.member, v, f"{path}.{i + 1}.member", out)
        return
    if t == "string":
        if not isinstance(value, str):
            raise ApiError(f"STRING_VALUE can not be converted to {type(value).__name__}",
                           code="SerializationException")
        if "min" in m and len(value) < m["min"]:
            out.append(f"{where}Member must have length greater than or equal to {m['min']}")
        if "max" in m and len(value) > m["max"]:
            out.append(f"{where}Member must have length less than or equal to {m['max']}")
        if "pattern" in m and not re.fullmatch(m["pattern"], value):
            out.append(f"{where}Member must satisfy regular expression pattern: {m['pattern']}")
        if sh.enum and value not in sh.enum:
            out.append(f"{where}Member must satisfy enum value set: [{', '.join(sh.enum)}]")
        return
    if t in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ApiError("NUMBER_VALUE can not be converted to an Integer",
                           code="SerializationException")
        if "min" in m and value < m["min"]:
            out.append(f"{where}Member must have value greater than or equal to {m['min']}")
        if "max" in m and value > m["max"]:
            out.append(f"{where}Member must have value less than or equal to {m['max']}")


def check(shape, value):
    """Raise ValidationException listing every constraint VALUE breaks."""
    out = []
    _check(shape, value, "", out)
    if out:
        n = len(out)
        raise ApiError(f"{n} validation error{'s' if n > 1 else ''} detected: "
                       + "; ".join(out), code="ValidationException")
