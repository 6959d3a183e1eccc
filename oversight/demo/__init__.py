"""Demo data for ``manage.py load_demo``: a city congress session taken through every state."""
