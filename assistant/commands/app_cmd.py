"""`jixiao app [--host H] [--port P]`: the Streamlit UI on the packaged app file.

Listens on 127.0.0.1 by default: pasted budget data stays on this computer unless the user
asks for another interface (`--host 0.0.0.0`). Headless, no usage statistics, no file watcher.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8501


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("app", help="启动网页界面（默认只在本机 127.0.0.1:8501 上可访问）")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help="监听地址（默认 127.0.0.1，仅本机；0.0.0.0 会向局域网开放）")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="端口（默认 8501）")


def app_file() -> Path:
    """The packaged app (assistant/ui/app_main.py), wherever jixiao is installed."""
    return Path(str(files("assistant.ui") / "app_main.py"))


def streamlit_command(host: str, port: int) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(app_file()),
        "--server.address", host,
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
        # as .streamlit/config.toml in a checkout: no Deploy menu or English developer options,
        # the upload limit the app states in Chinese (assistant/ui/limits.py)
        "--client.toolbarMode", "minimal",
        "--client.showErrorDetails", "none",
        "--server.maxUploadSize", "20",
    ]


def run(args: argparse.Namespace) -> int:
    command = streamlit_command(args.host, args.port)
    print(f"绩效目标助手：http://{args.host}:{args.port} （Ctrl+C 退出）", file=sys.stderr, flush=True)
    if os.name == "posix":  # become streamlit: signals reach it directly, no orphan server
        os.execv(command[0], command)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 130
