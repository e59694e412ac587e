"""A signed bundle as OPA verified it, for the one-shot commands that have no signature check of their own.

``opa run`` verifies a signed bundle when it loads it (``--verification-key``); ``opa eval`` and ``opa
inspect`` do not. :func:`verified_copy` has OPA verify the bundle with the server's flags (``opa build
--verification-key …``) into an anonymous in-memory file (``memfd_create``) and yields its path
(``/proc/self/fd/N``, passed to the child): the one-shot reads what was verified, nothing can change it in
between, and nothing is left on disk on any exit path (docs/decisions/0019-trust-and-integrity.md).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from evaluator.engine.binary import opa_binary, run
from evaluator.engine.signing import SIGNATURE_FAILURES, signature_refused
from evaluator.errors import OpaError


class BundleToVerify(Protocol):
    """What the check reads of a bundle (``evaluator.engine.bundle.Bundle`` is one): where it is, its
    revision, and the key it must be verified with (None: unsigned working policies). A protocol, not an
    import: the bundle's catalog is read through :func:`verified_copy`, so ``bundle`` imports this module
    and this one must not import it back."""

    @property
    def path(self) -> Path: ...
    @property
    def revision(self) -> str: ...
    @property
    def adopted_revision(self) -> str | None: ...
    @property
    def verification_key(self) -> Path | None: ...
    @property
    def key_id(self) -> str | None: ...
    @property
    def algorithm(self) -> str | None: ...


def verification_flags(bundle: BundleToVerify) -> list[str]:
    """What OPA needs to refuse a bundle unless every file matches the authority's signature (none for
    unsigned working policies)."""
    if bundle.verification_key is None:
        return []
    return [
        "--verification-key",
        str(bundle.verification_key),
        "--verification-key-id",
        str(bundle.key_id),
        "--signing-alg",
        str(bundle.algorithm or "RS256"),
    ]


@contextmanager
def verified_copy(bundle: BundleToVerify) -> Iterator[tuple[str, tuple[int, ...]]]:
    """(path, file descriptors to pass to the child) of the bundle a one-shot command may read: the bundle
    itself when unsigned, else OPA's verified copy in memory. A failed check raises OpaError with the
    server's signature message."""
    if bundle.verification_key is None:
        yield str(bundle.path), ()
        return
    fd = os.memfd_create("govshare-verified-bundle", os.MFD_CLOEXEC)
    try:
        path = f"/proc/self/fd/{fd}"
        try:
            build = [str(opa_binary()), "build", "--bundle", str(bundle.path), "--output", path]
            run([*build, *verification_flags(bundle)], pass_fds=(fd,))
        except OpaError as e:
            if any(m in str(e) for m in SIGNATURE_FAILURES):
                raise OpaError(
                    signature_refused(bundle.revision, bundle.adopted_revision, bundle.key_id, str(e))
                ) from e
            raise
        yield path, (fd,)
    finally:
        os.close(fd)
