#!/usr/bin/env python3
"""Hostile clients against `gazette-query serve` on loopback (bench/abuse.sh runs it).

Measures a normal query's latency (GET /api/search?q=bank&facets=0, a fresh connection each
time) first with nothing else going on, then while attackers run:
  - 200 idle connections held open (silent; reopened when the server closes them),
  - 66 slowloris connections, each sending a request line and then one header line every 4 s,
  - then also one client sending a pathological mix back to back: long wildcard queries, long OR lists,
    deep pagination, huge per_page, thousands of headers.
Attackers connect from other loopback addresses (127.0.0.2 and up, at most 50 connections from
each), as many machines would; the normal query comes from 127.0.0.1.
Prints a markdown table on stdout. Stdlib only (socket, select, threading, time).

Usage: abuse.py PORT [SAMPLES [SERVER_PID]]   with the pid, also times SIGTERM with the attackers
still connected.
"""
import os
import select
import signal
import socket
import sys
import threading
import time

PORT = int(sys.argv[1])
SAMPLES = int(sys.argv[2]) if len(sys.argv) > 2 else 200
SERVER_PID = int(sys.argv[3]) if len(sys.argv) > 3 else None
NORMAL = b"GET /api/search?q=bank&facets=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
stop = threading.Event()


def connect(source):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    s.settimeout(10)
    s.connect(("127.0.0.1", PORT))
    return s


def exchange(request, source="127.0.0.1"):
    """Sends one request on a fresh connection; returns (status or 0, seconds)."""
    start = time.perf_counter()
    data = b""
    try:
        s = connect(source)
        try:
            s.sendall(request)
        except OSError:
            pass  # the server may stop reading a request it refuses; its answer may follow
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
    except OSError:
        pass
    status = int(data[9:12]) if data.startswith(b"HTTP/1.") else 0
    return status, time.perf_counter() - start


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def measure():
    """SAMPLES normal queries, one every 50 ms (so that a row lasts long enough for the slowloris
    connections to trickle, be cut at the head deadline and come back)."""
    times, failures = [], 0
    for _ in range(SAMPLES):
        time.sleep(0.05)
        status, seconds = exchange(NORMAL)
        if status == 200:
            times.append(seconds * 1000)
        else:
            failures += 1
    return times, failures


def alive(s):
    """False once the server has closed (or reset) the connection."""
    if not select.select([s], [], [], 0)[0]:
        return True
    try:
        return s.recv(1, socket.MSG_PEEK) != b""
    except OSError:
        return False


class Pool:
    """Connections from several source addresses, reopened when the server closes them."""

    def __init__(self, count, first_address):
        self.sources = [f"127.0.0.{first_address + i // 50}" for i in range(count)]
        self.socks = [None] * count
        self.reopened = 0

    def keep_open(self, on_open=lambda s: None):
        for i, s in enumerate(self.socks):
            if s is not None and alive(s):
                continue
            if s is not None:
                s.close()
                self.reopened += 1
            try:
                self.socks[i] = connect(self.sources[i])
                on_open(self.socks[i])
            except OSError:
                self.socks[i] = None

    def open_count(self):
        return sum(1 for s in self.socks if s is not None and alive(s))


def idle_attack(pool):
    while not stop.is_set():
        pool.keep_open()
        stop.wait(1)


def slowloris_attack(pool):
    def begin(s):
        s.sendall(b"GET /?q=bank HTTP/1.1\r\nHost: 127.0.0.1\r\n")

    line = 0
    while not stop.is_set():
        pool.keep_open(begin)
        for s in pool.socks:
            if s is None:
                continue
            try:
                s.sendall(b"X-Slow-%d: x\r\n" % line)
            except OSError:
                pass
        line += 1
        stop.wait(4)


def pathological_requests():
    wildcards = "+".join(c + "*" for c in "abcdefghijklmnopqrstuvwxy")
    ors = "+OR+".join(f"w{i}" for i in range(150))
    headers = "".join(f"X-{i}: v\r\n" for i in range(5000))
    targets = [
        f"/api/search?q={wildcards}",
        f"/api/search?q={ors}",
        "/api/search?q=the&page=1000",
        "/api/search?q=the&per_page=100000",
        "/api/search?q=the&per_page=100",
        "/?q=the+OR+a+OR+bank&page=999",
    ]
    requests = [f"GET {t} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" for t in targets]
    requests.append(f"GET /?q=bank HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n")
    return [r.encode() for r in requests]


def pathological_attack(statuses):
    requests = pathological_requests()
    i = 0
    while not stop.is_set():
        status, _ = exchange(requests[i % len(requests)], "127.0.0.9")
        statuses[status] = statuses.get(status, 0) + 1
        i += 1


def row(name, times, failures, idle_p50=None, idle_p99=None):
    if not times:
        return f"| {name} | - | - | - | {failures} |"
    p50, p99 = percentile(times, 50), percentile(times, 99)
    ratio = "" if idle_p50 is None else f"{p50 / idle_p50:.2f}x / {p99 / idle_p99:.2f}x"
    return f"| {name} | {p50:.2f} | {p99:.2f} | {ratio} | {failures} |"


def main():
    exchange(NORMAL)  # warm-up: searcher open, caches
    idle_times, idle_failures = measure()

    idle_pool, slow_pool, statuses = Pool(200, 2), Pool(66, 6), {}
    threads = [
        threading.Thread(target=idle_attack, args=(idle_pool,)),
        threading.Thread(target=slowloris_attack, args=(slow_pool,)),
    ]
    for t in threads:
        t.start()
    time.sleep(2)  # the attackers are in place
    held_idle, held_slow = idle_pool.open_count(), slow_pool.open_count()
    conn_times, conn_failures = measure()
    # The pathological client as well: its searches take CPU from the normal one (bounded by
    # the query limits, not by the transport).
    threads.append(threading.Thread(target=pathological_attack, args=(statuses,)))
    threads[-1].start()
    attack_start = time.perf_counter()
    attack_times, attack_failures = measure()
    attack_seconds = time.perf_counter() - attack_start
    exit_seconds = None
    if SERVER_PID is not None:
        os.kill(SERVER_PID, signal.SIGTERM)
        start = time.perf_counter()
        while os.path.exists(f"/proc/{SERVER_PID}") and time.perf_counter() - start < 60:
            with open(f"/proc/{SERVER_PID}/stat") as f:
                if f.read().split(") ")[1].startswith("Z"):
                    break  # exited, not yet reaped by its parent
            time.sleep(0.01)
        exit_seconds = time.perf_counter() - start
    stop.set()
    for t in threads:
        t.join()

    p50, p99 = percentile(idle_times, 50), percentile(idle_times, 99)
    answered = ", ".join(f"{k or 'none (reset)'} x{v}" for k, v in sorted(statuses.items()))
    print(f"Hostile clients against gazette-query serve on 127.0.0.1:{PORT}, {time.strftime('%F')},"
          f" {SAMPLES} normal queries per row, one every 50 ms (GET /api/search?q=bank&facets=0,"
          f" new connection each). {held_idle}/200 idle and {held_slow}/66 slowloris connections"
          f" were open when measuring began; {idle_pool.reopened} idle and {slow_pool.reopened}"
          f" slowloris connections were closed by the server (and reopened) during the attack;"
          f" pathological requests in {attack_seconds:.1f} s, by status: {answered}.")
    print()
    print("| normal query | p50 ms | p99 ms | vs idle (p50 / p99) | failed |")
    print("|---|---:|---:|---:|---:|")
    print(row("idle server", idle_times, idle_failures))
    print(row("200 idle + 66 slowloris connections", conn_times, conn_failures, p50, p99))
    print(row("the same + pathological requests", attack_times, attack_failures, p50, p99))
    print()
    for name, times, failures in (("connections", conn_times, conn_failures),
                                  ("all", attack_times, attack_failures)):
        ok = times and not failures and \
            percentile(times, 50) <= 2 * p50 and percentile(times, 99) <= 2 * p99
        print(f"Within 2x of idle ({name}): {'yes' if ok else 'NO'}")
    if exit_seconds is not None:
        print(f"SIGTERM to exit with the attackers connected: {exit_seconds:.2f} s")


main()
