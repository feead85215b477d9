"""The generated SDK's first call against the official SDK of the same API, side by side.

    python bench/sdk_first_call.py              # make bench-sdk: 3 rounds, stripe and openai
    python bench/sdk_first_call.py --rounds 1 --apis stripe

What a serverless function pays on a cold start: a fresh interpreter imports the SDK, builds a
client and makes one call whose answer is parsed into the API's type, against a loopback server
that answers with a realistic payload (no network). Measured per SDK in a subprocess of its own:

- wall:     the whole subprocess, interpreter start-up included (the same interpreter for both),
            timed around a blocking wait;
- in-process: from before the first import to the parsed answer, as the script itself reads it;
- peak RSS: of that subprocess, its VmHWM as it reads it at the end (not os.wait4's figure: after a
            fork, Linux counts the forking process's peak into the child's, and this driver is big).

Both SDKs run in bench/.venv-sdk, created here from bench/requirements-sdk.txt (the official
`stripe` and `openai` packages pinned, httpx and pydantic at the project's versions), so they share
the interpreter and the libraries. apigen generates the SDKs with the project's own code into
bench/.work/sdk/<api>/ and byte-compiles them, as `pip install` does for the official packages
(the subprocesses run without PYTHONDONTWRITEBYTECODE, so neither side compiles source on the
measured run); one unmeasured run of each SDK first warms the page cache. SDKs alternate within a
round, the order rotating. The table goes to docs/benchmarks.md, between the markers of its "first
call" section: the best of the rounds (the machine is shared: the least disturbed run), the load
average beside it, and the ratios apigen / official. Not a CI test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import CORPUS, REPO

BENCH = REPO / "bench"
SDK_VENV = BENCH / ".venv-sdk"
WORK = BENCH / ".work" / "sdk"
DOC = REPO / "docs" / "benchmarks.md"
BEGIN, END = "<!-- sdk-first-call:begin -->", "<!-- sdk-first-call:end -->"

# What each API's call answers: shaped like the real API's answer (required fields present).
CUSTOMER = {
    "id": "cus_1",
    "object": "customer",
    "balance": 0,
    "created": 1700000000,
    "default_source": None,
    "description": None,
    "email": "jenny@example.com",
    "invoice_settings": {
        "custom_fields": None,
        "default_payment_method": None,
        "footer": None,
        "rendering_options": None,
    },
    "livemode": False,
    "metadata": {},
    "name": "Jenny Rosen",
    "phone": None,
    "preferred_locales": [],
    "shipping": None,
    "tax_exempt": "none",
    "test_clock": None,
    "delinquent": False,
    "currency": "usd",
    "discount": None,
    "invoice_prefix": "ABC123",
    "next_invoice_sequence": 1,
}
COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1700000000,
    "model": "gpt-4o",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Hello!", "refusal": None},
            "logprobs": None,
            "finish_reason": "stop",
        }
    ],
    "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
}


@dataclass(frozen=True)
class Api:
    name: str
    spec: Path
    package: str  # the generated package's name (never the official one's)
    method: str  # the operation the call makes
    path: str
    answer: dict[str, object]
    official: str  # the official SDK's script body: `port` is defined, `result` must be set
    config: Path | None = None


APIS = {
    "stripe": Api(
        "stripe",
        CORPUS / "stripe-spec3.yaml",
        "apigen_stripe",
        "get",
        "/v1/customers/{customer}",
        CUSTOMER,
        """
        import stripe
        client = stripe.StripeClient("sk_test_1", base_addresses={"api": f"http://127.0.0.1:{port}"}, max_network_retries=0)
        result = client.v1.customers.retrieve("cus_1")
        """,
    ),
    "openai": Api(
        "openai",
        CORPUS / "openai-3.1.yaml",
        "apigen_openai",
        "post",
        "/chat/completions",
        COMPLETION,
        """
        import openai
        client = openai.OpenAI(api_key="sk-1", base_url=f"http://127.0.0.1:{port}/v1", max_retries=0)
        result = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}])
        """,
        REPO / "examples" / "openai-apigen.toml",
    ),
}


# ---- the loopback server ----------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    answer = b"{}"

    def _reply(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.answer)))
        self.end_headers()
        self.wfile.write(self.answer)

    do_GET = do_POST = _reply

    def log_message(self, *args: object) -> None:
        pass


def serve(answer: dict[str, object]) -> ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"answer": json.dumps(answer).encode()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ---- the SDKs -------------------------------------------------------------------------------------
def sdk_python() -> Path:
    return SDK_VENV / "bin" / "python"


def ensure_sdk_venv() -> None:
    requirements = BENCH / "requirements-sdk.txt"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
    stamp = SDK_VENV / ".requirements.sha256"
    if stamp.is_file() and stamp.read_text().strip() == digest and sdk_python().exists():
        return
    if not sdk_python().exists():
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(SDK_VENV)], check=True)
    pip = [str(sdk_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-r", str(requirements)], check=True)
    stamp.write_text(digest + "\n")


def generate(api: Api) -> tuple[Path, str]:
    """The apigen SDK of `api` under bench/.work/sdk/<name>/, and the accessor of the operation the
    call makes (`client.<resource path>.<method>`), read from the IR of that generation."""
    import dataclasses

    from generator.config import Config, load_config
    from generator.pipeline import generate as apigen_generate
    from generator.pipeline import write

    out = WORK / api.name
    base = load_config(api.config) if api.config is not None else Config()
    config = dataclasses.replace(base, spec=str(api.spec), output=str(out), package=api.package)
    gen = apigen_generate(api.spec, config)
    write(gen, config)
    for resource in gen.api.resources:
        for op in resource.operations:
            if op.http_method == api.method and op.path == api.path:
                where = getattr(resource, "dotted", resource.name)
                return out, f"client.{where}.{op.method_name}"
    raise SystemExit(f"bench: {api.method.upper()} {api.path} not found in {api.spec.name}")


def generated_script(api: Api, call: str) -> str:
    if api.name == "stripe":
        line = f'result = {call}("cus_1")'
        base = 'f"http://127.0.0.1:{port}"'
        auth = 'api_key="sk_test_1"'
    else:
        line = f'result = {call}(model="gpt-4o", messages=[{{"role": "user", "content": "Hi"}}])'
        base = 'f"http://127.0.0.1:{port}/v1"'
        auth = 'api_key="sk-1"'
    return f"""
        from {api.package} import Client
        client = Client(base_url={base}, {auth}, max_retries=0)
        {line}
        """


def script(body: str, port: int, folder: Path | None) -> str:
    path = f"import sys; sys.path.insert(0, {str(folder)!r})\n" if folder else ""
    return (
        "import time\nstarted = time.perf_counter()\n"
        + path
        + f"port = {port}\n"
        + textwrap.dedent(body)
        + "\nelapsed = time.perf_counter() - started\n"
        + "hwm = [line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:')]\n"
        + "print(elapsed, type(result).__module__ + '.' + type(result).__name__, hwm[0])\n"
    )


def _env() -> dict[str, str]:
    """The environment of the measured runs: bytecode caches read and written, as a user has them."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(code: str) -> tuple[float, float, float, str] | None:
    """(wall s, in-process s, peak RSS MB, class of the answer) of one run, None if it failed."""
    started = time.perf_counter()
    run = subprocess.run(
        [str(sdk_python()), "-c", code],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=REPO,
        env=_env(),
    )
    wall = time.perf_counter() - started
    if run.returncode != 0:
        print(f"bench: the call failed:\n{run.stderr[-2000:]}", file=sys.stderr)
        return None
    seconds, kind, hwm_kb = run.stdout.split()[-3:]
    return wall, float(seconds), int(hwm_kb) / 1024, kind


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--apis", default="stripe,openai")
    args = parser.parse_args(argv)
    ensure_sdk_venv()
    rows = []
    loads = [_load()]
    for name in args.apis.split(","):
        api = APIS[name]
        folder, call = generate(api)
        subprocess.run(
            [str(sdk_python()), "-m", "compileall", "-q", str(folder / api.package)], check=True
        )
        server = serve(api.answer)
        port = server.server_address[1]
        bodies = {"apigen": (generated_script(api, call), folder), "official": (api.official, None)}
        samples: dict[str, list[tuple[float, float, float, str]]] = {"apigen": [], "official": []}
        for body, where in bodies.values():  # warm-up: page cache, bytecode caches
            run_once(script(body, port, where))
        for round_ in range(args.rounds):
            order = ["apigen", "official"] if round_ % 2 == 0 else ["official", "apigen"]
            for sdk in order:
                body, where = bodies[sdk]
                sample = run_once(script(body, port, where))
                if sample is not None:
                    samples[sdk].append(sample)
        server.shutdown()
        figures = {}
        for sdk, runs in samples.items():
            if runs:
                figures[sdk] = (
                    min(r[0] for r in runs),
                    min(r[1] for r in runs),
                    min(r[2] for r in runs),
                    runs[-1][3],
                )
        rows.append((api, call, figures))
        loads.append(_load())
        print(f"bench: {name}: {figures} (load {loads[-1]})", file=sys.stderr)
    write_doc(rows, args.rounds, loads)
    return 0


def _versions() -> str:
    code = "import importlib.metadata as m; print(m.version('stripe'), m.version('openai'))"
    out = subprocess.run([str(sdk_python()), "-c", code], capture_output=True, text=True).stdout
    stripe, openai = (out.split() + ["?", "?"])[:2]
    return f"official SDKs: stripe {stripe}, openai {openai}"


def write_doc(
    rows: list[tuple[Api, str, dict[str, tuple[float, float, float, str]]]],
    rounds: int,
    loads: list[str],
) -> None:
    lines = [
        BEGIN,
        "## First call of the generated SDK vs the official SDK",
        "",
        f"Written by `make bench-sdk` (`python bench/sdk_first_call.py`), best of {rounds} rounds; "
        + _versions()
        + f"; load average (1/5/15 min) {' then '.join(loads)} over the run (nproc "
        + f"{os.cpu_count()}). A fresh interpreter imports the SDK, builds a client and makes one "
        "call against a loopback server; the answer is parsed into the API's type (the class is "
        "in the table).",
        "",
        "| API | call | SDK | wall | in-process | peak RSS | parsed into |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for api, call, figures in rows:
        for sdk in ("apigen", "official"):
            if sdk not in figures:
                lines.append(
                    f"| {api.name} | `{api.method.upper()} {api.path}` | {sdk} | failed | | | |"
                )
                continue
            wall, inproc, rss, kind = figures[sdk]
            shown = call if sdk == "apigen" else "official SDK"
            lines.append(
                f"| {api.name} | `{api.method.upper()} {api.path}` | {shown} | {wall:.2f} s "
                f"| {inproc:.2f} s | {rss:.0f} MB | `{kind}` |"
            )
        if len(figures) < 2:
            continue
        a, o = figures["apigen"], figures["official"]
        lines.append(
            f"| {api.name} | ratio apigen / official | | {a[0] / o[0]:.2f}× | {a[1] / o[1]:.2f}× "
            f"| {a[2] / o[2]:.2f}× | aim: ≤ 1.5× time, ≤ 2× memory |"
        )
    lines.append(END)
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    block = "\n".join(lines)
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(text)


if __name__ == "__main__":
    sys.exit(main())
