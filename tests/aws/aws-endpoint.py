#!/usr/bin/python3
"""The lab's local AWS endpoint. Started by `lab.sh aws-start FIXTURE` (see
tests/aws/aws-lab.sh); run by hand:

  /usr/bin/python3 tests/aws/aws-endpoint.py --fixture F --dir D \
      --ca CA.pem --ca-key CA.key [--lab-run $LAB_RUN]
  /usr/bin/python3 tests/aws/aws-endpoint.py --check --fixture F

Needs Debian's python3-botocore (run it with /usr/bin/python3: a python3
from elsewhere on PATH may not see Debian's modules)."""

import time

T0 = time.monotonic()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import ssl  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from awsep import api, credhttp, fixture, httpcore, wire, zonestore  # noqa: E402


def phase(what):
    """Start-up timings, in stderr.log (start is slow on a loaded machine)."""
    print(f"aws-endpoint: +{int((time.monotonic() - T0) * 1000)} ms {what}",
          file=sys.stderr, flush=True)


class App:
    def __init__(self, fx, log, lab_run, control):
        self.fixture, self.log, self.lab_run = fx, log, lab_run
        self.control_path, self._mtime = control, None
        self._lock = threading.Lock()

    def refresh_control(self):
        """Tests change the endpoint at run time by writing control.json:
        {"clock_offset_seconds": N, "throttle": {"acm:ListCertificates": 2}}."""
        try:
            m = os.stat(self.control_path).st_mtime_ns
        except OSError:
            return
        with self._lock:
            if m == self._mtime:
                return
            self._mtime = m
            with open(self.control_path) as f:
                c = json.load(f)
            fx = self.fixture
            fx.clock_offset = int(c.get("clock_offset_seconds", 0))
            with fx.lock:
                fx.throttle.update(c.get("throttle", {}))


def hostnames(fx):
    """Real AWS names the endpoint answers for (published in the lab DNS and
    put in its certificate)."""
    regions = set(fx.settings["regions"])
    for a in fx.accounts.values():
        regions |= {c["CertificateArn"].split(":")[3] for c in a.get("acm_certificates", [])}
        regions |= set(a.get("apigateway", {}))
    if fx.imds.get("region"):
        regions.add(fx.imds["region"])
    names = ["route53.amazonaws.com", "sts.amazonaws.com"]
    for r in sorted(regions):
        names += [f"{s}.{r}.amazonaws.com" for s in ("acm", "apigateway", "sts")]
    return names


def publish(lab_run, names, addr):
    """A records for NAMES in the lab's amazonaws.com zone (one transaction)."""
    zone = "amazonaws.com."
    st = zonestore.KnotStore(zonestore.knot_socket(lab_run, zone, None), zone)
    st.apply([("add", n + ".", 300, "A", addr) for n in names])


def make_cert(d, ca, ca_key, names, ip):
    """A leaf for the HTTPS listener signed by the lab CA (as lab.sh's
    make_certs makes nginx's): clients trust it through AWS_CA_BUNDLE."""
    import subprocess
    san = ",".join([f"IP:{ip}"] + [f"DNS:{n}" for n in names])
    cert, key = os.path.join(d, "endpoint.pem"), os.path.join(d, "endpoint.key")
    subprocess.run(
        ["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", key, "-subj", "/CN=acm-doctor lab AWS endpoint",
         "-addext", f"subjectAltName={san}",
         "-addext", "basicConstraints=critical,CA:FALSE",
         "-addext", "keyUsage=critical,digitalSignature",
         "-addext", "extendedKeyUsage=serverAuth",
         "-CA", ca, "-CAkey", ca_key, "-days", "30", "-out", cert],
        check=True, capture_output=True, env=dict(os.environ, OPENSSL_CONF="/dev/null"))
    return cert, key


def write_env(path, a, fx, ca):
    """The variables a test gets (aws-lab.sh prints them): the lab's own
    AWS_LAB_*, plus the standard ones that make any AWS client trust the
    endpoint and ignore the caller's ~/.aws and AWS_* settings."""
    import shlex
    host = a.api.rsplit(":", 1)[0]
    port = a.api.rsplit(":", 1)[1]
    api = f"https://{host}" + ("" if port == "443" else f":{port}")
    home = os.path.join(a.dir, "home")
    os.makedirs(home, exist_ok=True)
    for f in ("config", "credentials"):
        open(os.path.join(home, f), "a").close()
    env = {
        "AWS_LAB_DIR": a.dir,
        "AWS_LAB_FIXTURE": os.path.abspath(a.fixture),
        "AWS_LAB_LOG": os.path.join(a.dir, "requests.jsonl"),
        "AWS_LAB_CONTROL": os.path.join(a.dir, "control.json"),
        "AWS_LAB_PID": str(os.getpid()),
        "AWS_LAB_ADDR": host,
        "AWS_LAB_ENDPOINT": api,
        "AWS_LAB_IMDS_ENDPOINT": "http://" + a.imds[0].replace(":80", "") + "/",
        "AWS_LAB_CONTAINER_URI": "http://" + a.container[0].replace(":80", "")
                                 + fx.container.get("path", "/v2/credentials/lab"),
        "AWS_LAB_CONTAINER_PATH": fx.container.get("path", "/v2/credentials/lab"),
        "AWS_LAB_LINK_LOCAL": "1" if any(x.startswith("169.254.") for x in a.imds) else "0",
        "AWS_LAB_HOSTNAMES": " ".join(hostnames(fx)),
        "AWS_CA_BUNDLE": ca,
        "AWS_ENDPOINT_URL": api,
        "AWS_CONFIG_FILE": os.path.join(home, "config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "credentials"),
        "AWS_PAGER": "",
    }
    unset = ("AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_SECURITY_TOKEN "
             "AWS_PROFILE AWS_DEFAULT_PROFILE AWS_REGION AWS_DEFAULT_REGION AWS_ROLE_ARN "
             "AWS_WEB_IDENTITY_TOKEN_FILE AWS_ROLE_SESSION_NAME "
             "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_CONTAINER_CREDENTIALS_FULL_URI "
             "AWS_CONTAINER_AUTHORIZATION_TOKEN AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE "
             "AWS_EC2_METADATA_SERVICE_ENDPOINT AWS_EC2_METADATA_DISABLED "
             "AWS_MAX_ATTEMPTS AWS_RETRY_MODE AWS_STS_REGIONAL_ENDPOINTS "
             "AWS_USE_FIPS_ENDPOINT AWS_USE_DUALSTACK_ENDPOINT")
    with open(path, "w") as f:
        f.write(f"unset {unset}\n")
        for k, v in env.items():
            f.write(f"export {k}={shlex.quote(v)}\n")


def check(fx):
    """Round trip: every stored body serialised, then parsed back by
    botocore's own response parsers."""
    import botocore.parsers

    def parse(service, op, body):
        sh = wire.output_shape(service, op)
        proto = wire.model(service).metadata["protocol"]
        return botocore.parsers.create_parser(proto).parse(
            {"status_code": 200, "headers": {}, "body": body}, sh)

    n = 0
    for a in fx.accounts.values():
        for c in a.get("acm_certificates", []):
            got = parse("acm", "DescribeCertificate",
                        wire.json_body("acm", "DescribeCertificate", {"Certificate": c}))
            assert set(got["Certificate"]) == set(c), (c["CertificateArn"], set(c) ^ set(got["Certificate"]))
            n += 1
        for g in a.get("apigateway", {}).values():
            for svc, key in (("apigateway", "rest"), ("apigatewayv2", "v2")):
                for d in g.get(key, []):
                    sh = wire.output_shape(svc, "GetDomainName")
                    got = parse(svc, "GetDomainName", json.dumps(wire.to_json(sh, d)).encode())
                    assert set(got) - {"ResponseMetadata"} == set(d), d
                    n += 1
        zones = a.get("hosted_zones", [])
        if zones:
            from awsep import route53
            got = parse("route53", "ListHostedZonesByName", wire.route53_body(
                "ListHostedZonesByName", {"HostedZones": [route53._hz(z) for z in zones],
                                          "IsTruncated": False, "MaxItems": "100"}))
            assert len(got["HostedZones"]) == len(zones)
            n += len(zones)
    print(f"fixture {fx.path}: {n} bodies serialised and parsed back by botocore")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixture", required=True)
    ap.add_argument("--dir")
    ap.add_argument("--ca", help="CA certificate that signs the HTTPS leaf")
    ap.add_argument("--ca-key")
    ap.add_argument("--lab-run")
    ap.add_argument("--api", default="127.0.0.30:443")
    ap.add_argument("--imds", action="append", help="ADDR:PORT, repeatable "
                    "(default 127.0.0.31:80)")
    ap.add_argument("--container", action="append", help="ADDR:PORT, repeatable "
                    "(default 127.0.0.32:80)")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--print-hostnames", action="store_true")
    a = ap.parse_args()
    a.imds = a.imds or ["127.0.0.31:80"]
    a.container = a.container or ["127.0.0.32:80"]
    phase("modules imported")
    try:
        fx = fixture.Fixture(a.fixture)
    except (fixture.FixtureError, ValueError, KeyError) as e:
        sys.exit(f"aws-endpoint: bad fixture {a.fixture}: {e}")
    if a.check:
        check(fx)
        return
    if a.print_hostnames:
        print("\n".join(hostnames(fx)))
        return
    phase("fixture loaded and checked")
    os.makedirs(a.dir, exist_ok=True)
    log = httpcore.RequestLog(os.path.join(a.dir, "requests.jsonl"),
                              lambda: fx.secrets() + credhttp.tokens())
    app = App(fx, log, a.lab_run, os.path.join(a.dir, "control.json"))

    def addr(s):
        h, p = s.rsplit(":", 1)
        return h, int(p)

    servers = []
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    names = hostnames(fx)
    tls.load_cert_chain(*make_cert(a.dir, a.ca, a.ca_key, names, addr(a.api)[0]))
    phase("certificate made")
    s = httpcore.Server(addr(a.api), httpcore.make_handler(
        "api", lambda req: api.handle(app, req), log))
    s.tls = tls
    servers.append(s)
    for x in a.imds:
        servers.append(httpcore.Server(addr(x), httpcore.make_handler(
            "imds", lambda req: credhttp.imds(app, req), log)))
    for x in a.container:
        servers.append(httpcore.Server(addr(x), httpcore.make_handler(
            "container", lambda req: credhttp.container(app, req), log)))
    if a.lab_run:
        publish(a.lab_run, names, addr(a.api)[0])
    phase("listening, names published in the lab DNS")
    for srv in servers:
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    with open(os.path.join(a.dir, "pid"), "w") as f:
        f.write(f"{os.getpid()}\n")
    write_env(os.path.join(a.dir, "env"), a, fx, a.ca)
    # the readiness signal aws-lab.sh waits for: written last
    tmp = os.path.join(a.dir, "ready.tmp")
    with open(tmp, "w") as f:
        f.write("ok\n")
    os.rename(tmp, os.path.join(a.dir, "ready"))
    threading.Event().wait()


if __name__ == "__main__":
    main()
