"""The REST API under /api/v1/: serializers, viewsets, filters and permissions.

Views never change state themselves: every write is a POST that calls one service from
``oversight.services`` (docs/services.md); reads start from ``visible_to(user)`` querysets.
"""
