"""The gateway application. Issue 4 adds the Twilio voice and SMS routes; for now it reports
its own health and whether the Rasa server answers."""

from __future__ import annotations

from typing import Annotated, Dict

import httpx
from fastapi import Depends, FastAPI

from ivr.settings import Settings, get_settings

SettingsDep = Annotated[Settings, Depends(get_settings)]

app = FastAPI(title="Madoguchi gateway")


@app.get("/healthz")
async def healthz(settings: SettingsDep) -> Dict[str, str]:
    try:
        async with httpx.AsyncClient(timeout=settings.rasa_timeout_seconds) as client:
            response = await client.get(f"{settings.rasa_url}/")
        rasa = "up" if response.status_code == 200 else f"status {response.status_code}"
    except httpx.HTTPError:
        rasa = "down"
    return {"gateway": "up", "rasa": rasa}
