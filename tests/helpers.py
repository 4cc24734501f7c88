"""Helpers that tests across apps share: clients, staff addresses, queued tasks."""

import time
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendportal.accounts.models import User
from sendportal.outbox.services import Handoff


def authentication_app_for(user: User) -> TOTPDevice:
    """The user's authentication app, set up now if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authentication app", confirmed=True
        )
    return device


def app_code(device: TOTPDevice) -> str:
    """The code the person's authentication app would show now, computed from
    the device's key (django_otp.oath). Each code is accepted once, so when
    this step's code was used already, the next step's is given (the device
    accepts one step ahead), waiting for the clock when even that is used."""
    device.refresh_from_db()
    while True:
        now_step = int((time.time() - device.t0) // device.step)
        # The current step's code, still accepted if the clock moves on to
        # the next step before it is checked.
        wanted = max(now_step + device.drift, device.last_t + 1)
        if wanted <= now_step + device.drift + device.tolerance:
            return f"{hotp(device.bin_key, wanted, digits=device.digits):0{device.digits}d}"
        time.sleep(1)


class StaffClient(Client):
    """A test client whose `force_login` also passes the second factor, as
    the code page would (django_otp.login keeps the device in the session).
    A plain `Client` stays at the password step."""

    def force_login(self, user: User, backend: Any = None) -> None:
        super().force_login(user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = authentication_app_for(user).persistent_id
        session.save()


def client_for(who: User | str | None) -> Client:
    """A test client signed in as a user (or the user with this email), with
    two-factor passed; None: anonymous."""
    client = StaffClient()
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
