#!/usr/bin/env python3
"""A failing SMTP server for scripts/fault-tests: aiosmtpd on 127.0.0.1 (no TLS, no AUTH)
whose handler misbehaves as asked, to reproduce delivery faults.

Usage: fault_smtp_server.py --outdir DIR --ready FILE [--reject ADDR] [--drop-data N]
                            [--hang-after-data SECONDS] [--trickle SECONDS]
                            [--slow-greeting SECONDS --slow-first N]

  --reject ADDR            answer RCPT TO:<ADDR> with 550 (every other recipient is taken)
  --drop-data N            for the first N messages, save the message, then close the
                           connection without answering the final dot (the reply is lost)
  --hang-after-data S      save the message, then wait S seconds before answering 250
  --trickle S              send the greeting as `220-` lines, one every S seconds, forever
  --slow-greeting S        for the first N connections (--slow-first), send three `220-`
                           lines S seconds apart before the greeting ends (each line alone
                           comes before a read timeout; all of them take longer)

Each message the server got (answered or not) is saved as NNN.eml plus NNN.json (the
envelope and whether it was answered). Writes its port to FILE once it listens; stops on
SIGTERM/SIGINT.
"""

import argparse
import asyncio
import json
import signal
import socket
import threading
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


class Faulty:
    def __init__(self, args):
        self.args = args
        self.outdir = Path(args.outdir)
        self.count = 0
        self.dropped = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.args.reject and address.lower() == self.args.reject.lower():
            return "550 5.1.1 <%s>: no such mailbox here" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def save(self, envelope, answered):
        with self.lock:
            self.count += 1
            stem = self.outdir / f"{self.count:03d}"
        Path(f"{stem}.eml").write_bytes(envelope.original_content or envelope.content)
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "answered": answered}
        Path(f"{stem}.json").write_text(json.dumps(meta))

    async def handle_DATA(self, server, session, envelope):
        if self.dropped < self.args.drop_data:
            self.dropped += 1
            self.save(envelope, False)
            server.transport.close()
            return "250 never seen"
        if self.args.hang_after_data:
            self.save(envelope, False)
            await asyncio.sleep(self.args.hang_after_data)
            return "250 OK late"
        self.save(envelope, True)
        return "250 OK"


class Trickling(SMTP):
    """Sends its greeting one `220-` line at a time."""

    every = 2.0

    async def push(self, status):
        text = status.decode() if isinstance(status, bytes) else status
        if text.startswith("220 ") and not getattr(self, "_greeted", False):
            self._greeted = True
            while True:
                await super().push("220-still getting ready")
                await asyncio.sleep(self.every)
        return await super().push(status)


class SlowGreeting(SMTP):
    """Greets the first `first` connections slowly, then ends the greeting as usual."""

    every = 2.0
    first = 0
    served = 0

    async def push(self, status):
        text = status.decode() if isinstance(status, bytes) else status
        if text.startswith("220 ") and not getattr(self, "_greeted", False):
            self._greeted = True
            SlowGreeting.served += 1
            if SlowGreeting.served <= SlowGreeting.first:
                for _ in range(3):
                    await super().push("220-still getting ready")
                    await asyncio.sleep(self.every)
        return await super().push(status)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--outdir", required=True)
    p.add_argument("--ready", required=True)
    p.add_argument("--reject")
    p.add_argument("--drop-data", type=int, default=0)
    p.add_argument("--hang-after-data", type=float, default=0)
    p.add_argument("--trickle", type=float, default=0)
    p.add_argument("--slow-greeting", type=float, default=0)
    p.add_argument("--slow-first", type=int, default=0)
    args = p.parse_args()
    Path(args.outdir).mkdir(parents=True, exist_ok=True)
    handler = Faulty(args)
    port = free_port()

    class Ctl(Controller):
        def factory(self):
            if args.trickle:
                Trickling.every = args.trickle
                return Trickling(self.handler, **self.SMTP_kwargs)
            if args.slow_greeting:
                SlowGreeting.every = args.slow_greeting
                SlowGreeting.first = args.slow_first
                return SlowGreeting(self.handler, **self.SMTP_kwargs)
            return SMTP(self.handler, **self.SMTP_kwargs)

    ctl = Ctl(handler, hostname="127.0.0.1", port=port, ready_timeout=10)
    ctl.start()
    Path(args.ready).write_text(str(port))
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    ctl.stop(no_assert=True)


if __name__ == "__main__":
    main()
