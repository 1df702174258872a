"""ChangeResourceRecordSets as Route 53 validates it: the changes are taken
in order against the zone's current record sets; every problem is collected
with Route 53's wording; only a batch without any is turned into one knotc
transaction (all or nothing).

Alias records to AWS endpoints (API Gateway, CloudFront) are accepted the
way Route 53 checks them: AliasTarget instead of TTL and ResourceRecords,
the target inside the hosted zone its HostedZoneId stands for (the table of
data/apigw-hosted-zones.txt, and CloudFront's Z2FDTNDATAQYW2), the target
existing. Route 53 answers an alias with the target's addresses, so that is
what goes into the lab zone (TTL 60)."""

import os
import socket
import xml.etree.ElementTree as ET

from . import rdata, wire
from .errors import ApiError

NS = "{" + wire.ROUTE53_NS + "}"
TYPES = set(wire.shape("route53", "RRType").enum)


def _invalid_input(msg):
    return ApiError(msg, code="InvalidInput")


def _text(el, tag):
    x = el.find(NS + tag)
    return None if x is None else (x.text or "")


def owner(raw):
    """Route 53 takes names with or without the final dot, '*' or \\052."""
    n = raw.replace("\\052", "*").strip().lower()
    return n if n.endswith(".") else n + "."


ALIAS_TTL = 60


def _alias_zones():
    """HostedZoneId -> the names it holds (the project's data file)."""
    zones = {"Z2FDTNDATAQYW2": "cloudfront.net."}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "data",
                        "apigw-hosted-zones.txt")
    with open(path) as f:
        for line in f:
            w = line.split()
            if len(w) == 3 and w[0] == "zone":
                zones[w[2]] = f"execute-api.{w[1]}.amazonaws.com."
    return zones


def _alias(el, action, name, rtype, ttl, rrs):
    """An AliasTarget change -> its values as {"alias": (zone id, target)}."""
    if ttl is not None or rrs.find(NS + "ResourceRecords") is not None:
        raise _invalid_input(
            "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and "
            "ResourceRecords], or TrafficPolicyInstanceId], but found more than one in Change "
            f"with [Action={action}, Name={name}, Type={rtype}, SetIdentifier=null]")
    zid, dns, eth = _text(el, "HostedZoneId"), _text(el, "DNSName"), _text(el, "EvaluateTargetHealth")
    if not zid or not dns or eth not in ("true", "false"):
        raise _invalid_input("Invalid request: AliasTarget needs HostedZoneId, DNSName and "
                             "EvaluateTargetHealth")
    return {"alias": (zid, owner(dns))}


def _alias_values(rtype, zid, target, msgs):
    """The target's addresses, or None with Route 53's complaint in msgs."""
    where = f"Tried to create an alias that targets {target}, type {rtype} in zone {zid}"
    suffix = _alias_zones().get(zid)
    if rtype not in ("A", "AAAA") or suffix is None or not target.endswith("." + suffix):
        msgs.append(f"{where}, but the alias target name does not lie within the target zone")
        return None
    try:
        infos = socket.getaddrinfo(target.rstrip("."), None,
                                   socket.AF_INET if rtype == "A" else socket.AF_INET6)
    except socket.gaierror:
        infos = []
    addrs = sorted({i[4][0] for i in infos})
    if not addrs and rtype == "A":
        msgs.append(f"{where}, but the alias target name does not exist")
        return None
    return addrs


def parse(body):
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise _invalid_input(f"Could not parse the request body as XML: {e}")
    if root.tag != NS + "ChangeResourceRecordSetsRequest":
        raise _invalid_input(f"Unexpected root element {root.tag}")
    batch = root.find(NS + "ChangeBatch")
    changes = [] if batch is None else batch.findall(f"{NS}Changes/{NS}Change")
    if not changes:
        raise ApiError("1 validation error detected: Value '[]' at 'changeBatch.changes' "
                       "failed to satisfy constraint: Member must have length greater than "
                       "or equal to 1", code="InvalidChangeBatch")
    out = []
    for ch in changes:
        action = _text(ch, "Action")
        rrs = ch.find(NS + "ResourceRecordSet")
        if action not in ("CREATE", "DELETE", "UPSERT") or rrs is None:
            raise _invalid_input(f"Invalid change: Action={action}")
        name, rtype, ttl = _text(rrs, "Name"), _text(rrs, "Type"), _text(rrs, "TTL")
        values = [v.text or "" for v in rrs.findall(f"{NS}ResourceRecords/{NS}ResourceRecord/{NS}Value")]
        if name is None or rtype not in TYPES:
            raise _invalid_input(f"Invalid resource record set: Name={name}, Type={rtype}")
        for tag in ("SetIdentifier", "TrafficPolicyInstanceId", "HealthCheckId"):
            if rrs.find(NS + tag) is not None:
                raise _invalid_input(f"{tag}: not supported by the lab endpoint "
                                     "(simple routing only)")
        alias = rrs.find(NS + "AliasTarget")
        if alias is not None:
            out.append((action, owner(name), rtype, None, _alias(alias, action, name, rtype, ttl, rrs)))
            continue
        if ttl is None or rrs.find(NS + "ResourceRecords") is None:
            raise _invalid_input(
                "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and "
                "ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with "
                f"[Action={action}, Name={name}, Type={rtype}, SetIdentifier=null]")
        if not ttl.isdigit() or int(ttl) > 2147483647:
            raise _invalid_input(f"Invalid TTL: {ttl}")
        out.append((action, owner(name), rtype, int(ttl), values))
    return out


def _canon_current(rtype, text):
    try:
        return rdata.canon(rtype, text)
    except rdata.RdataError:
        return tuple(text.split())


def plan(store, zone, changes):
    """-> list of store ops, or ApiError(InvalidChangeBatch) with every
    problem found."""
    msgs = []
    state, initial, loaded = {}, {}, set()

    def load(n):
        if n in loaded:
            return
        loaded.add(n)
        for rn, ttl, rt, text in store.records(n):
            cur = state.setdefault((rn, rt), (ttl, []))
            cur[1].append(_canon_current(rt, text))
        for k, v in state.items():
            if k[0] == n:
                initial[k] = v

    for action, n, rtype, ttl, values in changes:
        if not (n == zone or n.endswith("." + zone)):
            msgs.append(f"RRSet with DNS name {n} is not permitted in zone {zone}")
            continue
        load(n)
        if isinstance(values, dict):
            addrs = _alias_values(rtype, *values["alias"], msgs)
            if addrs is None:
                continue
            if not addrs:            # an IPv4-only target: no AAAA to answer
                state[(n, rtype)] = None if action == "DELETE" else state.get((n, rtype))
                continue
            ttl, values = ALIAS_TTL, addrs
        canon, bad = [], False
        for v in values:
            try:
                canon.append(rdata.canon(rtype, v))
            except rdata.RdataError as e:
                msgs.append(str(e))
                bad = True
        if bad:
            continue
        if len(set(canon)) != len(canon):
            msgs.append(f"Invalid Resource Record: 'Duplicate Resource Record: '{values[0]}''")
            continue
        if rtype == "CNAME" and len(canon) > 1:
            msgs.append(f"RRSet of type CNAME with DNS name {n} has more than one resource record")
            continue
        key, cur = (n, rtype), state.get((n, rtype))
        if action == "DELETE":
            if not cur:
                msgs.append(f"Tried to delete resource record set [name='{n}', type='{rtype}'] "
                            "but it was not found")
            elif cur[0] != ttl or sorted(cur[1]) != sorted(canon):
                msgs.append(f"Tried to delete resource record set [name='{n}', type='{rtype}'] "
                            "but the values provided do not match the current values")
            elif n == zone and rtype == "SOA":
                msgs.append("A HostedZone must contain exactly one SOA record.")
            elif n == zone and rtype == "NS":
                msgs.append("A HostedZone must contain at least one NS record for the zone itself.")
            else:
                state[key] = None
            continue
        if action == "CREATE" and cur:
            msgs.append(f"Tried to create resource record set [name='{n}', type='{rtype}'] "
                        "but it already exists")
            continue
        others = {t for (nn, t), v in state.items() if nn == n and v and t != rtype}
        if rtype == "CNAME" and n == zone:
            msgs.append(f"RRSet of type CNAME with DNS name {n} is not permitted at apex "
                        f"in zone {zone}")
        elif rtype == "CNAME" and others:
            msgs.append(f"RRSet of type CNAME with DNS name {n} is not permitted as it "
                        f"conflicts with other records with the same DNS name in zone {zone}")
        elif "CNAME" in others:
            msgs.append(f"RRSet of type {rtype} with DNS name {n} is not permitted because a "
                        "conflicting RRSet of type CNAME with the same DNS name already "
                        f"exists in zone {zone}")
        else:
            state[key] = (ttl, canon)
    if msgs:
        raise ApiError("[" + ", ".join(msgs) + "]", code="InvalidChangeBatch",
                       fields={"messages": msgs})
    ops = []
    touched = [k for k in state if state[k] != initial.get(k)]
    for n, t in touched:
        if initial.get((n, t)):
            ops.append(("del", n, t))
    for n, t in touched:
        if state[(n, t)]:
            ttl, vals = state[(n, t)]
            ops += [("add", n, ttl, t, rdata.presentation(t, v)) for v in vals]
    return ops
