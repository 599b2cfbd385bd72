// A small client for the emotrace WebSocket protocol (web/docs/websocket.md). No dependencies.
// Requests return promises (matched by id); events go to handlers registered with on(type, fn).
// On reconnect it re-subscribes with `since` = the last sequence number seen, so nothing is missed
// (or a `gap` event says what was).
class EmotraceSocket {
  constructor(url, { token = null, onState = () => {} } = {}) {
    this.url = token ? url + (url.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(token) : url;
    this.onState = onState;
    this.handlers = {};
    this.pending = new Map();
    this.subs = new Map(); // recording -> { speakers, lastSeq }
    this.nextId = 1;
    this.retryMs = 500;
    this.open();
  }

  open() {
    this.ws = new WebSocket(this.url);
    this.ready = new Promise((resolve) => { this.ws.onopen = () => { this.onState('live'); resolve(); }; });
    this.ws.onmessage = (e) => this.dispatch(JSON.parse(e.data));
    this.ws.onclose = () => {
      this.onState('offline');
      for (const p of this.pending.values()) p.reject(new Error('connection closed'));
      this.pending.clear();
      clearInterval(this.keepAlive);
      setTimeout(() => this.reopen(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 10000);
    };
    this.keepAlive = setInterval(() => this.request('ping').catch(() => {}), 20000);
  }

  async reopen() {
    this.open();
    await this.ready;
    this.retryMs = 500;
    for (const [recording, s] of this.subs) {
      this.request('subscribe', { recording, speakers: s.speakers, since: s.lastSeq }).catch(() => {});
    }
  }

  dispatch(msg) {
    if (msg.id !== undefined && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      msg.type === 'error' ? p.reject(Object.assign(new Error(msg.message), { code: msg.code })) : p.resolve(msg);
      return;
    }
    const sub = msg.recording && this.subs.get(msg.recording);
    if (sub && msg.seq) sub.lastSeq = Math.max(sub.lastSeq, msg.seq);
    if (sub && msg.type === 'gap') sub.lastSeq = Math.max(sub.lastSeq, msg.toSeq);
    for (const fn of (this.handlers[msg.type] || [])) fn(msg);
    for (const fn of (this.handlers['*'] || [])) fn(msg);
  }

  on(type, fn) {
    (this.handlers[type] = this.handlers[type] || []).push(fn);
    return () => { this.handlers[type] = this.handlers[type].filter((f) => f !== fn); };
  }

  async request(type, fields = {}) {
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ ...fields, type, id }));
    });
  }

  /** Live events of a recording from now on (or from `since`); speakers: [] = all. */
  async subscribe(recording, { speakers = [], since = null } = {}) {
    const ack = await this.request('subscribe', { recording, speakers, since });
    this.subs.set(recording, { speakers, lastSeq: since == null ? ack.lastSeq : Math.max(since, 0) });
    return ack;
  }

  async unsubscribe(recording) {
    this.subs.delete(recording);
    return this.request('unsubscribe', { recording });
  }

  timeline(recording, { speaker = null, from = null, to = null } = {}) {
    return this.request('timeline', { recording, speaker, from, to });
  }

  summary(recording, { speaker = null, from = null, to = null } = {}) {
    return this.request('summary', { recording, speaker, from, to });
  }
}
if (typeof module !== 'undefined') module.exports = { EmotraceSocket };
