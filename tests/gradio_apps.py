"""Shared by the Gradio tests: a free port, an app launched for one test module, an exported Space folder
started in a fresh process. Both hand back a real `gradio_client.Client`."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # never reach the network (telemetry, version checks)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def launched(app: Any) -> Iterator[Any]:
    "Launch `app` on localhost (no share link) and yield a client for it; close the app afterwards."
    from gradio_client import Client

    app.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True, share=False,
               quiet=True, inline=False)
    try:
        yield Client(app.local_url, verbose=False, download_files=False)
    finally:
        app.close(verbose=False)


@contextlib.contextmanager
def running_space(folder: Path, timeout: float = 40) -> Iterator[Any]:
    "Start a Space folder's app.py in a fresh Python (not this checkout's path) and yield a client once it answers."
    from gradio_client import Client

    port = free_port()
    script = (f"import app; app.app.launch(server_name='127.0.0.1', server_port={port}, prevent_thread_lock=True, "
              "quiet=True); import time; time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=folder, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONPATH": ""})
    try:
        deadline = time.time() + timeout
        while True:
            try:
                client = Client(f"http://127.0.0.1:{port}/", verbose=False, download_files=False)
                break
            except Exception:
                if proc.poll() is not None or time.time() > deadline:
                    raise AssertionError(f"the exported app did not start: {proc.stderr.read()[-2000:]}") from None
                time.sleep(0.3)
        yield client
    finally:
        proc.kill()
        proc.wait()
