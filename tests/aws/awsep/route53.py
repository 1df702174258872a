"""Route 53 (rest-xml, global, signed for us-east-1): ListHostedZonesByName,
GetHostedZone, ListResourceRecordSets, ChangeResourceRecordSets, GetChange.
Hosted zones belong to accounts in the fixture; each one is backed by a lab
zone on knotd (or by memory), see zonestore."""

import datetime
import re
import secrets
import string
import threading
from xml.sax.saxutils import escape

from . import changebatch, wire, zonestore
from .errors import ApiError

PREFIX = "/2013-04-01/"
_changes = {}       # change id -> [ChangeInfo, PENDING answers left]
_lock = threading.Lock()


def route(req):
    if not req.raw_path.startswith(PREFIX):
        return None
    p, m = req.path[len(PREFIX):], req.method
    if p == "hostedzonesbyname" and m == "GET":
        return "ListHostedZonesByName", list_by_name, False
    x = re.fullmatch(r"hostedzone/(?:hostedzone/)?([^/]+)(/rrset/?)?", p)
    if x and m == "GET" and not x.group(2):
        return "GetHostedZone", lambda ctx: get_zone(ctx, x.group(1)), False
    if x and m == "GET":
        return "ListResourceRecordSets", lambda ctx: list_rrsets(ctx, x.group(1)), False
    if x and m == "POST" and x.group(2):
        return "ChangeResourceRecordSets", lambda ctx: change(ctx, x.group(1)), False
    x = re.fullmatch(r"change/(?:change/)?([^/]+)", p)
    if x and m == "GET":
        return "GetChange", lambda ctx: get_change(ctx, x.group(1)), False
    return f"{m} {req.raw_path}", _unknown, False


def _unknown(ctx):
    raise ApiError("The requested Route 53 operation is not served by the lab endpoint",
                   code="InvalidInput")


def _reply(operation, value):
    return 200, {"Content-Type": "text/xml"}, wire.route53_body(operation, value)


def _zones(ctx):
    return ctx.account.get("hosted_zones", [])


def _zone(ctx, zid):
    for z in _zones(ctx):
        if z["Id"].split("/")[-1] == zid:
            return z
    raise ApiError(f"No hosted zone found with ID: {zid}", code="NoSuchHostedZone", status=404)


HZ_MEMBERS = set(wire.shape("route53", "HostedZone").members)


def _hz(z):
    out = {k: v for k, v in z.items() if k in HZ_MEMBERS}
    out.setdefault("Config", {"PrivateZone": False})
    out.setdefault("CallerReference", "lab-" + z["Id"].split("/")[-1])
    return out


def _sort_key(name):
    """Route 53 orders by the name with its labels reversed."""
    return [l for l in reversed(name.lower().rstrip(".").split("."))]


def list_by_name(ctx):
    ctx.authorize("route53:ListHostedZonesByName")
    dns, zid = ctx.req.query_first("dnsname"), ctx.req.query_first("hostedzoneid")
    maxitems = ctx.req.query_first("maxitems") or "100"
    if zid and not dns:
        raise ApiError("hostedzoneid is allowed only together with dnsname", code="InvalidInput")
    if not maxitems.isdigit() or int(maxitems) < 1:
        raise ApiError(f"Invalid value for maxitems: {maxitems}", code="InvalidInput")
    if dns is not None and not re.fullmatch(r"[A-Za-z0-9_*\\.-]{1,1024}", dns):
        raise ApiError(f"{dns} is not a valid domain name", code="InvalidDomainName")
    size = min(int(maxitems), 100)
    zones = sorted(_zones(ctx), key=lambda z: (_sort_key(z["Name"]), z["Id"].split("/")[-1]))
    if dns is not None:
        start = (_sort_key(changebatch.owner(dns)), zid or "")
        zones = [z for z in zones if (_sort_key(z["Name"]), z["Id"].split("/")[-1]) >= start]
    out = {"HostedZones": [_hz(z) for z in zones[:size]],
           "IsTruncated": len(zones) > size, "MaxItems": maxitems}
    if dns is not None:
        out["DNSName"] = dns
    if zid:
        out["HostedZoneId"] = zid
    if len(zones) > size:
        out["NextDNSName"] = zones[size]["Name"]
        out["NextHostedZoneId"] = zones[size]["Id"].split("/")[-1]
    return _reply("ListHostedZonesByName", out)


def get_zone(ctx, zid):
    ctx.authorize("route53:GetHostedZone", f"arn:aws:route53:::hostedzone/{zid}")
    z = _zone(ctx, zid)
    out = {"HostedZone": _hz(z)}
    if z.get("NameServers"):
        out["DelegationSet"] = {"NameServers": z["NameServers"]}
    return _reply("GetHostedZone", out)


def store(app, z):
    """The zone store of hosted zone Z, made once."""
    with _lock:
        if "_store" not in z:
            zone = changebatch.owner(z.get("lab_zone", z["Name"]))
            if app.lab_run and ("lab_server" in z or "lab_zone" in z):
                sock = zonestore.knot_socket(app.lab_run, zone, z.get("lab_server"))
                z["_store"] = zonestore.KnotStore(sock, zone)
            else:
                rows = [(r["Name"], r["TTL"], r["Type"], v)
                        for r in z.get("ResourceRecordSets", []) for v in r["Values"]]
                z["_store"] = zonestore.MemoryStore(zone, rows)
        return z["_store"]


def _r53_name(n):
    return n.replace("*", "\\052")


def list_rrsets(ctx, zid):
    ctx.authorize("route53:ListResourceRecordSets", f"arn:aws:route53:::hostedzone/{zid}")
    z = _zone(ctx, zid)
    name, rtype = ctx.req.query_first("name"), ctx.req.query_first("type")
    maxitems = ctx.req.query_first("maxitems") or "300"
    if rtype and not name:
        raise ApiError("The input is not valid: type requires name", code="InvalidInput")
    sets = {}
    for n, ttl, t, v in store(ctx.app, z).records():
        sets.setdefault((n, t), [ttl, []])[1].append(v)
    keys = sorted(sets, key=lambda k: (_sort_key(k[0]), k[1]))
    if name:
        start = (_sort_key(changebatch.owner(name)), rtype or "")
        keys = [k for k in keys if (_sort_key(k[0]), k[1]) >= start]
    size = min(int(maxitems) if maxitems.isdigit() else 300, 300)
    out = {"ResourceRecordSets": [
        {"Name": _r53_name(n), "Type": t, "TTL": sets[(n, t)][0],
         "ResourceRecords": [{"Value": v} for v in sets[(n, t)][1]]} for n, t in keys[:size]],
        "IsTruncated": len(keys) > size, "MaxItems": maxitems}
    if len(keys) > size:
        out["NextRecordName"], out["NextRecordType"] = _r53_name(keys[size][0]), keys[size][1]
    return _reply("ListResourceRecordSets", out)


def change(ctx, zid):
    ctx.authorize("route53:ChangeResourceRecordSets", f"arn:aws:route53:::hostedzone/{zid}")
    z = _zone(ctx, zid)
    changes = changebatch.parse(ctx.req.body)
    ctx.req.log["changes"] = [f"{a} {n} {t} {ttl} {v}" for a, n, t, ttl, v in changes]
    st = store(ctx.app, z)
    with st.lock:
        try:
            ops = changebatch.plan(st, st.zone, changes)
        except ApiError as e:
            if e.code == "InvalidChangeBatch" and \
                    ctx.fx.settings["invalid_change_batch_form"] == "InvalidChangeBatch":
                return _messages_form(e, ctx.request_id)
            raise
        try:
            st.apply(ops)
        except zonestore.StoreError as e:
            raise ApiError(f"[{e}]", code="InvalidChangeBatch")
    info = {"Id": "/change/C" + "".join(secrets.choice(string.ascii_uppercase + string.digits)
                                        for _ in range(20)),
            "Status": "PENDING",
            "SubmittedAt": datetime.datetime.now(datetime.timezone.utc).isoformat()}
    comment = ctx.req.body and changebatch.ET.fromstring(ctx.req.body).find(
        f"{changebatch.NS}ChangeBatch/{changebatch.NS}Comment")
    if comment is not None and comment.text:
        info["Comment"] = comment.text
    with _lock:
        _changes[info["Id"].split("/")[-1]] = [info, ctx.fx.settings["route53_change_pending_polls"]]
    ctx.req.log["change_id"] = info["Id"]
    return _reply("ChangeResourceRecordSets", {"ChangeInfo": info})


def _messages_form(e, request_id):
    """The other InvalidChangeBatch body Route 53 documents (SDKs parse both)."""
    msgs = "".join(f"<Message>{escape(m)}</Message>" for m in e.fields["messages"])
    body = (f'<?xml version="1.0"?>\n<InvalidChangeBatch xmlns="{wire.ROUTE53_NS}">'
            f"<Messages>{msgs}</Messages><RequestId>{request_id}</RequestId>"
            "</InvalidChangeBatch>").encode()
    return 400, {"Content-Type": "text/xml"}, body


def get_change(ctx, cid):
    ctx.authorize("route53:GetChange", f"arn:aws:route53:::change/{cid}")
    with _lock:
        entry = _changes.get(cid)
        if entry is None:
            raise ApiError("A change with the specified change ID does not exist.",
                           code="NoSuchChange", status=404)
        info = dict(entry[0])
        if entry[1] > 0:
            entry[1] -= 1
        else:
            info["Status"] = "INSYNC"
    return _reply("GetChange", {"ChangeInfo": info})
