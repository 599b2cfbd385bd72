// Per-speaker emotion timeline as SVG: one lane per speaker, colour per emotion, confidence as opacity,
// rule flags as red outlines over the flagged span.
const EMOTION_COLOURS = {
  angry: '#d62728', disgusted: '#8c564b', fearful: '#9467bd', happy: '#f2b705', neutral: '#8a8f98',
  other: '#17becf', sad: '#1f77b4', surprised: '#ff7f0e', unknown: '#c7c7c7',
};
const NO_EMOTION = '#dfe3ea';
const SVG_NS = 'http://www.w3.org/2000/svg';

function svgEl(name, attrs, parent) {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (parent) parent.appendChild(el);
  return el;
}

// Names of the open recording's speakers (id -> name: an enrolled voice matched, or a rename); ids stay S1, S2, ...
const SPEAKER_NAMES = {};
function speakerName(s) { return s == null ? '(no speaker)' : SPEAKER_NAMES[s] ? `${SPEAKER_NAMES[s]} (${s})` : s; }
/** Below this calibrated probability the diarizer is unsure which voice speaks (server: SpeakerTurn.UNSURE). */
const UNSURE_VOICE = 0.5;
/** " · voice 72% sure" for a segment whose speaker confidence the diarizer gave, else "". */
function voiceNote(s) { return s.speakerConfidence == null ? '' : ` · voice ${(100 * s.speakerConfidence).toFixed(0)}% sure`; }

function fmtTime(t) {
  const m = Math.floor(t / 60), s = Math.floor(t % 60);
  return m + ':' + String(s).padStart(2, '0');
}

/** Draws segments and flags into `container` (replacing its content). */
function renderTimeline(container, segments, flags, duration) {
  const lanes = [...new Set(segments.map((s) => speakerName(s.speaker)))].sort();
  const end = Math.max(duration || 0, ...segments.map((s) => s.end), 1);
  const left = 110, width = 1000, plot = width - left - 10, laneH = 28, top = 6;
  const height = top + lanes.length * laneH + 24;
  const x = (t) => left + (t / end) * plot;
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'emotion timeline' });
  lanes.forEach((name, i) => {
    const y = top + i * laneH;
    svgEl('rect', { x: left, y, width: plot, height: laneH - 6, fill: '#f3f4f7' }, svg);
    svgEl('text', { x: 4, y: y + 16, class: 'lane-label' }, svg).textContent = name;
  });
  for (const s of segments) {
    const y = top + lanes.indexOf(speakerName(s.speaker)) * laneH;
    const colour = s.emotion ? EMOTION_COLOURS[s.emotion] || NO_EMOTION : NO_EMOTION;
    const opacity = s.emotion ? Math.max(0.15, Math.min(1, s.confidence ?? 1)) : 1;
    // a voice the diarizer is unsure of (calibrated probability under 0.5) gets a dashed outline
    const unsure = s.speakerConfidence != null && s.speakerConfidence < UNSURE_VOICE;
    const r = svgEl('rect', { x: x(s.start), y, width: Math.max(1, x(s.end) - x(s.start)), height: laneH - 6,
      fill: colour, 'fill-opacity': opacity, class: 'seg' + (unsure ? ' unsure-voice' : ''),
      'data-emotion': s.emotion || '' }, svg);
    svgEl('title', {}, r).textContent = `${speakerName(s.speaker)} ${fmtTime(s.start)}-${fmtTime(s.end)} `
      + (s.emotion ? `${s.emotion} ${(100 * s.confidence).toFixed(0)}%` : 'no emotion estimate')
      + voiceNote(s);
  }
  for (const f of flags) {
    const rows = f.speaker == null ? lanes.map((_, i) => i) : [lanes.indexOf(speakerName(f.speaker))];
    for (const i of rows.filter((r) => r >= 0)) {
      const r = svgEl('rect', { x: x(f.start), y: top + i * laneH - 1, width: Math.max(2, x(f.end) - x(f.start)),
        height: laneH - 4, class: 'flag', 'data-rule': f.rule }, svg);
      svgEl('title', {}, r).textContent = `${f.rule} (${f.severity}): ${f.message || ''}`;
    }
  }
  const axisY = top + lanes.length * laneH + 12;
  const step = [1, 5, 10, 30, 60, 300, 600, 1800].find((s) => end / s <= 10) || 3600;
  for (let t = 0; t <= end; t += step) {
    svgEl('text', { x: x(t), y: axisY, class: 'axis', 'text-anchor': 'middle' }, svg).textContent = fmtTime(t);
  }
  container.replaceChildren(svg, legend());
}

function legend() {
  const div = document.createElement('div');
  div.className = 'legend';
  for (const [name, colour] of Object.entries(EMOTION_COLOURS)) {
    const span = document.createElement('span');
    span.innerHTML = `<i style="background:${colour}"></i>${name}`;
    div.appendChild(span);
  }
  const none = document.createElement('span');
  none.innerHTML = `<i style="background:${NO_EMOTION}"></i>no estimate; opacity = confidence; dashed = speaker uncertain`;
  div.appendChild(none);
  return div;
}
