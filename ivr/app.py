"""The gateway application: the Twilio voice webhooks and a health check."""

from __future__ import annotations

from typing import Dict

import httpx
from fastapi import FastAPI

from ivr.security import SettingsDep
from ivr.voice import router as voice_router

app = FastAPI(title="Madoguchi gateway")
app.include_router(voice_router)


@app.get("/healthz")
async def healthz(settings: SettingsDep) -> Dict[str, str]:
    try:
        async with httpx.AsyncClient(timeout=settings.rasa_timeout_seconds) as client:
            response = await client.get(f"{settings.rasa_url}/")
        rasa = "up" if response.status_code == 200 else f"status {response.status_code}"
    except httpx.HTTPError:
        rasa = "down"
    return {"gateway": "up", "rasa": rasa}
