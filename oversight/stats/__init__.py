"""统计: the published figures (DESIGN.md "Numbers that matter"), computed in one place.

``metrics`` aggregates in SQL and rolls up in Python; ``rounding`` rounds as published reports do;
pages, the API, the .xlsx exports and the annual report all read through ``metrics``.
"""
