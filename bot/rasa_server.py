"""`python -m bot.rasa_server <rasa run options>`: `rasa run` with the HTTP API token from the
settings (MADOGUCHI_RASA_TOKEN), so the token never appears on a command line."""

from __future__ import annotations

import sys

from madoguchi.settings import Settings


def main() -> None:
    token = Settings().rasa_token
    # one word: a token may begin with "-", which argparse would take for an option
    sys.argv = ["rasa", "run", *sys.argv[1:], f"--auth-token={token}"]
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
