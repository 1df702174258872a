"""Record values as Route 53 takes them: validation with Route 53's "FATAL
problem" wording, and a canonical form so that a DELETE is compared with the
zone by meaning (case of names, spacing, IPv6 spelling), not by spelling."""

import ipaddress
import re


class RdataError(Exception):
    pass


def fatal(code, text, value):
    return RdataError(f"Invalid Resource Record: 'FATAL problem: {code} ({text}) "
                      f"encountered with '{value}''")


def strings(value):
    """Split character-strings: each must be in double quotes (Route 53)."""
    out, i, n = [], 0, len(value)
    while i < n:
        if value[i].isspace():
            i += 1
            continue
        if value[i] != '"':
            raise fatal("InvalidCharacterString", "Value should be enclosed in quotation marks", value)
        j, buf = i + 1, []
        while j < n and value[j] != '"':
            if value[j] == "\\" and j + 1 < n:
                if value[j + 1:j + 4].isdigit() and len(value[j + 1:j + 4]) == 3:
                    buf.append(chr(int(value[j + 1:j + 4])))
                    j += 4
                    continue
                j += 1
            buf.append(value[j])
            j += 1
        if j >= n:
            raise fatal("InvalidCharacterString", "Value should be enclosed in quotation marks", value)
        out.append("".join(buf))
        i = j + 1
    return out


LABEL = re.compile(r"^(\*|[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)$")


def name(value, raw=None):
    v = value.rstrip(".")
    if v and not all(LABEL.match(l) for l in v.split(".")) or len(v) > 253:
        raise fatal("DomainLabelEmpty" if ".." in value else "DomainNameInvalid",
                    "Domain name is not valid", raw or value)
    return (v.lower() + ".") if v else "."


def _uint(text, maximum, code, what, raw):
    if not text.isdigit() or int(text) > maximum:
        raise fatal(code, what, raw)
    return int(text)


def canon(rtype, value):
    """Canonical tuple of one value of RTYPE, or RdataError."""
    v = value.strip()
    f = v.split()
    if rtype == "A":
        try:
            return (str(ipaddress.IPv4Address(v)),)
        except ValueError:
            raise fatal("ARRDATAIllegalIPv4Address", "Value is not a valid IPv4 address", value)
    if rtype == "AAAA":
        try:
            return (ipaddress.IPv6Address(v).compressed,)
        except ValueError:
            raise fatal("AAAARRDATAIllegalIPv6Address", "Value is not a valid IPv6 address", value)
    if rtype in ("CNAME", "NS", "PTR"):
        if len(f) != 1:
            raise fatal("DomainNameInvalid", "Domain name is not valid", value)
        return (name(v),)
    if rtype == "MX":
        if len(f) != 2:
            raise fatal("MXRRDATANotTwoFields", "MX record doesn't have 2 fields", value)
        return (_uint(f[0], 65535, "MXRRDATAIllegalPriority", "Priority must be 0-65535", value),
                name(f[1], value))
    if rtype == "SRV":
        if len(f) != 4:
            raise fatal("SRVRRDATANotFourFields", "SRV record doesn't have 4 fields", value)
        nums = tuple(_uint(x, 65535, "SRVRRDATAIllegalNumber", "Value must be 0-65535", value)
                     for x in f[:3])
        return nums + (name(f[3], value),)
    if rtype in ("TXT", "SPF"):
        s = strings(v)
        if not s:
            raise fatal("InvalidCharacterString", "Value should be enclosed in quotation marks", value)
        for x in s:
            if len(x.encode("latin-1", "replace")) > 255:
                raise fatal("TXTRDATATooLong", "Value is too long", value)
        return tuple(s)
    if rtype == "CAA":
        parts = v.split(None, 2)
        if len(parts) != 3:
            raise fatal("CAARRDATANotThreeFields", "CAA record doesn't have 3 fields", value)
        flags = _uint(parts[0], 255, "CAARRDATAIllegalFlags", "Flags must be 0-255", value)
        if not re.fullmatch(r"[A-Za-z0-9]+", parts[1]):
            raise fatal("CAARRDATAIllegalTag", "Tag must be alphanumeric", value)
        try:
            s = strings(parts[2])
        except RdataError:
            s = []
        if len(s) != 1:
            raise fatal("InvalidCharacterString", "Value should be enclosed in quotation marks", value)
        return (flags, parts[1].lower(), s[0])
    if rtype == "SOA":
        if len(f) != 7:
            raise fatal("SOARRDATANotSevenFields", "SOA record doesn't have 7 fields", value)
        return (name(f[0], value), name(f[1], value)) + tuple(
            _uint(x, 2**32 - 1, "SOARRDATAIllegalNumber", "Value must be a number", value)
            for x in f[2:])
    return tuple(f)


def presentation(rtype, c):
    """Zone-file text of a canonical value (what knot is given)."""
    def q(s):
        return '"' + "".join(
            "\\" + ch if ch in '"\\' else ch if 32 <= ord(ch) < 127 else f"\\{ord(ch):03d}"
            for ch in s) + '"'
    if rtype in ("TXT", "SPF"):
        return " ".join(q(s) for s in c)
    if rtype == "CAA":
        return f"{c[0]} {c[1]} {q(c[2])}"
    return " ".join(str(x) for x in c)
