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
    await loadNames().catch((e) => toast(e.message));
    draw();
    const sum = await socket.summary(id);
    lastSummary = sum.speakers;
    renderSummaries(summaries, sum.speakers, nameSpeaker);
  };
  let lastSummary = [];
  // the recording's speaker names (enrolled voices matched by the analysis, renames of this recording)
  const loadNames = async () => {
    if (state.status !== 'done') return;
    const r = await api('GET', base + '/speakers');
    for (const k of Object.keys(SPEAKER_NAMES)) delete SPEAKER_NAMES[k];
    for (const sp of r.speakers) if (sp.name) SPEAKER_NAMES[sp.id] = sp.name;
  };
  // "this is Alice": a name for this recording only, or also an enrolled voice for later recordings
  const nameSpeaker = async (speaker) => {
    const name = prompt(`Name for ${speaker} in this recording (empty: no name)`, SPEAKER_NAMES[speaker] || '');
    if (name === null) return;
    const enroll = name.trim() !== '' && confirm(`Also enrol this voice as "${name.trim()}" so that later recordings `
      + 'recognise it? (stores a voiceprint: personal data, listed and deletable under Voices)');
    try {
      await api('PUT', base + '/speakers/' + encodeURIComponent(speaker), { name: name.trim() || null, enroll });
      await loadNames();
      draw();
      renderSummaries(summaries, lastSummary, nameSpeaker);
      toast(enroll ? `${speaker} is ${name.trim()}; voice enrolled` : name.trim() ? `${speaker} is ${name.trim()}` : `${speaker} has no name`);
    } catch (e) { toast(e.message); }
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
    socket.on('speaker', (m) => {
      if (m.recording !== id) return;
      if (m.name) SPEAKER_NAMES[m.speaker] = m.name; else delete SPEAKER_NAMES[m.speaker];
      redraw();
      renderSummaries(summaries, lastSummary, nameSpeaker);
    }),
    socket.on('flags', (m) => { if (m.recording === id) { flagsEpoch++; state.flags = m.flags; draw(); } }),
    socket.on('alert', (m) => { if (m.recording === id) toast(`alert: ${m.flag.rule} (${m.flag.speaker || 'all'}) ${m.flag.message || ''}`); }),
    socket.on('rules', () => reloadSoon()),
    socket.on('gap', (m) => { if (m.recording === id) reloadSoon(); }),
  ];
  api('GET', '/api/recordings/' + encodeURIComponent(id)).then((r) => {
    title.textContent = (r.fileName || id) + speakerCountNote(r.summary?.speakerCount);
    state.duration = r.durationSeconds || 0;
    setStatus(r.status);
    if (r.progress?.fraction >= 0) progress.value = r.progress.fraction;
    if (r.progress?.stage) stage.textContent = r.progress.stage + (r.progress.message ? ': ' + r.progress.message : '');
    if (r.error) stage.textContent = `[${r.error.code}] ${r.error.message}`;
  }).catch((e) => { title.textContent = e.message; });
  socket.subscribe(id).then((ack) => { setStatus(ack.status); return reload(); }).catch((e) => toast(e.message));
  return () => {
    offs.forEach((off) => off()); socket.unsubscribe(id).catch(() => {});
    for (const k of Object.keys(SPEAKER_NAMES)) delete SPEAKER_NAMES[k];
  };
}

/** " · 3 speakers", or with the diarizer's plausible range when it is not sure of its count. */
function speakerCountNote(c) {
  if (!c) return '';
  const n = `${c.found} speaker${c.found === 1 ? '' : 's'}`;
  return c.fewest === c.most ? ` · ${n}` : ` · ${n} (${c.fewest}–${c.most} plausible: the count is uncertain)`;
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
      h('span', { class: 'who' + (s.speakerConfidence != null && s.speakerConfidence < UNSURE_VOICE ? ' unsure-voice' : ''),
        title: voiceNote(s).trim() || null }, speakerName(s.speaker)),
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

function renderSummaries(container, speakers, nameSpeaker) {
  container.replaceChildren(...speakers.map((s) => {
    const dist = Object.entries(s.distribution || {}).sort((a, b) => b[1] - a[1]);
    return h('div', { class: 'summary' },
      h('strong', {}, speakerName(s.speaker)),
      nameSpeaker && s.speaker != null ? h('button', { class: 'name-speaker', 'data-speaker': s.speaker,
        title: 'name this speaker (this recording), optionally enrol the voice', onclick: () => nameSpeaker(s.speaker) },
      SPEAKER_NAMES[s.speaker] ? 'Rename…' : 'This is…') : null,
      h('div', {}, `talk time ${secs(s.talkSeconds)} in ${s.turns ?? s.segments} turns`),
      h('div', {}, 'dominant: ', s.dominantEmotion || s.dominant || h('span', { class: 'muted' }, 'no estimate')),
      h('div', { class: 'dist' }, ...dist.map(([e, v]) => h('span', { style: `width:${pct(v)};background:${EMOTION_COLOURS[e]}`, title: `${e} ${pct(v)}` }))),
      h('div', { class: 'muted' }, dist.map(([e, v]) => `${e} ${pct(v)}`).join(', ')),
      h('div', {}, `volatility ${(s.volatilityPerMinute ?? s.volatility ?? 0).toFixed(2)}` + (s.volatilityPerMinute != null ? ' changes/min' : '')),
      s.speakerConfidence != null ? h('div', { class: s.speakerConfidence < UNSURE_VOICE ? 'muted unsure-voice' : 'muted',
        title: 'how sure the diarizer is that these turns are this voice (calibrated, mean over the talk time)' },
      `voice ${pct(s.speakerConfidence)} sure`) : null);
  }));
}

// ---- rules editor: form builder (rules-builder.js) and JSON view kept in sync, templates, preview, save ----
function rulesView() {
  const doc = h('textarea', { id: 'rules-doc', spellcheck: 'false', 'aria-describedby': 'rule-problems-title' });
  const problems = h('ul', { class: 'problems', id: 'rule-problems', 'aria-live': 'polite' });
  const validity = h('span', { id: 'rules-validity', class: 'muted', role: 'status' }, 'checking...');
  const unsaved = h('span', { id: 'rules-unsaved', class: 'muted', hidden: '' }, '· unsaved changes');
  let savedText = null; // the current version's document, as JSON.stringify writes it
  const markUnsaved = () => {
    let same = false;
    try { same = savedText != null && JSON.stringify(JSON.parse(doc.value)) === savedText; } catch (e) { /* broken: unsaved */ }
    unsaved.hidden = same || savedText == null;
  };
  const info = h('div', { class: 'muted', id: 'rules-version' });
  const formBox = h('div', { id: 'rules-form', class: 'rules-form' });
  const pick = h('select', { id: 'rules-recording' }, h('option', { value: '' }, '(choose a recording)'));
  const effect = h('div', { id: 'rules-effect', class: 'muted', 'aria-live': 'polite' }, 'choose an analysed recording to preview what the draft produces');
  const save = h('button', { id: 'rules-save', onclick: () => saveRules() }, 'Save as new version');
  const templates = h('select', { id: 'rules-template' }, h('option', { value: '' }, '(choose a template)'),
    ...RB_TEMPLATES.map((t) => h('option', { value: t.key }, t.label)));
  const insert = h('button', { id: 'rules-template-insert', class: 'secondary', onclick: () => {
    if (!templates.value) { toast('choose a template first'); return; }
    if (builder.locked) { toast('fix the JSON first: the form is locked while it does not parse'); return; }
    const id = builder.insertTemplate(templates.value);
    toast(`rule ${id} inserted`);
    document.getElementById(rbFieldId(`/rules/${builder.doc.rules.length - 1}`))?.scrollIntoView({ block: 'nearest' });
  } }, 'Insert template');
  let segments = [];
  const builder = new RulesBuilder(formBox, { onChange: (d) => { doc.value = JSON.stringify(d, null, 2); check(); } });

  view.replaceChildren(
    h('section', {}, h('h2', {}, 'Business rules'), info,
      h('div', { class: 'rules-bar' },
        h('label', { for: 'rules-template' }, 'Template for a common case '), templates, ' ', insert, ' ', save, ' ', validity, ' ', unsaved)),
    h('div', { class: 'rules-editor' },
      h('section', { 'aria-labelledby': 'rules-form-title' }, h('h2', { id: 'rules-form-title' }, 'Form'), formBox),
      h('section', { 'aria-labelledby': 'rules-json-title' }, h('h2', { id: 'rules-json-title' }, h('label', { for: 'rules-doc' }, 'JSON')), doc,
        h('h2', { id: 'rule-problems-title' }, 'Problems'), problems)),
    h('section', { 'aria-labelledby': 'rules-preview-title' }, h('h2', { id: 'rules-preview-title' }, 'Preview on a recording'),
      h('label', { for: 'rules-recording' }, 'Analysed recording '), pick, ' ',
      h('button', { id: 'rules-preview', class: 'secondary', onclick: () => preview() }, 'Preview'), effect));

  api('GET', '/api/rules').then((r) => {
    doc.value = JSON.stringify(r.rules, null, 2);
    savedText = JSON.stringify(r.rules);
    builder.setDocument(r.rules);
    info.textContent = `current version ${r.version}`;
    check();
  }).catch((e) => { info.textContent = e.message; info.className = 'error'; });
  api('GET', '/api/recordings').then((list) => {
    for (const r of (list.recordings || list).filter((x) => x.status === 'done')) pick.append(h('option', { value: r.id }, r.fileName || r.id));
  });

  let valid = false;
  const showProblems = (list) => {
    problems.replaceChildren(...list.map((p) => h('li', { class: p.severity || 'error' },
      p.code ? h('code', {}, p.code) : null, p.code ? ' ' : null,
      p.pointer ? h('a', { href: '#/rules', class: 'pointer', onclick: (ev) => { ev.preventDefault(); focusPointer(p.pointer); } }, h('code', {}, p.pointer)) : null,
      ' ', withoutPointer(p))));
    const bad = list.some((p) => (p.severity || 'error') === 'error');
    doc.classList.toggle('invalid', bad);
    doc.setAttribute('aria-invalid', String(bad));
    builder.markProblems(list.filter((p) => p.pointer));
    save.disabled = bad;
    valid = !bad;
    validity.textContent = bad ? `${list.filter((p) => (p.severity || 'error') === 'error').length} error(s)` : 'valid';
    validity.className = bad ? 'error' : 'ok';
    return !bad;
  };
  // the engine's message repeats "<severity> at <pointer>: "; the pointer is already shown as a link
  const withoutPointer = (p) => {
    const prefix = `${p.severity || 'error'} at ${p.pointer}: `;
    return p.pointer && p.message?.startsWith(prefix) ? p.message.slice(prefix.length) : p.message;
  };
  const focusPointer = (pointer) => {
    const parts = pointer.split('/');
    while (parts.length > 1) {
      const el = document.getElementById(rbFieldId(parts.join('/')));
      if (el) { el.scrollIntoView({ block: 'center' }); el.focus(); return; }
      parts.pop();
    }
  };
  // Every check is for the text at that moment; an answer for older text is dropped.
  let checkSeq = 0;
  const check = () => {
    validity.textContent = 'checking...'; validity.className = 'muted';
    markUnsaved();
    save.disabled = true; // never save text that has not been validated as it stands
    runCheck();
  };
  const runCheck = debounce(async () => {
    const seq = ++checkSeq, text = doc.value;
    try {
      const v = await api('POST', '/api/rules/validate', text);
      if (seq !== checkSeq) return;
      if (!showProblems(v.problems || [])) return;
    } catch (e) {
      if (seq !== checkSeq) return;
      const err = e.body?.error;
      // the server's typed errors: rules.bad_json / rules.not_object (400) or every schema problem (422)
      showProblems(err?.problems || [{ code: err?.code, message: err?.message || e.message }]);
      return;
    }
    if (pick.value) preview();
  }, 350);
  // JSON view -> form: the text is never rewritten while the user types in it
  doc.addEventListener('input', () => {
    let parsed;
    try { parsed = JSON.parse(doc.value); } catch (e) {
      builder.lock('The JSON does not parse (see Problems); the form shows the last valid document and is read-only until the JSON is fixed.');
      check();
      return;
    }
    builder.setDocument(parsed);
    check();
  });
  pick.addEventListener('change', () => { loadSegments(); if (valid) preview(); });

  async function loadSegments() {
    segments = [];
    if (!pick.value) return;
    try { segments = (await api('GET', `/api/recordings/${encodeURIComponent(pick.value)}/timeline`)).segments || []; } catch (e) { /* preview still works */ }
  }

  let previewSeq = 0;
  async function preview() {
    if (!pick.value) { effect.textContent = 'choose an analysed recording first'; return; }
    const seq = ++previewSeq;
    effect.textContent = 'evaluating the draft...';
    try {
      const t = await api('POST', '/api/rules/test?recording=' + encodeURIComponent(pick.value), doc.value);
      if (seq === previewSeq) renderPreview(t);
    } catch (e) {
      if (seq !== previewSeq) return;
      const err = e.body?.error;
      effect.replaceChildren(h('span', { class: 'error' }, err ? `[${err.code}] ${err.message}` : e.message));
    }
  }

  function renderPreview(t) {
    const outcomes = t.outcomes || [];
    const segs = new Set(outcomes.filter((o) => o.segment != null).map((o) => o.segment));
    const text = (i) => { const s = segments.find((x, j) => (x.index ?? j) === i); return s?.text ? ` “${s.text.length > 60 ? s.text.slice(0, 57) + '...' : s.text}”` : ''; };
    const result = (o) => o.flag ? h('span', { class: 'flag-badge info' }, o.flag)
      : o.severity ? h('span', { class: 'flag-badge ' + o.severity }, o.severity) : o.change || '';
    effect.className = '';
    effect.replaceChildren(
      h('p', { id: 'rules-preview-summary' }, `${outcomes.length} outcome(s) on ${segs.size} segment(s); ${(t.flags || []).length} flag(s) and alert(s) would be stored; ${(t.adjustments || []).length} segment(s) changed`),
      outcomes.length ? h('table', { id: 'rules-preview-table' },
        h('thead', {}, h('tr', {}, ...['when', 'speaker', 'rule', 'action', 'result', 'segment', 'why'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...outcomes.map((o) => h('tr', { class: 'outcome', 'data-rule': o.rule, 'data-action': o.action, 'data-segment': o.segment ?? '' },
          h('td', {}, `${o.start.toFixed(1)}–${o.end.toFixed(1)} s`), h('td', {}, speakerName(o.speaker)), h('td', {}, o.rule),
          h('td', {}, o.action), h('td', {}, result(o)),
          h('td', {}, o.segment == null ? h('span', { class: 'muted' }, 'stretch') : `#${o.segment}${text(o.segment)}`),
          h('td', {}, o.message || o.explanation?.reason || ''))))) : h('p', { class: 'muted' }, 'nothing fires on this recording'),
      ...(t.notes || []).map((n) => h('p', { class: 'muted note' }, 'note: ' + n)));
  }

  async function saveRules() {
    try {
      const r = await api('PUT', '/api/rules', doc.value);
      info.textContent = `saved: current version ${r.version}`;
      savedText = JSON.stringify(r.rules);
      markUnsaved();
      toast(`rules version ${r.version} saved; stored analyses are being re-evaluated`);
    } catch (e) { showProblems(e.body?.error?.problems || [{ code: e.body?.error?.code, message: e.message }]); }
  }
  const off = socket.on('rules', (m) => { info.textContent = `current version ${m.version}`; });
  return off;
}

// ---- enrolled voices (personal data: listable and deletable) ----
function voicesView() {
  const name = h('input', { type: 'text', id: 'voice-name', placeholder: 'name', maxlength: '64' });
  const files = h('input', { type: 'file', id: 'voice-files', multiple: '' });
  const note = h('span', { class: 'muted', id: 'voice-note' });
  const body = h('tbody', { id: 'voices' });
  const threshold = h('span', { class: 'muted' });
  const refresh = async () => {
    try {
      const r = await api('GET', '/api/speakers');
      const first = r.threshold[0], last = r.threshold[r.threshold.length - 1];
      const th = r.threshold.length > 1
        ? `${first.cosine} (${first.seconds.toFixed(0)} s of speech) to ${last.cosine} (${last.seconds.toFixed(0)} s or more)`
        : `${first.cosine}`;
      threshold.textContent = `a recording's speaker gets a name when its voice reaches cosine similarity ${th} `
        + 'with an enrolled voice; everyone else stays S1, S2, ...';
      body.replaceChildren(...r.speakers.map((v) => h('tr', {},
        h('td', {}, v.name), h('td', {}, secs(v.speechSeconds)), h('td', {}, new Date(v.updated).toLocaleString()),
        h('td', {}, h('button', { class: 'delete-voice', 'data-voice': v.id, onclick: async () => {
          if (!confirm(`Delete the voiceprint of ${v.name}? Later analyses will no longer recognise this voice.`)) return;
          try { await api('DELETE', '/api/speakers/' + encodeURIComponent(v.id)); toast(`${v.name} deleted`); refresh(); } catch (e) { toast(e.message); }
        } }, 'Delete')))));
      if (!r.speakers.length) body.replaceChildren(h('tr', {}, h('td', { class: 'muted', colspan: '4' }, 'no enrolled voices')));
    } catch (e) { body.replaceChildren(h('tr', {}, h('td', { class: 'error' }, e.message))); }
  };
  const enrol = async () => {
    if (!name.value.trim() || !files.files.length) { note.textContent = 'a name and at least one recording of that person alone'; return; }
    const form = new FormData();
    form.append('name', name.value.trim());
    for (const f of files.files) form.append('file', f, f.name);
    note.textContent = 'enrolling...';
    try {
      const res = await fetch('/api/speakers', { method: 'POST', body: form, headers: token ? { Authorization: 'Bearer ' + token } : {} });
      const json = await res.json();
      if (!res.ok) throw new Error(json?.error?.message || res.statusText);
      note.textContent = `enrolled ${json.name}: ${secs(json.speechSeconds)} of speech in total`
        + (json.speechSeconds < 30 ? ' (30 s or more identifies more reliably)' : '');
      name.value = ''; files.value = '';
      refresh();
    } catch (e) { note.textContent = 'enrolment failed: ' + e.message; }
  };
  view.replaceChildren(
    h('section', {}, h('h2', {}, 'Enrol a voice'), name, ' ', files, ' ',
      h('button', { id: 'enrol', onclick: enrol }, 'Enrol'), ' ', note,
      h('p', { class: 'muted' }, 'Recordings of one person alone; 30 s of speech or more. Enrolling a name again adds the audio. '
        + 'Or name a speaker on a recording\'s page ("This is…").')),
    h('section', {}, h('h2', {}, 'Enrolled voices'), threshold,
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'name'), h('th', {}, 'speech'), h('th', {}, 'updated'), h('th', {}, ''))), body),
      h('p', { class: 'muted' }, 'Voiceprints are personal data: they stay in the service\'s speakers database, never in a '
        + 'recording\'s outputs, and Delete removes them for good.')));
  refresh();
  return () => {};
}

// ---- routing ----
function route() {
  leaveView();
  const m = location.hash.match(/^#\/r\/([A-Za-z0-9_-]+)$/);
  if (m) leaveView = recordingView(m[1]);
  else if (location.hash === '#/rules') leaveView = rulesView();
  else if (location.hash === '#/voices') leaveView = voicesView();
  else if (location.hash === '#/live' && typeof liveView === 'function') leaveView = liveView();
  else leaveView = recordingsView();
}
window.addEventListener('hashchange', route);
// live.js loads after this file: route once everything is defined
window.addEventListener('DOMContentLoaded', route);
