#!/usr/bin/python3
"""A small HTTP proxy for the AWS tests: CONNECT tunnels (what clients use
for https through HTTPS_PROXY) and nothing else; every request line is
logged, so a test can see which connections went through the proxy and
that plain-http credential endpoints never do.

  connect-proxy.py ADDR:PORT LOGFILE      (prints "ready" when listening)
"""

import select
import socket
import socketserver
import sys
import threading


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline(4096).decode("latin-1").strip()
        with LOCK, open(LOG, "a") as f:
            f.write(line + "\n")
        while self.rfile.readline(4096).strip():
            pass                        # the rest of the request's headers
        parts = line.split()
        if len(parts) != 3 or parts[0] != "CONNECT":
            self.wfile.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        host, _, port = parts[1].rpartition(":")
        try:
            up = socket.create_connection((host, int(port)), timeout=5)
        except OSError:
            self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        pair = [self.connection, up]
        while True:
            ready, _, _ = select.select(pair, [], [], 30)
            if not ready:
                break
            for s in ready:
                data = s.recv(65536)
                if not data:
                    up.close()
                    return
                (up if s is self.connection else self.connection).sendall(data)
        up.close()


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


LOCK = threading.Lock()
LOG = sys.argv[2]
host, port = sys.argv[1].rsplit(":", 1)
srv = Server((host, int(port)), Handler)
print("ready", flush=True)
srv.serve_forever()
