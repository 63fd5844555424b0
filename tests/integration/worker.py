"""The integration tests' Celery worker: `python -m tests.integration.worker <worker options>`.

The project's worker with one change: it looks for messages whose worker died every second.
Kombu's Redis transport otherwise sweeps only every `unacked_restore_interval` (10 s) times
`unacked_restore_throttle` (10) calls, about 100 s, so a killed worker's message came back
about a minute and a half later instead of once the visibility timeout has passed.
"""

import sys

from qualityhub.celery import app


def main() -> None:
    app.conf.broker_transport_options = {
        **app.conf.broker_transport_options,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
    app.worker_main(["worker", *sys.argv[1:]])


if __name__ == "__main__":
    main()
