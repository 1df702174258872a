#!/usr/bin/python3
"""A DNS server that never answers: it takes every UDP datagram and TCP
connection on ADDR:PORT and says nothing, as a resolver behind a firewall
that drops its replies does. Runs until killed; prints "ready" when bound.

Usage: blackhole.py ADDR [PORT]
"""
import select
import socket
import sys


def main():
    addr = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 53
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind((addr, port))
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((addr, port))
    tcp.listen(16)
    print("ready", flush=True)
    held = []
    while True:
        ready, _, _ = select.select([udp, tcp], [], [])
        for s in ready:
            if s is udp:
                udp.recvfrom(65535)
            else:
                conn, _ = tcp.accept()
                held.append(conn)      # open, and silent


if __name__ == "__main__":
    main()
