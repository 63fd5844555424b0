"""Handing work to Celery after a commit, and what it means when the broker is not there."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def _queue_errors() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError

    errors: list[type[BaseException]] = [OperationalError, ConnectionError, OSError]
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        errors += [RedisConnectionError, RedisTimeoutError]
    except ImportError:  # pragma: no cover - redis comes with celery[redis]
        pass
    return tuple(errors)


# What `task.delay()` raises when the broker (Redis) cannot be reached.
QUEUE_ERRORS = _queue_errors()


def retry_countdown(retries: int, base: int = 60, ceiling: int = 3600) -> int:
    """Seconds before the next attempt: 1, 2, 4, 8 ... minutes, at most an hour."""
    return min(base * 2**retries, ceiling)
