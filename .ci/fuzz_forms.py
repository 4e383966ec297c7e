"""Random bodies against every form of the portal: run by .ci/fuzz (README command 2).

Logs in as each demo user, walks the pages it can reach (same site, GET only), collects every
POST form and posts mutated versions of it (wrong types, huge, control characters, missing and
repeated fields, random files, garbage bodies) with a valid CSRF token, until the time budget
is spent. Any answer of 500 or more is a failure; the script prints each one and exits 1.
"""

import hashlib
import hmac
import html.parser
import os
import struct
import random
import re
import sys
import time
import urllib.parse

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

BASE = sys.argv[1].rstrip("/")
SECONDS = float(os.environ.get("FUZZ_SECONDS", "60"))
PASSWORD = "Demo-Portal-2026"
# The demo staff's shared second factor (the README gives it for an authenticator app).
TOTP_SECRET = b"12345678901234567890"
USERS = [None, "13800138000", "clerk.scjg", "supervisor.scjg", "operator", "vendor.yunqi"]
# Posting these ends the session or the demo's ability to go on; they are fuzzed last, once.
AVOID = ("/logout",)
START = ["/", "/services", "/cases", "/account", "/notifications", "/workbench", "/admin",
         "/market", "/market/vendor", "/market/subscriptions", "/wallet", "/register",
         "/register/enterprise", "/login", "/admin/market", "/admin/deliveries"]
random.seed(int(os.environ.get("FUZZ_SEED", "20261204")))


class Forms(html.parser.HTMLParser):
    """Links and POST forms (action, enctype, fields) of one page."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self.form = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and (a.get("method") or "").lower() == "post":
            self.form = {"action": a.get("action") or "", "enctype": a.get("enctype") or "",
                         "fields": []}
            self.forms.append(self.form)
        elif tag in ("input", "textarea", "select", "button") and self.form is not None:
            if a.get("name"):
                kind = (a.get("type") or tag).lower()
                self.form["fields"].append((a["name"], a.get("value") or "", kind))

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None


def token(page):
    m = re.search(r'name="csrf_token" value="([^"]+)"', page)
    return m.group(1) if m else ""


def totp(step):
    """RFC 6238 with SHA-1, six digits, for the 30-second `step`."""
    mac = hmac.new(TOTP_SECRET, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def session():
    """A client that, like a browser, sends a page request again when the keep-alive connection
    it reused turns out closed: the portal closes a connection after refusing a body it did not
    read (too large, too slow), and the close can cross the next request on the wire."""
    s = requests.Session()
    again = Retry(total=3, connect=3, read=3, status=0, other=0, backoff_factor=0,
                  allowed_methods=frozenset(["GET"]), raise_on_status=False)
    s.mount("http://", HTTPAdapter(max_retries=again))
    return s


def login(user):
    """A session of `user` (None: nobody), or None when a staff login's second step is spent
    (each 30-second code works once; the caller keeps its earlier session then)."""
    s = session()
    s.headers["Accept-Language"] = random.choice(["zh-CN", "en"])
    if user:
        page = s.get(BASE + "/login", timeout=30).text
        r = s.post(BASE + "/login", data={"account": user, "password": PASSWORD,
                                         "csrf_token": token(page)},
                   allow_redirects=False, timeout=30)
        if r.status_code >= 400:
            raise SystemExit(f"cannot log in as {user}: {r.status_code}")
        if "/login/second-factor" in r.headers.get("location", ""):
            step = int(time.time()) // 30
            for candidate in (step, step + 1):
                page = s.get(BASE + "/login/second-factor", timeout=30).text
                r = s.post(BASE + "/login/second-factor",
                           data={"code": totp(candidate), "csrf_token": token(page)},
                           allow_redirects=False, timeout=30)
                if r.status_code == 303:
                    return s
            return None
    return s


def crawl(s, limit=120):
    seen, queue, forms = set(), list(START), {}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        r = s.get(BASE + path, timeout=30)
        check("GET", path, r)
        if "text/html" not in r.headers.get("content-type", ""):
            continue
        parser = Forms()
        parser.feed(r.text)
        for form in parser.forms:
            action = urllib.parse.urljoin(path, form["action"] or path)
            forms.setdefault(urllib.parse.urlsplit(action).path, (action, form))
        for href in parser.links:
            url = urllib.parse.urlsplit(urllib.parse.urljoin(path, href))
            if url.netloc or url.scheme not in ("", "http") or url.path.startswith(("/pkg", "/files")):
                continue
            target = url.path + (("?" + url.query) if url.query else "")
            if target not in seen and len(queue) < 4 * limit:
                queue.append(target)
    return list(forms.values())


STRINGS = ["", " ", "0", "-1", "1e309", "NaN", "9" * 40, "张三" * 3000, "a" * 70000,
           "\x00\x01\x1f", "\t/evil.example/", "//evil.example", "<script>x</script>",
           "'; drop table cases; --", "../../etc/passwd", "\u202e\ufeff", "\ud7ff",
           "2026-02-30", "99999999-9999", "https://127.0.0.1:1/", "true", "[]", "{}",
           "00000000-0000-0000-0000-000000000000", "%ff%fe", "🙂" * 100]


def mutate(fields):
    pairs = [(n, v) for n, v, kind in fields if kind not in ("submit", "file")]
    buttons = [(n, v) for n, v, kind in fields if kind == "submit" or kind == "button"]
    out = []
    for name, value in pairs:
        roll = random.random()
        if roll < 0.15:
            continue  # missing
        if roll < 0.6 and name != "csrf_token":
            value = random.choice(STRINGS)
        out.append((name, value))
        if random.random() < 0.1:
            out.append((name, random.choice(STRINGS)))  # repeated
    if buttons:
        out.append(random.choice(buttons))
    if random.random() < 0.3:
        out.append((random.choice(["x", "members.999.name", "a..b", "next", "lang"]),
                    random.choice(STRINGS)))
    return out


def post(s, action, form, page_token):
    fields = [(n, v, k) for n, v, k in form["fields"]]
    data = mutate(fields)
    data = [(n, page_token if n == "csrf_token" else v) for n, v in data]
    sep = "&" if "?" in action else "?"
    url = BASE + action
    if form["enctype"] == "multipart/form-data":
        files = [(n, (random.choice(["a.pdf", "b.jpg", "../x", "名.png", ""]),
                      os.urandom(random.randint(0, 5000)),
                      random.choice(["application/pdf", "image/jpeg", "text/html", ""])))
                 for n, _, k in fields if k == "file" and random.random() < 0.7]
        if "csrf_token=" not in action:
            url += f"{sep}csrf_token={page_token}"
        return s.post(url, data=data, files=files or None, allow_redirects=False, timeout=60)
    if random.random() < 0.1:
        body = os.urandom(random.randint(0, 2000))
        return s.post(url, data=body, allow_redirects=False, timeout=60,
                      headers={"content-type": "application/x-www-form-urlencoded",
                               "x-csrf-token": page_token})
    return s.post(url, data=data, allow_redirects=False, timeout=60)


failures = []


def check(method, path, r):
    if r.status_code >= 500:
        failures.append(f"{method} {path} -> {r.status_code}: {r.text[:300]!r}")


def main():
    deadline = time.monotonic() + SECONDS
    sessions = []
    for user in USERS:
        s = login(user)
        if s is None:
            raise SystemExit(f"cannot pass the second factor as {user}")
        sessions.append((user, s, crawl(s)))
    total = sum(len(f) for _, _, f in sessions)
    print(f"forms found: {total} across {len(sessions)} users")
    posts = closed = 0
    while time.monotonic() < deadline:
        user, s, forms = random.choice(sessions)
        candidates = [f for f in forms if not f[0].startswith(AVOID)]
        if not candidates:
            continue
        action, form = random.choice(candidates)
        page = s.get(BASE + "/", timeout=30).text  # the token of this session
        try:
            r = post(s, action, form, token(page))
        except requests.ConnectionError:
            # A refused oversize body may be cut off before its answer is read; a portal that
            # died instead fails the next page request, which is retried before it counts.
            closed += 1
            continue
        posts += 1
        check("POST", action, r)
        if user and r.status_code in (303, 302) and "/login" in r.headers.get("location", ""):
            # A mutation signed the user out (e.g. a language switch with a bad next): again.
            idx = [u for u, _, _ in sessions].index(user)
            again = login(user)
            if again is not None:
                sessions[idx] = (user, again, forms)
    print(f"posted {posts} mutated forms in {SECONDS:.0f} s ({closed} more cut off by the portal "
          f"before their answer); {len(failures)} answers of 500+")
    for failure in failures[:50]:
        print("  " + failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
