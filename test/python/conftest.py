import sys
from pathlib import Path

import pulumi
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from support import Recorder, RecordingMonitor  # noqa: E402


@pytest.fixture
def engine() -> RecordingMonitor:
    """Pulumi's mocks (pulumi.runtime.set_mocks) with a monitor that records what the SDK sends."""
    recorder = Recorder()
    monitor = RecordingMonitor(recorder)
    pulumi.runtime.set_mocks(recorder, preview=False, monitor=monitor)
    return monitor
