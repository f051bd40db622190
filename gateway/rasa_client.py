"""Talking to the Rasa server: the REST channel for the dialogue, /model/parse for confidence.

Every call has a hard timeout well inside Twilio's 15 s webhook limit; a slow or absent
Rasa raises RasaUnavailable and the caller is offered the key menu or staff instead.
"""

from __future__ import annotations

import ssl
from typing import Any, Dict, List, Optional

import httpx

from madoguchi.pii import mask_pii
from madoguchi.ranking import joint_ranking

# Loading the CA bundle costs up to a quarter of a second on a busy machine: once per
# process, not once per turn (a client is still made per call, so no event loop is shared).
_TLS = ssl.create_default_context()


class RasaUnavailable(RuntimeError):
    pass


class RasaClient:
    def __init__(self, base_url: str, timeout: float, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.token = token  # MADOGUCHI_RASA_TOKEN: Rasa's REST channel and HTTP API need it

    async def _post(self, path: str, body: Dict[str, Any]) -> Any:
        try:
            async with httpx.AsyncClient(timeout=self.timeout, verify=_TLS) as client:
                response = await client.post(self.base_url + path, json=body, params={"token": self.token})
                response.raise_for_status()
                return response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(f"{path}: {type(error).__name__}") from error

    async def send(
        self, conversation: str, message: str, channel: str, metadata: Optional[Dict[str, Any]] = None
    ) -> List[Dict[str, Any]]:
        """The bot's messages for one user message in this conversation.

        `channel` (web, phone) is stored with the message, so staff can compare channels.
        Personal information is masked here, before Rasa sees or stores the message.
        `metadata` goes with the message to Rasa (e.g. {"language": "en"}, the resident's choice).
        """
        body: Dict[str, Any] = {"sender": conversation, "message": mask_pii(message), "input_channel": channel}
        if metadata:
            body["metadata"] = metadata
        return list(await self._post("/webhooks/rest/webhook", body))

    async def best_guess(self, text: str) -> Dict[str, Any]:
        """The assistant's best reading of a text, without taking a turn: {"intent", "confidence"}."""
        ranking = joint_ranking(await self._post("/model/parse", {"text": text}))
        return ranking[0] if ranking else {"intent": "nlu_fallback", "confidence": 0.0}
