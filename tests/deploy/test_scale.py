"""Two workers train more than one: the classroom benchmark's --workers comparison, for real.

16 Locust students (benchmarks/classroom_user.py, one Locust process on this machine, so the
load generator shares the two cores with nginx, Redis and the workers) poll for 10 s against 1
worker and then 2 workers behind nginx, each started by deploy/serve.sh.
"""

from __future__ import annotations

import os

from benchmarks.classroom import compare_workers, print_workers
from tests.deploy.conftest import require_packages

STUDENTS = 16
SECONDS = 10


def test_two_workers_train_at_least_1_3_times_the_epochs_of_one() -> None:
    require_packages()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYGROUND_")}
    one, two = compare_workers([STUDENTS], SECONDS, 2, env)
    print_workers([one, two])  # shown with -s, and in the report of a failure
    assert one.errors == two.errors == 0
    assert one.runs_lost == two.runs_lost == 0
    assert two.server_epochs >= 1.3 * one.server_epochs, (one, two)
