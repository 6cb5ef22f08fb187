"""A Redis that is down, three ways, on a loopback port of the benchmark's own.

The site's server for the outage cases is started with ``REDIS_URL`` pointing at this port; the benchmark then
switches what the port does:

* ``refused``: Redis stopped. The port is bound but nothing listens, so every connection attempt is answered
  at once with a reset (ECONNREFUSED).
* ``unreachable``: Redis's host gone or cut off, as a blackholed address. The port listens with a backlog of 0
  and its one queue slot is taken by a connection of the benchmark's own that is never accepted: the kernel
  then drops every further SYN without answering, so a client's connect times out (``socket_connect_timeout``)
  exactly as toward an address that swallows packets. Done in user space, on loopback: an unroutable address
  (10.255.255.1) would send packets off this machine, which the benchmark must not do, and netfilter rules
  need iptables/nft and privileges that a developer's machine may not have.
* ``hung``: Redis alive but stuck. The port accepts connections and reads what is sent, and never answers:
  every command waits for ``socket_timeout``.

:meth:`FaultyRedis.probe` checks from the outside that the port behaves as its mode says, before any figure is
taken.
"""
import selectors
import socket
import threading
import time

MODES = ("refused", "unreachable", "hung")


class FaultyRedis:
    def __init__(self):
        self.port = None
        self.mode = None
        self._selector = selectors.DefaultSelector()
        self._held = set()
        self._listener = None
        self._placeholder = None
        self._filler = None
        self._lock = threading.Lock()
        self._stop = False
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._selector.register(self._wake_r, selectors.EVENT_READ)
        self._thread = threading.Thread(target=self._loop, name="faulty-redis", daemon=True)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self):
        self._placeholder = self._bound()
        self.port = self._placeholder.getsockname()[1]
        self.mode = "refused"
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop = True
        self._wake_w.send(b"x")
        self._thread.join(timeout=5)
        with self._lock:
            self._close_all()

    def _bound(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port or 0))
        return sock

    def _close_all(self):
        for sock in list(self._held):
            self._forget(sock)
        for name in ("_listener", "_placeholder", "_filler"):
            sock = getattr(self, name)
            if sock is not None:
                if name == "_listener":
                    try:
                        self._selector.unregister(sock)
                    except (KeyError, ValueError):
                        pass
                sock.close()
                setattr(self, name, None)

    def _forget(self, sock):
        self._held.discard(sock)
        try:
            self._selector.unregister(sock)
        except (KeyError, ValueError):
            pass
        sock.close()

    def set_mode(self, mode):
        """Switch to ``mode`` (one of MODES): connections held so far are closed first."""
        if mode not in MODES:
            raise ValueError(mode)
        with self._lock:
            self._close_all()
            if mode == "refused":
                self._placeholder = self._bound()
            elif mode == "unreachable":
                self._listener = self._bound()
                self._listener.listen(0)
                # Take the one slot of the accept queue; nobody accepts it, so every later SYN is dropped.
                self._filler = socket.create_connection(("127.0.0.1", self.port), timeout=2)
            else:
                self._listener = self._bound()
                self._listener.listen(128)
                self._listener.setblocking(False)
                self._selector.register(self._listener, selectors.EVENT_READ)
            self.mode = mode
        self._wake_w.send(b"x")

    def _loop(self):
        while not self._stop:
            for key, _events in self._selector.select(timeout=0.5):
                sock = key.fileobj
                with self._lock:
                    if sock is self._wake_r:
                        try:
                            sock.recv(4096)
                        except BlockingIOError:
                            pass
                    elif sock is self._listener and self.mode == "hung":
                        try:
                            connection, _address = sock.accept()
                        except (BlockingIOError, OSError):
                            continue
                        connection.setblocking(False)
                        self._held.add(connection)
                        self._selector.register(connection, selectors.EVENT_READ)
                    elif sock in self._held:
                        try:
                            data = sock.recv(65536)  # read and drop: a hung server never answers
                        except BlockingIOError:
                            continue
                        except OSError:
                            data = b""
                        if not data:
                            self._forget(sock)  # the client gave up (its socket_timeout) and closed

    def probe(self, timeout=0.5):
        """(as expected, what a client sees), checked with a plain socket: a Redis PING on a fresh connection."""
        started = time.perf_counter()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            try:
                sock.connect(("127.0.0.1", self.port))
            except ConnectionRefusedError:
                return self.mode == "refused", f"connection refused after {_ms(started)}"
            except TimeoutError:
                return self.mode == "unreachable", f"connect timed out after {_ms(started)} (no answer to SYN)"
            sock.sendall(b"*1\r\n$4\r\nPING\r\n")
            try:
                answer = sock.recv(64)
            except TimeoutError:
                return self.mode == "hung", f"connected, no answer to PING within {_ms(started)}"
            return False, f"answered {answer!r}"
        finally:
            sock.close()


def _ms(started):
    return f"{(time.perf_counter() - started) * 1000:.0f} ms"
