// The Live page: captures the microphone (getUserMedia + AudioWorklet, resampled to 16 kHz in the page), streams
// it to the service as a live recording (web/docs/websocket.md, "Live streams") and shows what comes back while
// it goes on: scrolling per-speaker lanes coloured by emotion, the sliding-window emotion, the live transcript
// with emotion colours and partial words, and rule flags. Stop ends the stream; the recording page then shows the
// offline analysis that replaces the live results.
function liveView() {
  const WINDOW = 60; // seconds shown in the lanes
  const state = { segments: new Map(), points: [], flags: [], partial: [], recording: null, now: 0, speakers: [] };
  let ws = null; let ctx = null; let stream = null; let node = null; let sent = 0;
  const status = h('span', { id: 'live-status', class: 'muted' }, 'not started');
  const startBtn = h('button', { id: 'live-start', onclick: () => start() }, 'Start');
  const stopBtn = h('button', { id: 'live-stop', class: 'secondary', disabled: '', onclick: () => stop() }, 'Stop');
  const lanes = h('div', { id: 'live-lanes', class: 'timeline' });
  const transcript = h('div', { id: 'live-transcript', class: 'transcript' });
  const partial = h('div', { id: 'live-partial', class: 'muted partial' });
  const link = h('span', { id: 'live-link' });
  view.replaceChildren(
    h('section', {}, h('h2', {}, 'Live analysis'), startBtn, ' ', stopBtn, ' ', status, ' ', link,
      h('p', { class: 'muted' }, 'The microphone is streamed to the service (16 kHz) and analysed as you speak: '
        + 'speakers, emotion and words appear within about a second; rule flags as they fire.')),
    h('section', {}, h('h2', {}, 'Speakers'), lanes, legend()),
    h('section', {}, h('h2', {}, 'Transcript'), transcript, partial));

  function legend() {
    return h('div', { class: 'legend' }, ...Object.entries(EMOTION_COLOURS).map(([k, c]) =>
      h('span', {}, h('i', { style: 'background:' + c }), k)));
  }

  async function start() {
    startBtn.disabled = true;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: false,
        noiseSuppression: false, autoGainControl: false } });
      ctx = new AudioContext();
      await ctx.audioWorklet.addModule('/ui/live-worklet.js');
    } catch (e) {
      status.textContent = 'microphone not available: ' + e.message;
      startBtn.disabled = false;
      return;
    }
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws'
      + (token ? '?access_token=' + encodeURIComponent(token) : '');
    ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (e) => onMessage(JSON.parse(e.data));
    ws.onclose = () => { if (state.recording && !state.ended) status.textContent = 'connection lost'; };
    ws.onopen = () => ws.send(JSON.stringify({ type: 'live.start', id: 1, sampleRate: 16000, encoding: 'pcm_s16le',
      channels: 1, name: 'microphone-' + new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-') }));
  }

  function capture() {
    const src = ctx.createMediaStreamSource(stream);
    node = new AudioWorkletNode(ctx, 'pcm-capture');
    node.port.onmessage = (e) => {
      if (ws && ws.readyState === WebSocket.OPEN && !state.stopping) { ws.send(e.data); sent += 1600; }
    };
    src.connect(node);
    stopBtn.disabled = false;
  }

  function stop() {
    state.stopping = true;
    stopBtn.disabled = true;
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'live.stop' }));
    release();
    status.textContent = 'stopping…';
  }

  function release() {
    if (node) node.disconnect();
    if (stream) stream.getTracks().forEach((t) => t.stop());
    if (ctx) ctx.close().catch(() => {});
    node = null; stream = null; ctx = null;
  }

  function onMessage(m) {
    switch (m.type) {
      case 'live.started':
        state.recording = m.recording;
        status.textContent = 'live';
        status.className = 'live-on';
        capture();
        break;
      case 'error':
        status.textContent = 'error ' + m.code + ': ' + m.message;
        if (!state.recording) startBtn.disabled = false;
        break;
      case 'live.speaker': state.speakers = m.speakers; break;
      case 'segment': {
        const old = state.segments.get(m.segment.index) || {};
        state.segments.set(m.segment.index, { ...old, ...m.segment,
          emotion: m.segment.emotion ?? old.emotion, text: m.segment.text ?? old.text });
        state.now = Math.max(state.now, m.segment.end);
        break;
      }
      case 'relabel':
        // the confidence described the first label; the re-clustering's comes without one
        for (const c of m.changes) { const s = state.segments.get(c.index); if (s) { s.speaker = c.to; delete s.speakerConfidence; } }
        state.speakers = m.speakers;
        break;
      case 'emotion':
        state.points.push(m); state.now = Math.max(state.now, m.end);
        if (state.points.length > 600) state.points.shift();
        break;
      case 'words':
        state.partial = m.final ? [] : m.words;
        for (const w of m.words) state.now = Math.max(state.now, w.end);
        break;
      case 'flag': case 'alert':
        if (m.type === 'flag') state.flags.push(m.flag);
        break;
      case 'live.progress': state.now = Math.max(state.now, m.processed); break;
      case 'live.ended':
        state.ended = true;
        status.textContent = 'ended (' + m.reason + ', ' + m.seconds.toFixed(1) + ' s); offline analysis running…';
        link.replaceChildren(h('a', { id: 'live-recording', href: '#/r/' + state.recording }, 'open the recording'));
        release();
        break;
      case 'live.replaced':
        status.textContent = 'done: the offline analysis replaced the live results';
        break;
      default: break;
    }
    draw();
  }

  const draw = debounce(() => {
    const segs = [...state.segments.values()].sort((a, b) => a.start - b.start);
    const from = Math.max(0, state.now - WINDOW);
    drawLanes(segs.filter((s) => s.end >= from), from);
    transcript.replaceChildren(...segs.slice(-200).map((s) => {
      const fl = state.flags.filter((f) => (f.speaker == null || f.speaker === s.speaker)
        && f.start < s.end && f.end > s.start);
      return h('div', { class: 'line' + (fl.length ? ' flagged' : ''), 'data-speaker': s.speaker ?? '',
        style: 'border-left-color:' + (EMOTION_COLOURS[s.emotion] || NO_EMOTION) },
      h('span', { class: 'when' }, fmtTime(s.start)),
      h('span', { class: 'who' + (s.speakerConfidence != null && s.speakerConfidence < UNSURE_VOICE ? ' unsure-voice' : ''),
        title: voiceNote(s).trim() || null }, speakerName(s.speaker)),
      h('span', { class: 'emo', style: 'color:' + (EMOTION_COLOURS[s.emotion] || NO_EMOTION) }, s.emotion || ''),
      ' ', s.text || '', ...fl.map((f) => h('span', { class: 'flag-badge ' + (f.severity || ''), title: f.message },
        f.rule)));
    }));
    transcript.scrollTop = transcript.scrollHeight;
    partial.textContent = state.partial.map((w) => w.text).join(' ');
  }, 80);

  function drawLanes(segs, from) {
    const speakers = [...new Set([...state.speakers, ...segs.map((s) => s.speaker).filter((s) => s)])].sort();
    const lanesList = [...speakers, 'emotion'];
    const left = 110, width = 1000, plot = width - left - 10, laneH = 28, top = 6;
    const height = top + lanesList.length * laneH + 24;
    const x = (t) => left + ((t - from) / WINDOW) * plot;
    const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, id: 'live-svg' });
    lanesList.forEach((name, i) => {
      svgEl('text', { x: 4, y: top + i * laneH + 18, class: 'lane-label' }, svg).textContent = name === 'emotion'
        ? 'emotion (now)' : name;
      svgEl('line', { x1: left, x2: width - 10, y1: top + (i + 1) * laneH, y2: top + (i + 1) * laneH,
        stroke: '#e3e6ec' }, svg);
    });
    for (const s of segs) {
      const lane = speakers.indexOf(s.speaker);
      if (lane < 0) continue;
      const r = svgEl('rect', { x: Math.max(left, x(s.start)), y: top + lane * laneH + 4,
        width: Math.max(1, x(s.end) - Math.max(left, x(s.start))), height: laneH - 8, class: 'seg',
        fill: EMOTION_COLOURS[s.emotion] || NO_EMOTION, 'fill-opacity': Math.max(0.15, s.confidence ?? 0.5),
        'data-speaker': s.speaker, 'data-emotion': s.emotion ?? '' }, svg);
      if (s.speakerConfidence != null && s.speakerConfidence < UNSURE_VOICE) r.classList.add('unsure-voice');
      svgEl('title', {}, r).textContent = `${s.speaker} ${s.start.toFixed(1)}–${s.end.toFixed(1)} s ${s.emotion ?? ''}`
        + voiceNote(s);
    }
    const row = speakers.length;
    for (const p of state.points) {
      if (p.end < from) continue;
      svgEl('circle', { cx: x(p.time), cy: top + row * laneH + laneH / 2, r: 3 + 4 * p.confidence, class: 'point',
        fill: EMOTION_COLOURS[p.emotion] || NO_EMOTION }, svg);
    }
    for (const f of state.flags) {
      const lane = f.speaker == null ? -1 : speakers.indexOf(f.speaker);
      if (f.end < from) continue;
      svgEl('rect', { x: Math.max(left, x(f.start)), y: lane < 0 ? top : top + lane * laneH + 2,
        width: Math.max(2, x(f.end) - Math.max(left, x(f.start))), height: lane < 0 ? speakers.length * laneH
          : laneH - 4, class: 'flag' }, svg);
    }
    for (let t = Math.ceil(from / 10) * 10; t <= from + WINDOW; t += 10) {
      svgEl('text', { x: x(t), y: height - 6, class: 'axis' }, svg).textContent = fmtTime(t);
    }
    lanes.replaceChildren(svg);
  }

  return () => { if (ws) { if (!state.ended && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'live.stop' })); ws.close(); } release(); };
}
