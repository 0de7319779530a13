#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
rtt_client.py: the host end of tests/target/rtt's conversation, over an RTT TCP server
(OpenOCD 0.12's `rtt server start`, or rspflash's --rtt-port): any server that serves an
RTT up/down channel pair as a plain TCP byte stream.

    rtt_client.py [--host H] --port P [--data-port P1] [--lines N] [--exit N]
                  [--timeout S] --out FILE

On PORT (up and down channel 0): reads until the program's "ready for input" line, sends
"hello rtt" and reads its echo, then sends "exit N" and reads "bye N". On DATA-PORT (up
channel 1), read alongside: the program's data lines. Everything received goes to FILE
(channel 0's bytes, then "--- channel 1 ---" and channel 1's bytes), so two hosts' files
can be compared byte for byte; the script itself checks the bytes against the transcript
the program must produce (expected(), from rtt.c's RTT_LINES) and exits 1 on the first
difference, saying where. Connection attempts are retried until --timeout (the server
may not be listening yet).
"""
import argparse
import socket
import sys
import time


def expected(lines, status):
    out = "".join(f"rtt line {i} of {lines}: the quick brown fox\n" for i in range(1, lines + 1))
    out += "ready for input\necho: hello rtt\n" + f"bye {status}\n"
    return out.encode(), b"data 1\ndata 2\ndata 3\n"


def connect(host, port, deadline):
    while True:
        try:
            return socket.create_connection((host, port), timeout=1)
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.1)


class Reader:
    """Reads a socket into a buffer until a wanted suffix arrives or the deadline passes."""

    def __init__(self, sock, name):
        self.sock, self.name, self.data = sock, name, b""
        sock.settimeout(0.2)

    def pump(self):
        try:
            chunk = self.sock.recv(4096)
        except socket.timeout:
            return
        if chunk == b"":
            raise EOFError(f"{self.name}: the server closed the connection after {len(self.data)} bytes")
        self.data += chunk

    def until(self, want, deadline, also=()):
        while want not in self.data:
            if time.time() > deadline:
                raise TimeoutError(f"{self.name}: no {want!r} in time; got {len(self.data)} bytes, "
                                   f"ending {self.data[-120:]!r}")
            self.pump()
            for other in also:
                other.pump_quietly()

    def pump_quietly(self):
        try:
            self.pump()
        except EOFError:
            pass


def first_difference(got, want):
    for i, (a, b) in enumerate(zip(got, want)):
        if a != b:
            return i
    return min(len(got), len(want))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--data-port", type=int)
    ap.add_argument("--lines", type=int, default=40)
    ap.add_argument("--exit", type=int, default=7)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    deadline = time.time() + a.timeout
    term = Reader(connect(a.host, a.port, deadline), f"port {a.port}")
    others = []
    data = None
    if a.data_port:
        data = Reader(connect(a.host, a.data_port, deadline), f"port {a.data_port}")
        others.append(data)
    status = 0
    try:
        term.until(b"ready for input\n", deadline, others)
        term.sock.sendall(b"hello rtt\n")
        term.until(b"echo: hello rtt\n", deadline, others)
        if data:
            data.until(b"data 3\n", deadline)
        term.sock.sendall(f"exit {a.exit}\n".encode())
        term.until(f"bye {a.exit}\n".encode(), deadline, others)
    except (TimeoutError, EOFError) as e:
        print(f"rtt_client: {e}", file=sys.stderr)
        status = 1
    with open(a.out, "wb") as f:
        f.write(term.data)
        if data:
            f.write(b"--- channel 1 ---\n" + data.data)
    want_term, want_data = expected(a.lines, a.exit)
    for name, got, want in (("channel 0", term.data, want_term), ("channel 1", data.data if data else None, want_data)):
        if got is None or got == want:
            continue
        i = first_difference(got, want)
        print(f"rtt_client: {name} differs from the program's transcript at byte {i}: got {got[i:i + 40]!r}, "
              f"expected {want[i:i + 40]!r} ({len(got)} bytes, expected {len(want)})", file=sys.stderr)
        status = 1
    if status == 0:
        print(f"rtt_client: channel 0: {len(term.data)} bytes as expected"
              + (f"; channel 1: {len(data.data)} bytes as expected" if data else ""))
    sys.exit(status)


if __name__ == "__main__":
    main()
