from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.db.models import Model
from rest_framework import status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from oversight.api.errors import PayloadTooLarge
from oversight.models import User


class ApiViewSet(viewsets.GenericViewSet[Any]):
    """Helpers shared by the viewsets: validate an action's input, answer with an object."""

    @property
    def actor(self) -> User:
        """The signed-in person; every route needs authentication before a service is called."""
        return cast(User, self.request.user)

    def validated(self, serializer_class: type[BaseSerializer[Any]], request: Request) -> dict[str, Any]:
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def respond(
        self,
        obj: Model,
        serializer_class: type[BaseSerializer[Any]] | None = None,
        *,
        created: bool = False,
    ) -> Response:
        serializer_class = serializer_class or self.get_serializer_class()
        data = serializer_class(obj, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def fresh(self, obj: Model) -> Model:
        """Re-read a changed object through the visible queryset so derived fields are current."""
        return self.get_queryset().get(pk=obj.pk)


def check_upload_size(request: Request) -> None:
    """Refuse an oversized upload with 413 before reading it (ATTACHMENT_MAX_BYTES): the declared
    length is checked first so a large body is never parsed, then each file."""
    limit = settings.ATTACHMENT_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise PayloadTooLarge()
    for uploaded in request.FILES.values():
        if uploaded.size and uploaded.size > limit:
            raise PayloadTooLarge()
