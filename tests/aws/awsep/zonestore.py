"""Where a hosted zone's record sets live: the lab's knotd (read with
`knotc zone-read`, changed in one `knotc` transaction, so a batch is applied
whole or not at all and the resolver sees it after `lab.sh flush`), or
memory for hosted zones that have no lab zone."""

import os
import shlex
import subprocess
import threading

# knot adds these when it signs; Route 53 does not list them
HIDDEN = {"RRSIG", "NSEC", "NSEC3", "NSEC3PARAM", "DNSKEY", "CDS", "CDNSKEY"}


class StoreError(Exception):
    pass


class KnotStore:
    def __init__(self, sock, zone):
        self.sock, self.zone = sock, zone
        self.lock = threading.Lock()

    def _knotc(self, *args):
        r = subprocess.run(["knotc", "-s", self.sock, "-t", "10", *args],
                           capture_output=True, text=True)
        return r.returncode, r.stdout, (r.stderr or r.stdout).strip()

    def records(self, owner=None):
        """[(name, ttl, type, value)] at OWNER or in the whole zone."""
        rc, out, err = self._knotc("zone-read", self.zone, *([owner] if owner else []))
        if rc != 0:
            if "no such node" in err:
                return []
            raise StoreError(f"knotc zone-read {self.zone}: {err}")
        rows = []
        for line in out.splitlines():
            f = line.split(None, 4)
            if len(f) == 5 and f[0].startswith("["):
                rows.append((f[1].lower(), int(f[2]), f[3], f[4].strip()))
            elif len(f) == 4 and f[0].startswith("["):   # empty rdata
                rows.append((f[1].lower(), int(f[2]), f[3], ""))
        return [r for r in rows if r[2] not in HIDDEN]

    def apply(self, ops):
        """ops: ("del", name, type) / ("add", name, ttl, type, text), in one
        transaction; nothing is changed if knot refuses any of them. The
        edits go to one knotc on stdin (a process per record costs ~50 ms
        on a loaded machine); knotc splits those lines like a shell, hence
        the quoting."""
        lines = [f"zone-begin {self.zone}"]
        for op in ops:
            if op[0] == "del":
                lines.append(f"zone-unset {self.zone} {op[1]} {op[2]}")
            else:
                lines.append(f"zone-set {self.zone} {op[1]} {op[2]} {op[3]} {shlex.quote(op[4])}")
        r = subprocess.run(["knotc", "-s", self.sock, "-t", "10"], input="\n".join(lines) + "\n",
                           capture_output=True, text=True)
        errors = [l for l in r.stdout.splitlines() if l.startswith("error")]
        if r.returncode != 0 or errors or r.stdout.count("OK") != len(lines):
            self._knotc("zone-abort", self.zone)
            raise StoreError("; ".join(errors) or r.stderr.strip() or "knotc failed")
        rc, _, err = self._knotc("zone-commit", self.zone)
        if rc != 0:
            self._knotc("zone-abort", self.zone)
            raise StoreError(f"knotc zone-commit {self.zone}: {err}")


class MemoryStore:
    def __init__(self, zone, rows):
        self.zone = zone
        self.rows = [(n.lower(), int(t), ty, v) for n, t, ty, v in rows]
        self.lock = threading.Lock()

    def records(self, owner=None):
        return [r for r in self.rows if owner is None or r[0] == owner.lower()]

    def apply(self, ops):
        rows = list(self.rows)
        for op in ops:
            if op[0] == "del":
                rows = [r for r in rows if not (r[0] == op[1] and r[2] == op[2])]
            else:
                rows.append((op[1], op[2], op[3], op[4]))
        self.rows = rows


def knot_socket(lab_run, zone, server):
    """Control socket of the knotd serving ZONE (as lab.sh's knot_sock):
    SERVER is an instance name or address; default the delegated one."""
    with open(os.path.join(lab_run, "zones.map")) as f:
        for line in f:
            z, inst, addr = line.split()[:3]
            if z != zone:
                continue
            if (server and server in (inst, addr)) or (not server and inst != "other"):
                return os.path.join(lab_run, "knot", inst, "knot.sock")
    raise StoreError(f"zone {zone} is not served{' by ' + server if server else ''} in this lab")
