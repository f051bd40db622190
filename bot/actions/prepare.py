"""Read the data the actions answer from before the first resident asks.

The waste dictionary, the districts and the moving checklist are loaded on first use and then
kept. Loading the dictionary analyses every item name with Sudachi: about 3 s of CPU, during
which an action runs late. Inside the Rasa server (in-process actions) that also holds up
every other conversation, and on the phone the first caller after a restart heard 「お話しでの
ご質問を受け付けられません」 (the gateway gives Rasa 3 s). The servers call `prepare()` while they
start, so the cost is paid before they answer.
"""

from __future__ import annotations

import logging

from madoguchi.item_names import item_names
from madoguchi.moving import default_checklist
from madoguchi.waste_data import current

logger = logging.getLogger(__name__)


def prepare() -> None:
    """Load what the actions read; a broken data file is logged here and named again by the
    action that needs it, never a reason for the server not to start."""
    try:
        current()
        default_checklist()
        item_names()
    except Exception as error:  # the server must start; the action that needs it reports it
        logger.error("action data not loaded at start: %s", error)
