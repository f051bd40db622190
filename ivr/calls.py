"""What happens at each step of a call. Routes (ivr/voice.py) stay thin; this is the flow.

Keys that work at every prompt: 0 = staff, * = repeat, 9 = main menu. Silence or a wrong
key is met with the prompt again, then slower and shorter, then an offer of staff: the
system never hangs up on a caller who has not finished.
"""

from __future__ import annotations

import contextlib
import re
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Set

import yaml
from fastapi import Response

from gateway.rasa_client import RasaClient, RasaUnavailable
from gateway.settings import Settings
from gateway.store import CallState, Store, conversation_key, number_kind
from ivr.languages import LANGUAGE_MENU, default_language_menu, opening_in
from ivr.menu import MAIN, Menu, default_menus
from ivr.sms import is_mobile, queue_sms
from ivr.twiml import Aside, Twiml
from madoguchi.clock import JST, clock_from_env
from madoguchi.corpus.model import Corpus, fill_placeholders
from madoguchi.departments import department_name
from madoguchi.districts import district_payload, parse_district
from madoguchi.languages import EASY_JAPANESE, family
from madoguchi.languages import JAPANESE as JA
from madoguchi.office_hours import describe_opening, is_open, next_opening
from madoguchi.profile import JAPANESE_VOICE, PhoneVoice
from madoguchi.skill_texts import skill_texts
from madoguchi.spec import default_spec
from madoguchi.speech import speakable
from madoguchi.waste_data import current as current_waste_data

PHONE_CHANNEL = "phone"  # stored with each message in the conversation store
PHONE_WORDS_FILE = Path(__file__).with_name("phone.yml")
# The phone's own words in Japanese (ivr/phone.yml); in the other languages they come from
# faq_corpus/translations/<language>/phone.yml under the same names.
JAPANESE: Dict[str, str] = {str(k): str(v) for k, v in yaml.safe_load(PHONE_WORDS_FILE.read_text(encoding="utf-8")).items()}
# the ones tests, the simulator and the console name
AFTER_ANSWER, LEAVE_SKILL, NOT_HEARD = JAPANESE["after_answer"], JAPANESE["leave_skill"], JAPANESE["not_heard"]
NO_SUCH_ANSWER, RASA_DOWN, SLOW_FALLBACK = JAPANESE["no_such_answer"], JAPANESE["rasa_down"], JAPANESE["slow_fallback"]
SKILL_DOWN = JAPANESE["skill_down"]
SMS_ACCEPTED, WRONG_KEY = JAPANESE["sms_accepted"], JAPANESE["wrong_key"]
CANCEL_PAYLOAD, HANDOFF_PAYLOAD = "/cancel", "/human_handoff"
# Readings after kanji in やさしい日本語 texts (「市（し）」): shown as <ruby> on the web, not read out.
_READING = re.compile(r"（[ぁ-ゖァ-ヺー]+）")
_KANJI = re.compile(r"[\u3400-\u9fff々]")
# Languages written without spaces between sentences.
_UNSPACED = {JA, "zh"}
MAX_RETRIES = 2
# Custom payload keys of a skill's final answer (the chat's actions send them): after it, SMS.
FINAL_ANSWER_KEYS = {"sms", "waste_item", "waste_item_unknown", "district"}
DISTRICTS_PER_PAGE = 4  # keys 1-4; 5 turns the page
NEXT_PAGE = "next-page"
ANSWERED_HEADER = "X-Madoguchi-Answered"
CONVERSATION_MESSAGES = (
    "utter_greet", "utter_thank", "utter_how_can_i_help", "utter_bot_challenge", "utter_out_of_scope", "utter_unserved_language",
    "utter_cancelled", "utter_rephrase",
)  # fmt: skip


class CallFlow:
    def __init__(self, settings: Settings, store: Store, corpus: Callable[[], Corpus], rasa: RasaClient) -> None:
        """`corpus` gives the corpus as it is now: staff edit it and retrain while calls go on."""
        self.settings = settings
        self.store = store
        self._corpus_source = corpus
        self._corpus: Optional[Corpus] = None
        self.rasa = rasa
        self.menus = default_menus()
        self.language_menu = default_language_menu()
        self.hints: Dict[str, List[str]] = {}  # per language the call can be in ("ja" …)
        self.phone_words: Dict[str, Dict[str, Any]] = {}
        self.voices: Dict[str, PhoneVoice] = {}
        self._goodbyes: Set[str] = set()
        self._ask_district: Set[str] = set()
        self._conversation_only: Set[str] = set()
        _ = self.corpus  # load it now, so a broken corpus shows at start

    @property
    def corpus(self) -> Corpus:
        corpus = self._corpus_source()
        if corpus is not self._corpus:  # changed on disk: what the flow derives from it too
            self._corpus = corpus
            self.voices = dict(corpus.profile.phone_voices)
            self.voices.setdefault(JA, PhoneVoice(**JAPANESE_VOICE))
            # a language is spoken by phone when it has words (phone.yml) and a voice (city.yml)
            self.phone_words = {code: t.phone for code, t in corpus.translations.items() if t.phone and code in self.voices}
            self.hints = {code: self._hints(corpus, code) for code in [JA, *self.phone_words]}
            languages = [None, *self.phone_words]  # the assistant's own messages in each language a call can be in
            self._goodbyes = {corpus.message("utter_goodbye", lang) for lang in languages}
            self._ask_district = {corpus.message("utter_ask_district", lang) for lang in languages}
            # replies that end the exchange: the caller goes back to the main menu
            self._conversation_only = {corpus.message(name, lang) for name in CONVERSATION_MESSAGES for lang in languages}
        return corpus

    # --- state and helpers ---------------------------------------------------------

    @property
    def districts(self) -> List[str]:
        """The calendar's districts now (an imported city's, once imported)."""
        return list(current_waste_data().calendar.districts)

    def _hints(self, corpus: Corpus, language: str) -> List[str]:
        titles = [corpus.title(topic, None if language == JA else language)[:100] for topic in corpus.topics]
        japanese = family(language) == JA
        labels = [option.label for menu in self.menus.values() for option in menu.options.values()] if japanese else []
        # the city's place names: for Japanese speech as written, for another language's as its
        # voice says them (쇼와도리, Showadori); none where the language reads the kanji (Chinese)
        places = [parse_district(name).base for name in self.districts]
        if not japanese:
            texts = skill_texts(language)
            places = [p for p in (texts.spoken_district(p) for p in places) if not _KANJI.search(p)] if texts else []
        places = [place[:100] for place in places]
        names = [name for code in self.phone_words for name in self.language_menu.names.get(code, ())]
        # Twilio splits hints at commas: 「대형 쓰레기 신청, 수수료」 is one hint
        return list(dict.fromkeys(hint.replace(",", " ") for hint in titles + labels + places + names))[:500]

    def language(self, state: CallState) -> Optional[str]:
        """The call's language when the phone speaks it (None: Japanese)."""
        return state.language if state.language in self.phone_words else None

    def words(self, state: CallState, name: str, /, **values: str) -> str:
        """One of the phone's own texts in the call's language, with its placeholders filled, for the ear."""
        return self.spoken(state, self.words_in(self.language(state), name, **values))

    def words_in(self, language: Optional[str], name: str, /, **values: str) -> str:
        """One of the phone's own texts in a language (None: Japanese), as written."""
        text = self.phone_words.get(language or "", {}).get(name) or JAPANESE[name]
        return fill_placeholders(text, {**self.corpus.profile.placeholders(language=language), **values})

    def spoken(self, state: CallState, text: str) -> str:
        """Text for the ear: やさしい日本語's readings (「市（し）」) are written, not said."""
        return _READING.sub("", text) if self.language(state) == EASY_JAPANESE else text

    def spaced(self, state: CallState) -> bool:
        """Whether the call's language writes spaces between words and sentences (en, ko, vi)."""
        return family(self.language(state) or JA) not in _UNSPACED

    def join(self, state: CallState, *sentences: str) -> str:
        """Sentences one after another: with a space where the language writes one."""
        glue = " " if self.spaced(state) else ""
        return glue.join(sentence.strip() for sentence in sentences if sentence.strip())

    def voice(self, language: Optional[str]) -> PhoneVoice:
        return self.voices.get(language or JA) or self.voices[JA]

    def _twiml(self, state: CallState) -> Twiml:
        return Twiml(self.settings, self.voice(self.language(state)))

    def start(self, form: Dict[str, str], now: Optional[str]) -> CallState:
        caller = form.get("From", "")
        state = CallState(
            sid=form["CallSid"],
            conversation=conversation_key(self.settings.twilio_auth_token, form["CallSid"]),
            caller_kind=number_kind(caller),
            now=now,  # the simulator's clock; the route refuses it in production
        )
        self.store.save(state)
        return state

    def state(self, form: Dict[str, str]) -> CallState:
        return self.store.load(form["CallSid"]) or self.start(form, None)

    def now(self, state: CallState) -> datetime:
        if state.now:
            return datetime.fromisoformat(state.now).astimezone(JST)
        if self.settings.fixed_now:
            return datetime.fromisoformat(self.settings.fixed_now).astimezone(JST)
        return clock_from_env()()

    def next_step(self, state: CallState, path: str = "", listening: bool = False) -> str:
        """Move the call on and save it: the URL Twilio posts the caller's answer to.

        Every URL the gateway gives Twilio names its step, so a signed request that is sent
        again (a replay) names an old step and cannot move the call a second time.
        """
        state.step += 1
        state.path = path if listening else ""  # a prompt a replay may hear again
        self.store.save(state)
        return f"{path}?step={state.step}"

    def is_current(self, state: CallState, step: Optional[str]) -> bool:
        """Whether a request answers the step the call is at (a new call accepts any)."""
        return state.step == 0 or step == str(state.step)

    def replayed(self, state: CallState) -> Response:
        """A request for a step already answered: the current prompt again, nothing moves."""
        if state.menu == LANGUAGE_MENU and state.path == "/voice/menu":
            return self._language_twiml(state, f"{state.path}?step={state.step}").build()
        twiml = self._twiml(state)
        if state.path:
            twiml.ask(f"{state.path}?step={state.step}", state.prompt, self._hints_for(state))
        return twiml.build()

    def _hints_for(self, state: CallState) -> List[str]:
        return self.hints.get(self.language(state) or JA, [])

    def _ask(
        self, state: CallState, path: str, prompt: str, preface: str = "", slow: bool = False, offer: bool = False
    ) -> Response:
        state.prompt = prompt
        url = self.next_step(state, path, listening=True)
        twiml = self._twiml(state)
        if preface:
            twiml.say(preface, slow=slow)
        asides = self._offers(state) if offer else []
        return twiml.ask(url, prompt, self._hints_for(state), slow=slow, asides=asides).build()

    def _offers(self, state: CallState) -> List[Aside]:
        """The end of the main menu: the other languages, each in its own: 「For English and other languages, press 8.」"""
        language = self.language(state)
        if language is None:
            offered = [code for code in self.language_menu.choices.values() if code in self.phone_words]
            lines = [(self.phone_words[code].get("offer", ""), code) for code in offered]
            return [(self.spoken_in(code, text), self.voice(code)) for text, code in lines if text]
        asides = [(self.words(state, "other_languages"), self.voice(language))]
        if family(language) != JA:  # やさしい日本語's own line names Japanese already
            asides.append((JAPANESE["to_japanese"], self.voice(JA)))
        return asides

    def spoken_in(self, language: str, text: str) -> str:
        return _READING.sub("", text) if language == EASY_JAPANESE else text

    def menu_prompt(self, state: CallState, menu: Menu, preface: str = "", offer: bool = False) -> Response:
        """`offer`: end with the other languages, each in its own (after the greeting only: a
        caller back in the main menu knows them, and 8 still works)."""
        state.menu, state.in_dialogue, state.choices = menu.name, False, {}
        prompt = menu.prompt
        language = self.language(state)
        if language:
            prompt = self.phone_words[language].get("menus", {}).get(menu.name, menu.prompt)
        prompt = self.join(state, self.spoken(state, prompt), self.words(state, "speak_or_press"))
        return self._ask(state, "/voice/menu", prompt, preface, offer=offer)

    # --- the language menu -----------------------------------------------------------

    def language_prompt(self, state: CallState, preface: str = "", slow: bool = False) -> Response:
        """Key 8: every language offered, each said in its own voice; 9 is Japanese."""
        state.menu, state.in_dialogue, state.choices = LANGUAGE_MENU, False, {}
        state.prompt = ""
        url = self.next_step(state, "/voice/menu", listening=True)
        return self._language_twiml(state, url, preface, slow).build()

    def _language_twiml(self, state: CallState, url: str, preface: str = "", slow: bool = False) -> Twiml:
        twiml = self._twiml(state)
        if preface:
            twiml.say(preface, slow=slow)
        menu = self.language_menu
        lines = [(key, code) for key, code in menu.choices.items() if code in self.phone_words]
        asides = [(self.spoken_in(code, self.words_in(code, "choose", key=key)), self.voice(code)) for key, code in lines]
        asides.append((self.words_in(None, "choose", key=menu.japanese), self.voice(JA)))
        # names are said in many languages; English ones are heard best (the call may be in any)
        listen = self.voices.get("en") if "en" in self.phone_words else None
        names = [name for code in [JA, *self.phone_words] for name in menu.names.get(code, ())]
        return twiml.ask(url, "", names, slow=slow, asides=asides, listen=listen)

    def on_language(self, state: CallState, digits: str, speech: str) -> Response:
        menu = self.language_menu
        chosen = menu.choices.get(digits) if digits else menu.heard(speech) if speech else None
        if digits == menu.japanese:
            chosen = JA
        if chosen == JA or chosen in self.phone_words:
            state.language, state.retries = chosen or JA, 0
            return self.greet(state)
        if digits in ("0", "*"):
            return self.transfer(state) if digits == "0" else self.language_prompt(state)
        return self.retry(state, "/voice/menu", self.words(state, "wrong_key" if digits else "not_heard"))

    def repeat(self, state: CallState, path: str) -> Response:
        return self._ask(state, path, state.prompt)

    def retry(self, state: CallState, path: str, reason: str) -> Response:
        """Silence or a wrong key: the prompt again, then slower and shorter, then staff."""
        state.retries += 1
        if state.retries > MAX_RETRIES:
            state.retries = 0
            return self.transfer(state, preface=self.words(state, "could_not_help"))
        if state.menu == LANGUAGE_MENU and path == "/voice/menu":  # said in many voices: built again
            return self.language_prompt(state, preface=reason, slow=state.retries == MAX_RETRIES)
        if state.retries == MAX_RETRIES:
            return self._ask(state, path, self.words(state, "slow_fallback"), preface=reason, slow=True)
        return self._ask(state, path, state.prompt, preface=reason)

    def global_key(self, state: CallState, digits: str, path: str) -> Optional[Response]:
        if digits == "*":
            return self.repeat(state, path)
        if digits == "0":
            return self.transfer(state)
        if digits == "9":
            return self.menu_prompt(state, self.menus[MAIN])
        return None

    # --- steps ---------------------------------------------------------------------

    def greet(self, state: CallState) -> Response:
        return self.menu_prompt(state, self.menus[MAIN], preface=self.words(state, "greeting"), offer=True)

    async def on_menu(self, state: CallState, digits: str, speech: str, confidence: Optional[float]) -> Response:
        if state.menu == LANGUAGE_MENU:
            return self.on_language(state, digits, speech)
        if digits:
            handled = self.global_key(state, digits, "/voice/menu")
            if handled:
                return handled
            if digits == self.language_menu.key and state.menu == MAIN and self.phone_words:
                state.retries = 0
                return self.language_prompt(state)
            option = self.menus[state.menu].options.get(digits)
            if option is None:
                return self.retry(state, "/voice/menu", self.words(state, "wrong_key"))
            state.retries = 0
            if option.menu:
                return self.menu_prompt(state, self.menus[option.menu])
            return await self.open_intent(state, option.intent or "")
        if speech:
            state.retries = 0
            named = self.language_menu.heard(speech) if state.menu == MAIN else None
            if named and named != (self.language(state) or JA) and (named == JA or named in self.phone_words):
                state.language = named  # 「中国語で」 in the main menu: as if chosen in the language menu
                return self.greet(state)
            return await self.on_speech(state, speech, confidence)
        return self.retry(state, "/voice/menu", self.words(state, "not_heard"))

    async def open_intent(self, state: CallState, intent: str) -> Response:
        """A menu leaf: an FAQ topic is answered from the corpus, a skill starts in Rasa."""
        if intent in self.corpus.by_id():
            return self.answer_faq(state, intent)
        return await self.talk(state, f"/{intent}")

    async def on_speech(self, state: CallState, speech: str, confidence: Optional[float]) -> Response:
        try:
            guess = await self.rasa.best_guess(speech)
        except RasaUnavailable:
            return self.menu_prompt(state, self.menus[MAIN], preface=self.words(state, "rasa_down"))
        unsure = guess["confidence"] < self.settings.speech_confirm_below or (
            confidence is not None and confidence < self.settings.speech_confirm_below
        )
        topic = self.corpus.by_id().get(guess["intent"])
        if topic and unsure:
            state.pending_intent = topic.id
            prompt = self.words(state, "confirm", title=self._spoken_title(state, topic.id))
            return self._ask(state, "/voice/confirm", prompt)
        return await self.talk(state, speech)

    async def on_confirm(self, state: CallState, digits: str, speech: str) -> Response:
        handled = self.global_key(state, digits, "/voice/confirm") if digits else None
        if handled:
            return handled
        if digits == "1" and state.pending_intent:
            intent, state.pending_intent = state.pending_intent, None
            return self.answer_faq(state, intent)
        if digits == "2" or speech:
            state.pending_intent = None
            return self._ask(state, "/voice/question", self.words(state, "ask_question"), preface=self.words(state, "sorry"))
        return self.retry(state, "/voice/confirm", self.words(state, "not_heard" if not digits else "wrong_key"))

    async def on_question(self, state: CallState, digits: str, speech: str, confidence: Optional[float]) -> Response:
        if digits:
            handled = self.global_key(state, digits, "/voice/question")
            return handled or self.retry(state, "/voice/question", self.words(state, "wrong_key"))
        if speech:
            state.retries = 0
            return await self.on_speech(state, speech, confidence)
        return self.retry(state, "/voice/question", self.words(state, "not_heard"))

    async def on_dialogue(self, state: CallState, digits: str, speech: str) -> Response:
        """A skill is asking: keys pick its numbered choices, speech is passed on.

        9 stops the skill in the assistant too (else its question would catch the caller's
        next words), and 0 asks the assistant for staff, who know the skill's department."""
        if digits:
            if state.choices.get(digits) == NEXT_PAGE:
                return self.district_prompt(state, state.page + 1)
            if digits in state.choices:
                state.retries = 0
                return await self.talk(state, state.choices[digits])
            if digits == "9":
                return await self.leave_skill(state)
            if digits == "0":
                return await self.talk(state, HANDOFF_PAYLOAD)
            handled = self.global_key(state, digits, "/voice/dialogue")
            return handled or self.retry(state, "/voice/dialogue", self.words(state, "wrong_key"))
        if speech:
            state.retries = 0
            return await self.talk(state, speech)
        return self.retry(state, "/voice/dialogue", self.words(state, "not_heard"))

    async def leave_skill(self, state: CallState) -> Response:
        # when Rasa is down the skill's question is forgotten with the conversation anyway
        with contextlib.suppress(RasaUnavailable):
            await self.rasa.send(state.conversation, CANCEL_PAYLOAD, channel=PHONE_CHANNEL)
        return self.menu_prompt(state, self.menus[MAIN], preface=self.corpus.message("utter_cancelled"))

    def _spoken_title(self, state: CallState, topic_id: str) -> str:
        """A topic's title to confirm: in another language without its bracketed details."""
        topic = self.corpus.by_id()[topic_id]
        language = self.language(state)
        if language is None:
            return self.corpus.title(topic)
        return re.sub(r"\s*[（(][^）)]*[）)]", "", self.corpus.title(topic, language)).strip()

    async def talk(self, state: CallState, message: str) -> Response:
        """One turn with the assistant, spoken back."""
        try:
            metadata = {"language": state.language} if state.language != JA else None  # the caller chose it
            replies = await self.rasa.send(state.conversation, message, channel=PHONE_CHANNEL, metadata=metadata)
        except RasaUnavailable:  # a skill while the action servers are down, or Rasa itself
            return self.menu_prompt(state, self.menus[MAIN], preface=self.words(state, "skill_down"))
        return self.speak_replies(state, replies)

    def speak_replies(self, state: CallState, replies: List[Dict[str, Any]]) -> Response:
        _ = self.corpus  # the phrases below are the current corpus's
        custom: Dict[str, Any] = {}
        for reply in replies:
            custom.update(reply.get("custom") or {})
        if "faq_id" in custom:
            return self.answer_faq(state, custom["faq_id"])
        if "handoff" in custom:
            department = custom["handoff"]["department"]
            state.department = None if department == "main" else department
            return self.transfer(state)
        text = speakable(self.spoken(state, "\n".join(r["text"] for r in replies if r.get("text"))), self.spaced(state))
        # the chat's buttons become numbered choices; its 「やめる」 is key 9 here
        buttons = [b for r in replies for b in (r.get("buttons") or []) if b["payload"] != CANCEL_PAYLOAD][:5]
        if buttons:
            state.choices = {str(n): b["payload"] for n, b in enumerate(buttons, start=1)}
            state.in_dialogue = True
            prompt = self._choices_prompt(state, text, [b["title"] for b in buttons])
            return self._ask(state, "/voice/dialogue", self.join(state, prompt, self.words(state, "leave_skill")))
        if FINAL_ANSWER_KEYS & set(custom):
            state.sms_text = custom.get("sms") or self._skill_sms(text)
            state.faq_id, state.in_dialogue = None, False
            return self._ask(state, "/voice/after", self.words(state, "after_answer"), preface=text)
        said = {reply.get("text", "").strip() for reply in replies}
        if self._ask_district & said:  # 12 districts: spoken, or chosen by keys page by page
            return self.district_prompt(state, 0)
        if said & self._goodbyes:
            twiml = self._twiml(state)
            twiml.say(text)
            twiml.response.hangup()  # the caller said goodbye first
            return twiml.build()
        if said & self._conversation_only:
            return self.menu_prompt(state, self.menus[MAIN], preface=text)
        # anything else is the assistant asking (a skill's question): listen for the answer
        state.choices, state.in_dialogue = {}, True
        return self._ask(state, "/voice/dialogue", self.join(state, text, self.words(state, "leave_skill")))

    def district_prompt(self, state: CallState, page: int) -> Response:
        pages = (len(self.districts) + DISTRICTS_PER_PAGE - 1) // DISTRICTS_PER_PAGE
        state.page = page % pages
        shown = self.districts[state.page * DISTRICTS_PER_PAGE : (state.page + 1) * DISTRICTS_PER_PAGE]
        state.choices = {str(n): district_payload(name) for n, name in enumerate(shown, start=1)}
        state.choices["5"] = NEXT_PAGE
        state.in_dialogue = True
        named = [
            self.words(state, "district_choice", name=self.district_name(state, name), key=str(n))
            for n, name in enumerate(shown, start=1)
        ]
        keys = self.join(state, *named) if self.language(state) else "、".join(named)
        prompt = self.join(state, self.words(state, "district", keys=keys), self.words(state, "leave_skill"))
        return self._ask(state, "/voice/dialogue", prompt)

    def district_name(self, state: CallState, name: str) -> str:
        """A district as the call's voice can read it: 「Higashimachi」, 「Honcho 1–3-chome」 (an English
        voice cannot read 東町); in Japanese and where the language has no letters for it, as written."""
        texts = skill_texts(self.language(state))
        return texts.spoken_district(name) if texts else name

    def _choices_prompt(self, state: CallState, text: str, titles: List[str]) -> str:
        """A question with buttons, read with their keys: 「…はい は1、いいえ は2を押してください。」"""
        if self.language(state):
            titles = [self.spoken(state, title) for title in titles]
            keys = [self.words(state, "choice", title=title, key=str(n)) for n, title in enumerate(titles, start=1)]
            return self.join(state, text, *keys)
        options = "、".join(self.words(state, "choice", title=title, key=str(n)) for n, title in enumerate(titles, start=1))
        return self.words(state, "choices", text=text, options=options)

    def _skill_sms(self, text: str) -> str:
        return f"{self.corpus.profile.name}：{text}"[:120]

    def answer_faq(self, state: CallState, faq_id: str) -> Response:
        topic = self.corpus.by_id().get(faq_id)
        if topic is None:  # a topic the model knows and the corpus no longer has (or not yet)
            state.faq_id = None
            return self.menu_prompt(state, self.menus[MAIN], preface=self.words(state, "no_such_answer"))
        state.faq_id, state.department, state.in_dialogue = faq_id, topic.department, False
        language = self.language(state)
        state.sms_text = self.corpus.sms_text(topic, language)
        voice = self.spoken(state, self.corpus.render(topic, "voice", language))
        response = self._ask(state, "/voice/after", self.words(state, "after_answer"), preface=voice)
        response.headers[ANSWERED_HEADER] = faq_id  # an FAQ id, nothing personal: for logs and the simulator
        return response

    async def on_after(self, state: CallState, digits: str, speech: str, caller: str, confidence: Optional[float]) -> Response:
        if digits == "1":
            return self.send_details(state, caller)
        if digits == "2":
            if state.faq_id:
                return self.answer_faq(state, state.faq_id)
            return self._ask(
                state,
                "/voice/after",
                self.words(state, "after_answer"),
                preface=speakable(state.sms_text or "", self.spaced(state)),
            )
        if digits == "3":
            return self._ask(state, "/voice/question", self.words(state, "ask_question"))
        if digits:
            handled = self.global_key(state, digits, "/voice/after")
            return handled or self.retry(state, "/voice/after", self.words(state, "wrong_key"))
        if speech:
            return await self.on_speech(state, speech, confidence)
        return self.retry(state, "/voice/after", self.words(state, "not_heard"))

    def send_details(self, state: CallState, caller: str) -> Response:
        after = self.words(state, "after_answer")
        if not is_mobile(caller):
            return self._ask(state, "/voice/after", after, preface=self.words(state, "no_sms"))
        body = state.sms_text or self.contact_sms(state)
        queue_sms(self.settings, self.store, state.conversation, caller, body)  # sent by the outbox worker
        return self._ask(state, "/voice/after", after, preface=self.words(state, "sms_accepted"))

    def contact_sms(self, state: CallState) -> str:
        profile = self.corpus.profile
        name, number = self.department_name(state), profile.phone_of(state.department or "").display
        return self.words_in(self.language(state), "contact_sms", department=name, tel=number)  # written: readings stay

    def department_name(self, state: CallState) -> str:
        spec = default_spec()
        language = self.language(state)
        local = self.corpus.profile.languages.get(language or "")
        # a spec department, or the city's own one its imported list named (madoguchi.departments)
        own = department_name(state.department, spec)
        if language and local:
            untranslated = own if own and state.department not in spec.departments else local.main_office
            return local.departments.get(state.department or "", untranslated)
        return own or f"{self.corpus.profile.name}役所"

    # --- staff ---------------------------------------------------------------------

    def transfer(self, state: CallState, preface: str = "") -> Response:
        profile = self.corpus.profile
        now = self.now(state)
        name = self.department_name(state)
        if is_open(now, profile):
            action = self.next_step(state, "/voice/dial-status")
            self.store.record_transfer(state.conversation, state.department or "main", "dialled")
            twiml = self._twiml(state)
            twiml.say(self.join(state, preface, self.words(state, "connecting", department=self.spoken(state, name))))
            number = profile.phone_of(state.department or "").e164
            twiml.response.dial(
                number,
                caller_id=self.settings.caller_id,
                timeout=25,
                action=twiml.url(action),
                method="POST",
            )
            return twiml.build()
        self.store.record_transfer(state.conversation, state.department or "main", "closed")
        opening = self.opening(state, next_opening(now, profile), now)
        preface = self.join(state, preface, self.words(state, "closed", department=self.spoken(state, name), opening=opening))
        return self._ask(state, "/voice/closed", self.words(state, "closed_menu"), preface=preface)

    def opening(self, state: CallState, opening: datetime, now: datetime) -> str:
        """When the office opens, the way the call's language says it."""
        language = self.language(state)
        words = self.phone_words.get(language or "", {}).get("opening")
        if words:
            return opening_in(words, opening, now)
        return describe_opening(opening, now, "en" if language == "en" else JA)

    def on_dial_status(self, state: CallState, status: str) -> Response:
        self.store.record_transfer(state.conversation, state.department or "main", status)
        if status == "completed":
            self.next_step(state)  # the call is over: a replay of this request does nothing
            twiml = self._twiml(state)
            twiml.response.hangup()
            return twiml.build()
        state.sms_text = self.contact_sms(state)
        return self._ask(state, "/voice/after", self.words(state, "not_reached_menu"), preface=self.words(state, "not_reached"))

    def on_closed(self, state: CallState, digits: str, caller: str) -> Response:
        if digits == "1":
            return self.send_details(state, caller)
        if digits == "2":
            action = self.next_step(state, "/voice/recorded")
            twiml = self._twiml(state)
            twiml.say(self.words(state, "record"))
            twiml.response.record(max_length=90, finish_on_key="#", play_beep=True, action=twiml.url(action), method="POST")
            return twiml.build()
        if digits:
            handled = self.global_key(state, digits, "/voice/closed")
            return handled or self.retry(state, "/voice/closed", self.words(state, "wrong_key"))
        return self.retry(state, "/voice/closed", self.words(state, "not_heard"))

    def on_recorded(self, state: CallState, url: str, seconds: Optional[int]) -> Response:
        self.store.record_message(state.conversation, state.caller_kind, state.department or "main", url, seconds)
        return self.menu_prompt(state, self.menus[MAIN], preface=self.words(state, "recorded"))
