"""The Celery app knows every task that the beat schedule and the portal's code send.

The worker's view is taken from a fresh process: in the test process every
module has long been imported, so a task that only a test imports would look
registered here and still be unknown to a real worker.
"""

import ast
import importlib
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

from celery import Task
from django.conf import settings

from sendportal.celery import app

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("sendportal", "strategies", "consultations", "events", "improvement")
# Ways of handing a task to the broker directly. Only the outbox may use them:
# everywhere else a task is handed over with `enqueue(task, ...)`, which
# survives a broker outage.
DIRECT = frozenset({"delay", "delay_on_commit", "apply_async", "send_task"})
OUTBOX = ROOT / "sendportal" / "outbox"
# What a worker does at start-up: the Django fix-up sets Django up (running
# every AppConfig.ready()), then autodiscovery imports each app's tasks module.
# The fix-up's system checks would also import every view (and through them
# most services and tasks), hiding a task that is registered by accident;
# workers started with CELERY_SKIP_CHECKS skip them, and so does this test.
WORKER_START = (
    "from sendportal.celery import app\n"
    "app.loader.import_default_modules()\n"
    "from rules.permissions import permissions\n"
    "print('\\n'.join([*sorted(app.tasks), *(f'perm:{p}' for p in permissions)]))\n"
)


@cache
def worker_start() -> frozenset[str]:
    """The task names a fresh worker knows, and its rules as `perm:<name>`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sendportal.settings.test",
        "CELERY_SKIP_CHECKS": "1",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", WORKER_START],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return frozenset(result.stdout.split())


def worker_task_names() -> frozenset[str]:
    return frozenset(name for name in worker_start() if not name.startswith("perm:"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _dotted(node: ast.expr) -> list[str]:
    """`tasks.render_report` as ["tasks", "render_report"]; [] if not a name."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return [*head, node.attr] if head else []
    return []


def _resolve(module: object, tree: ast.Module, dotted: list[str]) -> object:
    """The object a name refers to, including names imported inside functions."""
    first, *rest = dotted
    if hasattr(module, first):
        found = getattr(module, first)
    else:
        package = getattr(module, "__package__", None)
        found = None
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            for alias in node.names:
                if (alias.asname or alias.name) == first:
                    source = importlib.import_module(
                        "." * node.level + (node.module or ""), package
                    )
                    found = getattr(source, alias.name)
        assert found is not None, f"cannot resolve {'.'.join(dotted)}"
    for name in rest:
        found = getattr(found, name)
    return found


def _python_files() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def _is_enqueue(node: ast.Call) -> bool:
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return name == "enqueue"


def enqueued_task_names() -> dict[str, str]:
    """Every task the portal's code enqueues, with one place that does it."""
    found: dict[str, str] = {}
    for path in _python_files():
        if OUTBOX in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _is_enqueue(node)
        ]
        if not calls:
            continue
        module = importlib.import_module(_module_name(path))
        for call in calls:
            dotted = _dotted(call.args[0]) if call.args else []
            assert dotted, f"{path}:{call.lineno}: enqueue a task by name"
            task = _resolve(module, tree, dotted)
            assert isinstance(task, Task), f"{path}:{call.lineno}"
            found[task.name] = f"{path.relative_to(ROOT)}:{call.lineno}"
    return found


def test_only_the_outbox_hands_tasks_to_the_broker() -> None:
    direct: list[str] = []
    for path in _python_files():
        if OUTBOX in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        direct.extend(
            f"{path.relative_to(ROOT)}:{node.lineno} .{node.func.attr}()"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in DIRECT
        )
    assert direct == []


def test_a_worker_knows_every_periodic_task() -> None:
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled

    assert scheduled - worker_task_names() == set()


def test_a_worker_knows_every_task_the_code_enqueues() -> None:
    enqueued = enqueued_task_names()
    # The scan finds what it should: both packages outside an app's tasks.py,
    # and the tasks that reminder runs hand their batches to.
    assert "consultations.imports.tasks.import_survey_responses" in enqueued
    assert "improvement.reports.tasks.render_report" in enqueued
    assert "events.tasks.send_booking_emails" in enqueued

    unknown = {
        name: where
        for name, where in enqueued.items()
        if name not in worker_task_names()
    }
    assert unknown == {}


def test_a_worker_has_the_rules_of_the_import_and_report_packages() -> None:
    # Rules register when the app is ready, not when some view that happens
    # to import them is loaded.
    for name in (
        "consultations.import_response",
        "improvement.view_progressreport",
        "improvement.request_progressreport",
    ):
        assert f"perm:{name}" in worker_start()


def test_the_broker_never_redelivers_a_task_that_is_still_running() -> None:
    # A running task is handed to a second worker once the visibility timeout
    # passes, so every task must be stopped (its hard time limit) before then;
    # long work is split into batches instead. A task may run longer only if
    # it says a second copy is harmless, and shows it (the survey import:
    # tests/consultations/imports/test_tasks.py).
    app.loader.import_default_modules()
    visibility_timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility_timeout == settings.CELERY_VISIBILITY_TIMEOUT
    # Short enough that a killed worker's task resumes within minutes.
    assert visibility_timeout <= 10 * 60
    too_long = {
        name: task.time_limit or settings.CELERY_TASK_TIME_LIMIT
        for name, task in app.tasks.items()
        if not name.startswith("celery.")
        and (task.time_limit or settings.CELERY_TASK_TIME_LIMIT) >= visibility_timeout
        and not getattr(task, "second_delivery_is_harmless", False)
    }
    assert too_long == {}
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_ACKS_LATE
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST


def _imported_modules(nodes: list[ast.stmt] | list[ast.AST]) -> set[str]:
    """The sibling modules that relative `from … import …` statements name."""
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".", 1)[0])
            else:
                found.update(alias.name for alias in node.names)
    return found


def test_services_import_tasks_at_the_top_and_tasks_import_services_lazily() -> None:
    # Each needs the other; one direction stays lazy, the same one everywhere.
    wrong = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name not in ("services.py", "tasks.py"):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            top = _imported_modules(tree.body)
            inner = _imported_modules(
                [
                    node
                    for function in ast.walk(tree)
                    if isinstance(function, ast.FunctionDef)
                    for node in ast.walk(function)
                ]
            )
            where = path.relative_to(ROOT)
            if path.name == "services.py" and "tasks" in inner:
                wrong.append(f"{where} imports tasks inside a function")
            if path.name == "tasks.py" and "services" in top:
                wrong.append(f"{where} imports services at the top")
    assert wrong == []
