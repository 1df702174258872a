"""The lab's SMTP servers: one listener per kind of MX host (port 25).

Each address plays one behaviour an MX host can have, from a healthy server
to hostile ones (tests/lab/README.md, "Email scenarios"). None of them ever
takes mail: acm-doctor may only read the banner, send EHLO and QUIT, and every
command a client sends is written to the command log, so a test can prove
that nothing else (MAIL, RCPT, DATA) was sent.

Log lines (one per event, bytes outside printable ASCII as \\xNN):
    <unix ms> <listener addr> <behaviour> <peer addr:port> <event> [data]
events: connect, cmd <VERB> <line as received>, toolong, timeout, eof, close.
A test reads the verbs a client sent with
    awk '$5 == "cmd" { print $6 }' smtp.log
"""

import socket
import threading
import time

from eventlog import Log, esc

HOST = "mx.email-lab.test"
# RFC 5321 4.5.3.1.4 allows 512 octets per command line; be lenient but
# bounded, so a client flooding us cannot grow memory.
LINE_MAX = 4096
IDLE_S = 60              # an idle dialogue is dropped after this long
SILENT_S = 600           # how long the silent server holds a connection
DRIP_S = 0.25            # the drip banner: one byte per DRIP_S seconds
FLOOD_MAX = 256 << 20    # the flood stops after this many bytes
LONG_BANNER = 65536      # length of the overlong banner line

EHLO_LINES = [HOST + " greets {peer}", "PIPELINING", "SIZE 10240000",
              "8BITMIME", "ENHANCEDSTATUSCODES", "SMTPUTF8"]


class Conn:
    """One client connection: reading lines, writing replies, logging.
    Blocking sockets, one thread per connection (see serve.py for why)."""

    def __init__(self, sock, peer, log, addr, behaviour, eol=b"\r\n"):
        self.sock, self.eol, self.buf = sock, eol, b""
        host = peer[0] if ":" not in peer[0] else "[%s]" % peer[0]
        self.peer = "%s:%d" % (host, peer[1])
        self.tag = (addr, behaviour, self.peer)
        self.log = log

    def event(self, name, *data):
        self.log.write(*(self.tag + (name,) + tuple(esc(d) for d in data)))

    def command(self, line):
        """Log a received command line: its verb (upper case), the line."""
        self.event("cmd", line.split(b" ", 1)[0].upper() or b"-", line)

    def send(self, data):
        self.sock.sendall(data)

    def reply(self, code, lines):
        """A reply, multi-line with "code-" continuations (RFC 5321 4.2)."""
        out = b""
        for i, text in enumerate(lines):
            sep = " " if i == len(lines) - 1 else "-"
            out += ("%d%s%s" % (code, sep, text)).encode() + self.eol
        self.send(out)

    def readline(self, timeout=IDLE_S, quiet=False):
        """A command line without its line end; None at EOF or on error.
        A quiet connection never answers, not even to say goodbye."""
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            if len(self.buf) > LINE_MAX:
                self.event("toolong")
                if not quiet:
                    self.reply(500, ["5.5.2 line too long"])
                return None
            left = end - time.monotonic()
            try:
                if left <= 0:
                    raise socket.timeout
                self.sock.settimeout(left)
                data = self.sock.recv(4096)
            except socket.timeout:
                self.event("timeout")
                if not quiet:
                    self.reply(421, ["4.4.2 %s idle too long, closing" % HOST])
                return None
            if not data:
                if self.buf:
                    self.command(self.buf)
                self.event("eof")
                return None
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        line = line.rstrip(b"\r")
        self.command(line)
        return line


def dialogue(c, refuse=False, ehlo=None):
    """The command loop after the banner. Only EHLO/HELO, NOOP, RSET and QUIT
    succeed; a refusing server (554 banner) answers 503 to everything but
    QUIT, as RFC 5321 3.1 asks."""
    while True:
        line = c.readline()
        if line is None:
            return
        verb = line.split(b" ", 1)[0].upper()
        if verb == b"QUIT":
            c.reply(221, ["2.0.0 %s closing connection" % HOST])
            return
        if refuse:
            c.reply(503, ["5.5.1 no service here: only QUIT"])
        elif verb == b"EHLO":
            if ehlo:
                ehlo(c)
            else:
                c.reply(250, [x.format(peer=c.peer) for x in EHLO_LINES])
        elif verb == b"HELO":
            c.reply(250, [HOST])
        elif verb in (b"NOOP", b"RSET"):
            c.reply(250, ["2.0.0 OK"])
        elif verb in (b"MAIL", b"RCPT", b"DATA", b"BDAT", b"VRFY", b"EXPN"):
            c.reply(550, ["5.7.1 lab server: takes no mail (command logged)"])
        else:
            c.reply(500, ["5.5.2 command not recognised"])


def discard(c, seconds):
    """Read and log whatever the client sends, never answer."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        if c.readline(timeout=left, quiet=True) is None:
            return


# --- behaviours: one function each, keyed by name ---------------------------

def good(c):
    c.reply(220, ["%s ESMTP acm-doctor lab" % HOST])
    dialogue(c)


def no_service(c):
    c.reply(554, ["5.7.1 mx.email-554.test no service"])
    dialogue(c, refuse=True)


def silent(c):
    discard(c, SILENT_S)


def multiline(c):
    c.reply(220, ["mx.email-multi.test ESMTP acm-doctor lab",
                  "This greeting has three lines;",
                  "only the last one has a space after 220."])
    dialogue(c)


def long_banner(c):
    c.send(b"220 " + b"x" * LONG_BANNER + b"\r\n")
    dialogue(c)


def ctrl_banner(c):
    # ANSI colour, the xterm "set title" sequence, NUL, DEL, a bare CR, a
    # right-to-left override: none of it may reach the user's terminal raw.
    c.send(b"220 mx.email-badsmtp.test \x1b[31mESMTP\x1b[0m "
           b"\x1b]0;pwned\x07 nul\x00 del\x7f cr\rlf "
           b"\xe2\x80\xaemoc.nozama\r\n")
    dialogue(c)


def no_crlf(c):
    c.send(b"220 mx.email-badsmtp.test greeting without a line end")
    discard(c, SILENT_S)


def flood(c):
    chunk = b"".join(b"220-flood %08d %s\r\n" % (i, b"y" * 48)
                     for i in range(1024))
    sent = 0
    while sent < FLOOD_MAX:
        c.send(chunk)
        sent += len(chunk)


def drip(c):
    for ch in b"220 mx.email-badsmtp.test ESMTP, one byte at a time\r\n":
        c.send(bytes([ch]))
        time.sleep(DRIP_S)
    dialogue(c)


def bad_ehlo_reply(c):
    lines = ["mx.email-badsmtp.test \x1b[2J\x1b[31mcleared your screen\x1b[0m"]
    lines += ["X-LAB-PADDING-%04d" % i for i in range(2000)]
    lines += ["Z" * 10000]
    c.reply(250, lines)


def bad_ehlo(c):
    c.reply(220, ["mx.email-badsmtp.test ESMTP acm-doctor lab"])
    dialogue(c, ehlo=bad_ehlo_reply)


def busy(c):
    c.reply(421, ["4.3.2 mx.email-badsmtp.test service not available, "
                  "closing transmission channel"])


def lf_only(c):
    c.eol = b"\n"
    c.reply(220, ["mx.email-badsmtp.test ESMTP bare LF line ends"])
    dialogue(c)


BEHAVIOURS = {
    "good": good, "no-service": no_service, "silent": silent,
    "multiline": multiline, "long": long_banner, "ctrl": ctrl_banner,
    "nocrlf": no_crlf, "flood": flood, "drip": drip, "bad-ehlo": bad_ehlo,
    "busy": busy, "lf": lf_only,
}

# Address -> behaviour. 127.0.0.43 is deliberately absent (connection
# refused). ::1 is bound when the namespace has IPv6 (optional).
LISTENERS = [
    ("127.0.0.40", "good"), ("127.0.0.41", "no-service"),
    ("127.0.0.42", "silent"), ("127.0.0.44", "multiline"),
    ("127.0.0.45", "long"), ("127.0.0.46", "ctrl"),
    ("127.0.0.47", "nocrlf"), ("127.0.0.48", "flood"),
    ("127.0.0.49", "drip"), ("127.0.0.50", "bad-ehlo"),
    ("127.0.0.51", "busy"), ("127.0.0.52", "lf"),
]
LISTENER_V6 = ("::1", "good")


def serve_one(sock, peer, log, addr, name):
    c = Conn(sock, peer, log, addr, name)
    c.event("connect")
    try:
        BEHAVIOURS[name](c)
    except OSError:
        pass  # the client went away: normal for timeouts and floods
    finally:
        c.event("close")
        sock.close()


def accept_loop(lsock, log, addr, name):
    while True:
        sock, peer = lsock.accept()
        threading.Thread(target=serve_one, args=(sock, peer, log, addr, name),
                         daemon=True).start()


def listen(addr, port, family=socket.AF_INET):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(64)
    return s


def start(log_path, port=25):
    """Bind every listener, then serve each in its own thread. Returns
    notes on the optional listeners (IPv6) for the ready file."""
    log = Log(log_path)
    socks = [(listen(addr, port), addr, name) for addr, name in LISTENERS]
    addr, name = LISTENER_V6
    try:
        socks.append((listen(addr, port, socket.AF_INET6), "[::1]", name))
        notes = ["smtp6 ::1"]
    except OSError as e:
        notes = ["smtp6 - %s" % e.strerror]
    for lsock, addr, name in socks:
        threading.Thread(target=accept_loop, args=(lsock, log, addr, name),
                         daemon=True).start()
    return notes
