"""Install the wheel outside the checkout and use it like a user: `python scripts/wheel_smoke.py`.

1. `uv build` (sdist, then the wheel from the sdist) into a temporary folder; the wheel must hold
   the knowledge base, the prompts, the app and the UI examples, and not the raw corpus.
2. A fresh venv in that folder; the wheel installed with its dependencies from the registry
   (uv with a cache inside the temporary folder, so nothing is kept after the run; pip when uv
   is missing).
3. From another working folder, with the installed `jixiao`: `check` on a seed copied there,
   `draft` on a project text, `kb build`, `kb search`, the packaged app run once headless
   (AppTest) and `jixiao app --port FREE` until `/_stcore/health` answers "ok".
4. The checkout's `jixiao` runs the same `check` and `draft` in the same folder: the JSON must
   be byte-identical.

Exit 0 when all pass, 1 on a failure, 77 when the registry cannot be reached (the pytest
wrapper, tests/test_wheel.py, then skips with that reason). Timings go to stdout.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKOUT_BIN = Path(sys.executable).parent
SEED = ROOT / "tests" / "fixtures" / "seeds" / "002.txt"
DRAFT_CASE = ROOT / "evals" / "cases" / "draft" / "000-cadre-pay.json"
SKIP = 77
MUST_SHIP = (
    "assistant/data/knowledge_base/taxonomy.json",
    "assistant/data/knowledge_base/guidance/INDEX.json",
    "assistant/data/knowledge_base/tables/k001.json",
    "assistant/data/prompts/draft_v1.md",
    "assistant/ui/app_main.py",
    "assistant/ui/examples.json",
    "assistant/ui/.streamlit/config.toml",
)


class Skip(Exception):
    """The registry is unreachable: nothing to say about the wheel."""


def log(message: str) -> None:
    print(message, flush=True)


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 600,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    name = " ".join(Path(c).name if i == 0 else c for i, c in enumerate(command[:4]))
    log(f"  {time.perf_counter() - started:6.1f} s  {name}  → {done.returncode}")
    if check and done.returncode != 0:
        raise RuntimeError(f"{command} failed ({done.returncode}):\n{done.stdout[-3000:]}\n"
                           f"{done.stderr[-3000:]}")
    return done


def index_url(env: dict[str, str]) -> str:
    for key in ("UV_DEFAULT_INDEX", "UV_INDEX_URL", "PIP_INDEX_URL"):
        if env.get(key):
            return env[key].split()[0]
    return "https://pypi.org/simple/"


def probe_registry(env: dict[str, str]) -> None:
    url = index_url(env).rstrip("/") + "/pip/"
    if url.startswith("file:"):
        return
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            response.read(64)
    except OSError as exc:
        raise Skip(f"package registry unreachable ({url}: {exc})") from exc


def clean_env(tmp: Path) -> dict[str, str]:
    """The user's environment minus everything that points at this checkout or its venv."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("JIXIAO_") and k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["JIXIAO_DATA_DIR"] = str(tmp / "user-data")  # empty: no user KB on either side
    env["UV_CACHE_DIR"] = str(tmp / "uv-cache")  # nothing cached outside the run
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if Path(p).resolve() != CHECKOUT_BIN.resolve())
    return env


def uv_exe() -> str | None:
    local = CHECKOUT_BIN / "uv"
    return str(local) if local.exists() else shutil.which("uv")


def build_wheel(tmp: Path, env: dict[str, str]) -> Path:
    dist = tmp / "dist"
    uv = uv_exe()
    if uv:
        run([uv, "build", "--out-dir", str(dist), str(ROOT)], tmp, env)
    else:
        run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(ROOT)], tmp, env)
    wheel = next(dist.glob("jixiao-*.whl"))
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [n for n in MUST_SHIP if n not in names]
    if missing or any("/corpus/" in n for n in names):
        raise RuntimeError(f"wheel contents wrong: missing {missing}, or the raw corpus shipped")
    log(f"  wheel {wheel.name}: {len(names)} files, {wheel.stat().st_size // 1024} KiB")
    return wheel


def install(wheel: Path, tmp: Path, env: dict[str, str]) -> Path:
    venv = tmp / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    uv = uv_exe()
    if uv:
        run([uv, "venv", "-q", "--python", base, str(venv)], tmp, env)
        done = run([uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"),
                    str(wheel)], tmp, env, check=False)
    else:
        run([base, "-m", "venv", str(venv)], tmp, env)
        done = run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
                   tmp, env, check=False)
    if done.returncode != 0:
        text = done.stderr + done.stdout
        if any(w in text for w in ("Failed to fetch", "connect", "timed out", "dns", "Network")):
            raise Skip(f"package registry unreachable while installing: {text[-400:]}")
        raise RuntimeError(f"installing the wheel failed:\n{text[-3000:]}")
    return venv


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def app_health(jixiao: Path, work: Path, env: dict[str, str]) -> None:
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([str(jixiao), "app", "--port", str(port)], cwd=work, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                url = f"http://127.0.0.1:{port}/_stcore/health"
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"jixiao app did not answer /_stcore/health (exit {proc.poll()})")
            time.sleep(0.3)
        log(f"  {time.perf_counter() - started:6.1f} s  jixiao app --port {port}  → health ok")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


APP_RUN = """
from streamlit.testing.v1 import AppTest
from assistant.commands.app_cmd import app_file
at = AppTest.from_file(str(app_file()), default_timeout=180).run()
assert not at.exception, [e.message for e in at.exception]
assert any("绩效目标助手" in t.value for t in at.title), "no title"
print("app ran:", len(at.tabs), "tabs")
"""


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def user_kb(jixiao: Path, venv: Path, work: Path, env: dict[str, str]) -> None:
    """`kb add` writes the user data folder only; the next `kb search` finds the new table."""
    packaged = next(venv.glob("lib/python*/site-packages/assistant/data"))
    before = _snapshot(packaged)
    mine = work / "my_tables"
    mine.mkdir()
    table = {"id": "wetland", "project": "湿地候鸟监测站运行经费", "purpose": "候鸟环志与湿地巡护",
             "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "候鸟环志只数",
                             "value": "≥1200只"}]}
    (mine / "wetland.json").write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    run([str(jixiao), "kb", "add", str(mine)], work, env)
    found = run([str(jixiao), "kb", "search", "候鸟环志只数", "--mode", "bm25", "--format", "json"],
                work, env)
    if not any(h["metadata"].get("table_id") == "user-wetland" for h in json.loads(found.stdout)):
        raise RuntimeError("kb search does not find the table added with kb add")
    if _snapshot(packaged) != before:
        raise RuntimeError("kb add changed the installed package data")
    log("  kb add: user table found, installed files unchanged")


def project_text() -> str:
    case = json.loads(DRAFT_CASE.read_text(encoding="utf-8"))["input"]
    return (f"项目名称：{case['project']}\n预算：{case['budget_wan']}万元\n年度：{case['year']}\n"
            f"资金用途：{case['purpose']}\n")


def smoke(tmp: Path) -> None:
    env = clean_env(tmp)
    probe_registry(env)
    t0 = time.perf_counter()
    log("build:")
    wheel = build_wheel(tmp, env)
    log("install (dependencies from the registry):")
    venv = install(wheel, tmp, env)
    t_install = time.perf_counter()
    work = tmp / "work"
    work.mkdir()
    shutil.copy(SEED, work / "seed.txt")
    (work / "project.txt").write_text(project_text(), encoding="utf-8")
    jixiao = venv / "bin" / "jixiao"
    wheel_env = {**env, "JIXIAO_HOME": str(tmp / "home-wheel")}
    checkout_env = {**env, "JIXIAO_HOME": str(tmp / "home-checkout")}
    log("installed jixiao, from another folder:")
    where = run([str(venv / "bin" / "python"), "-c", "import assistant; print(assistant.__file__)"],
                work, wheel_env).stdout.strip()
    if not Path(where).resolve().is_relative_to(venv.resolve()):
        raise RuntimeError(f"the installed jixiao imports the checkout: {where}")
    for name, args in (("check", ["check", "seed.txt", "--format", "json"]),
                       ("draft", ["draft", "project.txt", "--format", "json"])):
        mine = run([str(jixiao), *args], work, wheel_env, check=False)
        if mine.returncode not in (0, 1) or not mine.stdout.strip():
            raise RuntimeError(f"wheel {name} failed ({mine.returncode}): {mine.stderr[-2000:]}")
        ref = run([str(CHECKOUT_BIN / "jixiao"), *args], work, checkout_env, check=False)
        if (mine.returncode, mine.stdout) != (ref.returncode, ref.stdout):
            diff = difflib.unified_diff(ref.stdout.splitlines(), mine.stdout.splitlines(),
                                        "checkout", "wheel", lineterm="", n=1)
            raise RuntimeError(f"{name}: the wheel's JSON differs from the checkout's "
                               f"(exit {mine.returncode} vs {ref.returncode}):\n"
                               + "\n".join(list(diff)[:40]))
        log(f"  {name}: wheel and checkout JSON identical ({len(mine.stdout)} characters)")
    built = run([str(jixiao), "kb", "build"], work, wheel_env)
    if "知识库索引" not in built.stdout:
        raise RuntimeError(f"kb build said: {built.stdout}")
    found = run([str(jixiao), "kb", "search", "网格员绩效工资", "--format", "json"], work, wheel_env)
    if not json.loads(found.stdout):
        raise RuntimeError("kb search found nothing")
    user_kb(jixiao, venv, work, wheel_env)
    run([str(venv / "bin" / "python"), "-c", APP_RUN], work, wheel_env, timeout=300)
    app_health(jixiao, work, wheel_env)
    log(f"wheel smoke passed: build+install {t_install - t0:.1f} s, "
        f"total {time.perf_counter() - t0:.1f} s; check and draft JSON identical")


def scratch_base() -> str | None:
    """A RAM disk when there is room (the ~1 GB of dependencies are written and removed in
    seconds instead of a minute on a busy disk), else the system temp folder."""
    shm = Path("/dev/shm")
    try:
        stat = os.statvfs(shm)
    except OSError:
        return None
    return str(shm) if stat.f_bavail * stat.f_frsize > 4 * 2**30 else None


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-wheel-", dir=scratch_base()))
    try:
        smoke(tmp)
    except Skip as reason:
        log(f"SKIP: {reason}")
        return SKIP
    except (RuntimeError, subprocess.TimeoutExpired, StopIteration) as exc:
        log(f"FAIL: {exc}")
        return 1
    finally:
        started = time.perf_counter()
        shutil.rmtree(tmp, ignore_errors=True)
        log(f"  {time.perf_counter() - started:6.1f} s  removed {tmp}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
