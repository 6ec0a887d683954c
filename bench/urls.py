from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as registry_urlpatterns


def floor(request):
    """The least a Django page costs here: same server, same middleware."""
    return HttpResponse("ok")


urlpatterns = [path("bench/floor/", floor), *registry_urlpatterns]
