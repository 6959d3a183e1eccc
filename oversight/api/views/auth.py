"""Token login (for integrations), staff revocation of a person's tokens, and "who am I"."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from oversight.api.fields import InputSerializer
from oversight.api.permissions import IsStaffMember
from oversight.api.throttling import LoginRateThrottle
from oversight.models import User

TokenSerializer = inline_serializer("Token", {"token": serializers.CharField()})


class TokenLoginView(APIView):
    """POST username and password, get the account's token (``Authorization: Token …``)."""

    # No session authentication here: a login form needs no CSRF token and no existing session.
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenSerializer}, auth=[], summary="用户名密码换取令牌")
    def post(self, request: Request) -> Response:
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


class RevokeInputSerializer(InputSerializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), label=_("用户"))


class TokenRevokeView(APIView):
    """Staff revoke a person's API token (a lost laptop, a person who left); they log in again."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    @extend_schema(
        request=RevokeInputSerializer,
        responses={200: inline_serializer("Revoked", {"revoked": serializers.IntegerField()})},
        summary="吊销用户令牌",
    )
    def post(self, request: Request) -> Response:
        serializer = RevokeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        revoked, _details = Token.objects.filter(user=serializer.validated_data["user"]).delete()
        return Response({"revoked": revoked})


class MeSerializer(InputSerializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    is_staff_member = serializers.BooleanField()
    is_reviewer = serializers.BooleanField()
    deputy = serializers.IntegerField(allow_null=True)
    units = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class MeView(APIView):
    """Who the caller is and which roles they hold, so a client can show the right screens."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer, summary="当前用户与角色")
    def get(self, request: Request) -> Response:
        user: Any = request.user
        body = {
            "id": user.pk,
            "username": user.username,
            "display_name": user.display_name,
            "is_staff_member": user.is_staff_member,
            "is_reviewer": user.is_reviewer,
            "deputy": user.deputy_id,
            "units": {str(unit_id): sorted(roles) for unit_id, roles in user.unit_roles.items()},
        }
        return Response(MeSerializer(body).data)  # type: ignore[arg-type]
