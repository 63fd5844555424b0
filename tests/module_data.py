"""Data made once for all the tests of a module, in a module-scoped fixture:

    with kept_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            ...  # make the data
        yield

The data is written inside a transaction that stays open while the module's tests run and is
rolled back after the last one. pytest-django runs each test (`django_db`, not
`transaction=True`) in a savepoint inside it, so whatever a test changes is undone before the
next test, which sees the module's data as it was made. Only for modules whose tests all use
the database without `transaction=True`: a transactional test would flush the tables, and
the live server (browser tests) cannot see uncommitted rows.
"""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def kept_for_module(django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
