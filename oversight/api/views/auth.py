"""API tokens — issued by password login, hashed at rest, expiring, several per person, each with
a name — staff revocation of a person's tokens, and "who am I"."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from oversight.api.fields import InputSerializer
from oversight.api.permissions import IsStaffMember
from oversight.api.throttling import LoginRateThrottle
from oversight.errors import NotAllowed
from oversight.models import User
from security.lockout import LOCKED_STATUS, is_locked_out, lockout_body, lockout_minutes
from security.middleware import password_expired
from security.models import ApiToken
from security.tokens import token_issue, token_revoke, tokens_revoke_for_user


class TokenLoginSerializer(InputSerializer, AuthTokenSerializer):  # type: ignore[misc]
    name = serializers.CharField(
        label=_("令牌名称"), max_length=100, required=False, allow_blank=True, default="", write_only=True
    )


class ApiTokenSerializer(serializers.ModelSerializer[ApiToken]):
    class Meta:
        model = ApiToken
        fields = ("id", "name", "created", "expiry")
        read_only_fields = fields


class IssuedTokenSerializer(InputSerializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`; shown only once.")
    id = serializers.IntegerField()
    name = serializers.CharField()
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True)


class TokenLoginView(APIView):
    """POST username and password (and optionally a name for the token), get a new token."""

    # No session authentication here: a login form needs no CSRF token and no existing session.
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]

    @extend_schema(
        request=TokenLoginSerializer,
        responses={200: IssuedTokenSerializer},
        auth=[],
        summary="用户名密码换取令牌",
    )
    def post(self, request: Request) -> Response:
        serializer = TokenLoginSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            # The lockout backend refused (or this failure was the last one allowed): say so.
            username = str(request.data.get("username", "")) if hasattr(request.data, "get") else ""
            if is_locked_out(request, username):
                return self._locked()
            serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        # A token login is a login: last_login, the audit log and the lockout's reset on success.
        user_logged_in.send(sender=type(user), request=request, user=user)
        if password_expired(user):
            raise NotAllowed(gettext("密码已过期，请先登录网页修改密码。"), code="password_expired")
        token, raw = token_issue(user=user, name=serializer.validated_data["name"], request=request)
        body = {"token": raw, "id": token.pk, "name": token.name, "created": token.created, "expiry": token.expiry}
        return Response(IssuedTokenSerializer(body).data)  # type: ignore[arg-type]

    @staticmethod
    def _locked() -> Response:
        return Response(lockout_body(), status=LOCKED_STATUS, headers={"Retry-After": str(lockout_minutes() * 60)})


class ApiTokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet[ApiToken]):
    """The caller's own live tokens; DELETE one to revoke it (a lost laptop, a retired script)."""

    serializer_class = ApiTokenSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[ApiToken]:
        return ApiToken.objects.filter(user_id=self.request.user.pk).order_by("-created", "-id")

    @extend_schema(summary="我的令牌")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="吊销我的一个令牌")
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        token_revoke(token=self.get_object(), actor=request.user, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RevokeInputSerializer(InputSerializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), label=_("用户"))


class TokenRevokeView(APIView):
    """Staff revoke all of a person's API tokens (a lost laptop, a person who left); they log in
    again. A superuser's tokens only a superuser may revoke."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    @extend_schema(
        request=RevokeInputSerializer,
        responses={200: inline_serializer("Revoked", {"revoked": serializers.IntegerField()})},
        summary="吊销用户令牌",
    )
    def post(self, request: Request) -> Response:
        serializer = RevokeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        revoked = tokens_revoke_for_user(user=serializer.validated_data["user"], actor=request.user, request=request)
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
