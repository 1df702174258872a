#!/usr/bin/env python3
# Regenerates the sample get-domain-name outputs in this folder (run it here).
# The files are what tests read; this script is only a convenience. Shapes
# follow botocore's models (apigateway 2015-07-09, apigatewayv2 2018-11-29):
#   NAME-rest.json  aws apigateway get-domain-name --domain-name D
#                   (camelCase members; the CLI prints timestamps in ISO 8601)
#   NAME-v2.json    aws apigatewayv2 get-domain-name --domain-name D
#                   (the CLI prints the model's PascalCase member names)
#   NAME-*-wire.json  the HTTP bodies the services send (v1: timestamps as
#                   epoch seconds; v2: the camelCase locationNames)
# Every custom domain of tests/lab/README.md "API Gateway scenarios" that
# exists in API Gateway has a pair; bad-* are malformed.
import json

ACCT = "123456789012"
UPLOADED_ISO = "2026-11-20T10:00:00+00:00"
UPLOADED_EPOCH = 1795168800
ZONE = {"us-east-1": "Z1UJRXOUMOOFQ8", "eu-west-1": "ZLY8HYME6SFDD"}
EDGE_ZONE = "Z2FDTNDATAQYW2"  # CloudFront's, for every edge-optimized name


def arn(region, n):
    return f"arn:aws:acm:{region}:{ACCT}:certificate/{n:08x}-1111-4222-8333-444455556666"


# scenario: (custom domain, kind, target, API region, certificate ARN)
# kind: REGIONAL (REST or HTTP API) or EDGE (REST only)
SCEN = {
    "apigw-ok": ("api.apigw-ok.test", "REGIONAL", "d-ok12345678", "us-east-1", arn("us-east-1", 1)),
    "apigw-stage": ("api.apigw-stage.test", "REGIONAL", "d-st12345678", "us-east-1", arn("us-east-1", 1)),
    "apigw-edge": ("api.apigw-edge.test", "EDGE", "d1a2b3c4d5e6f7.cloudfront.net", "us-east-1", arn("us-east-1", 1)),
    "apigw-proxy": ("api.apigw-proxy.test", "REGIONAL", "d-px12345678", "us-east-1", arn("us-east-1", 1)),
    "apigw-vpce": ("api.apigw-vpce.test", "REGIONAL", "d-vp12345678", "us-east-1", arn("us-east-1", 1)),
    "apigw-alias": ("apigw-alias.test", "REGIONAL", "d-al12345678", "us-east-1", arn("us-east-1", 1)),
    "apigw-aliasdiff": ("apigw-aliasdiff.test", "REGIONAL", "d-ad12345678", "us-east-1", arn("us-east-1", 1)),
    "apigw-expired": ("api.apigw-expired.test", "REGIONAL", "d-ex12345678", "us-east-1", arn("us-east-1", 2)),
    "apigw-wrongname": ("api.apigw-wrongname.test", "REGIONAL", "d-wn12345678", "us-east-1", arn("us-east-1", 3)),
    "apigw-untrusted": ("api.apigw-untrusted.test", "REGIONAL", "d-un12345678", "us-east-1", arn("us-east-1", 4)),
    "apigw-deepwild": ("api.v1.apigw-deepwild.test", "REGIONAL", "d-dw12345678", "us-east-1", arn("us-east-1", 5)),
    "apigw-chain": ("api.apigw-chain.test", "REGIONAL", "d-ch12345678", "us-east-1", arn("us-east-1", 1)),
    "apigw-nomap": ("api.apigw-nomap.test", "REGIONAL", "d-nm12345678", "us-east-1", arn("us-east-1", 1)),
    "apigw-stagepath": ("api.apigw-stagepath.test", "REGIONAL", "d-sp12345678", "us-east-1", arn("us-east-1", 1)),
    # the API is in eu-west-1, the certificate named is in us-east-1
    "apigw-region": ("api.apigw-region.test", "REGIONAL", "d-rg12345678", "eu-west-1", arn("us-east-1", 1)),
    "apigw-v2": ("api.apigw-v2.test", "REGIONAL", "d-v212345678", "us-east-1", arn("us-east-1", 1)),
    # the edge domain with a certificate outside us-east-1 (API Gateway
    # refuses to create this; a user's --cert-arn can still say it)
    "apigw-edge-eucert": ("api.apigw-edge.test", "EDGE", "d1a2b3c4d5e6f7.cloudfront.net", "us-east-1", arn("eu-west-1", 6)),
}


def target(kind, t, region):
    return t if kind == "EDGE" else f"{t}.execute-api.{region}.amazonaws.com"


def rest(name, wire=False):
    dom, kind, t, region, cert = SCEN[name]
    d = {"domainName": dom}
    if kind == "EDGE":  # the model documents the upload date for edge only
        d.update(certificateUploadDate=UPLOADED_EPOCH if wire else UPLOADED_ISO,
                 certificateArn=cert, distributionDomainName=target(kind, t, region),
                 distributionHostedZoneId=EDGE_ZONE)
    else:
        d.update(regionalDomainName=target(kind, t, region), regionalHostedZoneId=ZONE[region],
                 regionalCertificateArn=cert)
    d.update(endpointConfiguration={"types": [kind]}, domainNameStatus="AVAILABLE",
             securityPolicy="TLS_1_2", tags={})
    if name == "apigw-untrusted":  # imported from a private CA
        d["ownershipVerificationCertificateArn"] = arn("us-east-1", 7)
    return d


def v2(name, wire=False):
    dom, kind, t, region, cert = SCEN[name]
    c = {"ApiGatewayDomainName": target(kind, t, region), "CertificateArn": cert,
         "DomainNameStatus": "AVAILABLE", "EndpointType": kind,
         "HostedZoneId": EDGE_ZONE if kind == "EDGE" else ZONE[region],
         "SecurityPolicy": "TLS_1_2"}
    if name == "apigw-untrusted":
        c["OwnershipVerificationCertificateArn"] = arn("us-east-1", 7)
    d = {"ApiMappingSelectionExpression": "$request.basepath", "DomainName": dom,
         "DomainNameConfigurations": [c], "Tags": {}}
    if wire:  # the locationNames: lower camel case
        low = lambda k: k[0].lower() + k[1:]
        d = {low(k): v for k, v in d.items()}
        d["domainNameConfigurations"] = [{low(k): v for k, v in c.items()}]
    return d


def write(fn, obj):
    with open(fn, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=4, ensure_ascii=False)  # as the CLI prints
        f.write("\n")


def raw(fn, text):
    with open(fn, "w", encoding="utf-8") as f:
        f.write(text)


for n in SCEN:
    write(f"{n}-rest.json", rest(n))
    write(f"{n}-v2.json", v2(n))
for n in ("apigw-ok", "apigw-edge"):
    write(f"{n}-rest-wire.json", rest(n, wire=True))
    write(f"{n}-v2-wire.json", v2(n, wire=True))

# A domain being migrated from edge to regional: both kinds at once.
m = rest("apigw-edge")
m.update(regionalDomainName="d-mg12345678.execute-api.us-east-1.amazonaws.com",
         regionalHostedZoneId=ZONE["us-east-1"], regionalCertificateArn=arn("us-east-1", 1),
         endpointConfiguration={"types": ["EDGE", "REGIONAL"]}, domainNameStatus="UPDATING")
write("migrating-rest.json", m)
m2 = v2("apigw-edge")
m2["DomainNameConfigurations"][0]["DomainNameStatus"] = "UPDATING"
m2["DomainNameConfigurations"].append(dict(v2("apigw-ok")["DomainNameConfigurations"][0],
    ApiGatewayDomainName="d-mg12345678.execute-api.us-east-1.amazonaws.com", DomainNameStatus="UPDATING"))
write("migrating-v2.json", m2)

# Fields newer than this model (private custom domains added domainNameId and
# domainNameArn): a reader must ignore what it does not know.
u = rest("apigw-ok")
u.update(domainNameId="abc1234def", domainNameArn="arn:aws:apigateway:us-east-1::/domainnames/api.apigw-ok.test",
         someFutureField={"nested": [1, 2, 3]})
write("unknown-fields-rest.json", u)

# --- malformed -----------------------------------------------------------------
raw("bad-empty.json", "")
raw("bad-blank.json", " \n\t\n")
good = json.dumps(rest("apigw-ok"), indent=4)
raw("bad-truncated.json", good[: len(good) // 2])
raw("bad-syntax.json", good.replace('"regionalHostedZoneId"', "regionalHostedZoneId", 1) + "\n")
raw("bad-trailing.json", good + "\n{}\n")
write("bad-array.json", [rest("apigw-ok")])
write("bad-unrelated.json", {"items": [{"id": "abc1234567", "name": "lab-api",
                                        "endpointConfiguration": {"types": ["REGIONAL"]}}]})
w = rest("apigw-ok"); w["endpointConfiguration"]["types"] = "REGIONAL"
write("bad-wrong-type-types.json", w)
w = rest("apigw-ok"); w["regionalDomainName"] = ["d-ok12345678.execute-api.us-east-1.amazonaws.com"]
write("bad-wrong-type-target.json", w)
w = rest("apigw-ok"); del w["regionalDomainName"]
write("bad-missing-target.json", w)
w = rest("apigw-ok"); w["endpointConfiguration"]["types"] = ["SATELLITE"]
write("bad-unknown-type.json", w)
w = v2("apigw-ok"); w["DomainNameConfigurations"] = []
write("bad-v2-no-configurations.json", w)
w = v2("apigw-ok"); w["DomainNameConfigurations"] = w["DomainNameConfigurations"][0]
write("bad-v2-wrong-type.json", w)
w = rest("apigw-ok")
w["domainName"] = "\u001b[31mapi\u001b[0m.apigw-ok.test"
w["regionalDomainName"] = "\u202emoc.swanozama.1-tsae-su.ipa-etucexe.87654321ko-d"
w["regionalCertificateArn"] = w["regionalCertificateArn"] + "\u0000x"
write("bad-hostile.json", w)
# What the CLI prints instead of JSON: the error for a deleted domain (the
# dangling scenario), and the text output format.
raw("bad-cli-error.txt", "\nAn error occurred (NotFoundException) when calling the GetDomainName "
    "operation: Invalid domain name identifier specified\n")
r = rest("apigw-ok")
raw("bad-text-output.txt", "\t".join(str(r[k]) for k in ("domainName",
    "domainNameStatus", "regionalCertificateArn", "regionalDomainName", "regionalHostedZoneId",
    "securityPolicy")) + "\nENDPOINTCONFIGURATION\nTYPES\tREGIONAL\n")
