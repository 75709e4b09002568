// The chat page: you play Telegram users chatting with the bot, through the emulator's user
// API (/_emu). No framework and no HTML strings: every node is built with the DOM API, so
// text (the bot's or yours) is always text; the bot's formatting comes from its entities.
"use strict";

const $ = (id) => document.getElementById(id);
const view = {
  personas: $("personas"), status: $("bot-status"), messages: $("messages"), empty: $("empty"),
  emptyActions: $("empty-actions"), keyboard: $("reply-keyboard"), menu: $("command-menu"),
  menuButton: $("menu-button"), composer: $("composer"), input: $("text"), toast: $("toast"),
};
const state = { config: null, persona: null, chats: new Map(), nodes: new Map(), poll: null };
const FORMAT_TAGS = {
  bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre",
  blockquote: "blockquote", expandable_blockquote: "blockquote", text_link: "a", spoiler: "span",
};
const MEDIA = { sticker: "😀 استیکر", photo: "🖼 عکس", voice: "🎤 پیام صوتی", location: "📍 مکان" };
// What a messenger makes clickable (or keeps left-to-right) in a bot's plain text.
const AUTO = /(^|[\s(«:])(\/[A-Za-z]\w{0,31}(?!\w)|https?:\/\/[^\s«»]*[^\s«».,،؛:!?)]|\+\d{8,15}(?!\d))/g;
const fa = (n) => Number(n).toLocaleString("fa-IR");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds an element; string children become text nodes, never markup. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

async function api(path, body, signal) {
  const init = { signal };
  if (body !== undefined) {
    Object.assign(init, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
  }
  const response = await fetch(path, init);
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function chatOf(persona) {
  if (!state.chats.has(persona.id)) state.chats.set(persona.id, { version: -1, messages: [] });
  return state.chats.get(persona.id);
}

// ----- what you do: these go to the emulator as Telegram updates -------------------------

const me = () => state.persona;
const profile = () => ({ first_name: me().name, language_code: me().language });

function send(text) {
  view.menu.hidden = true;
  return api(`/_emu/users/${me().id}/messages`, { text, ...profile() }).catch(showError);
}

function shareContact() {
  const body = { phone_number: me().phone, first_name: me().name };
  return api(`/_emu/users/${me().id}/contact`, body).catch(showError);
}

async function press(messageId, buttonText) {
  try {
    const body = { message_id: messageId, button: buttonText };
    const sent = await api(`/_emu/users/${me().id}/press`, body);
    showAnswer(sent.callback_query_id);
  } catch (error) {
    showError(error);
  }
}

/** Shows the bot's answer to a pressed button (a toast or an alert), once it has answered. */
async function showAnswer(queryId) {
  const answer = await api(`/_emu/callback_answers/${queryId}?timeout=10`).catch(() => ({}));
  if (answer.text) toast(answer.text, answer.show_alert);
}

/** Opens a link; a deep link to this bot (t.me/<bot>?start=x) sends /start x instead. */
function openLink(url) {
  const bot = state.config.bot_username.toLowerCase();
  const match = /^https?:\/\/(?:t\.me|telegram\.me|ble\.ir)\/([\w]+)\?start=([\w-]+)$/i.exec(url);
  if (match && match[1].toLowerCase() === bot) send(`/start ${match[2]}`);
  else if (/^https?:\/\//i.test(url)) window.open(url, "_blank", "noopener");
}

// ----- how messages look ------------------------------------------------------------------

/** A /command, link or phone number found in the bot's plain text, as a messenger shows it. */
function autoToken(token) {
  if (token.startsWith("+")) return el("span", { class: "ltr" }, token);
  const link = el("a", { class: "ltr", role: "link" }, token);
  if (token.startsWith("/")) link.onclick = () => send(token);
  else {
    Object.assign(link, { href: token, target: "_blank", rel: "noopener noreferrer" });
    link.onclick = (event) => { event.preventDefault(); openLink(token); };
  }
  return link;
}

/** Appends text; in the bot's text, /commands and links are clickable. */
function appendPlain(parent, text, autolink) {
  if (!autolink) return parent.append(text);
  let last = 0;
  for (const match of text.matchAll(AUTO)) {
    const start = match.index + match[1].length;
    parent.append(text.slice(last, start), autoToken(match[2]));
    last = start + match[2].length;
  }
  parent.append(text.slice(last));
}

function formatElement(entity) {
  const node = el(FORMAT_TAGS[entity.type] || "span");
  if (entity.type === "text_link" && /^https?:\/\//i.test(entity.url || "")) {
    node.href = entity.url;
    node.rel = "noopener noreferrer";
    node.target = "_blank";
    node.onclick = (event) => { event.preventDefault(); openLink(entity.url); };
  } else if (entity.type === "spoiler") {
    node.className = "spoiler";
    node.onclick = () => node.classList.add("shown");
  }
  return node;
}

/** Renders text[start, end) with the entities inside it (sorted; nested ones inside). */
function appendFormatted(parent, text, start, end, entities, autolink) {
  let position = start;
  for (let i = 0; i < entities.length;) {
    const entity = entities[i];
    const from = Math.max(entity.offset, position);
    const to = Math.min(entity.offset + entity.length, end);
    let j = i + 1;
    while (j < entities.length && entities[j].offset < to) j += 1;
    if (from < to) {
      appendPlain(parent, text.slice(position, from), autolink);
      const node = formatElement(entity);
      const inner = autolink && !["code", "pre", "text_link"].includes(entity.type);
      appendFormatted(node, text, from, to, entities.slice(i + 1, j), inner);
      parent.append(node);
      position = to;
    }
    i = j;
  }
  appendPlain(parent, text.slice(position, end), autolink);
}

function formatted(text, entities, fromBot) {
  const node = el("div", { class: "text", dir: "auto" });
  // Entity offsets count UTF-16 code units, exactly like JavaScript strings.
  const known = (entities || []).filter((e) => e.type in FORMAT_TAGS);
  known.sort((a, b) => a.offset - b.offset || b.length - a.length);
  appendFormatted(node, text, 0, text.length, fromBot ? known : [], fromBot);
  return node;
}

function documentLink(document) {
  const name = document.file_name || "document";
  const size = document.size ? `${fa(Math.max(1, Math.round(document.size / 1024)))} کیلوبایت` : "";
  const link = el("a", { class: "document", href: `/_emu/files/${encodeURIComponent(document.file_id)}`,
    download: name, title: "دریافت فایل" },
  el("span", { class: "icon" }, "⬇"),
  el("span", {}, el("div", { class: "file-name" }, name), el("div", { class: "file-size" }, size)));
  return link;
}

/** The direction a message's reader reads in: that of its first letter outside isolated runs
 * (Unicode's paragraph rule), so an English message's buttons run left to right. */
function readingDirection(text) {
  const outside = (text || "").replace(/[\u2066-\u2068][^\u2066-\u2069]*\u2069/g, "");
  const letter = outside.match(/[A-Za-z\u00C0-\u024F]|[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/);
  return letter && /[A-Za-z\u00C0-\u024F]/.test(letter[0]) ? "ltr" : "rtl";
}

function inlineKeyboard(message, rows) {
  const keyboard = el("div", { class: "inline-keyboard", dir: readingDirection(message.text || message.caption) });
  for (const row of rows) {
    const line = el("div", { class: "inline-row" });
    for (const button of row) {
      const node = el("button", { type: "button", class: "inline-button", dir: "auto" },
        button.text);
      if (button.callback_data !== undefined) node.onclick = () => press(message.message_id,
        button.text);
      else if (button.url) {
        node.classList.add("url");
        node.onclick = () => openLink(button.url);
      } else node.disabled = true;
      line.append(node);
    }
    keyboard.append(line);
  }
  return keyboard;
}

/** A photo the bot sent, shown at its largest size (the last of its sizes). */
function photoImage(sizes) {
  const largest = sizes[sizes.length - 1];
  const src = `/_emu/files/${encodeURIComponent(largest.file_id)}`;
  return el("a", { class: "photo", href: src, target: "_blank" },
    el("img", { src, width: largest.width, height: largest.height, alt: "" }));
}

function renderMessage(message) {
  const fromBot = message.from === "bot";
  const bubble = el("div", { class: "bubble" });
  const photo = message.photo && message.photo.length ? message.photo : null;
  if (photo) bubble.append(photoImage(photo));
  if (message.document) bubble.append(documentLink(message.document));
  if (message.contact) {
    bubble.append(el("div", { class: "text", dir: "auto" }, `📱 ${message.contact.phone_number}`));
  }
  if (message.text) bubble.append(formatted(message.text, message.entities, fromBot));
  else if (!message.document && !message.contact && !photo) {
    bubble.append(el("div", { class: "text" }, MEDIA[message.kind] || message.kind));
  }
  const time = new Date(message.date * 1000)
    .toLocaleTimeString("fa-IR", { hour: "2-digit", minute: "2-digit" });
  const meta = el("div", { class: "meta" }, time);
  if (message.edited) meta.prepend(el("span", { class: "edited" }, "ویرایش‌شده"));
  bubble.append(meta);
  const node = el("div", { class: `msg ${fromBot ? "bot" : "user"}`,
    "data-message-id": message.message_id }, bubble);
  const rows = message.reply_markup && message.reply_markup.inline_keyboard;
  if (fromBot && rows) node.append(inlineKeyboard(message, rows));
  return node;
}

/** The reply keyboard in force: the bot's latest one, unless removed or used up (one-time). */
function replyKeyboard(messages) {
  let keyboard = null;
  let used = false;
  for (const message of messages) {
    const markup = message.reply_markup || {};
    if (message.from === "bot" && markup.keyboard) [keyboard, used] = [markup, false];
    else if (message.from === "bot" && markup.remove_keyboard) keyboard = null;
    else if (message.from === "user") used = true;
  }
  return keyboard && !(keyboard.one_time_keyboard && used) ? keyboard : null;
}

function renderReplyKeyboard(messages) {
  const keyboard = replyKeyboard(messages);
  view.keyboard.replaceChildren();
  view.keyboard.hidden = !keyboard;
  if (!keyboard) return;
  view.keyboard.dir = readingDirection(keyboard.keyboard.flat()
    .map((raw) => (typeof raw === "string" ? raw : raw.text)).join(" "));
  for (const row of keyboard.keyboard) {
    const line = el("div", { class: "inline-row" });
    for (const raw of row) {
      const button = typeof raw === "string" ? { text: raw } : raw;
      const node = el("button", { type: "button", class: "key", dir: "auto" }, button.text);
      if (button.request_contact) node.title = `شمارهٔ ${me().name}: ${me().phone}`;
      node.onclick = () => (button.request_contact ? shareContact() : send(button.text));
      line.append(node);
    }
    view.keyboard.append(line);
  }
}

function renderEmpty(visible) {
  view.empty.hidden = visible.length > 0;
  if (visible.length) return;
  const payload = state.config.start_payload;
  const actions = me().role === "admin" ? [["/admin", "کنسول مدیر"]] : [];
  if (payload && me().role !== "admin") actions.push([`/start ${payload}`, "باز کردن پیوند فراخوان"]);
  actions.push(["/start", "شروع"]);
  view.emptyActions.replaceChildren(...actions.map(([text, label], index) => {
    const button = el("button", { type: "button",
      class: index ? "start-button secondary" : "start-button" }, label);
    button.onclick = () => send(text);
    return button;
  }));
}

/** Shows the current chat: new messages appended, edited ones replaced where they are. */
function render() {
  const chat = chatOf(me());
  const visible = chat.messages.filter((m) => !m.deleted);
  const box = view.messages;
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  const shown = new Set();
  let previous = view.empty;
  for (const message of visible) {
    const signature = JSON.stringify(message);
    let entry = state.nodes.get(message.message_id);
    if (!entry || entry.signature !== signature) {
      const node = renderMessage(message);
      if (entry) entry.node.replaceWith(node);
      entry = { node, signature };
      state.nodes.set(message.message_id, entry);
    }
    if (previous.nextSibling !== entry.node) previous.after(entry.node);
    previous = entry.node;
    shown.add(message.message_id);
  }
  for (const [id, entry] of state.nodes) {
    if (!shown.has(id)) { entry.node.remove(); state.nodes.delete(id); }
  }
  renderEmpty(visible);
  renderReplyKeyboard(chat.messages);
  chat.seen = Math.max(0, ...visible.map((m) => m.message_id));
  if (atBottom || chat.scrolled !== true) box.scrollTop = box.scrollHeight;
  chat.scrolled = true;
  renderPersonas();
}

// ----- who you are, and keeping up with the bot -------------------------------------------

function unread(persona) {
  const chat = state.chats.get(persona.id);
  if (!chat || persona === me() || chat.seen === undefined) return 0;
  return chat.messages.filter((m) => m.from === "bot" && !m.deleted && m.message_id > chat.seen)
    .length;
}

function renderPersonas() {
  view.personas.replaceChildren(...state.config.personas.map((persona) => {
    const button = el("button", { type: "button", class: `persona ${persona.role}`,
      "aria-pressed": String(persona === me()), "data-persona": persona.id,
      title: `${persona.name} · ${persona.id} · ${persona.phone}` },
    el("span", { class: "avatar", style: `background:${colour(persona)}`, "aria-hidden": "true" },
      persona.name[0]),
    el("span", { class: "name" }, persona.name));
    const count = unread(persona);
    if (count) button.append(el("span", { class: "badge" }, fa(count)));
    button.onclick = () => choose(persona);
    return button;
  }));
  const role = me().role === "admin" ? "مدیر فراخوان" : "داوطلب";
  view.status.textContent = `ربات · شما: ${me().name} (${role})`;
}

function colour(persona) {
  return persona.role === "admin" ? "#c0392b" : ["#e17076", "#7bc862", "#65aadd", "#a695e7",
    "#ee7aae", "#6ec9cb", "#faa774"][persona.id % 7];
}

function choose(persona) {
  if (state.poll) state.poll.abort();
  state.persona = persona;
  localStorage.setItem("farakhan.persona", String(persona.id));
  for (const entry of state.nodes.values()) entry.node.remove();
  state.nodes.clear();
  chatOf(persona).scrolled = false;
  view.keyboard.hidden = true;
  view.menu.hidden = true;
  render();
  state.poll = new AbortController();
  follow(persona, state.poll.signal);
  view.input.focus();
}

/** Long-polls the persona's chat and renders each change while it is the one shown. */
async function follow(persona, signal) {
  const chat = chatOf(persona);
  while (!signal.aborted) {
    try {
      const wait = chat.version >= 0 ? `?since=${chat.version}&timeout=25` : "";
      const data = await api(`/_emu/chats/${persona.id}/messages${wait}`, undefined, signal);
      if (signal.aborted) return;
      if (data.version !== chat.version) {
        Object.assign(chat, { version: data.version, messages: data.messages });
        render();
      }
    } catch (error) {
      if (signal.aborted) return;
      chat.version = -1; // the emulator may come back restarted, its versions from 0
      await sleep(1000);
    }
  }
}

/** Every few seconds, fetches the other personas' chats for the unread counts. */
async function watchOthers() {
  for (;;) {
    await sleep(2500);
    for (const persona of state.config.personas) {
      if (persona === me()) continue;
      try {
        const data = await api(`/_emu/chats/${persona.id}/messages`);
        const chat = chatOf(persona);
        Object.assign(chat, { version: data.version, messages: data.messages });
        if (chat.seen === undefined) chat.seen = Math.max(0, ...data.messages.map((m) => m.message_id));
      } catch (error) { /* the emulator is restarting: try again next round */ }
    }
    renderPersonas();
  }
}

// ----- the input, the command menu, toasts -------------------------------------------------

function toast(text, alert = false) {
  view.toast.textContent = text;
  view.toast.className = alert ? "toast alert" : "toast";
  view.toast.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { view.toast.hidden = true; }, alert ? 6000 : 2500);
}

function showError(error) {
  toast(`خطا: ${error.message}`, true);
}

async function toggleMenu() {
  if (!view.menu.hidden) { view.menu.hidden = true; return; }
  const commands = await api(`/_emu/commands?language_code=${me().language}`).catch(() => []);
  view.menu.replaceChildren(...commands.map((command) => {
    const item = el("button", { type: "button" }, el("span", { class: "name" },
      `/${command.command}`), el("span", { class: "description", dir: "auto" },
      command.description));
    item.onclick = () => send(`/${command.command}`);
    return item;
  }));
  view.menu.hidden = commands.length === 0;
}

function submit(event) {
  event.preventDefault();
  const text = view.input.value.trim();
  if (!text) return;
  view.input.value = "";
  grow();
  send(text);
}

function grow() {
  view.input.style.height = "auto";
  view.input.style.height = `${view.input.scrollHeight + 2}px`;
}

async function start() {
  state.config = await api("/_emu/page");
  const saved = Number(localStorage.getItem("farakhan.persona"));
  const personas = state.config.personas;
  view.composer.addEventListener("submit", submit);
  view.input.addEventListener("input", grow);
  view.input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) submit(event);
  });
  view.toast.onclick = () => { view.toast.hidden = true; };
  view.menuButton.onclick = toggleMenu;
  choose(personas.find((p) => p.id === saved) || personas[0]);
  watchOthers();
}

start();
