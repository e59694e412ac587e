"""Starting OPA processes so that none outlives govshare and none sees govshare's environment.

- **Never orphaned.** Each child asks the kernel (``prctl(PR_SET_PDEATHSIG, SIGKILL)``) to be killed when
  its parent dies — also when govshare is killed with SIGKILL, when no ``finally`` runs. The kernel sends
  it when the *thread* that forked the child ends, so every child is forked by one launcher thread that
  lives as long as the process (the dashboard starts its OPA from a Streamlit script thread that ends
  after the page is drawn). A child whose parent died before the ``prctl`` took effect exits at once.
- **An empty environment.** Policies can read the OPA process's environment through ``opa.runtime()``;
  each child gets only what it is given (:func:`spawn` ``env``), never govshare's (database URL,
  tokens of remote servers, the authority's paths).

See docs/decisions/0019-trust-and-integrity.md.
"""

from __future__ import annotations

import ctypes
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> Callable[[], None]:
    def preexec() -> None:  # runs in the child between fork and exec: async-signal-safe calls only
        if sys.platform.startswith("linux"):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the prctl: nobody would ever stop us
            os._exit(1)

    return preexec


_jobs: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]] = queue.SimpleQueue()
_launcher: threading.Thread | None = None
_launcher_lock = threading.Lock()


def _serve() -> None:
    while True:
        fn, fut = _jobs.get()
        try:
            fut.set_result(fn())
        except BaseException as e:  # noqa: BLE001 - handed back to the caller's thread
            fut.set_exception(e)


def _on_launcher(fn: Callable[[], Any]) -> Any:
    global _launcher
    with _launcher_lock:
        if _launcher is None or not _launcher.is_alive():
            _launcher = threading.Thread(target=_serve, name="govshare-opa-launcher", daemon=True)
            _launcher.start()
    fut: Future[Any] = Future()
    _jobs.put((fn, fut))
    return fut.result()


def spawn(cmd: list[str], env: dict[str, str] | None = None, **kwargs: Any) -> subprocess.Popen[Any]:
    """``subprocess.Popen(cmd)`` from the launcher thread, killed with govshare, with only ``env``."""
    parent = os.getpid()
    return _on_launcher(
        lambda: subprocess.Popen(cmd, env=dict(env or {}), preexec_fn=_die_with(parent), **kwargs)
    )


def run(
    cmd: list[str],
    *,
    timeout: float,
    cwd: Any = None,
    env: dict[str, str] | None = None,
    input: bytes | None = None,
    pass_fds: tuple[int, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """``subprocess.run`` for a short OPA command (build, eval, inspect), with the same guarantees."""
    proc = spawn(
        cmd,
        env=env,
        cwd=cwd,
        pass_fds=pass_fds,
        stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        out, err = proc.communicate(input=input, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    return subprocess.CompletedProcess(
        cmd, proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    )
