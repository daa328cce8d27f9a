#!/usr/bin/env python3
"""Times a terminal program from the outside, in a pseudo-terminal of 80x24.

Its output is fed to a terminal emulator (pyte), so what is timed is what a runner would see
on screen, however the program spreads its drawing over writes.

  first-frame [--marker TEXT] -- CMD...
      milliseconds from starting CMD until TEXT is on screen (without a marker: until the
      first burst of output has ended, i.e. nothing more came for 50 ms).

  deadline --after SECONDS [--enter-on TEXT] (--marker TEXT | --exit | --touched PATH) -- CMD...
      milliseconds between the moment the countdown is due to reach zero and the moment it
      shows: the reference instant is when Enter was sent (after TEXT appeared) or, without
      --enter-on, when the first frame appeared; zero is due SECONDS later. With --exit the
      program's own exit marks the end (for programs that quit at zero); with --touched, the
      moment PATH appears (for programs that run a command at zero).

Prints one number per run; --runs N repeats.
"""

import argparse
import os
import pty
import select
import signal
import struct
import sys
import termios
import fcntl
import time

import pyte

COLUMNS, ROWS = 80, 24


class Child:
    def __init__(self, argv):
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["TERM"] = "xterm-256color"
            os.execvp(argv[0], argv)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.ended = None

    def text(self):
        return "\n".join(self.screen.display)

    def pump(self, timeout):
        """Reads what is there within `timeout` seconds; returns the time of the read, or None."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        now = time.perf_counter()
        if not data:
            self.ended = now
            return None
        self.stream.feed(data)
        return now

    def wait_for(self, marker, limit):
        """The time `marker` first shows on screen."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline and self.ended is None:
            at = self.pump(0.5)
            if at is not None and marker in self.text():
                return at
        raise SystemExit(f"{marker!r} never showed; the screen:\n{self.text()}")

    def wait_for_exit(self, limit):
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline and self.ended is None:
            self.pump(0.5)
        if self.ended is None:
            raise SystemExit("the program did not end")
        return self.ended

    def wait_for_file(self, path, limit):
        """The time `path` appears, looked for every millisecond while the output is read."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            self.pump(0.001)
            if os.path.exists(path):
                return time.perf_counter()
        raise SystemExit(f"{path} never appeared")

    def first_burst(self, limit):
        first = None
        last = None
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            at = self.pump(0.05 if first else 1.0)
            if at is None:
                if first is not None:
                    return last
                continue
            first = first or at
            last = at
        raise SystemExit("no output")

    def stop(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            while self.pump(0.2) is not None:
                pass
        except OSError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.fd)


def first_frame(args):
    child = Child(args.cmd)
    try:
        if args.marker:
            at = child.wait_for(args.marker, 10)
        else:
            at = child.first_burst(10)
        return (at - child.started) * 1000
    finally:
        child.stop()


def deadline(args):
    child = Child(args.cmd)
    try:
        if args.enter_on:
            child.wait_for(args.enter_on, 10)
            reference = time.perf_counter()
            os.write(child.fd, b"\r")
        else:
            reference = child.first_burst(10)
        due = reference + args.after
        if args.exit:
            shown = child.wait_for_exit(args.after + 30)
        elif args.touched:
            shown = child.wait_for_file(args.touched, args.after + 30)
        else:
            shown = child.wait_for(args.marker, args.after + 30)
        return (shown - due) * 1000
    finally:
        child.stop()


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("first-frame")
    one.add_argument("--marker")
    two = sub.add_parser("deadline")
    two.add_argument("--after", type=float, required=True)
    two.add_argument("--enter-on")
    two.add_argument("--marker")
    two.add_argument("--exit", action="store_true")
    two.add_argument("--touched")
    for p in (one, two):
        p.add_argument("--runs", type=int, default=1)
        p.add_argument("cmd", nargs="+")
    args = parser.parse_args()
    measure = first_frame if args.what == "first-frame" else deadline
    for _ in range(args.runs):
        print(f"{measure(args):.2f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
