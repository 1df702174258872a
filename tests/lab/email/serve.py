"""The lab's email servers in one process: the SMTP listeners (smtp.py) and
the RDAP server (rdap.py). Started by lab.sh (tests/lab/email/lab-email.sh)
with Debian's /usr/bin/python3; stopped with SIGTERM.

    serve.py --dir RUN/email --lab tests/lab --certs RUN/certs   (rdap.pem, rdap.key)
             [--slow-ms N] [--huge-mb N] [--smtp-port N] [--rdap-port N]

When every socket listens it writes DIR/ready (atomically), one line per
note, e.g. "smtp6 ::1", or "smtp6 - Cannot assign requested address" when
the namespace has no IPv6; lab.sh waits for that file.

Why threads and no asyncio or argparse: this process starts with every lab,
and importing asyncio, ssl and argparse took longer than binding all the
sockets; with blocking sockets, one thread per connection, only socket and
threading are loaded before the ready file; the RDAP certificate and ssl
come after it.
"""

import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rdap  # noqa: E402 (after the path is set)
import smtp  # noqa: E402

DEFAULTS = {"--dir": None, "--lab": None, "--certs": None, "--slow-ms": "5000",
            "--huge-mb": "8", "--smtp-port": "25", "--rdap-port": "443"}


def options(argv):
    opts = dict(DEFAULTS)
    for key, value in zip(argv[::2], argv[1::2]):
        if key not in opts:
            sys.exit("serve.py: unknown option %s" % key)
        opts[key] = value
    missing = [k for k, v in opts.items() if v is None]
    if missing or len(argv) % 2:
        sys.exit("serve.py: needs --dir, --lab and --certs (see its header)")
    return opts


def main(argv):
    o = options(argv)
    os.makedirs(o["--dir"], exist_ok=True)  # here, not by a mkdir in lab.sh
    notes = smtp.start(os.path.join(o["--dir"], "smtp.log"),
                       int(o["--smtp-port"]))
    ropts = rdap.Options(o["--lab"], o["--dir"], o["--certs"],
                         int(o["--slow-ms"]), int(o["--huge-mb"]))
    rdap.start(ropts, port=int(o["--rdap-port"]))
    tmp = os.path.join(o["--dir"], "ready.tmp")
    with open(tmp, "w") as f:
        f.write("".join(n + "\n" for n in notes + ["pid %d" % os.getpid()]))
    os.rename(tmp, os.path.join(o["--dir"], "ready"))
    # Only now the RDAP certificate, ssl and the documents: after "ready",
    # off the lab's start, yet before a test's first request (which waits
    # for it if it comes earlier).
    ropts.load()
    threading.Event().wait()  # the listeners run in their threads


if __name__ == "__main__":
    main(sys.argv[1:])
