"""Viewsets per domain. Reads start from ``visible_to(user)``; every write calls one service."""
