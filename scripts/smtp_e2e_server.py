#!/usr/bin/env python3
"""A test SMTP server for scripts/smtp-e2e: aiosmtpd on 127.0.0.1 that requires STARTTLS
(or, with --implicit, speaks TLS from the first byte) and AUTH (over TLS only), and saves each accepted message as NNN.eml plus NNN.json (the
envelope, whether the session was encrypted, and who logged in).

Usage: smtp_e2e_server.py --cert CERT --key KEY --user USER --password-env VAR
                          --outdir DIR --ready FILE [--implicit]
Writes the port it listens on to FILE once it accepts connections; stops on SIGTERM/SIGINT.
"""

import argparse
import json
import os
import signal
import socket
import ssl
import threading
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Save:
    def __init__(self, outdir: Path):
        self.outdir = outdir
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            stem = self.outdir / f"{self.count:03d}"
        Path(f"{stem}.eml").write_bytes(envelope.original_content or envelope.content)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None
            or server.transport.get_extra_info("ssl_object") is not None,
            "login": session.auth_data.login.decode() if session.authenticated else None,
        }
        Path(f"{stem}.json").write_text(json.dumps(meta))
        return "250 Message accepted for delivery"


def authenticator(user: str, password: str):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    return check


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    p = argparse.ArgumentParser()
    for name in ("--cert", "--key", "--user", "--password-env", "--outdir", "--ready"):
        p.add_argument(name, required=True)
    p.add_argument("--implicit", action="store_true", help="implicit TLS instead of STARTTLS")
    args = p.parse_args()
    password = os.environ[args.password_env]
    outdir = Path(args.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    port = free_port()
    if args.implicit:
        # The whole connection is TLS; aiosmtpd's auth_require_tls only knows STARTTLS.
        tls = {"ssl_context": context, "auth_require_tls": False}
    else:
        tls = {"tls_context": context, "require_starttls": True, "auth_require_tls": True}
    controller = Controller(
        Save(outdir),
        hostname="127.0.0.1",
        port=port,
        server_hostname="localhost",
        authenticator=authenticator(args.user, password),
        auth_required=True,
        **tls,
    )
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    Path(args.ready).write_text(str(port))
    while not stop.wait(0.5):
        pass
    controller.stop()


if __name__ == "__main__":
    main()
