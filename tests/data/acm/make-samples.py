#!/usr/bin/env python3
# Regenerates the sample describe-certificate outputs in this folder (run it
# here). The files are what the tests read; this script is only a convenience.
import copy, datetime, json
ARN = "arn:aws:acm:us-east-1:123456789012:certificate/1f0e8a4c-3b2d-4c6e-9a7b-5d4c3b2a1f00"
CREATED_ISO = "2026-11-20T10:00:00.123000+00:00"
CREATED_EPOCH = 1795168800.123
TOK = {
 "example.com": ("_3b1c5a6f2e9d8c7b6a5f4e3d2c1b0a99", "_8f7e6d5c4b3a29181716151413121110.hkmpvcwbzw"),
 "www.example.com": ("_0a1b2c3d4e5f60718293a4b5c6d7e8f9", "_112233445566778899aabbccddeeff00.jkddzztszm"),
 "api.example.com": ("_aa00bb11cc22dd33ee44ff5566778899", "_99887766554433221100ffeeddccbbaa.zzxxyywwvv"),
 "shop.example.net": ("_5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e", "_6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f.qqwweerrtt"),
}
def rr(name):
    base = name[2:] if name.startswith("*.") else name
    t, v = TOK.get(base, ("_c0ffee00c0ffee00c0ffee00c0ffee00", "_d00dd00dd00dd00dd00dd00dd00dd00d.abcdefghij"))
    return {"Name": f"{t}.{base}.", "Type": "CNAME", "Value": f"{v}.acm-validations.aws."}
def dvo(name, status="PENDING_VALIDATION", method="DNS"):
    d = {"DomainName": name, "ValidationDomain": name, "ValidationStatus": status}
    if method == "DNS":
        d["ResourceRecord"] = rr(name)
    d["ValidationMethod"] = method
    return d
def cert(names, status, dvstatus="PENDING_VALIDATION", reason=None, typ="AMAZON_ISSUED", extra=None):
    c = {"CertificateArn": ARN, "DomainName": names[0], "SubjectAlternativeNames": names,
         "DomainValidationOptions": [dvo(n, dvstatus) for n in names],
         "Subject": "CN=" + names[0], "CreatedAt": CREATED_ISO, "Status": status,
         "KeyAlgorithm": "RSA-2048", "SignatureAlgorithm": "SHA256WITHRSA", "InUseBy": [],
         "Type": typ, "KeyUsages": [], "ExtendedKeyUsages": [],
         "RenewalEligibility": "INELIGIBLE",
         "Options": {"CertificateTransparencyLoggingPreference": "ENABLED", "Export": "DISABLED"}}
    if reason:
        c["FailureReason"] = reason
    if extra:
        c.update(extra)
    return {"Certificate": c}
def api(doc):
    """The raw API form: the same document with epoch-second timestamps."""
    doc = copy.deepcopy(doc)
    c = doc["Certificate"]
    def epoch(iso):
        return CREATED_EPOCH if iso == CREATED_ISO else int(datetime.datetime.fromisoformat(iso).timestamp())
    for k in ("CreatedAt", "IssuedAt", "ImportedAt", "RevokedAt", "NotBefore", "NotAfter"):
        if c.get(k) is not None:
            c[k] = epoch(c[k])
    if "RenewalSummary" in c and "UpdatedAt" in c["RenewalSummary"]:
        c["RenewalSummary"]["UpdatedAt"] = epoch(c["RenewalSummary"]["UpdatedAt"])
    return doc
def write(name, doc, twin=True):
    """Every "-cli" sample also gets its "-api" twin with epoch timestamps."""
    with open(name, "w") as f:
        json.dump(doc, f, indent=4, ensure_ascii=False)
        f.write("\n")
    if twin and name.endswith("-cli.json") and "Certificate" in doc:
        write(name.replace("-cli.json", "-api.json"), api(doc), False)

FIVE = ["example.com", "*.example.com", "www.example.com", "api.example.com", "shop.example.net"]
p = cert(FIVE, "PENDING_VALIDATION")
p["Certificate"]["DomainValidationOptions"][2]["ValidationStatus"] = "SUCCESS"
write("pending-cli.json", p)
t = cert(["example.com", "*.example.com"], "VALIDATION_TIMED_OUT", "FAILED")
write("timed-out-cli.json", t)
issued_extra = {"IssuedAt": "2026-11-20T10:20:00+00:00", "NotBefore": "2026-11-20T00:00:00+00:00",
                "NotAfter": "2027-06-06T23:59:59+00:00", "Serial": "0a:1b:2c",
                "Issuer": "Amazon", "RenewalEligibility": "ELIGIBLE",
                "InUseBy": ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"],
                "RenewalSummary": {"RenewalStatus": "PENDING_AUTO_RENEWAL", "UpdatedAt": "2026-11-20T10:20:00+00:00",
                                   "DomainValidationOptions": [dvo("example.com", "SUCCESS")]}}
i = cert(["example.com", "*.example.com"], "ISSUED", "SUCCESS", extra=issued_extra)
write("issued-cli.json", i)
for st in ("INACTIVE", "EXPIRED", "REVOKED"):
    d = cert(["example.com"], st, "SUCCESS", extra={"NotAfter": "2026-11-20T00:00:00+00:00",
                                                  "IssuedAt": "2026-11-20T10:20:00+00:00"})
    if st == "REVOKED":
        d["Certificate"]["RevokedAt"] = "2026-11-20T10:20:00+00:00"
        d["Certificate"]["RevocationReason"] = "KEY_COMPROMISE"
    write(st.lower() + "-cli.json", d)
imp = cert(["legacy.example.com"], "ISSUED", "SUCCESS", typ="IMPORTED",
           extra={"NotAfter": "2027-06-06T23:59:59+00:00", "ImportedAt": "2026-11-20T10:20:00+00:00"})
del imp["Certificate"]["DomainValidationOptions"]
write("imported-cli.json", imp)

ren = cert(["example.com", "*.example.com", "www.example.com"], "ISSUED", "SUCCESS", extra=copy.deepcopy(issued_extra))
ren["Certificate"]["RenewalSummary"] = {"RenewalStatus": "PENDING_VALIDATION",
    "UpdatedAt": "2027-05-07T10:00:00+00:00",
    "DomainValidationOptions": [dvo("example.com", "SUCCESS"), dvo("*.example.com", "SUCCESS"),
                                dvo("www.example.com", "PENDING_VALIDATION")]}
write("renewal-pending-cli.json", ren)
rf = copy.deepcopy(ren)
rf["Certificate"]["RenewalSummary"]["RenewalStatus"] = "FAILED"
rf["Certificate"]["RenewalSummary"]["RenewalStatusReason"] = "CAA_ERROR"
write("renewal-failed-cli.json", rf)

REASONS = ["NO_AVAILABLE_CONTACTS", "ADDITIONAL_VERIFICATION_REQUIRED", "DOMAIN_NOT_ALLOWED",
           "INVALID_PUBLIC_DOMAIN", "DOMAIN_VALIDATION_DENIED", "CAA_ERROR", "PCA_LIMIT_EXCEEDED",
           "PCA_INVALID_ARN", "PCA_INVALID_STATE", "PCA_REQUEST_FAILED", "PCA_NAME_CONSTRAINTS_VALIDATION",
           "PCA_RESOURCE_NOT_FOUND", "PCA_INVALID_ARGS", "PCA_INVALID_DURATION", "PCA_ACCESS_DENIED",
           "SLR_NOT_FOUND", "OTHER"]
for r in REASONS:
    names = ["example.com", "*.example.com"]
    dvs = "SUCCESS"
    if r == "INVALID_PUBLIC_DOMAIN":
        names = ["example.com", "intranet.example.invalidpublicdomain", "co.uk"]
    if r == "OTHER":
        names = ["example.com", "www.exmaple.comm", "ex--ample.example.com"]
    if r == "NO_AVAILABLE_CONTACTS":
        d = cert(names, "FAILED", reason=r)
        for x in d["Certificate"]["DomainValidationOptions"]:
            x["ValidationMethod"] = "EMAIL"; x.pop("ResourceRecord"); x["ValidationStatus"] = "FAILED"
    else:
        d = cert(names, "FAILED", dvs, reason=r, typ="PRIVATE" if r.startswith(("PCA", "SLR")) else "AMAZON_ISSUED")
    write("failed-" + r.lower().replace("_", "-") + "-cli.json", d)
write("failed-amazon-owned-cli.json", cert(["d111111abcdef8.cloudfront.net", "files.example.com"], "FAILED", "SUCCESS",
                                            reason="ADDITIONAL_VERIFICATION_REQUIRED"))
write("failed-no-reason-cli.json", cert(["example.com"], "FAILED", "FAILED"))
write("failed-unknown-reason-cli.json", cert(["example.com"], "FAILED", "FAILED", reason="SOMETHING_NEW"))
write("status-unknown-cli.json", cert(["example.com"], "QUARANTINED", "PENDING_VALIDATION"))

em = cert(["example.com", "www.example.com", "*.shop.example.com"], "PENDING_VALIDATION")
for x in em["Certificate"]["DomainValidationOptions"]:
    x["ValidationMethod"] = "EMAIL"; x.pop("ResourceRecord")
em["Certificate"]["DomainValidationOptions"][0]["ValidationEmails"] = [
    "admin@example.com", "administrator@example.com", "hostmaster@example.com",
    "postmaster@example.com", "webmaster@example.com"]
em["Certificate"]["DomainValidationOptions"][1].pop("ValidationDomain")
em["Certificate"]["DomainValidationOptions"][2].pop("ValidationDomain")
write("email-cli.json", em)

h = cert(["cdn.example.com"], "PENDING_VALIDATION", extra={"ManagedBy": "CLOUDFRONT"})
x = h["Certificate"]["DomainValidationOptions"][0]
x["ValidationMethod"] = "HTTP"; x.pop("ResourceRecord")
x["HttpRedirect"] = {"RedirectFrom": "http://cdn.example.com/.well-known/pki-validation/x.txt",
                     "RedirectTo": "https://validation.us-east-1.acm-validations.aws/123/x.txt"}
write("http-cli.json", h)

nr = cert(["example.com", "www.example.com"], "PENDING_VALIDATION")
nr["Certificate"]["DomainValidationOptions"][1].pop("ResourceRecord")
write("no-record-cli.json", nr)

write("bare-cli.json", cert(FIVE, "PENDING_VALIDATION")["Certificate"])

idn = cert(["bücher.example.com", "*.bücher.example.com"], "PENDING_VALIDATION")
for x in idn["Certificate"]["DomainValidationOptions"]:
    x["ResourceRecord"] = {"Name": "_ABCDEF0123456789ABCDEF0123456789.XN--BCHER-KVA.Example.COM",
                           "Type": "CNAME", "Value": "_0123456789abcdef0123456789abcdef.Mixedcase.ACM-Validations.aws"}
write("idn-cli.json", idn)

uf = cert(["example.com"], "PENDING_VALIDATION",
          extra={"AcmeAccountId": "acct-1", "CertificateKeyPairOrigin": "ACM", "SomeFutureField": {"a": [1, 2, {"b": None}]},
                 "RevokedAt": None})
uf["Certificate"]["DomainValidationOptions"][0]["HttpRedirect"] = None
uf["Certificate"]["DomainValidationOptions"][0]["FutureThing"] = [True, False]
uf["Certificate"]["FailureReason"] = None
write("unknown-fields-cli.json", uf)

hostile_arn = cert(["example.com"], "PENDING_VALIDATION")
hostile_arn["Certificate"]["CertificateArn"] = "arn:aws:acm:\u001b[2J\u001b]0;owned\u0007:x\u202e"
hostile_arn["Certificate"]["Type"] = "A" * 5000
write("hostile-text-cli.json", hostile_arn)

# ---- malformed ----
wt = cert(FIVE, "PENDING_VALIDATION")
wt["Certificate"]["DomainValidationOptions"][2]["ResourceRecord"]["Value"] = 42
write("bad-wrong-type-value.json", wt)
wt = cert(["example.com"], "PENDING_VALIDATION")
wt["Certificate"]["DomainValidationOptions"] = {"DomainName": "example.com"}
write("bad-wrong-type-dvo.json", wt)
wt = cert(["example.com"], "PENDING_VALIDATION")
wt["Certificate"]["CreatedAt"] = True
write("bad-wrong-type-time.json", wt)
wt = cert(["example.com"], "PENDING_VALIDATION")
wt["Certificate"]["CreatedAt"] = "yesterday"
write("bad-time-text.json", wt)
wt = cert(["example.com", "www.example.com"], "PENDING_VALIDATION")
wt["Certificate"]["SubjectAlternativeNames"][1] = ["www.example.com"]
write("bad-wrong-type-san.json", wt)
wt = cert(["example.com"], "PENDING_VALIDATION")
wt["Certificate"]["RenewalSummary"] = {"RenewalStatus": 7}
write("bad-wrong-type-renewal.json", wt)
wt = cert(["example.com"], "PENDING_VALIDATION")
wt["Certificate"]["Status"] = None
write("bad-missing-status.json", wt)
wt = cert(["example.com"], "PENDING_VALIDATION")
del wt["Certificate"]["DomainValidationOptions"][0]["ResourceRecord"]["Name"]
write("bad-missing-rr-name.json", wt)
write("bad-wrong-type-certificate.json", {"Certificate": "arn:aws:acm:..."})
wt = cert(["example.com"], "PENDING_VALIDATION")
wt["Certificate"]["DomainName"] = "\u001b]0;pwned\u0007\u001b[31mevil.example.com"
write("bad-hostile-name.json", wt)
wt = cert(["example.com"], "PENDING_VALIDATION")
wt["Certificate"]["DomainValidationOptions"][0]["ResourceRecord"]["Value"] = "_x.acm-validations.aws.\n; rm -rf /"
write("bad-hostile-value.json", wt)
write("bad-array.json", [cert(["example.com"], "ISSUED")])
write("bad-aws-error.json", {"__type": "com.amazonaws.acm#ResourceNotFoundException",
                             "message": "Could not find certificate arn:aws:acm:us-east-1:123456789012:certificate/x."})
write("bad-unrelated.json", {"Reservations": []})
full = json.dumps(cert(FIVE, "PENDING_VALIDATION"), indent=4)
open("bad-truncated.json", "w").write(full[:len(full) // 2])
open("bad-trailing.json", "w").write(full + "\n}\n")
open("bad-syntax.json", "w").write(full.replace('"Status": "PENDING_VALIDATION",', '"Status": "PENDING_VALIDATION"', 1))
open("bad-empty.json", "w").write("")
open("bad-blank.json", "w").write("  \n\t\n")
open("bad-deep-40.json", "w").write('{"Certificate":' + "[" * 40 + "]" * 40 + "}\n")
open("bad-deep-2000.json", "w").write("[" * 2000 + "]" * 2000 + "\n")
open("bad-nul.json", "wb").write(full[:100].encode() + b"\0" + full[100:].encode())
open("bad-not-json.txt", "w").write(
    "CERTIFICATE\tarn:aws:acm:us-east-1:123456789012:certificate/x\t2026-11-20T10:00:00.123000+00:00\texample.com\n"
    "DOMAINVALIDATIONOPTIONS\texample.com\texample.com\tPENDING_VALIDATION\tDNS\n")
