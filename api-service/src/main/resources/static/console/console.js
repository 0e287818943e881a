// The agent console: the inbox live, a conversation's messages and the actions on it, all through
// the public API with the key the person entered. The key lives in this tab's sessionStorage only:
// never in a URL, a cookie or the page. Everything the API says is put in the page as text, never
// as HTML.
'use strict';

const KEY_STORAGE = 'omni.console.apiKey';
const INBOX_PAGE = 20;
const MESSAGE_PAGE = 200;
const RECONNECT_MIN_MS = 1000;
const RECONNECT_MAX_MS = 15000;
const STREAM_EVENTS = ['conversation.created', 'conversation.updated', 'message.created',
  'message.updated'];

const state = {
  key: null,
  companyId: null,
  users: new Map(),     // id -> {id, name, role}
  channels: new Map(),  // id -> {id, name, type}
  conversations: new Map(), // id -> inbox entry, with its contact and last_message
  next: null,           // the inbox's next page, a path the API gave
  selected: null,       // the open conversation's id
  messages: new Map(),  // the open conversation's messages by id
  stream: null,
  streamsOpened: 0,     // EventSource objects this page made; the browser test reads it
  eventsRepeated: 0,    // events whose id was not past the last one seen: none, ever
  lastEventId: null,
  reconnectDelay: RECONNECT_MIN_MS,
  reconnectTimer: null,
  generation: 0,        // bumps on sign-out, so that late answers of an old session are dropped
};

const $ = (id) => document.getElementById(id);

/** An API answer that is not 2xx, with the problem details the API sent. */
class ApiProblem extends Error {
  constructor(status, problem) {
    const title = problem.title || ('HTTP ' + status);
    super(problem.detail ? title + ': ' + problem.detail : title);
    this.status = status;
  }
}

async function api(method, path, body) {
  const headers = {Authorization: 'Bearer ' + state.key, Accept: 'application/json'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit',
    });
  } catch (e) {
    throw new ApiProblem(0, {title: 'The API cannot be reached', detail: e.message});
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    throw new ApiProblem(response.status, json && typeof json === 'object' ? json : {});
  }
  return {json, next: nextLink(response.headers.get('Link'))};
}

/** The rel="next" target of a Link header, or null. */
function nextLink(link) {
  if (!link) {
    return null;
  }
  const match = /<([^>]+)>\s*;\s*rel="next"/.exec(link);
  return match ? match[1] : null;
}

function show(element, visible) {
  element.hidden = !visible;
}

function showProblem(element, error) {
  element.textContent = error ? error.message : '';
  show(element, Boolean(error));
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined && text !== null) {
    node.textContent = text;
  }
  return node;
}

function setLive(text, kind) {
  $('live').textContent = text;
  $('live').dataset.state = kind;
}

// ---- Signing in and out -------------------------------------------------------------------

async function signIn(key) {
  state.key = key;
  const generation = state.generation;
  showProblem($('sign-in-error'), null);
  $('sign-in').disabled = true;
  try {
    const company = (await api('GET', '/companies/me')).json;
    if (generation !== state.generation) {
      return;
    }
    sessionStorage.setItem(KEY_STORAGE, key);
    show($('sign-in-view'), false);
    show($('console-view'), true);
    show($('sign-out'), true);
    $('api-key').value = '';
    state.companyId = company.id;
    $('company').textContent = company.name;
    await startConsole(generation);
  } catch (e) {
    if (generation === state.generation) {
      state.key = null;
      sessionStorage.removeItem(KEY_STORAGE);
      showProblem($('sign-in-error'), e);
    }
  } finally {
    $('sign-in').disabled = false;
  }
}

async function startConsole(generation) {
  try {
    await loadDirectory();
  } catch (e) {
    showProblem($('inbox-error'), e);
  }
  await loadInbox();
  openStream();
}

function signOut() {
  state.generation++;
  closeStream();
  sessionStorage.removeItem(KEY_STORAGE);
  Object.assign(state, {
    key: null, companyId: null, next: null, selected: null, lastEventId: null,
    reconnectDelay: RECONNECT_MIN_MS,
  });
  state.users.clear();
  state.channels.clear();
  state.conversations.clear();
  state.messages.clear();
  $('conversations').replaceChildren();
  $('messages').replaceChildren();
  $('company').textContent = '';
  showProblem($('inbox-error'), null);
  showProblem($('action-error'), null);
  show($('console-view'), false);
  show($('sign-out'), false);
  show($('sign-in-view'), true);
  document.body.classList.remove('reading');
  setLive('Signed out', 'off');
  $('api-key').focus();
}

async function loadDirectory() {
  const [users, channels] = await Promise.all([
    api('GET', '/companies/' + state.companyId + '/users'),
    api('GET', '/companies/' + state.companyId + '/channels'),
  ]);
  state.users = new Map(users.json.map((u) => [u.id, u]));
  state.channels = new Map(channels.json.map((c) => [c.id, c]));
  const agents = users.json.filter((u) => u.role === 'agent');
  const agentSelect = $('agent');
  const chosen = agentSelect.value;
  agentSelect.replaceChildren(...agents.map((a) => {
    const option = el('option', null, a.name);
    option.value = String(a.id);
    return option;
  }));
  if (chosen && agents.some((a) => String(a.id) === chosen)) {
    agentSelect.value = chosen;
  }
  const ownerFilter = $('filter-owner');
  const owner = ownerFilter.value;
  ownerFilter.querySelectorAll('option[data-agent]').forEach((o) => o.remove());
  agents.forEach((a) => {
    const option = el('option', null, a.name);
    option.value = 'id:' + a.id;
    option.dataset.agent = '';
    ownerFilter.append(option);
  });
  ownerFilter.value = owner;
}

// ---- The inbox ----------------------------------------------------------------------------

function inboxQuery() {
  const params = new URLSearchParams({limit: String(INBOX_PAGE)});
  if ($('filter-status').value) {
    params.set('status', $('filter-status').value);
  }
  const owner = $('filter-owner').value;
  if (owner.startsWith('type:')) {
    params.set('owner_type', owner.slice(5));
  } else if (owner.startsWith('id:')) {
    params.set('owner_id', owner.slice(3));
  }
  return '/conversations?' + params;
}

/** Whether a conversation belongs in the inbox as it is filtered now. */
function matchesFilter(entry) {
  const status = $('filter-status').value;
  const owner = $('filter-owner').value;
  if (status && entry.status !== status) {
    return false;
  }
  if (owner.startsWith('type:')) {
    return entry.owner_type === owner.slice(5);
  }
  if (owner.startsWith('id:')) {
    return String(entry.owner_id) === owner.slice(3);
  }
  return true;
}

async function loadInbox(more) {
  const generation = state.generation;
  try {
    const page = await api('GET', more ? state.next : inboxQuery());
    if (generation !== state.generation) {
      return;
    }
    if (!more) {
      state.conversations.clear();
    }
    page.json.forEach((entry) => state.conversations.set(entry.id, entry));
    state.next = page.next;
    showProblem($('inbox-error'), null);
    renderInbox();
  } catch (e) {
    showProblem($('inbox-error'), e);
  }
}

function sortedConversations() {
  const activity = (c) => c.last_message_at || c.updated_at || '';
  return [...state.conversations.values()].sort((a, b) => {
    const byTime = activity(b).localeCompare(activity(a));
    return byTime !== 0 ? byTime : b.id - a.id;
  });
}

/** The contact as a person knows it: its phone, email or Telegram chat, and its name if other. */
function contactOf(entry) {
  const contact = entry.contact || {};
  const address = contact.phone || contact.email
    || (contact.telegram_chat_id ? 'Telegram ' + contact.telegram_chat_id : null);
  if (contact.name && contact.name !== address) {
    return address ? contact.name + ' · ' + address : contact.name;
  }
  return address || 'Contact #' + entry.contact_id;
}

function lastTextOf(entry) {
  const last = entry.last_message;
  if (!last) {
    return '';
  }
  return last.text || '[message]';
}

function ownerName(entry) {
  if (entry.owner_type === 'ai') {
    return 'AI';
  }
  const user = state.users.get(entry.owner_id);
  return user ? user.name : 'Agent #' + entry.owner_id;
}

function channelName(channelId) {
  const channel = state.channels.get(channelId);
  return channel ? channel.name + ' (' + channel.type + ')' : 'Channel #' + channelId;
}

function renderInbox() {
  const items = sortedConversations().map((entry) => {
    const item = el('li', 'conversation-item');
    item.dataset.conversationId = String(entry.id);
    const button = el('button', 'open-conversation');
    button.type = 'button';
    if (entry.id === state.selected) {
      button.setAttribute('aria-current', 'true');
    }
    const top = el('span', 'line');
    top.append(el('span', 'contact', contactOf(entry)),
      el('time', 'when', formatTime(entry.last_message_at || entry.updated_at)));
    const text = el('span', 'last-text', lastTextOf(entry));
    const tags = el('span', 'line tags');
    tags.append(el('span', 'owner owner-' + entry.owner_type, ownerName(entry)),
      el('span', 'status status-' + entry.status, entry.status),
      el('span', 'channel', channelName(entry.channel_id)));
    button.append(top, text, tags);
    button.addEventListener('click', () => openConversation(entry.id));
    item.append(button);
    return item;
  });
  $('conversations').replaceChildren(...items);
  show($('inbox-empty'), items.length === 0);
  show($('load-more'), Boolean(state.next));
}

function formatTime(iso) {
  if (!iso) {
    return '';
  }
  const at = new Date(iso);
  const sameDay = at.toDateString() === new Date().toDateString();
  return sameDay ? at.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'})
    : at.toLocaleDateString();
}

// ---- A conversation -----------------------------------------------------------------------

async function openConversation(id) {
  state.selected = id;
  state.messages.clear();
  showProblem($('action-error'), null);
  document.body.classList.add('reading');
  show($('no-selection'), false);
  show($('conversation-body'), true);
  renderInbox();
  renderConversation();
  $('messages').replaceChildren();
  await loadMessages(id);
}

async function loadMessages(id) {
  const generation = state.generation;
  let path = '/conversations/' + id + '/messages?limit=' + MESSAGE_PAGE;
  try {
    const conversation = await api('GET', '/conversations/' + id);
    if (state.selected === id && generation === state.generation) {
      mergeConversation(conversation.json);
    }
    while (path) {
      const page = await api('GET', path);
      if (state.selected !== id || generation !== state.generation) {
        return;
      }
      page.json.forEach((m) => state.messages.set(m.id, m));
      path = page.next;
    }
    renderMessages();
  } catch (e) {
    if (state.selected === id) {
      showProblem($('action-error'), e);
    }
  }
}

/** A conversation as an action or GET answers it (no owner_type: the owner's role tells). */
function mergeConversation(conversation) {
  const owner = state.users.get(conversation.owner_id);
  const known = state.conversations.get(conversation.id) || {};
  const ownerType = owner ? (owner.role === 'ai' ? 'ai' : 'human') : known.owner_type;
  upsertConversation(Object.assign({}, known, conversation, {owner_type: ownerType}));
}

function upsertConversation(entry) {
  if (matchesFilter(entry)) {
    state.conversations.set(entry.id, entry);
  } else {
    state.conversations.delete(entry.id);
  }
  if (entry.id === state.selected) {
    state.selectedEntry = entry;
    renderConversation();
  }
  renderInbox();
}

function selectedEntry() {
  return state.conversations.get(state.selected) || state.selectedEntry;
}

function renderConversation() {
  const entry = selectedEntry();
  if (!entry) {
    $('conversation-heading').textContent = 'Conversation #' + state.selected;
    return;
  }
  $('conversation-heading').textContent = contactOf(entry);
  $('conversation-meta').textContent = [channelName(entry.channel_id),
    'owner: ' + ownerName(entry), 'status: ' + entry.status].join(' · ');
  $('conversation-body').dataset.owner = entry.owner_type;
  $('conversation-body').dataset.status = entry.status;
  show($('take-over'), entry.owner_type === 'ai');
  show($('hand-back'), entry.owner_type !== 'ai');
  show($('resolve'), entry.status === 'open');
  show($('reopen'), entry.status === 'resolved');
}

function senderName(message) {
  if (message.sender === 'contact') {
    return 'Contact';
  }
  if (message.sender === 'ai') {
    return 'AI';
  }
  const author = state.users.get(message.author_id);
  return author ? author.name : 'Agent';
}

function messageText(message) {
  if (message.content) {
    return message.content;
  }
  return '[' + (message.type || 'message') + ']';
}

function renderMessages() {
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const items = [...state.messages.values()].sort((a, b) => a.id - b.id).map((m) => {
    const item = el('li', 'message from-' + m.sender);
    item.dataset.messageId = String(m.id);
    const head = el('div', 'message-head');
    head.append(el('span', 'sender', senderName(m)), el('time', 'when', formatTime(m.created_at)));
    item.append(head, el('p', 'text', messageText(m)));
    if (m.sender !== 'contact' && m.delivery_status) {
      const delivery = el('div', 'delivery');
      delivery.append(el('span', 'delivery-status delivery-' + m.delivery_status,
        m.delivery_status));
      if (m.delivery_status === 'failed') {
        if (m.delivery_error) {
          delivery.append(el('span', 'delivery-error', m.delivery_error));
        }
        const retry = el('button', 'retry', 'Retry');
        retry.type = 'button';
        retry.addEventListener('click', () => act(retry, async () => {
          const answer = await api('POST', '/conversations/' + m.conversation_id + '/messages/'
            + m.id + '/retry');
          upsertMessage(answer.json);
        }));
        delivery.append(retry);
      }
      item.append(delivery);
    }
    return item;
  });
  list.replaceChildren(...items);
  if (atBottom) {
    list.scrollTop = list.scrollHeight;
  }
}

function upsertMessage(message) {
  const entry = state.conversations.get(message.conversation_id);
  if (entry && (!entry.last_message || entry.last_message.id <= message.id)) {
    // The stream's conversation.updated carries it too; an agent's own answer shows at once.
    entry.last_message = {id: message.id, sender: message.sender, text: message.content,
      created_at: message.created_at};
  }
  if (message.conversation_id === state.selected) {
    state.messages.set(message.id, message);
    renderMessages();
  }
}

/** Runs an action of the person's, showing the API's problem if it fails. */
async function act(button, action) {
  showProblem($('action-error'), null);
  button.disabled = true;
  try {
    await action();
  } catch (e) {
    showProblem($('action-error'), e);
  } finally {
    button.disabled = false;
  }
}

function chosenAgent() {
  const id = $('agent').value;
  if (!id) {
    throw new ApiProblem(0, {title: 'No agent', detail: 'The company has no agent to act as'});
  }
  return Number(id);
}

async function transfer(newOwnerId) {
  const answer = await api('POST', '/conversations/' + state.selected + '/transfer',
    {new_owner_id: newOwnerId});
  mergeConversation(answer.json);
}

async function handBack() {
  const ai = [...state.users.values()].find((u) => u.role === 'ai');
  if (ai) {
    await transfer(ai.id);
    return;
  }
  // A company without an AI user yet: the toggle creates it.
  await api('POST', '/conversations/' + state.selected + '/transfer-toggle');
  await loadDirectory();
  const conversation = await api('GET', '/conversations/' + state.selected);
  mergeConversation(conversation.json);
}

async function changeStatus(status) {
  const answer = await api('POST', '/conversations/' + state.selected + '/status', {status});
  mergeConversation(answer.json);
}

async function send() {
  const text = $('message').value;
  const answer = await api('POST', '/conversations/' + state.selected + '/messages',
    {author_id: chosenAgent(), text});
  $('message').value = '';
  upsertMessage(answer.json);
}

// ---- The live stream ----------------------------------------------------------------------

/**
 * Opens the company's event stream with a fresh stream token, from the last event seen. When the
 * connection drops (the API restarts, fails over, or ends the stream at its timeout) the browser
 * reconnects this same EventSource by itself, with the same URL and a Last-Event-ID header, which
 * the token stays good for: the API replays what was missed. Only when the API refuses that
 * reconnect (the EventSource is then CLOSED: the token's reconnect window is over, or its key was
 * revoked) does the page open a new one, with a new token and last_event_id.
 */
async function openStream() {
  const generation = state.generation;
  clearTimeout(state.reconnectTimer);
  setLive(state.lastEventId === null ? 'Connecting' : 'Reconnecting', 'connecting');
  let token;
  try {
    token = (await api('POST', '/companies/' + state.companyId + '/stream-tokens')).json.token;
  } catch (e) {
    if (generation !== state.generation) {
      return;
    }
    if (e.status === 401) {
      signOut();
      showProblem($('sign-in-error'), e);
      return;
    }
    showProblem($('inbox-error'), e);
    scheduleReconnect();
    return;
  }
  if (generation !== state.generation) {
    return;
  }
  const params = new URLSearchParams({token});
  if (state.lastEventId !== null) {
    params.set('last_event_id', state.lastEventId);
  }
  const stream = new EventSource('/events?' + params);
  let opened = state.lastEventId !== null;
  state.stream = stream;
  state.streamsOpened++;
  document.body.dataset.streamsOpened = String(state.streamsOpened);
  stream.onopen = () => {
    state.reconnectDelay = RECONNECT_MIN_MS;
    showProblem($('inbox-error'), null);
    setLive('Live', 'live');
    if (!opened) {
      // What changed between the first inbox read and the stream's start.
      opened = true;
      loadInbox();
    }
  };
  stream.onerror = () => {
    if (state.stream !== stream) {
      return;
    }
    setLive('Reconnecting', 'connecting');
    if (stream.readyState === EventSource.CLOSED) {
      // The API refused the browser's own reconnect: a new token, from the last event seen.
      state.stream = null;
      scheduleReconnect();
    }
  };
  STREAM_EVENTS.forEach((type) => stream.addEventListener(type, (event) => {
    if (event.lastEventId) {
      if (state.lastEventId !== null && Number(event.lastEventId) <= Number(state.lastEventId)) {
        state.eventsRepeated++;
        document.body.dataset.eventsRepeated = String(state.eventsRepeated);
      }
      state.lastEventId = event.lastEventId;
    }
    onStreamEvent(type, JSON.parse(event.data));
  }));
  stream.addEventListener('reset', (event) => {
    if (event.lastEventId) {
      state.lastEventId = event.lastEventId;
    }
    showProblem($('inbox-error'), new ApiProblem(0, {
      title: 'The live view restarted', detail: event.data || 'reloading the inbox',
    }));
    loadInbox();
    if (state.selected !== null) {
      loadMessages(state.selected);
    }
  });
}

function scheduleReconnect() {
  const delay = state.reconnectDelay;
  state.reconnectDelay = Math.min(delay * 2, RECONNECT_MAX_MS);
  clearTimeout(state.reconnectTimer);
  state.reconnectTimer = setTimeout(openStream, delay);
}

function closeStream() {
  clearTimeout(state.reconnectTimer);
  if (state.stream) {
    state.stream.close();
    state.stream = null;
  }
}

function onStreamEvent(type, data) {
  if (type === 'conversation.created' || type === 'conversation.updated') {
    const known = state.conversations.get(data.id);
    upsertConversation(Object.assign({}, known || {}, data));
  } else {
    upsertMessage(data);
    renderInbox();
  }
}

// ---- Wiring -------------------------------------------------------------------------------

function wire() {
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('api-key').value.trim();
    if (!key) {
      showProblem($('sign-in-error'), new ApiProblem(0, {title: 'Enter an API key'}));
      return;
    }
    signIn(key);
  });
  $('sign-out').addEventListener('click', signOut);
  $('filter-status').addEventListener('change', () => loadInbox());
  $('filter-owner').addEventListener('change', () => loadInbox());
  $('load-more').addEventListener('click', () => loadInbox(true));
  $('back').addEventListener('click', () => document.body.classList.remove('reading'));
  $('take-over').addEventListener('click',
    (e) => act(e.currentTarget, () => transfer(chosenAgent())));
  $('hand-back').addEventListener('click', (e) => act(e.currentTarget, handBack));
  $('resolve').addEventListener('click', (e) => act(e.currentTarget, () => changeStatus('resolved')));
  $('reopen').addEventListener('click', (e) => act(e.currentTarget, () => changeStatus('open')));
  $('send-form').addEventListener('submit', (event) => {
    event.preventDefault();
    act($('send'), send);
  });
  const saved = sessionStorage.getItem(KEY_STORAGE);
  if (saved) {
    signIn(saved);
  } else {
    $('api-key').focus();
  }
}

wire();
