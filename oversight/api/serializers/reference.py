"""Reference data: sessions, categories, units, deputies — readable by every signed-in person."""

from __future__ import annotations

from rest_framework import serializers

from oversight.models import Deputy, Session, SuggestionCategory, Unit, UnitMember, User


class SessionSerializer(serializers.ModelSerializer[Session]):
    term_name = serializers.CharField(source="term.name", read_only=True)

    class Meta:
        model = Session
        fields = ["id", "term", "term_name", "number", "name", "opens_on", "closes_on"]
        read_only_fields = fields


class CategorySerializer(serializers.ModelSerializer[SuggestionCategory]):
    class Meta:
        model = SuggestionCategory
        fields = ["id", "name", "order", "is_active"]
        read_only_fields = fields


class UnitSerializer(serializers.ModelSerializer[Unit]):
    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "kind", "is_active"]
        read_only_fields = fields


class DeputySerializer(serializers.ModelSerializer[Deputy]):
    """Phone numbers are left out: they are personal data and units reach deputies through staff
    or the contact details the deputy gives them."""

    delegation_name = serializers.CharField(source="delegation.name", read_only=True, default="")

    class Meta:
        model = Deputy
        fields = ["id", "name", "delegation", "delegation_name", "occupation", "is_active"]
        read_only_fields = fields


class UserUnitSerializer(serializers.ModelSerializer[UnitMember]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = UnitMember
        fields = ["unit", "unit_name", "role"]
        read_only_fields = fields


class UserSerializer(serializers.ModelSerializer[User]):
    """An account as staff pick it (voting-round reviewers, token revocation): no phone, no email."""

    deputy = serializers.SerializerMethodField()
    units = UserUnitSerializer(source="unit_memberships", many=True, read_only=True)
    is_staff_member = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "is_active", "is_staff_member", "is_reviewer", "deputy", "units"]
        read_only_fields = fields

    def get_deputy(self, user: User) -> int | None:
        """The deputy (人大代表) this account belongs to, if any."""
        deputy = getattr(user, "deputy", None)
        return deputy.pk if deputy is not None else None
