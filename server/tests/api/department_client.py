#!/usr/bin/env python3
"""A department system written from the published protocol document alone, in another
language than the portal and with Python's standard library only (the test foreign_client.rs
drives it).

It first checks its own signing against the worked example in /api/openapi.json, then serves
POST /cases and POST /cases/{id}/events on 127.0.0.1 (verifying each request's signature,
timestamp and nonce, answering a repeated Idempotency-Key with its first answer) and prints
every delivery it stores. Commands on standard input make signed requests to the portal:

    GET <path>            e.g. GET /api/v1/services
    POST <path> <json>    e.g. POST /api/v1/cases/<id>/status {"protocol": "portal.v1", ...}

Output lines: EXAMPLE-OK, LISTENING <port>, RECEIVED <json>, ANSWER <status> <json>.
Environment: PORTAL_URL, DEPARTMENT, KEY_HEX.
"""
import hashlib
import hmac
import json
import os
import re
import secrets
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORTAL = os.environ["PORTAL_URL"].rstrip("/")
DEPARTMENT = os.environ["DEPARTMENT"]
KEY = bytes.fromhex(os.environ["KEY_HEX"])
WINDOW_SECS = 300

_out = threading.Lock()
_seen_nonces = set()
_answers = {}  # Idempotency-Key -> first answer


def say(*parts):
    with _out:
        print(*parts, flush=True)


def derived(key, use):
    """K_use = HMAC-SHA256(key, "portal-signing-v2/" + use)."""
    return hmac.new(key, ("portal-signing-v2/" + use).encode(), hashlib.sha256).digest()


def signature(key, method, path_and_query, timestamp, nonce, idempotency_key, body):
    """hex(HMAC-SHA256(key, METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nIDEMPOTENCY_KEY\\nhex(SHA-256(body))))."""
    signed = "\n".join(
        [
            method.upper(),
            path_and_query,
            timestamp,
            nonce,
            idempotency_key,
            hashlib.sha256(body).hexdigest(),
        ]
    )
    return hmac.new(key, signed.encode(), hashlib.sha256).hexdigest()


def check_worked_example():
    with urllib.request.urlopen(PORTAL + "/api/openapi.json") as response:
        text = json.load(response)["info"]["description"]
    key = re.search(r"Key \(hex\) `([0-9a-f]{64})`", text).group(1)
    method, path = re.search(r"request `([A-Z]+) ([^`]+)`", text).groups()
    timestamp = re.search(r"timestamp `([0-9]+)`", text).group(1)
    nonce = re.search(r"nonce `([0-9a-f]+)`", text).group(1)
    body = re.search(r"body `(\{[^`]*\})`", text).group(1).encode()
    expected_key = re.search(r"system-to-portal key \(hex\) `([0-9a-f]{64})`", text).group(1)
    expected = re.search(r"X-Portal-Signature: v2=([0-9a-f]{64})", text).group(1)
    to_portal = derived(bytes.fromhex(key), "system-to-portal")
    mine = signature(to_portal, method, path, timestamp, nonce, "", body)
    if to_portal.hex() != expected_key or mine != expected:
        say("EXAMPLE-MISMATCH", to_portal.hex(), mine, expected)
        sys.exit(1)
    say("EXAMPLE-OK")


class Department(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, message):
        data = json.dumps(message).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def refuse(self, status, code):
        self.answer(status, {"error": {"code": code, "message": code}})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = self.headers
        timestamp = headers.get("X-Portal-Timestamp", "")
        nonce = headers.get("X-Portal-Nonce", "")
        given = headers.get("X-Portal-Signature", "")
        if headers.get("X-Portal-Department") != DEPARTMENT:
            return self.refuse(401, "unknown_department")
        idempotency_key = headers.get("Idempotency-Key", "")
        mine = signature(
            derived(KEY, "portal-to-system"), "POST", self.path, timestamp, nonce, idempotency_key, body
        )
        if not given.startswith("v2=") or not hmac.compare_digest(given[3:], mine):
            return self.refuse(401, "bad_signature")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > WINDOW_SECS:
            return self.refuse(401, "stale_timestamp")
        with _out:
            if nonce in _seen_nonces:
                return self.refuse(401, "replayed_nonce")
            _seen_nonces.add(nonce)
            key = headers.get("Idempotency-Key", "")
            if key in _answers:
                return self.answer(200, _answers[key])
            message = json.loads(body)
            first = {"received": True, "reference": "PY-" + key[:8]}
            _answers[key] = first
        say("RECEIVED", json.dumps({"path": self.path, "key": key, "message": message}))
        self.answer(200, first)


def call(method, path, message=None):
    body = b"" if message is None else json.dumps(message).encode()
    timestamp = str(int(time.time()))
    nonce = secrets.token_hex(16)
    request = urllib.request.Request(
        PORTAL + path, data=body if method == "POST" else None, method=method
    )
    request.add_header("Content-Type", "application/json")
    request.add_header("X-Portal-Department", DEPARTMENT)
    request.add_header("X-Portal-Timestamp", timestamp)
    request.add_header("X-Portal-Nonce", nonce)
    request.add_header(
        "X-Portal-Signature",
        "v2=" + signature(derived(KEY, "system-to-portal"), method, path, timestamp, nonce, "", body),
    )
    try:
        with urllib.request.urlopen(request) as response:
            status, data = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, data = error.code, error.read()
    say("ANSWER", status, data.decode() or "null")


def main():
    check_worked_example()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Department)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    say("LISTENING", server.server_address[1])
    for line in sys.stdin:
        parts = line.strip().split(" ", 2)
        if parts[0] == "GET":
            call("GET", parts[1])
        elif parts[0] == "POST":
            call("POST", parts[1], json.loads(parts[2]))
        elif parts[0] == "QUIT":
            break
    server.shutdown()


if __name__ == "__main__":
    main()
