"""Every state change in the domain goes through one function here (``<entity>_<verb>``).

Each opens a transaction, checks the actor's right, locks the object and checks its state,
saves with ``update_fields``, writes a timeline entry and queues side effects on commit.
"""
