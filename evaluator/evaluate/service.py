"""The evaluation service of a long-lived process (the dashboard): one OPA server, always on the bundle
in force.

A command starts OPA for one evaluation and stops it; the dashboard keeps one server for every page of
every session. That server is keyed on the bundle it runs (revision, signature, verification key): each
use first builds (or reuses) the bundle of the policy tree in force now, and when the authority changed
it (``govshare authority set …``, ``govshare calendar add-year``, ``govshare policy adopt``, or the same
on the upkeep page) a new server is started on the new bundle and the old one is stopped as soon as the
evaluations still running on it have finished. The dashboard never handles OPA itself: it asks this
service (``lease`` for the consumers that take a server, ``evaluate_stored``/``evaluate_loaded``, the rule
``catalog``), and nothing of :mod:`evaluator.engine` crosses into it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from evaluator.engine import Bundle, OpaServer, Stamp, build_bundle, rule_catalog, tree_stamp
from evaluator.evaluate import api
from evaluator.evaluate.report import Report
from evaluator.intake.files import LoadedSnapshot


def bundle_key(bundle: Bundle) -> tuple[str, str | None, str | None]:
    """What makes two bundles the same server: the policies' content, and how OPA verifies them (a
    ``policy adopt`` signs the same content: the server must then verify the signature)."""
    key = str(bundle.verification_key) if bundle.verification_key is not None else None
    return (bundle.revision, bundle.signature_sha256, key)


class Evaluations:
    """One OPA server for the process, restarted on the bundle in force whenever that changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._server: OpaServer | None = None
        self._key: tuple[str, str | None, str | None] | None = None
        self._stamp: Stamp | None = None  # tree_stamp() when self._server's bundle was built
        self._leases: dict[int, int] = {}  # id(server) -> evaluations running on it
        self._retired: dict[int, OpaServer] = {}  # replaced servers still in use

    def _current(self) -> OpaServer:
        """The server on the bundle in force (called with the lock held)."""
        alive = self._server is not None and self._server.process.poll() is None
        stamp = tree_stamp()
        if alive and self._stamp is not None and self._stamp.settled and stamp == self._stamp:
            assert self._server is not None
            return self._server  # no policy file changed since its bundle was built
        bundle = build_bundle()
        key = bundle_key(bundle)
        self._stamp = stamp
        if alive and key == self._key:
            assert self._server is not None
            return self._server
        old, self._server, self._key = self._server, OpaServer(bundle), key
        if old is not None:
            if self._leases.get(id(old)):
                self._retired[id(old)] = old  # stopped when its last evaluation returns
            else:
                old.stop()
        return self._server

    @contextmanager
    def lease(self) -> Iterator[OpaServer]:
        """The server on the bundle in force, for one evaluation (it is not stopped while in use)."""
        with self._lock:
            server = self._current()
            self._leases[id(server)] = self._leases.get(id(server), 0) + 1
        try:
            yield server
        finally:
            with self._lock:
                n = self._leases[id(server)] - 1
                if n:
                    self._leases[id(server)] = n
                else:
                    del self._leases[id(server)]
                    retired = self._retired.pop(id(server), None)
                    if retired is not None:
                        retired.stop()

    def revision(self) -> str:
        """The revision of the bundle in force now (a content hash; cheap when it is already built)."""
        return build_bundle().revision

    def catalog(self) -> dict[str, dict[str, Any]]:
        """The rule catalog of the bundle in force (every rule's METADATA)."""
        return rule_catalog(build_bundle())

    def policies_root(self) -> Path:
        """The policy tree in force (the shipped policies with the authority's files laid over them)."""
        return build_bundle().root

    def evaluate_stored(self, period: int | None = None, *, url: str | None = None) -> Report:
        """``api.evaluate_stored`` of the whole county on the bundle in force (stored as a county run)."""
        with self.lease() as server:
            return api.evaluate_stored(period, url=url, server=server)

    def evaluate_loaded(
        self,
        loaded: Sequence[LoadedSnapshot],
        *,
        url: str | None = None,
        store: bool = True,
        waivers: Sequence[dict[str, Any]] | None = None,
    ) -> Report:
        """``api.evaluate_loaded`` on the bundle in force."""
        with self.lease() as server:
            return api.evaluate_loaded(loaded, server=server, url=url, store=store, waivers=waivers)

    def stop(self) -> None:
        """Stop every server (at the process's exit)."""
        with self._lock:
            for server in [self._server, *self._retired.values()]:
                if server is not None:
                    server.stop()
            self._server, self._key = None, None
            self._retired.clear()
