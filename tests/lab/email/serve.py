"""The lab's email servers in one process: the SMTP listeners (smtp.py) and
the RDAP server (rdap.py). Started by lab.sh (tests/lab/email/lab-email.sh)
with Debian's /usr/bin/python3; stopped with SIGTERM.

When every socket listens it writes DIR/ready (atomically), one line per
note, e.g. "smtp6 ::1" or "smtp6 - Cannot assign requested address" when the
namespace has no IPv6; lab.sh waits for that file.
"""

import argparse
import asyncio
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rdap  # noqa: E402 (after the path is set)
import smtp  # noqa: E402


async def main(a):
    servers, notes = await smtp.start(os.path.join(a.dir, "smtp.log"),
                                      a.smtp_port)
    opts = rdap.Options(a.lab, a.dir, a.slow_ms, a.huge_mb)
    servers.append(await rdap.start(opts, a.certs, port=a.rdap_port))
    tmp = os.path.join(a.dir, "ready.tmp")
    with open(tmp, "w") as f:
        f.write("".join(n + "\n" for n in notes + ["pid %d" % os.getpid()]))
    os.rename(tmp, os.path.join(a.dir, "ready"))
    await asyncio.Event().wait()


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dir", required=True, help="run directory (logs, ready)")
    p.add_argument("--lab", required=True, help="tests/lab (zones.list, email/rdap)")
    p.add_argument("--certs", required=True, help="rdap.chain.pem and rdap.key")
    p.add_argument("--slow-ms", type=int, default=5000)
    p.add_argument("--huge-mb", type=int, default=8)
    p.add_argument("--smtp-port", type=int, default=25)
    p.add_argument("--rdap-port", type=int, default=443)
    asyncio.run(main(p.parse_args()))
