"""Follow what happened to my response: the page, and the emails' links.

The page is reached with the reference and the response's secret token. A
wrong token and an unknown reference get the same 404, so the page never
says which references exist. It shows no answer, only themes and actions:
a link can be shared.
"""

import secrets
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from consultations.models import Response
from events.models import Booking
from events.models import BookingStatus
from sendportal.areas.mixins import area_from_slug
from sendportal.security import shows_personal_data
from sendportal.throttle import PublicFormMixin

from .forms import FollowEmailForm
from .models import FollowSubscription
from .services import follow_confirm
from .services import follow_subscribe_booking
from .services import follow_subscribe_response
from .services import follow_unsubscribe
from .services import subscription_area_id
from .services import updates_address
from .threads import followed_themes
from .threads import response_themes

USE_CONTACT = "use_contact"


def response_for_link(area_id: int, reference: str, token: str) -> Response:
    """The response a follow link names, or 404 (the same for any mistake)."""
    response = (
        Response.objects.select_related("consultation")
        .filter(reference=reference.upper(), consultation__area_id=area_id)
        .first()
    )
    expected = response.follow_token if response is not None else ""
    # Compared in constant time even when the reference is unknown.
    if not secrets.compare_digest(expected or "-", token) or response is None:
        raise Http404
    return response


@method_decorator([login_not_required, shows_personal_data], name="dispatch")
class FollowResponseView(PublicFormMixin, View):
    """What became of a response: its themes, their actions, what changed."""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.area = area_from_slug(request, kwargs["area_slug"])

    def load(self) -> Response:
        return response_for_link(
            self.area.pk, self.kwargs["reference"], self.kwargs["token"]
        )

    def page(self, response: Response, form: FollowEmailForm) -> HttpResponse:
        rows = followed_themes(
            area=self.area,
            themes=response_themes(response),
            since=response.submitted_at,
        )
        return render(
            self.request,
            "follow/follow_response.html",
            {
                "area": self.area,
                "response": response,
                "consultation": response.consultation,
                "rows": rows,
                "form": form,
                "has_contact": bool(updates_address(response)),
                "asked": self.request.GET.get("subscribed", ""),
                "use_contact": USE_CONTACT,
            },
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.page(self.load(), FollowEmailForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = self.load()
        if USE_CONTACT in request.POST and updates_address(response):
            follow_subscribe_response(response=response, use_contact=True)
            return redirect(f"{request.path}?subscribed=done#emails")
        form = FollowEmailForm(request.POST)
        if not form.is_valid():
            return self.page(response, form)
        subscription = follow_subscribe_response(
            response=response, email=form.cleaned_data["email"]
        )
        state = "done" if subscription.confirmed_at else "confirm"
        return redirect(f"{request.path}?subscribed={state}#emails")


@method_decorator([login_not_required, shows_personal_data], name="dispatch")
class SubscriptionTokenView(PublicFormMixin, View):
    """A page reached from an emailed link: a button to press, then done.

    Nothing changes on GET (mail scanners follow links); the POST does it.
    """

    template_name = ""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.area = area_from_slug(request, kwargs["area_slug"])

    def load(self) -> FollowSubscription:
        subscription = get_object_or_404(
            FollowSubscription.objects.select_related(
                "response__consultation", "booking__event"
            ),
            token=self.kwargs["token"],
        )
        # The area in the link must be the subscription's own.
        if subscription_area_id(subscription) != self.area.pk:
            raise Http404
        return subscription

    def act(self, subscription: FollowSubscription) -> None:
        raise NotImplementedError

    def render_page(self, subscription: FollowSubscription, done: bool) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {"area": self.area, "subscription": subscription, "done": done},
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_page(self.load(), done=False)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        subscription = self.load()
        self.act(subscription)
        return self.render_page(subscription, done=True)


class ConfirmView(SubscriptionTokenView):
    template_name = "follow/confirm.html"

    def act(self, subscription: FollowSubscription) -> None:
        follow_confirm(subscription=subscription)


# Mail programs POST the one-click unsubscribe (RFC 8058) without a CSRF
# token; the secret in the address is what authorises it.
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(SubscriptionTokenView):
    template_name = "follow/unsubscribe.html"

    def act(self, subscription: FollowSubscription) -> None:
        follow_unsubscribe(subscription=subscription)


@method_decorator([login_not_required, shows_personal_data], name="dispatch")
class BookingFollowView(PublicFormMixin, View):
    """ "Email me what comes of this event", from the booking's own page."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        area = area_from_slug(request, kwargs["area_slug"])
        pk = Booking.pk_from_token(kwargs["token"])
        booking = get_object_or_404(
            Booking.objects.select_related("event__area").exclude(
                status=BookingStatus.CANCELLED
            ),
            pk=pk,
            event__area=area,
        )
        if booking.email and not booking.is_erased:
            follow_subscribe_booking(booking=booking)
        return redirect(booking.get_absolute_url() + "#emails")
