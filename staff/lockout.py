"""The page django-axes shows after too many failed sign-ins (AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse

from registry.language import local_digits


def locked_out(request, original_response=None, credentials=None):
    # The same page whether or not the user name exists: it names no user.
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    context = {**admin.site.each_context(request), "cooloff_minutes": minutes, "cooloff_display": local_digits(minutes)}
    response = TemplateResponse(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response.render()
