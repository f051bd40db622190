"""English questions that name a topic's thing and ask something else about it are told apart
from questions on the city's procedure (faq_corpus/translations/en/other_questions.tsv, read
by madoguchi/other_questions.py as the Japanese cues are)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from madoguchi.japanese import DataFileError
from madoguchi.other_questions import translated_cues_file, translated_question_cues
from madoguchi.paths import CORPUS_DIR

ENGLISH = "en"


@pytest.mark.parametrize(
    "question, cue",
    [
        ("Where can I get CHEAP kids clothes", "CHEAP"),  # shopping, whatever the case
        ("good brands of baby formula", "brands"),
        ("where to buy a bike for my son", "where to buy"),
        ("how much is a private school here", "private school"),  # a private service
        ("my phone bill is too high", "phone bill"),
        ("how do I repair a broken washing machine", "repair"),  # a device's trouble
        ("my pc got a virus", "virus"),
        ("recipes with leftover rice", "recipes"),  # cooking and crafts
        ("good app for tracking vaccines", "app"),
        ("how do I train my puppy to sit", "train my"),  # a pet's care
        ("birthday gift ideas for a 3 year old", "birthday"),  # customs and gifts
        ("how do you say hanko in english", "how do you say"),
        ("how to extend my visa", "visa"),  # the state's business
        ("can I drive with my foreign driver's license", "driver's license"),
        ("cheapest way to send money to my parents", "cheapest"),
        ("how can i send money home to vietnam", "send money"),  # one's own money
        ("how to organize my closet in a small apartment", "closet"),  # one's own belongings
        ("how to stop my internet contract", "internet contract"),  # a utility's or a phone company's contract
        ("docomo shop near the station", "docomo"),
        ("my cat is vomiting, which vet is open", "vet"),  # a vet
        ("how to write a cover letter in japanese", "cover letter"),  # a job
        ("how much is it to mail a parcel to brazil", "parcel"),  # the post
        # food and drink, residence status, other insurance, a trip, a landlord (2026-12-04)
        ("is it ok to drink coffee while breastfeeding, can i drink 2 cups", "can i drink"),
        ("how to get citizenship in japan", "citizenship"),
        ("cheap travel insurance for my parents visiting", "cheap"),  # the shop cue first
        ("life insurance for foreigners", "life insurance"),
        ("medicine i need when travelling to india", "travelling to"),
        ("my landlord says i pay cleaning fee", "landlord"),
        # an address kept by a bank or the police is theirs to change, not the city's (2026-12-04)
        ("new address for my bank account, how to tell them", "bank account"),
        ("change the address on my driving licence", "driving licence"),
        ("a paper showing my bank account balance", "bank account"),  # a bank's paper is no certificate
        # looking for a home to rent
        ("good apartment near the station for a family", "good apartment"),
        ("looking for a flat to rent near the station", "looking for a flat"),
        # the state's or an embassy's business asked with the city's verbs (a `state` cue)
        ("apply for passport for my baby born in japan", "passport"),
        ("how to register marriage at my embassy", "embassy"),
        ("work permit application for a part time job", "work permit"),
        ("certified translation of my visa papers", "visa"),  # certified is no certificate
        # lessons one pays for, and songs or games for children (2026-12-05)
        ("japanese lessons for my kids", "japanese lessons"),
        ("piano class for a 5 year old", "piano class"),
        ("nursery rhymes to sing with my toddler", "nursery rhymes"),
        ("games to play with a 2 year old on a rainy day", "games"),
        ("register my visa at immigration", "visa"),  # register alone is no family register
        ("korean family register for my wedding, from the korean embassy", "embassy"),  # another country's register
        ("what's the time in tokyo now", "what's the time"),
    ],
)
def test_an_english_question_about_the_thing_itself_shows_its_cue(question: str, cue: str) -> None:
    cues = translated_question_cues(ENGLISH)
    assert cues is not None
    assert cues.asks_something_else(question) == cue


@pytest.mark.parametrize(
    "question",
    [
        "where do I buy the bulky waste sticker",  # shopping for what the city sells
        "cheapest way to get rid of an old fridge",  # an act of the city's
        "I need a juminhyo for my visa renewal",  # the state asks for the city's certificate
        "my company insurance ended, do I join kokuho",  # a company beside the city's insurance
        "I moved from another city, do I need to update my residence card address",
        "best day to submit the marriage registration",
        "can I apply online with the mynaportal app",
        "how do I throw away a broken toy",
        "how do i throw away an old wardrobe",  # what the city collects
        "my dog needs the rabies shot, do i register him",  # the city's registration, not a vet
        "how to put out plastic packaging",  # packaging is recyclables, not a package
        "how do i throw away a gas canister",  # gas alone is no utility's contract
        "when does garbage collection resume after new year",  # resume, the verb, is no job's
        "how do i throw away a broken microwave",  # a disposal beside the cooking cue
        "name for my baby on the birth registration",  # the city's registration beside a name
        "my car insurance company needs a juminhyo",  # the city's certificate beside insurance
        "income certificate for visa renewal",  # the city's thing outweighs a `state` cue
        "tax certifcate for my visa application",  # ... mistyped as residents type it
        "kazei shoumeisho for the visa",  # ... or spelled with the long vowel
        "kosekitohon for my son passport",  # the family register glued to its copy's name
        "juuminhyou for the visa renewal",  # the residence certificate with its long vowels
        "jyuminhyo copy my embassy asks for",
        "we registered the birth at city hall, does the embassy need a copy too",  # the city's counter
        "please update my residence card address",  # an address with no bank or licence is the city's
        "where is the garbage place for my apartment",  # an apartment's collection point, not a home search
        "the landlord wants a document proving my income",  # a certificate in plain words, beside a landlord
        "i need my japanese wife's family register for the spouse visa",  # the city's register beside the visa
        "family registry copy my embassy asks for",
        "can family support take my kid to swimming lessons",  # lessons a helper takes a child to
    ],
)
def test_an_english_question_on_the_city_procedure_is_left_alone(question: str) -> None:
    cues = translated_question_cues(ENGLISH)
    assert cues is not None
    assert cues.asks_something_else(question) is None


def test_no_english_corpus_example_reads_as_another_question() -> None:
    cues = translated_question_cues(ENGLISH)
    assert cues is not None
    examples = [
        example
        for path in sorted((CORPUS_DIR / "translations" / ENGLISH / "faq").glob("*.yml"))
        for topic in yaml.safe_load(path.read_text(encoding="utf-8"))["topics"]
        for example in topic["examples"]
    ]
    assert len(examples) > 1000
    assert [e for e in examples if cues.asks_something_else(e) is not None] == []


def test_a_language_without_its_own_cues_has_none() -> None:
    assert not translated_cues_file("tl").exists()  # a language the city does not serve
    assert translated_question_cues("tl") is None


def test_a_bad_english_line_is_named_with_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from madoguchi import other_questions

    broken = tmp_path / "translations" / "xx" / "other_questions.tsv"
    broken.parent.mkdir(parents=True)
    broken.write_text("# cues\nother\t\\b(cheap\n", encoding="utf-8")
    monkeypatch.setattr(other_questions, "CORPUS_DIR", tmp_path)
    with pytest.raises(DataFileError, match=r"other_questions.tsv:2: not a regular expression"):
        other_questions.translated_question_cues("xx")
    other_questions.translated_question_cues.cache_clear()
