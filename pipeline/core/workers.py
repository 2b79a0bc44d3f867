"""Worker processes forked to render beside the main one: they end with it, and hold none of its locks.

A forked worker inherits every open file of its parent, the output folder's lock among them
(write.py closes its copy at the fork), and nothing would end it if its parent were killed: it
would wait for work forever. On Linux the system is asked to kill it when its parent ends.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def forked_pool(workers: int, initializer: Callable | None = None, initargs: tuple = ()) -> (
        concurrent.futures.ProcessPoolExecutor):
    """Return a pool of forked workers that end when this process ends.

    The system watches the thread that forks them: make the pool in the thread that waits for it.
    """
    return concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_started,
        initargs=(os.getpid(), initializer, initargs))


def _started(parent: int, initializer: Callable | None, initargs: tuple) -> None:
    die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def die_with_parent(parent: int) -> None:
    """Have the system kill this process when its parent ends; end at once if it has already ended."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)
