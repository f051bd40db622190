"""Generated Rasa data: never stale, and made of the corpus text."""

from __future__ import annotations

import yaml

from madoguchi.corpus.generate import HEADER, generated_files, held_out_examples, stale_files, training_examples


def test_generated_files_are_up_to_date_with_the_corpus(corpus):
    assert stale_files(corpus) == [], "run `make generate` and commit the result"


def test_each_topic_is_a_retrieval_intent_with_a_response_that_carries_its_faq_id(corpus, tmp_path):
    files = generated_files(corpus, tmp_path)
    domain = yaml.safe_load(files[tmp_path / "domain" / "generated" / "faq.yml"])
    waste = yaml.safe_load(files[tmp_path / "data" / "generated" / "faq" / "waste.yml"])
    assert all(content.startswith(HEADER) for content in files.values())
    response = domain["responses"]["utter_waste/bulky_waste"]
    # the Japanese answer is the default variation; each translated answer is conditioned on the language
    assert "condition" not in response[0]
    assert [r["condition"][0]["value"] for r in response[1:]] == [
        "en",
        "ja-easy",
        "ko",
        "vi",
        "zh",
    ]  # every language has its answer
    assert all(
        r["condition"] == [{"type": "slot", "name": "language", "value": r["condition"][0]["value"]}] for r in response[1:]
    )
    assert response[1]["text"] == corpus.render(corpus.by_id()["waste/bulky_waste"], "answer", "en")
    assert response[0]["custom"] == {
        "faq_id": "waste/bulky_waste",
        "department": "gomi",
        "url": corpus.full_url(corpus.by_id()["waste/bulky_waste"]),
        "title": "粗大ごみの申し込み・手数料・出し方",  # the chat's link reads the title, not the URL
    }
    assert response[0]["text"] == corpus.render(corpus.by_id()["waste/bulky_waste"], "answer")
    assert waste["rules"] == [
        {"rule": "answer a waste question from the corpus", "steps": [{"intent": "waste"}, {"action": "utter_waste"}]}
    ]
    intents = [item["intent"] for item in waste["nlu"]]
    assert "waste/bulky_waste" in intents and all(i.startswith("waste/") for i in intents)


def test_holdout_is_stable_and_leaves_enough_to_train(corpus):
    held = {t.id: held_out_examples(t) for t in corpus.topics}
    assert sum(len(v) for v in held.values()) >= len(corpus.topics) * 2
    for topic in corpus.topics:
        kept = training_examples(topic, holdout=True)
        assert set(kept).isdisjoint(held[topic.id])
        assert len(kept) + len(held[topic.id]) == len(topic.examples)
        assert len(kept) >= 12


def test_button_payloads_reach_residents_as_written_without_a_keyerror_in_the_log(corpus, tmp_path, monkeypatch):
    """Rasa fills slots into a response's buttons with str.format; a payload's entity braces
    were read as a slot name and logged as KeyError '"move_type": "in"' on every question."""
    from unittest import mock

    from rasa.core.nlg import interpolator

    domain = yaml.safe_load(generated_files(corpus, tmp_path)[tmp_path / "domain" / "generated" / "messages.yml"])
    log = mock.Mock()
    monkeypatch.setattr(interpolator, "structlogger", log)
    slots = {"language": None, "move_type": None, "requested_slot": "move_type"}
    for name, variants in domain["responses"].items():
        for variant in variants:
            for button in variant.get("buttons", []):
                written = {payload for _, payload in corpus.own_message(name, None).buttons}  # translations share them
                assert interpolator.interpolate(dict(button), slots)["payload"] in written
    assert not log.exception.called
    assert any('{"move_type": "in"}' in str(v) for v in domain["responses"]["utter_ask_move_type"])
