"""Helpers that tests across apps share: clients, staff addresses, queued tasks."""

from collections.abc import Callable
from collections.abc import Sequence

from django.db.models import Model
from django.test import Client
from django.urls import reverse

from sendportal.accounts.models import User
from sendportal.outbox.services import Handoff


def client_for(who: User | str | None) -> Client:
    """A test client signed in as a user (or the user with this email); None: anonymous."""
    client = Client()
    if isinstance(who, str):
        who = User.objects.get(email=who)
    if who is not None:
        client.force_login(who)
    return client


def staff_url(name: str, obj: Model, **kwargs: object) -> str:
    """The address of a staff page about `obj` in its area.

    A bare view name is looked up in the staff namespace of the object's app
    ("event_detail" for an event is "events_staff:event_detail"). The object's
    id is passed as `pk`, unless `kwargs` name it as the parent of the page's
    object (`plan_pk=plan.pk` for a plan's KPI list or one of its actions);
    `kwargs` add to or replace the arguments.
    """
    arguments: dict[str, object] = {"area_slug": obj.area.slug}  # type: ignore[attr-defined]  # every staff object belongs to an area
    if f"{obj._meta.model_name}_pk" not in kwargs:
        arguments["pk"] = obj.pk
    if ":" not in name:
        name = f"{obj._meta.app_label}_staff:{name}"
    return reverse(name, kwargs=arguments | kwargs)


def enqueued(
    callbacks: Sequence[Callable[[], object]],
) -> list[tuple[str, tuple[object, ...]]]:
    """The Celery tasks that on-commit callbacks hand over, as (task name, arguments).

    `enqueue(task, ...)` stores the task in the outbox and registers a
    `Handoff` that sends it after the commit; any other callback (deleting a
    file, say) is listed by its own name.
    """
    tasks: list[tuple[str, tuple[object, ...]]] = []
    for callback in callbacks:
        if isinstance(callback, Handoff):
            tasks.append((callback.task_name, callback.args))
        else:
            tasks.append((getattr(callback, "__qualname__", repr(callback)), ()))
    return tasks
