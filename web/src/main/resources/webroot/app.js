// The emotrace web UI: recordings (upload, list), a recording page (timeline, summaries, transcript) fed live
// over the WebSocket, and the rules editor. Plain DOM, no build step.
const params = new URLSearchParams(location.search);
const token = params.get('token') || localStorage.getItem('emotrace.token');
if (params.get('token')) localStorage.setItem('emotrace.token', params.get('token'));
const view = document.getElementById('view');
const socket = new EmotraceSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws',
  { token, onState: (s) => { const c = document.getElementById('conn'); c.textContent = s; c.className = 'conn ' + s; } });
let leaveView = () => {};

// ---- helpers ----
async function api(method, path, body, contentType = 'application/json') {
  const headers = token ? { Authorization: 'Bearer ' + token } : {};
  if (body !== undefined) headers['Content-Type'] = contentType;
  const res = await fetch(path, { method, headers, body: typeof body === 'string' || body === undefined ? body : JSON.stringify(body) });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw Object.assign(new Error(json?.error?.message || res.statusText), { status: res.status, body: json });
  return json;
}
/** Fetches a non-JSON output with the token and opens (report) or downloads (CSV) it. */
async function openOutput(path, fileName) {
  const res = await fetch(path, { headers: token ? { Authorization: 'Bearer ' + token } : {} });
  if (!res.ok) {
    const text = await res.text();
    let msg = res.statusText;
    try { msg = JSON.parse(text)?.error?.message || msg; } catch (e) { /* not JSON */ }
    throw new Error(msg);
  }
  const url = URL.createObjectURL(await res.blob());
  if (fileName) {
    const a = h('a', { href: url, download: fileName });
    document.body.append(a); a.click(); a.remove();
  } else {
    window.open(url, '_blank', 'noopener');
  }
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v); else if (v != null) el.setAttribute(k, v);
  }
  el.append(...children.filter((c) => c != null));
  return el;
}
function toast(msg) {
  const t = document.getElementById('toast');
  t.textContent = msg; t.hidden = false;
  clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
}
function debounce(fn, ms) { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); }; }
const pct = (x) => (100 * x).toFixed(0) + '%';
const secs = (s) => s >= 60 ? fmtTime(s) : s.toFixed(1) + ' s';

// ---- recordings list + upload ----
function recordingsView() {
  const file = h('input', { type: 'file', id: 'file' });
  const bar = h('progress', { id: 'upload-progress', max: 1, value: 0, hidden: '' });
  const note = h('span', { class: 'muted', id: 'upload-note' });
  const body = h('tbody', { id: 'recordings' });
  view.replaceChildren(
    h('section', {}, h('h2', {}, 'Upload a recording'), file, ' ',
      h('button', { id: 'upload', onclick: () => upload(file.files[0], bar, note) }, 'Upload'), ' ', note, bar),
    h('section', {}, h('h2', {}, 'Recordings'), h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'file'), h('th', {}, 'status'), h('th', {}, 'uploaded'))), body)));
  const refresh = async () => {
    try {
      const list = await api('GET', '/api/recordings');
      body.replaceChildren(...(list.recordings || list).map((r) => h('tr', {},
        h('td', {}, h('a', { href: '#/r/' + r.id }, r.fileName || r.id)),
        h('td', {}, h('span', { class: 'status ' + r.status }, r.status)),
        h('td', {}, new Date(r.createdAt).toLocaleString()))));
    } catch (e) { body.replaceChildren(h('tr', {}, h('td', { class: 'error' }, e.message))); }
  };
  refresh();
  const timer = setInterval(refresh, 3000);
  return () => clearInterval(timer);
}

function upload(f, bar, note) {
  if (!f) { note.textContent = 'choose a file first'; return; }
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/recordings?name=' + encodeURIComponent(f.name));
  if (token) xhr.setRequestHeader('Authorization', 'Bearer ' + token);
  xhr.setRequestHeader('Content-Type', 'application/octet-stream');
  bar.hidden = false;
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) { bar.value = e.loaded / e.total; note.textContent = pct(bar.value); } };
  xhr.onload = () => {
    const res = xhr.responseText ? JSON.parse(xhr.responseText) : {};
    if (xhr.status >= 200 && xhr.status < 300) location.hash = '#/r/' + res.id;
    else note.textContent = 'upload failed: ' + (res.error ? `[${res.error.code}] ${res.error.message}` : xhr.status);
  };
  xhr.onerror = () => { note.textContent = 'upload failed: connection error'; };
  xhr.send(f);
}

// ---- one recording ----
function recordingView(id) {
  const state = { segments: new Map(), flags: [], duration: 0, status: null, loaded: false };
  const title = h('h2', {}, id);
  const status = h('span', { class: 'status', id: 'rec-status' }, '...');
  const progress = h('progress', { id: 'rec-progress', max: 1, value: 0 });
  const stage = h('span', { class: 'muted', id: 'rec-stage' });
  const timeline = h('div', { class: 'timeline', id: 'timeline' }, h('span', { class: 'muted' }, 'waiting for segments...'));
  const summaries = h('div', { class: 'summaries', id: 'summaries' });
  const transcript = h('div', { class: 'transcript', id: 'transcript' });
  const base = '/api/recordings/' + encodeURIComponent(id);
  const outputs = h('span', { class: 'outputs', id: 'rec-outputs', hidden: '' },
    h('button', { id: 'report', onclick: () => openOutput(base + '/report.html').catch((e) => toast(e.message)) },
      'Report (print / PDF)'), ' ',
    h('button', { id: 'csv', onclick: () => openOutput(base + '/segments.csv', id + '-segments.csv')
      .catch((e) => toast(e.message)) }, 'Segments CSV'));
  view.replaceChildren(
    h('section', {}, title, status, ' ', outputs, ' ', stage, progress),
    h('section', {}, h('h2', {}, 'Emotion timeline'), timeline),
    h('section', {}, h('h2', {}, 'Speakers'), summaries),
    h('section', {}, h('h2', {}, 'Transcript'), transcript));

  const draw = () => {
    const segs = [...state.segments.values()].sort((a, b) => a.start - b.start);
    if (segs.length) renderTimeline(timeline, segs, state.flags, state.duration);
    else if (state.loaded && (state.status === 'done' || state.status === 'failed')) {
      // finished without segments: say so instead of waiting forever
      timeline.replaceChildren(h('span', { class: 'muted', id: 'no-segments' },
        state.status === 'done' ? 'no speech segments in this recording' : 'the analysis failed before any segment'));
    }
    renderTranscript(transcript, segs, state.flags);
  };
  const redraw = debounce(draw, 100);
  const key = (s) => s.index ?? `${s.start}:${s.speaker}`;
  // A query answer can be older than a live event that overtook it (the server reads the flags before a
  // re-evaluation stores new ones, the 'flags' event then arrives first): never let it undo live flags.
  let flagsEpoch = 0;
  let liveDuringLoad = null;
  const reload = async () => {
    const epoch = flagsEpoch;
    const live = (liveDuringLoad = []);
    const t = await socket.timeline(id);
    if (liveDuringLoad === live) liveDuringLoad = null;
    state.segments = new Map(t.segments.map((s) => [key(s), s]));
    state.loaded = true;
    if (epoch === flagsEpoch) state.flags = withLiveFlags(t.flags || [], live);
    draw();
    const sum = await socket.summary(id);
    renderSummaries(summaries, sum.speakers);
  };
  const reloadSoon = debounce(() => reload().catch((e) => toast(e.message)), 300);
  const setStatus = (s) => {
    state.status = s; status.textContent = s; status.className = 'status ' + s;
    outputs.hidden = s !== 'done';
  };
  const offs = [
    socket.on('status', (m) => {
      if (m.recording !== id) return;
      setStatus(m.status);
      if (m.status === 'done' || m.status === 'failed') {
        progress.value = 1;
        stage.textContent = m.error ? `[${m.error.code}] ${m.error.message}` : '';
        reloadSoon();
      }
    }),
    socket.on('progress', (m) => {
      if (m.recording !== id) return;
      stage.textContent = `${m.stage}: ${m.message || ''}`;
      if (m.fraction >= 0) progress.value = m.fraction;
    }),
    socket.on('segment', (m) => {
      if (m.recording !== id) return;
      const s = m.segment, old = state.segments.get(key(s));
      // the ASR stage re-sends a segment with its text; keep the emotion the emotion stage sent
      state.segments.set(key(s), old ? { ...old, ...Object.fromEntries(Object.entries(s).filter(([, v]) => v != null)) } : s);
      redraw();
    }),
    socket.on('flag', (m) => {
      if (m.recording !== id) return;
      state.flags.push(m.flag);
      if (liveDuringLoad) liveDuringLoad.push(m.flag);
      redraw();
    }),
    socket.on('flags', (m) => { if (m.recording === id) { flagsEpoch++; state.flags = m.flags; draw(); } }),
    socket.on('alert', (m) => { if (m.recording === id) toast(`alert: ${m.flag.rule} (${m.flag.speaker || 'all'}) ${m.flag.message || ''}`); }),
    socket.on('rules', () => reloadSoon()),
    socket.on('gap', (m) => { if (m.recording === id) reloadSoon(); }),
  ];
  api('GET', '/api/recordings/' + encodeURIComponent(id)).then((r) => {
    title.textContent = r.fileName || id;
    state.duration = r.durationSeconds || 0;
    setStatus(r.status);
    if (r.progress?.fraction >= 0) progress.value = r.progress.fraction;
    if (r.progress?.stage) stage.textContent = r.progress.stage + (r.progress.message ? ': ' + r.progress.message : '');
    if (r.error) stage.textContent = `[${r.error.code}] ${r.error.message}`;
  }).catch((e) => { title.textContent = e.message; });
  socket.subscribe(id).then((ack) => { setStatus(ack.status); return reload(); }).catch((e) => toast(e.message));
  return () => { offs.forEach((off) => off()); socket.unsubscribe(id).catch(() => {}); };
}

/** The flags of a query answer plus live ones that arrived while it was on its way and are not in it. */
function withLiveFlags(answered, live) {
  const id = (f) => `${f.rule}|${f.speaker}|${f.start}|${f.end}`;
  const seen = new Set(answered.map(id));
  return answered.concat(live.filter((f) => !seen.has(id(f))));
}

function flagsOf(seg, flags) {
  return flags.filter((f) => (f.speaker == null || f.speaker === seg.speaker) && f.start < seg.end && f.end > seg.start);
}

/** Segments shorter than this, without words, judgement or flags, are folded into one line of the transcript. */
const FOLD_SECONDS = 0.5;

function isMicro(s, fl) {
  return s.end - s.start < FOLD_SECONDS && !(s.text && s.text.trim()) && fl.length === 0
    && (!s.emotion || s.emotion === 'unknown');
}

/** One badge per rule on a line (a rule can fire on several overlapping spans); the count when more than one. */
function badges(fl) {
  const byRule = new Map();
  for (const f of fl) {
    const b = byRule.get(f.rule) || { rule: f.rule, severity: f.severity, messages: [] };
    if (f.message) b.messages.push(f.message);
    b.count = (b.count || 0) + 1;
    byRule.set(f.rule, b);
  }
  return [...byRule.values()].map((b) => h('span', { class: 'flag-badge ' + b.severity, title: b.messages.join('\n') },
    b.count > 1 ? `${b.rule} ×${b.count}` : b.rule));
}

function renderTranscript(container, segs, flags) {
  let folded = 0;
  const lines = [];
  for (const s of segs) {
    const fl = flagsOf(s, flags);
    if (isMicro(s, fl)) { folded++; continue; }
    lines.push(h('div', { class: 'line' + (fl.length ? ' flagged' : ''), style: `border-left-color:${EMOTION_COLOURS[s.emotion] || NO_EMOTION}` },
      h('span', { class: 'when' }, fmtTime(s.start)),
      h('span', { class: 'who' }, speakerName(s.speaker)),
      s.text ? h('span', {}, s.text) : h('span', { class: 'muted' }, '(no transcript)'),
      s.emotion ? h('span', { class: 'muted' }, ` — ${s.emotion} ${pct(s.confidence)}`) : null,
      ...badges(fl)));
  }
  if (folded) {
    lines.push(h('div', { class: 'folded muted', 'data-count': String(folded) },
      `${folded} short segment${folded > 1 ? 's' : ''} (under ${FOLD_SECONDS} s, no words, no emotion judged) folded`));
  }
  container.replaceChildren(...lines);
}

function renderSummaries(container, speakers) {
  container.replaceChildren(...speakers.map((s) => {
    const dist = Object.entries(s.distribution || {}).sort((a, b) => b[1] - a[1]);
    return h('div', { class: 'summary' },
      h('strong', {}, speakerName(s.speaker)),
      h('div', {}, `talk time ${secs(s.talkSeconds)} in ${s.turns ?? s.segments} turns`),
      h('div', {}, 'dominant: ', s.dominantEmotion || s.dominant || h('span', { class: 'muted' }, 'no estimate')),
      h('div', { class: 'dist' }, ...dist.map(([e, v]) => h('span', { style: `width:${pct(v)};background:${EMOTION_COLOURS[e]}`, title: `${e} ${pct(v)}` }))),
      h('div', { class: 'muted' }, dist.map(([e, v]) => `${e} ${pct(v)}`).join(', ')),
      h('div', {}, `volatility ${(s.volatilityPerMinute ?? s.volatility ?? 0).toFixed(2)}` + (s.volatilityPerMinute != null ? ' changes/min' : '')));
  }));
}

// ---- rules editor ----
function rulesView() {
  const doc = h('textarea', { id: 'rules-doc', spellcheck: 'false' });
  const problems = h('ul', { class: 'problems', id: 'rule-problems' });
  const info = h('div', { class: 'muted', id: 'rules-version' });
  const pick = h('select', { id: 'rules-recording' }, h('option', { value: '' }, '(choose a recording)'));
  const effect = h('div', { id: 'rules-effect', class: 'muted' }, 'choose an analysed recording to see what these rules flag');
  const save = h('button', { id: 'rules-save', onclick: () => saveRules() }, 'Save as new version');
  view.replaceChildren(h('section', {}, h('h2', {}, 'Business rules'), info, h('div', { class: 'editor' },
    h('div', {}, doc, h('div', {}, save)),
    h('div', {}, h('h2', {}, 'Problems'), problems, h('h2', {}, 'Live effect'), pick, effect))));

  api('GET', '/api/rules').then((r) => {
    doc.value = JSON.stringify(r.rules, null, 2);
    info.textContent = `current version ${r.version}`;
    check();
  }).catch((e) => { info.textContent = e.message; info.className = 'error'; });
  api('GET', '/api/recordings').then((list) => {
    for (const r of (list.recordings || list).filter((x) => x.status === 'done')) pick.append(h('option', { value: r.id }, r.fileName || r.id));
  });

  const showProblems = (list) => {
    problems.replaceChildren(...list.map((p) => h('li', { class: p.severity || 'error' },
      p.pointer ? h('code', {}, p.pointer) : null, ' ', p.message)));
    const bad = list.some((p) => (p.severity || 'error') === 'error');
    doc.classList.toggle('invalid', bad);
    save.disabled = bad;
    return !bad;
  };
  const check = debounce(async () => {
    try { JSON.parse(doc.value); } catch (e) { showProblems([{ pointer: '', message: 'JSON: ' + e.message }]); return; }
    try {
      const v = await api('POST', '/api/rules/validate', doc.value);
      if (!showProblems(v.problems || [])) return;
    } catch (e) { showProblems(e.body?.error?.problems || [{ message: e.message }]); return; }
    if (!pick.value) return;
    try {
      const t = await api('POST', '/api/rules/test?recording=' + encodeURIComponent(pick.value), doc.value);
      const flags = t.flags || [];
      effect.replaceChildren(h('div', {}, `${flags.length} flag(s) on this recording`),
        h('ul', {}, ...flags.map((f) => h('li', {}, h('span', { class: 'flag-badge ' + f.severity }, f.rule),
          ` ${speakerName(f.speaker)} ${fmtTime(f.start)}-${fmtTime(f.end)} ${f.message || ''}`))));
    } catch (e) { effect.textContent = e.message; }
  }, 400);
  doc.addEventListener('input', check);
  pick.addEventListener('change', check);

  async function saveRules() {
    try {
      const r = await api('PUT', '/api/rules', doc.value);
      info.textContent = `saved: current version ${r.version}`;
      toast(`rules version ${r.version} saved; stored analyses are being re-evaluated`);
    } catch (e) { showProblems(e.body?.error?.problems || [{ message: e.message }]); }
  }
  const off = socket.on('rules', (m) => { info.textContent = `current version ${m.version}`; });
  return off;
}

// ---- routing ----
function route() {
  leaveView();
  const m = location.hash.match(/^#\/r\/([A-Za-z0-9_-]+)$/);
  if (m) leaveView = recordingView(m[1]);
  else if (location.hash === '#/rules') leaveView = rulesView();
  else if (location.hash === '#/live' && typeof liveView === 'function') leaveView = liveView();
  else leaveView = recordingsView();
}
window.addEventListener('hashchange', route);
// live.js loads after this file: route once everything is defined
window.addEventListener('DOMContentLoaded', route);
