"""Reference data: sessions, categories, units, deputies — readable by every signed-in person."""

from __future__ import annotations

from rest_framework import serializers

from oversight.models import Deputy, Session, SuggestionCategory, Unit


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
