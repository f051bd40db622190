"""`make shell`: talk to the trained assistant in the terminal (no servers needed)."""

from __future__ import annotations

import asyncio
import sys
import uuid


async def _loop() -> None:
    from bot.agent import Assistant

    assistant = Assistant.load()
    conversation = f"shell-{uuid.uuid4().hex[:8]}"
    print("窓口案内です。質問を入力してください（終了: Ctrl-D）。")
    while True:
        try:
            text = input("あなた> ").strip()
        except EOFError:
            print()
            return
        if not text:
            continue
        turn = await assistant.send(text, conversation)
        for message in turn.messages:
            if message.get("text"):
                print(f"窓口> {message['text']}")
            for number, button in enumerate(message.get("buttons") or [], start=1):
                print(f"   [{number}] {button['title']}  ({button['payload']})")
        print(f"      ({turn.intent} {turn.confidence:.2f})", file=sys.stderr)


def main() -> int:
    asyncio.run(_loop())
    return 0


if __name__ == "__main__":
    sys.exit(main())
