"""The product's URLs plus the plain ModelViewSet the benchmark compares against."""

from __future__ import annotations

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from bench.plain import PlainSuggestionViewSet
from config.urls import urlpatterns as product

router = SimpleRouter()
router.register("plain/suggestions", PlainSuggestionViewSet, basename="plain-suggestion")

urlpatterns = [path("bench/", include(router.urls)), *product]
