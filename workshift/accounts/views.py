from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse
from django.urls import path, reverse_lazy

from workshift.accounts import services


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuses logins for a while after repeated failures for the same username."""

    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip()
        if username and services.login_is_locked(username=username):
            raise forms.ValidationError(
                f"Too many failed attempts. Try again in {settings.LOGIN_THROTTLE_MINUTES} minutes, "
                "or reset your password.",
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                services.login_failed(
                    username=username,
                    ip_address=self.request.META.get("REMOTE_ADDR", "") if self.request else "",
                )
            raise
        services.login_succeeded(username=username)
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 200
        return response


routes = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done")),
        name="password_change",
    ),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
