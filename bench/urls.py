from django.http import HttpResponse
from django.urls import path
from django.utils import timezone

from config.urls import urlpatterns as registry_urlpatterns
from registry.models import Agreement


def floor(request):
    """The least a Django page costs here: same server, same middleware."""
    return HttpResponse("ok")


def touch(request):
    """A write to the registry, as staff would make one: the next page is cold."""
    first = Agreement.objects.order_by("pk").values("pk")[:1]
    Agreement.objects.filter(pk__in=first).update(updated_at=timezone.now())
    return HttpResponse("ok")


def rename(request, pk):
    """A visible write: the agreement's English title becomes ?title=."""
    Agreement.objects.filter(pk=pk).update(title_en=request.GET["title"])
    return HttpResponse("ok")


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/touch/", touch),
    path("bench/rename/<int:pk>/", rename),
    *registry_urlpatterns,
]
