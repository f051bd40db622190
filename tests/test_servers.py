"""`make run`'s servers for real: `rasa run` with the REST channel and the action server."""

from __future__ import annotations

import json
import sqlite3


def test_rest_channel_answers_bulky_waste_with_its_faq_id(servers):
    replies = servers.say("curl-1", "粗大ごみを出したい")
    texts = [r["text"] for r in replies if "text" in r]
    customs = [r["custom"] for r in replies if "custom" in r]
    assert len(texts) == 1 and texts[0].startswith("粗大ごみは事前申し込み制です。")
    assert customs == [{"faq_id": "waste/bulky_waste", "department": "gomi",
                        "url": "https://www.city.midorino.example/kurashi/gomi/sodai.html",
                        "title": "粗大ごみの申し込み・手数料・出し方"}]  # fmt: skip


def test_custom_actions_run_on_the_action_server_and_conversations_are_stored(servers):
    servers.say("curl-2", "予防接種のスケジュールを知りたい")
    replies = servers.say("curl-2", "担当の人と話したい")
    texts = [r["text"] for r in replies if "text" in r]
    assert len(texts) == 1 and "健康推進課" in texts[0]
    with sqlite3.connect(servers.tracker_db) as db:
        rows = db.execute("SELECT type_name, data FROM events WHERE sender_id = 'curl-2' ORDER BY id").fetchall()
    events = [(kind, json.loads(data)) for kind, data in rows]
    assert [event["text"] for kind, event in events if kind == "user"] == [
        "予防接種のスケジュールを知りたい",
        "担当の人と話したい",
    ]
    assert "action_human_handoff" in [event["name"] for kind, event in events if kind == "action"]  # run by the action server
    assert texts[0] in [event.get("text") for kind, event in events if kind == "bot"]
