/*!
 * Madoguchi website chat widget (AIチャット窓口).
 *
 * Embed with one tag:
 *   <script src="https://GATEWAY/widget/madoguchi-chat.js" defer></script>
 * Optional: data-api="https://other-host" on that tag overrides the API base
 * (default: the origin the script itself was loaded from); data-language="en" (ja,
 * ja-easy, en, zh, ko, vi) chooses the language, else the page's <html lang> does.
 *
 * Plain JavaScript, no dependencies, no build step. Everything lives in this IIFE; the only
 * global is window.MadoguchiChat = { open(), close() }.
 *
 * Security: every piece of user or bot text reaches the page through textContent or text
 * nodes. innerHTML is never used, and only http(s) URLs ever become links.
 */
(function () {
  'use strict';

  // document.currentScript is only set while this file is being executed, so capture it now.
  const script = document.currentScript || findOwnScript();

  if (window.MadoguchiChat) return; // embedded twice: keep the first instance

  const STORAGE_KEY = 'madoguchi-chat:v1';
  const MAX_CHARS = 500; // the gateway rejects longer messages with 422
  const MAX_STORED_MESSAGES = 200; // keeps localStorage well inside its quota
  const SESSION_RE = /^[A-Za-z0-9_-]{8,64}$/;

  // Visible texts and accessible names, in Japanese; other languages come from the gateway's
  // config (faq_corpus/translations/<language>/widget.yml). Browser tests rely on several.
  const T = {
    launcher: 'AIチャットで質問する',
    defaultTitle: 'AIチャット窓口',
    close: 'チャットを閉じる',
    large: '文字を大きく',
    reset: '会話をリセット',
    log: '会話',
    you: 'あなた：',
    bot: '窓口：',
    choices: '選択肢',
    menu: 'メニュー',
    quickStart: '分野から選ぶ',
    inputLabel: '質問を入力',
    hint: 'Enterキーで送信、Shift＋Enterキーで改行（' + MAX_CHARS + '文字まで）',
    send: '送信',
    busy: '回答を作成中…',
    feedbackQuestion: 'この回答は役に立ちましたか？',
    helpful: '役に立った',
    notHelpful: '役に立たなかった',
    thanks: 'ご意見ありがとうございます。',
    unresolved: '解決しない場合は、{contact}へお問い合わせください。',
    newTab: '（新しいタブで開きます）',
    moreInfo: '詳しくはこちらのページをご覧ください',
    otherPage: '関連するページ',
    reasonLabel: 'よろしければ、役に立たなかった理由を教えてください（任意、' + 200 + '文字まで。個人情報は書かないでください）',
    reasonSend: '理由を送る',
    reasonThanks: '理由を受け付けました。改善に役立てます。',
    privacy: '電話番号やマイナンバーなどの個人情報は入力しないでください。',
    contact: '市役所',
    notSent: '送信できませんでした。',
    unavailable: 'ただいま応答できません。時間をおいてお試しいただくか、{contact}へお問い合わせください。',
    language: '言語',
  };
  const JA = Object.freeze(Object.assign({}, T));

  // The languages the assistant answers in: code -> [name in that language, HTML lang].
  const LANGUAGES = {
    ja: ['日本語', 'ja'],
    'ja-easy': ['やさしい日本語', 'ja'],
    en: ['English', 'en'],
    zh: ['简体中文', 'zh-Hans'],
    ko: ['한국어', 'ko'],
    vi: ['Tiếng Việt', 'vi'],
  };

  const withContact = (template, contact) => template.split('{contact}').join(contact);
  const unavailableText = (contact) => withContact(T.unavailable, contact);

  // Material Design icon paths (24×24). Decorative only: every icon is aria-hidden.
  const ICONS = {
    chat: 'M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2zm-2 12H6v-2h12v2zm0-3H6V9h12v2zm0-3H6V6h12v2z',
    close: 'M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z',
    textSize: 'M9 4v3h5v12h3V7h5V4H9zm-6 8h3v7h3v-7h3V9H3v3z',
    reset: 'M17.65 6.35A7.96 7.96 0 0 0 12 4a8 8 0 1 0 7.73 10h-2.08A6 6 0 1 1 12 6c1.66 0 3.14.69 4.22 1.78L13 11h7V4l-2.35 2.35z',
    info: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 15h-2v-6h2v6zm0-8h-2V7h2v2z',
    send: 'M2.01 21 23 12 2.01 3 2 10l15 2-15 2z',
    menu: 'M3 18h18v-2H3v2zm0-5h18v-2H3v2zm0-7v2h18V6H3z',
    up: 'M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z',
    down: 'M15 3H6c-.83 0-1.54.5-1.84 1.22l-3.02 7.05c-.09.23-.14.47-.14.73v2c0 1.1.9 2 2 2h6.31l-.95 4.57-.03.32c0 .41.17.79.44 1.06L9.83 23l6.59-6.59c.36-.36.58-.86.58-1.41V5c0-1.1-.9-2-2-2zm4 0v12h4V3h-4z',
    external: 'M19 19H5V5h7V3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14c1.1 0 2-.9 2-2v-7h-2v7zM14 3v2h3.59l-9.83 9.83 1.41 1.41L19 6.41V10h2V3h-7z',
    check: 'M9 16.17 4.83 12l-1.42 1.41L9 19 21 7l-1.41-1.41z',
    warning: 'M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z',
    leaf: 'M6.05 8.05a7 7 0 0 0-.02 9.88c1.47-3.4 4.09-6.24 7.36-7.93A15.95 15.95 0 0 0 8.56 20.1c2.6 1.23 5.8.78 7.95-1.37C19.99 15.25 20 4 20 4S8.75 4.01 6.05 8.05z',
  };

  // ---------------------------------------------------------------------------------------
  // Where things are

  const scriptUrl = new URL((script && script.src) || 'madoguchi-chat.js', document.baseURI);
  const apiBase = ((script && script.getAttribute('data-api')) || scriptUrl.origin).trim().replace(/\/+$/, '');
  const cssUrl = new URL('madoguchi-chat.css', scriptUrl).href;

  /** A language code as pages write it (en-US, zh-CN, ja_easy) among LANGUAGES, or ''. */
  function languageCode(value) {
    const code = String(value || '').trim().toLowerCase().replace(/_/g, '-');
    if (LANGUAGES[code]) return code;
    const base = code.split('-')[0];
    return LANGUAGES[base] ? base : '';
  }

  // data-language on the script tag, else the page's own language. Either is the resident's
  // explicit choice for the assistant, except a Japanese page: then the message decides.
  const chosenLanguage = languageCode(script && script.getAttribute('data-language'));
  const pageLanguage = languageCode(document.documentElement.getAttribute('lang'));
  const initialLanguage = chosenLanguage || pageLanguage || 'ja';
  const initialExplicit = !!chosenLanguage || (!!pageLanguage && pageLanguage !== 'ja');

  function findOwnScript() {
    // Fallback for browsers without currentScript support in this context.
    const all = document.querySelectorAll('script[src*="madoguchi-chat.js"]');
    return all.length ? all[all.length - 1] : null;
  }

  // ---------------------------------------------------------------------------------------
  // State: what is persisted in localStorage, so a reload restores the exact conversation.
  //
  // { v: 1, session, open, large, menu, language, explicit, messages: [Message] }
  // Message = { role: 'user'|'bot', kind: ''|'error', text, buttons: [{title, payload}],
  //             used, chosen, faq_id, url, question, feedback: null|'yes'|'no', contact, lang }
  // language: what the conversation is in; explicit: the resident (or page) chose it, so it
  // is sent with every message; otherwise the assistant detects it and the widget follows.

  let state = null; // set by init(), once every helper below is defined
  let config = null; // the gateway's /api/chat/config, normalised
  let configPromise = null;
  let busy = false;
  let generation = 0; // bumped by reset, so a reply to the old conversation is dropped
  let ui = null; // DOM references once built

  function newSessionId() {
    const c = window.crypto;
    if (c && typeof c.randomUUID === 'function') return c.randomUUID();
    const bytes = new Uint8Array(16);
    if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
    else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function freshState(large, language, explicit) {
    return {
      v: 1, session: newSessionId(), open: false, large: !!large, menu: true,
      language: language || initialLanguage, explicit: language ? !!explicit : initialExplicit, messages: [],
    };
  }

  const str = (value) => (typeof value === 'string' ? value : '');

  function cleanButtons(list) {
    if (!Array.isArray(list)) return [];
    return list
      .filter((b) => b && typeof b.title === 'string' && b.title.trim() && typeof b.payload === 'string')
      .map((b) => ({ title: b.title, payload: b.payload }));
  }

  function cleanMessage(m) {
    if (!m || (m.role !== 'user' && m.role !== 'bot')) return null;
    const buttons = cleanButtons(m.buttons);
    return {
      role: m.role,
      kind: m.kind === 'error' ? 'error' : '',
      text: str(m.text),
      buttons,
      used: !!m.used,
      chosen: Number.isInteger(m.chosen) ? m.chosen : -1,
      faq_id: str(m.faq_id) || null,
      url: str(m.url) || null,
      title: str(m.title),
      question: str(m.question),
      reasonSent: !!m.reasonSent,
      feedback: m.feedback === 'yes' || m.feedback === 'no' ? m.feedback : null,
      contact: str(m.contact), // the contact text shown after negative feedback, kept as shown
      lang: LANGUAGES[m.lang] ? m.lang : '', // the language it is written in (for screen readers)
    };
  }

  function loadState() {
    try {
      const saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || 'null');
      if (!saved || saved.v !== 1 || !SESSION_RE.test(str(saved.session))) return null;
      return {
        v: 1,
        session: saved.session,
        open: !!saved.open,
        large: !!saved.large,
        menu: saved.menu !== false,
        language: LANGUAGES[saved.language] ? saved.language : initialLanguage,
        explicit: LANGUAGES[saved.language] ? !!saved.explicit : initialExplicit,
        messages: (Array.isArray(saved.messages) ? saved.messages : []).map(cleanMessage).filter(Boolean),
      };
    } catch (e) {
      return null; // storage disabled or corrupt: start fresh
    }
  }

  function save() {
    try {
      const messages = state.messages.slice(-MAX_STORED_MESSAGES);
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(Object.assign({}, state, { messages })));
    } catch (e) {
      /* storage full or disabled: the chat still works, it just won't survive a reload */
    }
  }

  // ---------------------------------------------------------------------------------------
  // DOM helpers (text only, never HTML)

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children || []) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function icon(name, extraClass) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', 'mdg-icon' + (extraClass ? ' ' + extraClass : ''));
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', ICONS[name]);
    path.setAttribute('fill', 'currentColor');
    svg.append(path);
    return svg;
  }

  const visuallyHidden = (text) => el('span', { class: 'mdg-vh', text });

  function safeHttpUrl(value) {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  /** A link that opens a new tab: it reads as the page's title and says so (never a raw URL). */
  function externalLink(href, label, extraClass) {
    return el('a', { class: 'mdg-link' + (extraClass ? ' ' + extraClass : ''), href, target: '_blank', rel: 'noopener' }, [
      label + T.newTab,
      icon('external', 'mdg-icon--inline'),
    ]);
  }

  // Japanese phone numbers as written in answers (00-1234-0201, 0120-123-456).
  const TEL_RE = /(^|[^0-9-])(0\d{1,4}-\d{1,4}-\d{3,4})(?![0-9-])/g;

  /** Appends text, turning phone numbers into tel: links a phone can call. */
  function appendPhones(parent, text, ruby) {
    let last = 0;
    TEL_RE.lastIndex = 0;
    let match;
    while ((match = TEL_RE.exec(text))) {
      const start = match.index + match[1].length;
      const number = match[2];
      appendText(parent, text.slice(last, start), ruby);
      parent.append(el('a', { class: 'mdg-link mdg-tel', href: 'tel:' + number.replace(/-/g, '') }, [number]));
      last = start + number.length;
    }
    appendText(parent, text.slice(last), ruby);
  }

  // ASCII URL characters only: Japanese text right after a URL (「…html をご覧ください」) ends it.
  const URL_RE = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/g;

  // やさしい日本語 writes a reading after a hard word: 漢字（かんじ） is shown as <ruby>.
  const READING_RE = /([\u4e00-\u9fff\u3005]+)（([\u3041-\u309f\u30a0-\u30ffー]+)）/g;

  /** Appends plain text; with `ruby`, readings in brackets become <ruby> annotations. */
  function appendText(parent, text, ruby) {
    if (!ruby) {
      parent.append(text);
      return;
    }
    let last = 0;
    READING_RE.lastIndex = 0;
    let match;
    while ((match = READING_RE.exec(text))) {
      parent.append(text.slice(last, match.index));
      parent.append(el('ruby', {}, [match[1], el('rp', { text: '（' }), el('rt', { text: match[2] }), el('rp', { text: '）' })]));
      last = match.index + match[0].length;
    }
    parent.append(text.slice(last));
  }

  /** Appends text to parent, turning http(s) URLs into links that open in a new tab, named by
   *  `titleOf(href)` (the answer's page title), and phone numbers into tel: links. */
  function appendLinkified(parent, text, ruby, titleOf) {
    let last = 0;
    URL_RE.lastIndex = 0;
    let match;
    while ((match = URL_RE.exec(text))) {
      let candidate = match[0];
      // Sentence punctuation right after a URL is not part of it; nor is an unbalanced ")".
      candidate = candidate.replace(/[.,;:!?'"\]]+$/, '');
      if (candidate.endsWith(')') && !candidate.includes('(')) candidate = candidate.replace(/\)+$/, '');
      const href = safeHttpUrl(candidate);
      if (!href) continue;
      appendPhones(parent, text.slice(last, match.index), ruby);
      parent.append(externalLink(href, (titleOf && titleOf(href)) || T.otherPage));
      last = match.index + candidate.length;
      URL_RE.lastIndex = last;
    }
    appendPhones(parent, text.slice(last), ruby);
  }

  /** Bot text: one <p> per line, runs of lines starting with 「・」 (or "• ") become a <ul>. */
  function appendRichText(parent, text, ruby, titleOf) {
    let list = null;
    for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
      const trimmed = line.trim();
      if (!trimmed) {
        list = null;
      } else if (trimmed.startsWith('・') || trimmed.startsWith('• ')) {
        if (!list) parent.append((list = el('ul', { class: 'mdg-list' })));
        const item = el('li');
        appendLinkified(item, trimmed.slice(1).trim(), ruby, titleOf);
        list.append(item);
      } else {
        list = null;
        const para = el('p');
        appendLinkified(para, trimmed, ruby, titleOf);
        parent.append(para);
      }
    }
  }

  const reducedMotion = () => window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  // ---------------------------------------------------------------------------------------
  // Building the widget

  function build() {
    const launcher = el('button', {
      type: 'button',
      class: 'mdg-launcher',
      'aria-expanded': 'false',
      'aria-controls': 'mdg-panel',
    }, [icon('chat'), el('span', { text: T.launcher })]);

    const title = el('h2', { class: 'mdg-title', id: 'mdg-title', text: T.defaultTitle });
    const closeBtn = el('button', { type: 'button', class: 'mdg-iconbtn', 'aria-label': T.close, title: T.close }, [icon('close')]);
    const largeBtn = el('button', { type: 'button', class: 'mdg-toolbtn', 'aria-pressed': 'false' }, [icon('textSize'), T.large]);
    const resetBtn = el('button', { type: 'button', class: 'mdg-toolbtn' }, [icon('reset'), T.reset]);
    const languageSelect = el('select', { class: 'mdg-langselect', id: 'mdg-language' },
      Object.entries(LANGUAGES).map(([code, [name, lang]]) => el('option', { value: code, lang, text: name })));
    const languageLabel = el('label', { class: 'mdg-langlabel', for: 'mdg-language', text: T.language });

    // The privacy note is part of the header, so that short screens keep room for answers.
    const privacy = el('p', { class: 'mdg-privacy', id: 'mdg-privacy' }, [icon('info'), el('span', { text: T.privacy })]);
    const header = el('div', { class: 'mdg-header' }, [
      el('div', { class: 'mdg-header__row' }, [el('span', { class: 'mdg-logo' }, [icon('leaf')]), title, closeBtn]),
      el('div', { class: 'mdg-toolbar' }, [largeBtn, resetBtn, el('span', { class: 'mdg-lang' }, [languageLabel, languageSelect])]),
      privacy,
    ]);

    // tabindex=0 so keyboard users can scroll a long conversation.
    const log = el('div', {
      class: 'mdg-log',
      role: 'log',
      'aria-live': 'polite',
      'aria-label': T.log,
      'aria-busy': 'false',
      tabindex: '0',
    });

    // Outside the log on purpose: the log is aria-busy while waiting, which mutes it.
    const status = el('div', { class: 'mdg-status', role: 'status' });

    const menuBtn = el('button', {
      type: 'button',
      class: 'mdg-menubtn',
      'aria-expanded': 'true',
      'aria-controls': 'mdg-quick',
    }, [icon('menu'), T.menu]);
    const quick = el('div', { class: 'mdg-quick', id: 'mdg-quick', role: 'group', 'aria-label': T.quickStart });
    const menu = el('div', { class: 'mdg-menu', hidden: true }, [menuBtn, quick]);

    const input = el('textarea', {
      class: 'mdg-input',
      id: 'mdg-input',
      rows: '1',
      maxlength: String(MAX_CHARS),
      'aria-describedby': 'mdg-hint',
      autocomplete: 'off',
      enterkeyhint: 'send',
    });
    const sendBtn = el('button', { type: 'submit', class: 'mdg-send' }, [icon('send'), T.send]);
    const count = el('span', { class: 'mdg-count', 'aria-hidden': 'true', text: '0/' + MAX_CHARS });
    const form = el('form', { class: 'mdg-form', novalidate: true }, [
      el('div', { class: 'mdg-form__top' }, [el('label', { class: 'mdg-label', for: 'mdg-input', text: T.inputLabel }), count]),
      el('div', { class: 'mdg-form__row' }, [input, sendBtn]),
      el('p', { class: 'mdg-hint', id: 'mdg-hint', text: T.hint }),
    ]);

    // Not modal (no aria-modal, no focus trap): the host page stays usable beside it.
    const panel = el('div', {
      class: 'mdg-panel',
      id: 'mdg-panel',
      role: 'dialog',
      'aria-labelledby': 'mdg-title',
      'aria-describedby': 'mdg-privacy',
      hidden: true,
    }, [header, log, status, menu, form]);

    const root = el('div', { class: 'mdg-root', lang: 'ja', hidden: true }, [launcher, panel]);

    ui = {
      root, launcher, panel, title, closeBtn, largeBtn, resetBtn, privacy, log, status, menu, menuBtn, quick, form, input,
      sendBtn, count, languageSelect, languageLabel,
    };
    languageSelect.addEventListener('change', () => chooseLanguage(languageSelect.value));

    launcher.addEventListener('click', () => (state.open ? close() : open()));
    closeBtn.addEventListener('click', () => close());
    largeBtn.addEventListener('click', toggleLarge);
    resetBtn.addEventListener('click', reset);
    menuBtn.addEventListener('click', () => setMenu(!state.menu));
    form.addEventListener('submit', onSubmit);
    input.addEventListener('keydown', onInputKeydown);
    input.addEventListener('input', onInput);
    root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !event.isComposing && state.open) {
        event.preventDefault();
        close();
      }
    });

    // Show the widget only once its stylesheet is in, so it never flashes unstyled.
    // If the stylesheet cannot load, show it anyway: unstyled is better than missing.
    const reveal = () => { root.hidden = false; };
    let link = Array.from(document.querySelectorAll('link[rel="stylesheet"]')).find((l) => l.href === cssUrl);
    if (link) {
      reveal();
    } else {
      link = el('link', { rel: 'stylesheet', href: cssUrl });
      link.addEventListener('load', reveal);
      link.addEventListener('error', reveal);
      document.head.append(link);
    }
    document.body.append(root);
  }

  // ---------------------------------------------------------------------------------------
  // Rendering messages

  function renderMessage(msg) {
    const isUser = msg.role === 'user';
    const node = el('div', {
      class: 'mdg-msg ' + (isUser ? 'mdg-msg--user' : 'mdg-msg--bot') + (msg.kind === 'error' ? ' mdg-msg--error' : ''),
      lang: msg.lang ? LANGUAGES[msg.lang][1] : null,
    });
    if (!isUser) node.append(el('span', { class: 'mdg-avatar' }, [icon(msg.kind === 'error' ? 'warning' : 'leaf')]));

    const body = el('div', { class: 'mdg-msg__body' });
    // Screen readers hear who is speaking; sighted users see side, shape and avatar, not just color.
    const speaker = visuallyHidden(isUser ? T.you : T.bot);
    const href = !isUser && msg.url ? safeHttpUrl(msg.url) : null;
    const needsLink = href && !msg.text.includes(msg.url);

    if (msg.text || needsLink) {
      const bubble = el('div', { class: 'mdg-bubble' }, [speaker]);
      if (isUser) bubble.append(el('p', { class: 'mdg-user-text', text: msg.text }));
      else appendRichText(bubble, msg.text, msg.lang === 'ja-easy', (url) => (href && url === href && msg.title) || '');
      if (needsLink) bubble.append(el('p', { class: 'mdg-more' }, [externalLink(href, msg.title || T.moreInfo)]));
      body.append(bubble);
    } else {
      body.append(speaker);
    }

    if (msg.buttons.length) body.append(renderChoices(msg));
    if (!isUser && msg.faq_id) body.append(renderFeedback(msg));
    node.append(body);
    return node;
  }

  function renderChoices(msg) {
    const group = el('div', { class: 'mdg-choices', role: 'group', 'aria-label': T.choices });
    const buttons = msg.buttons.map((b, i) => {
      const btn = el('button', { type: 'button', class: 'mdg-choice' });
      appendText(btn, b.title, msg.lang === 'ja-easy');
      btn.addEventListener('click', () => choose(msg, i, buttons));
      return btn;
    });
    group.append(...buttons);
    markChoices(msg, buttons);
    return group;
  }

  /** A set that was used stays visible but disabled; the picked one is marked (✓ + style). */
  function markChoices(msg, buttons) {
    buttons.forEach((btn, i) => {
      btn.disabled = msg.used;
      const chosen = msg.used && i === msg.chosen;
      btn.classList.toggle('mdg-choice--chosen', chosen);
      const check = btn.querySelector('.mdg-icon');
      if (chosen && !check) btn.prepend(icon('check'));
      if (!chosen && check) check.remove();
    });
  }

  function renderFeedback(msg) {
    const box = el('div', { class: 'mdg-feedback' });
    if (msg.feedback) {
      box.append(...thanksNodes(msg));
      return box;
    }
    const yes = el('button', { type: 'button', class: 'mdg-fbbtn' }, [icon('up'), T.helpful]);
    const no = el('button', { type: 'button', class: 'mdg-fbbtn' }, [icon('down'), T.notHelpful]);
    yes.addEventListener('click', () => giveFeedback(msg, true, box));
    no.addEventListener('click', () => giveFeedback(msg, false, box));
    box.append(el('p', { class: 'mdg-feedback__q', text: T.feedbackQuestion }), el('div', { class: 'mdg-feedback__btns' }, [yes, no]));
    return box;
  }

  function thanksNodes(msg) {
    // tabindex=-1: focus moves here when the pressed button disappears, so it is not lost.
    const nodes = [el('p', { class: 'mdg-feedback__thanks', tabindex: '-1' }, [icon('check'), T.thanks])];
    if (msg.feedback === 'no') {
      const contact = el('p', { class: 'mdg-feedback__contact' });
      appendPhones(contact, withContact(T.unresolved, msg.contact || contactText()));
      nodes.push(contact, msg.reasonSent ? el('p', { class: 'mdg-feedback__thanks', text: T.reasonThanks }) : reasonForm(msg));
    }
    return nodes;
  }

  /** After 「役に立たなかった」: an optional short reason, masked by the gateway like every message. */
  function reasonForm(msg) {
    const id = 'mdg-reason-' + Math.random().toString(36).slice(2, 10);
    const field = el('textarea', { id, class: 'mdg-reason__input', rows: '2', maxlength: '200' });
    const form = el('form', { class: 'mdg-reason' }, [
      el('label', { for: id, class: 'mdg-reason__label', text: T.reasonLabel }),
      field,
      el('button', { type: 'submit', class: 'mdg-fbbtn' }, [T.reasonSend]),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const reason = field.value.trim().slice(0, 200);
      if (!reason) return field.focus();
      msg.reasonSent = true;
      save();
      const done = el('p', { class: 'mdg-feedback__thanks', tabindex: '-1', role: 'status', text: T.reasonThanks });
      form.replaceWith(done);
      done.focus({ preventScroll: true });
      postFeedback(msg, false, reason);
    });
    return form;
  }

  function contactText() {
    return (config && config.contact) || T.contact;
  }

  /** Adds messages to state and DOM, then scrolls so the first new one can be read from its start. */
  function addMessages(messages) {
    if (!messages.length) return;
    let first = null;
    for (const msg of messages) {
      state.messages.push(msg);
      const node = renderMessage(msg);
      ui.log.append(node);
      first = first || node;
    }
    save();
    reveal(first);
  }

  function reveal(node) {
    const log = ui.log;
    // Long answers: show their beginning rather than their end.
    const target = Math.min(node.offsetTop - 8, log.scrollHeight - log.clientHeight);
    log.scrollTo({ top: Math.max(target, log.scrollTop), behavior: reducedMotion() ? 'auto' : 'smooth' });
  }

  function renderAll() {
    ui.log.replaceChildren(...state.messages.map(renderMessage));
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  // ---------------------------------------------------------------------------------------
  // Config and quick start

  function normaliseConfig(raw) {
    const c = raw && typeof raw === 'object' ? raw : {};
    return {
      title: str(c.title) || (str(c.city) ? c.city + ' ' + T.defaultTitle : T.defaultTitle),
      welcome: str(c.welcome),
      privacy: str(c.privacy) || T.privacy,
      contact: str(c.contact) || T.contact,
      language: LANGUAGES[c.language] ? c.language : 'ja',
      labels: c.labels && typeof c.labels === 'object' ? c.labels : {},
      quickStart: (Array.isArray(c.quick_start) ? c.quick_start : [])
        .filter((q) => q && str(q.label))
        .map((q) => ({ label: q.label, intro: str(q.intro), buttons: cleanButtons(q.buttons) })),
    };
  }

  function loadConfig() {
    if (!configPromise) {
      const query = state.language === 'ja' ? '' : '?language=' + encodeURIComponent(state.language);
      configPromise = fetch(apiBase + '/api/chat/config' + query, { headers: { Accept: 'application/json' } })
        .then((res) => {
          if (!res.ok) throw new Error('config: HTTP ' + res.status);
          return res.json();
        })
        .then((raw) => {
          config = normaliseConfig(raw);
          applyConfig();
          return config;
        })
        .catch((error) => {
          configPromise = null; // try again on the next open
          throw error;
        });
    }
    return configPromise;
  }

  function applyConfig() {
    applyLabels(config.labels);
    ui.title.replaceChildren();
    appendText(ui.title, config.title, config.language === 'ja-easy');
    ui.privacy.lastChild.textContent = config.privacy;
    ui.quick.replaceChildren(
      ...config.quickStart.map((topic) => {
        const btn = el('button', { type: 'button', class: 'mdg-quickbtn', text: topic.label });
        btn.addEventListener('click', () => startTopic(topic));
        return btn;
      })
    );
    ui.menu.hidden = config.quickStart.length === 0;
    setMenu(state.menu);
  }

  /** The widget's own texts in the conversation's language (Japanese where none is given). */
  function applyLabels(labels) {
    Object.assign(T, JA);
    for (const [name, text] of Object.entries(labels || {})) if (name in JA && typeof text === 'string') T[name] = text;
    ui.root.setAttribute('lang', LANGUAGES[state.language][1]);
    ui.launcher.lastChild.textContent = T.launcher;
    ui.closeBtn.setAttribute('aria-label', T.close);
    ui.closeBtn.setAttribute('title', T.close);
    ui.largeBtn.lastChild.textContent = T.large;
    ui.resetBtn.lastChild.textContent = T.reset;
    ui.log.setAttribute('aria-label', T.log);
    ui.menuBtn.lastChild.textContent = T.menu;
    ui.quick.setAttribute('aria-label', T.quickStart);
    ui.form.querySelector('.mdg-label').textContent = T.inputLabel;
    ui.form.querySelector('.mdg-hint').textContent = T.hint;
    ui.sendBtn.lastChild.textContent = T.send;
    ui.languageLabel.textContent = T.language;
    ui.languageSelect.value = state.language;
  }

  /** The resident picked a language: it is sent with every message from now on. */
  function chooseLanguage(code) {
    if (!LANGUAGES[code] || code === state.language) return;
    state.language = code;
    state.explicit = true;
    save();
    reloadConfig(true);
  }

  /** Texts in the conversation's language; with `greet`, its welcome message joins the conversation. */
  function reloadConfig(greet) {
    configPromise = null;
    const gen = generation;
    loadConfig().then(
      () => {
        if (greet && gen === generation && config.welcome) addMessages([cleanMessage({ role: 'bot', text: config.welcome, lang: state.language })]);
      },
      () => {}
    );
  }

  function setMenu(openMenu) {
    state.menu = !!openMenu;
    ui.menuBtn.setAttribute('aria-expanded', String(state.menu));
    ui.quick.hidden = !state.menu;
    save();
  }

  /** A quick-start topic: its intro and buttons, shown as an assistant message (no server call). */
  function startTopic(topic) {
    if (busy) return;
    addMessages([cleanMessage({ role: 'bot', text: topic.intro, buttons: topic.buttons, lang: config.language })]);
  }

  /** First open of a new conversation: the welcome message. */
  function ensureStarted() {
    if (state.messages.length) return;
    const gen = generation;
    loadConfig().then(
      () => {
        ui.log.querySelectorAll('.mdg-transient').forEach((n) => n.remove());
        if (gen !== generation || state.messages.length || !config.welcome) return;
        addMessages([cleanMessage({ role: 'bot', text: config.welcome, lang: config.language })]);
      },
      () => {
        if (gen !== generation || ui.log.querySelector('.mdg-transient')) return;
        // Not persisted: the next open tries again.
        const node = renderMessage(cleanMessage({ role: 'bot', kind: 'error', text: unavailableText(contactText()) }));
        node.classList.add('mdg-transient');
        ui.log.append(node);
      }
    );
  }

  // ---------------------------------------------------------------------------------------
  // Talking to the gateway

  function setBusy(on) {
    busy = on;
    ui.log.setAttribute('aria-busy', String(on));
    ui.sendBtn.disabled = on;
    ui.panel.classList.toggle('mdg-is-busy', on);
    ui.status.replaceChildren(
      ...(on ? [el('span', { class: 'mdg-dots', 'aria-hidden': 'true' }, [el('span'), el('span'), el('span')]), T.busy] : [])
    );
  }

  function detailText(body) {
    const detail = body && body.detail;
    if (typeof detail === 'string') return detail;
    if (Array.isArray(detail)) return detail.map((d) => (d && (d.msg || d.message)) || '').filter(Boolean).join(' / ');
    return '';
  }

  /**
   * Shows `shown` as the resident's message and posts `message` (typed text or a button
   * payload). Resolves to true when the gateway answered, false when it did not, and null
   * when the conversation was reset meanwhile.
   */
  async function send(message, shown, question) {
    const gen = generation;
    setBusy(true);
    if (state.menu) setMenu(false);
    const asked = cleanMessage({ role: 'user', text: shown });
    addMessages([asked]);
    let replies;
    let answeredIn = '';
    try {
      const res = await fetch(apiBase + '/api/chat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(Object.assign({ session: state.session, message }, state.explicit ? { language: state.language } : {})),
      });
      if (res.status === 422 || res.status === 429) {
        // a message the gateway refused (too long, or sent too fast): its reason, in Japanese for 429
        const body = await res.json().catch(() => null);
        replies = [{ role: 'bot', kind: 'error', text: detailText(body) || T.notSent }];
      } else if (!res.ok) {
        throw new Error('chat: HTTP ' + res.status);
      } else {
        const body = await res.json();
        answeredIn = body && LANGUAGES[body.language] ? body.language : '';
        replies = toMessages(body && body.messages, question || shown).map((r) => Object.assign(r, { lang: answeredIn }));
        if (!replies.length) throw new Error('chat: empty reply');
      }
    } catch (error) {
      replies = [{ role: 'bot', kind: 'error', text: unavailableText(contactText()) }];
    }
    if (gen !== generation) return null; // the conversation was reset meanwhile
    setBusy(false);
    if (answeredIn) followLanguage(asked, answeredIn);
    addMessages(replies.map(cleanMessage));
    return replies[0].kind !== 'error';
  }

  /** The gateway's messages as stored here; a text-less message joins the one before it. */
  function toMessages(list, question) {
    const out = [];
    for (const m of Array.isArray(list) ? list : []) {
      if (!m || typeof m !== 'object') continue;
      const text = str(m.text);
      const buttons = cleanButtons(m.buttons);
      const faq = str(m.faq_id) || null;
      const url = str(m.url) || null;
      const title = str(m.title);
      const prev = out[out.length - 1];
      if (!text && prev) {
        prev.buttons.push(...buttons);
        prev.faq_id = prev.faq_id || faq;
        prev.url = prev.url || url;
        prev.title = prev.title || title;
      } else if (text || buttons.length || faq) {
        out.push({ role: 'bot', text, buttons, faq_id: faq, url, title, question });
      }
    }
    return out;
  }

  /** The assistant answered in `language`: the question was in it too, and the widget's texts follow. */
  function followLanguage(asked, language) {
    asked.lang = language;
    const node = ui.log.lastElementChild;
    if (node && node.classList.contains('mdg-msg--user')) node.setAttribute('lang', LANGUAGES[language][1]);
    if (language !== state.language) {
      state.language = language;
      reloadConfig(false);
    }
    save();
  }

  function onSubmit(event) {
    event.preventDefault();
    const text = ui.input.value.trim();
    if (busy || !text) return; // never send empty text
    // The send button is about to be disabled; keep focus somewhere useful.
    if (document.activeElement === ui.sendBtn) ui.input.focus();
    ui.input.value = '';
    onInput();
    send(text.slice(0, MAX_CHARS), text.slice(0, MAX_CHARS)).then((ok) => {
      if (ok === false && !ui.input.value) {
        ui.input.value = text; // let the resident fix or resend it
        onInput();
      }
    });
  }

  function onInputKeydown(event) {
    // isComposing / 229: Enter that confirms a Japanese IME conversion must not send.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      ui.form.requestSubmit ? ui.form.requestSubmit() : onSubmit(event);
    }
  }

  function onInput() {
    const input = ui.input;
    ui.count.textContent = input.value.length + '/' + MAX_CHARS;
    // Grow with the text up to the CSS max-height, then scroll.
    input.style.height = 'auto';
    input.style.height = input.scrollHeight + 2 + 'px';
  }

  function choose(msg, index, buttons) {
    if (busy || msg.used) return;
    msg.used = true;
    msg.chosen = index;
    markChoices(msg, buttons);
    save();
    // The pressed button is now disabled, so move focus on. On touch screens the log,
    // not the input, so the on-screen keyboard does not pop up.
    const coarse = window.matchMedia && window.matchMedia('(pointer: coarse)').matches;
    (coarse ? ui.log : ui.input).focus({ preventScroll: true });
    const button = msg.buttons[index];
    // Feedback on the answer a candidate leads to is about what the resident typed before:
    // that wording is what staff may add to the topic. Quick starts have no typed question.
    const asked = msg.question || '';
    send(button.payload, button.title, asked).then((ok) => {
      if (ok !== false || !state.messages.includes(msg)) return;
      msg.used = false; // not answered: let the resident try the same choice again
      msg.chosen = -1;
      markChoices(msg, buttons);
      save();
    });
  }

  function giveFeedback(msg, helpful, box) {
    if (msg.feedback) return;
    msg.feedback = helpful ? 'yes' : 'no';
    if (!helpful) msg.contact = contactText();
    save();
    box.replaceChildren(...thanksNodes(msg));
    box.firstChild.focus({ preventScroll: true });
    postFeedback(msg, helpful);
  }

  function postFeedback(msg, helpful, reason) {
    const body = { session: state.session, faq_id: msg.faq_id, question: msg.question.slice(0, MAX_CHARS), helpful };
    if (reason) body.reason = reason;
    // Best effort: the resident is thanked either way, a failed post is not their problem.
    fetch(apiBase + '/api/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    }).catch(() => {});
  }

  // ---------------------------------------------------------------------------------------
  // Panel controls

  function open(options) {
    const focus = !options || options.focus !== false;
    state.open = true;
    save();
    ui.panel.hidden = false;
    ui.root.classList.add('mdg-is-open');
    ui.launcher.setAttribute('aria-expanded', 'true');
    ui.log.scrollTop = ui.log.scrollHeight;
    ensureStarted();
    if (!config) loadConfig().catch(() => {});
    if (focus) ui.input.focus();
  }

  function close() {
    const hadFocus = ui.panel.contains(document.activeElement);
    state.open = false;
    save();
    ui.panel.hidden = true;
    ui.root.classList.remove('mdg-is-open');
    ui.launcher.setAttribute('aria-expanded', 'false');
    if (hadFocus || document.activeElement === document.body || document.activeElement === ui.launcher) ui.launcher.focus();
  }

  function toggleLarge() {
    const log = ui.log;
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
    state.large = !state.large;
    applyLarge();
    if (atBottom) log.scrollTop = log.scrollHeight; // text reflowed: stay at the latest message
    save();
  }

  function applyLarge() {
    ui.panel.classList.toggle('mdg-large', state.large);
    ui.largeBtn.setAttribute('aria-pressed', String(state.large));
  }

  /** Forgets the conversation and starts a new session; the text-size preference stays. */
  function reset() {
    generation++;
    if (busy) setBusy(false);
    state = freshState(state.large, state.language, state.explicit);
    state.open = true;
    save();
    ui.log.replaceChildren();
    ui.input.value = '';
    onInput();
    if (config) setMenu(true);
    ensureStarted();
    ui.input.focus();
  }

  // ---------------------------------------------------------------------------------------
  // Start

  function init() {
    state = loadState() || freshState(false);
    build();
    applyLarge();
    ui.languageSelect.value = state.language;
    ui.root.setAttribute('lang', LANGUAGES[state.language][1]);
    renderAll();
    setMenu(state.menu);
    loadConfig().catch(() => {});
    // Restore an open panel without stealing focus from the page that just loaded.
    if (state.open) open({ focus: false });
  }

  window.MadoguchiChat = Object.freeze({
    open: () => ui && open(),
    close: () => ui && close(),
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init, { once: true });
  else init();
})();
