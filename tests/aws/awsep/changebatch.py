"""ChangeResourceRecordSets as Route 53 validates it: the changes are taken
in order against the zone's current record sets; every problem is collected
with Route 53's wording; only a batch without any is turned into one knotc
transaction (all or nothing)."""

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
        for tag in ("AliasTarget", "SetIdentifier", "TrafficPolicyInstanceId", "HealthCheckId"):
            if rrs.find(NS + tag) is not None:
                raise _invalid_input(f"{tag}: not supported by the lab endpoint "
                                     "(simple routing only)")
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
