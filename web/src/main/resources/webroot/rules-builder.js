// The rules page's form builder: edits a rule document (docs/rules.md, schema version 1) as a form kept in
// sync with the JSON view. It offers exactly the engine's condition and action types with their fields and
// defaults; fields it does not know are left untouched, so form edits never drop JSON-only content.
// Every input has a label and an id derived from its JSON Pointer ("rb" + pointer with '/' as '-'), so the
// server's validation problems can be shown on the field they point at. Plain DOM, no build step.

const RB_EMOTIONS = ['angry', 'disgusted', 'fearful', 'happy', 'neutral', 'other', 'sad', 'surprised', 'unknown'];

/** Condition types of the engine (io.emotrace.rules.RuleDocumentParser): fields, defaults, what a new one holds. */
const RB_CONDITIONS = {
  emotion: { label: 'Acoustic emotion', on: 'segment', fresh: { emotions: ['angry'] }, fields: [
    { k: 'emotions', kind: 'emotions', label: 'Emotions (none ticked = any)' },
    { k: 'minConfidence', kind: 'number', label: 'Min confidence', dflt: 0, min: 0, max: 1, step: 0.05 },
    { k: 'maxConfidence', kind: 'number', label: 'Max confidence', dflt: 1, min: 0, max: 1, step: 0.05 }] },
  keywords: { label: 'Keywords (per language)', on: 'segment', fresh: { words: { en: ['refund'] } }, fields: [
    { kind: 'keywords' },
    { k: 'minMatches', kind: 'int', label: 'Min matches', dflt: 1, min: 1, max: 1000 }] },
  politeness: { label: 'Politeness phrase, weak emotion', on: 'segment', fresh: {}, fields: [
    { k: 'phrases', kind: 'list', label: 'Phrases (empty = language pack)' },
    { k: 'maxConfidence', kind: 'number', label: 'Max confidence', dflt: 0.6, min: 0, max: 1, step: 0.05 }] },
  contradiction: { label: 'Words contradict voice', on: 'segment', fresh: { text: 'positive', voice: ['angry'] }, fields: [
    { k: 'text', kind: 'choice', label: 'Text polarity', options: ['positive', 'negative'] },
    { k: 'voice', kind: 'emotions', label: 'Voice emotions' },
    { k: 'minConfidence', kind: 'number', label: 'Min voice confidence', dflt: 0.7, min: 0, max: 1, step: 0.05 },
    { k: 'minPolarity', kind: 'number', label: 'Min text polarity', dflt: 0.5, min: 0, max: 1, step: 0.05 }] },
  negation: { label: 'Negated emotion word', on: 'segment', fresh: {}, fields: [
    { k: 'cues', kind: 'list', label: 'Cue words (empty = language pack)' },
    { k: 'window', kind: 'int', label: 'Window (words)', dflt: 3, min: 1, max: 50 },
    { k: 'minValence', kind: 'number', label: 'Min |valence|', dflt: 1.5, min: 0, max: 4, step: 0.1 }] },
  hedging: { label: 'Hedging', on: 'segment', fresh: {}, fields: [
    { k: 'cues', kind: 'list', label: 'Hedges (empty = language pack)' },
    { k: 'window', kind: 'int', label: 'Window (words, 0 = anywhere)', dflt: 0, min: 0, max: 50 },
    { k: 'minValence', kind: 'number', label: 'Min |valence|', dflt: 1.5, min: 0, max: 4, step: 0.1 }] },
  allOf: { label: 'All of', on: 'segment', fresh: { conditions: [{ type: 'emotion', emotions: ['angry'] }] },
    fields: [{ k: 'conditions', kind: 'conditions' }] },
  anyOf: { label: 'Any of', on: 'segment', fresh: { conditions: [{ type: 'emotion', emotions: ['angry'] }] },
    fields: [{ k: 'conditions', kind: 'conditions' }] },
  not: { label: 'Not', on: 'segment', fresh: { condition: { type: 'emotion', emotions: ['happy'] } },
    fields: [{ k: 'condition', kind: 'condition' }] },
  escalation: { label: 'Escalation (share of talk time)', on: 'history',
    fresh: { emotions: ['angry'], windowSeconds: 60, minShare: 0.5 }, fields: [
      { k: 'emotions', kind: 'emotions', label: 'Emotions' },
      { k: 'windowSeconds', kind: 'number', label: 'Window (s)', min: 0, step: 1 },
      { k: 'minShare', kind: 'number', label: 'Min share', min: 0, max: 1, step: 0.05 },
      { k: 'minSegments', kind: 'int', label: 'Min segments', dflt: 2, min: 1 },
      { k: 'minConfidence', kind: 'number', label: 'Min confidence', dflt: 0, min: 0, max: 1, step: 0.05 }] },
  volatility: { label: 'Volatility', on: 'history', fresh: { windowSeconds: 60, min: 3 }, fields: [
    { k: 'measure', kind: 'choice', label: 'Measure', options: ['changes', 'drift'], dflt: 'changes' },
    { k: 'windowSeconds', kind: 'number', label: 'Window (s)', min: 0, step: 1 },
    { k: 'min', kind: 'number', label: 'Min (changes, or drift 0-2)', min: 0, step: 0.1 },
    { k: 'minConfidence', kind: 'number', label: 'Min confidence', dflt: 0, min: 0, max: 1, step: 0.05 }] },
  monologue: { label: 'Long monologue', on: 'history', fresh: { minSeconds: 120 }, fields: [
    { k: 'minSeconds', kind: 'number', label: 'Min length (s)', min: 0, step: 1 },
    { k: 'maxGapSeconds', kind: 'number', label: 'Max pause (s)', dflt: 1, min: 0, step: 0.5 }] },
  silence: { label: 'Silence', on: 'history', fresh: { minSeconds: 10 }, fields: [
    { k: 'minSeconds', kind: 'number', label: 'Min silence (s)', min: 0, step: 1 },
    { k: 'per', kind: 'choice', label: 'Per', options: ['conversation', 'speaker'], dflt: 'conversation' }] },
  silenceAfterQuestion: { label: 'Silence after a question', on: 'history', fresh: { minSeconds: 5 }, fields: [
    { k: 'minSeconds', kind: 'number', label: 'Min silence (s)', min: 0, step: 0.5 }] },
};

/** Action types; segmentOnly ones cannot follow a history condition (the engine refuses them there). */
const RB_ACTIONS = {
  flag: { label: 'Flag', fresh: { flag: 'my-flag' }, fields: [{ k: 'flag', kind: 'text', label: 'Flag name (a-z 0-9 - _ .)' }] },
  alert: { label: 'Alert', fresh: { severity: 'warning' }, fields: [
    { k: 'severity', kind: 'choice', label: 'Severity', options: ['info', 'warning', 'critical'] },
    { k: 'message', kind: 'text', label: 'Message ({reason} {speaker} {rule})', placeholder: '{reason}' }] },
  scaleConfidence: { label: 'Scale confidence', segmentOnly: true, fresh: { factor: 0.7 }, fields: [
    { k: 'factor', kind: 'number', label: 'Factor (0-1]', min: 0, max: 1, step: 0.05 }] },
  relabel: { label: 'Relabel', segmentOnly: true, fresh: { emotion: 'neutral' }, fields: [
    { k: 'emotion', kind: 'choice', label: 'New emotion', options: RB_EMOTIONS }] },
  bias: { label: 'Bias toward', segmentOnly: true, fresh: { toward: 'neutral', amount: 0.3 }, fields: [
    { k: 'toward', kind: 'choice', label: 'Toward', options: RB_EMOTIONS },
    { k: 'amount', kind: 'number', label: 'Amount (0-1]', min: 0, max: 1, step: 0.05 }] },
};

/** Ready rules for common business cases; a template may bring keyword sets along. */
const RB_TEMPLATES = [
  { key: 'escalating-anger', label: 'Escalating customer anger',
    rule: { id: 'escalating-anger', description: 'A speaker gets angrier: half of the last minute of their talk angry',
      when: { type: 'escalation', emotions: ['angry', 'disgusted'], windowSeconds: 60, minShare: 0.5, minSegments: 2, minConfidence: 0.4 },
      then: [{ type: 'flag', flag: 'anger-escalation' },
        { type: 'alert', severity: 'critical', message: '{speaker} is escalating: {reason}' }] } },
  { key: 'polite-but-angry', label: 'Polite words in an angry voice',
    keywordSets: { 'polite-words': { words: { en: ['please', 'thank you', 'thanks', 'appreciate'],
      de: ['bitte', 'danke'], fr: ["s'il vous plaît", 'merci'], zh: ['请', '谢谢'] } } },
    rule: { id: 'polite-but-angry', description: 'Courteous words said in an angry voice (masked anger)',
      when: { type: 'allOf', conditions: [{ type: 'keywords', set: 'polite-words' },
        { type: 'emotion', emotions: ['angry'], minConfidence: 0.6 }] },
      then: [{ type: 'flag', flag: 'polite-but-angry' }, { type: 'alert', severity: 'warning', message: '{speaker}: {reason}' }] } },
  { key: 'long-monologue', label: 'Long monologue',
    rule: { id: 'long-monologue', description: 'One speaker talks for two minutes without the other getting a word in',
      when: { type: 'monologue', minSeconds: 120, maxGapSeconds: 2 },
      then: [{ type: 'flag', flag: 'long-monologue' }, { type: 'alert', severity: 'info', message: '{speaker} {reason}' }] } },
  { key: 'silence-after-question', label: 'Silence after a question',
    rule: { id: 'silence-after-question', description: 'A question met with five seconds of silence',
      when: { type: 'silenceAfterQuestion', minSeconds: 5 },
      then: [{ type: 'flag', flag: 'unanswered-question' }, { type: 'alert', severity: 'warning', message: '{reason}' }] } },
];

const rbClone = (x) => JSON.parse(JSON.stringify(x));
const rbIsObject = (x) => x != null && typeof x === 'object' && !Array.isArray(x);
const rbId = (ptr) => 'rb' + ptr.replace(/[^A-Za-z0-9_-]/g, (c) => (c === '/' ? '-' : '_'));
const rbIsHistory = (cond) => rbIsObject(cond) && RB_CONDITIONS[cond.type]?.on === 'history';

/** Inserts a template's rule (a fresh id when taken) and its keyword sets into `doc`; returns the rule's id. */
function rbInsertTemplate(doc, key) {
  const t = RB_TEMPLATES.find((x) => x.key === key);
  if (!t) throw new Error('no template ' + key);
  if (!Array.isArray(doc.rules)) doc.rules = [];
  const rule = rbClone(t.rule);
  const ids = new Set(doc.rules.map((r) => r?.id));
  for (let n = 2; ids.has(rule.id); n++) rule.id = t.rule.id + '-' + n;
  if (t.keywordSets) {
    doc.keywordSets = rbIsObject(doc.keywordSets) ? doc.keywordSets : {};
    for (const [name, set] of Object.entries(t.keywordSets)) if (!(name in doc.keywordSets)) doc.keywordSets[name] = rbClone(set);
  }
  doc.rules.push(rule);
  return rule.id;
}

class RulesBuilder {
  /** `onChange(doc)` after every edit made in the form. */
  constructor(container, { onChange }) {
    this.container = container;
    this.onChange = onChange;
    this.doc = null;
    this.locked = false;
  }

  /** Shows `doc` (an object parsed from the JSON view); the form edits this object in place. */
  setDocument(doc) { this.doc = doc; this.locked = false; this.render(); }

  /** The JSON view does not parse: keep the last good form, read-only, and say why. */
  lock(reason) {
    this.locked = true;
    const fs = this.container.querySelector('fieldset.rb-root');
    if (fs) fs.disabled = true;
    const note = this.container.querySelector('#rb-locked');
    if (note) { note.textContent = reason; note.hidden = false; }
  }

  changed() { this.onChange(this.doc); }

  /** Rebuilds the form (after structural edits); keeps the focused field focused when it still exists. */
  render() {
    const focused = document.activeElement && this.container.contains(document.activeElement) ? document.activeElement.id : null;
    const d = this.doc;
    const locked = h('p', { id: 'rb-locked', class: 'error', role: 'status', hidden: '' });
    if (!rbIsObject(d)) {
      this.container.replaceChildren(locked);
      this.lock('The JSON view is not a rule document (a JSON object); fix it there.');
      return;
    }
    const rules = Array.isArray(d.rules) ? d.rules : [];
    const root = h('fieldset', { class: 'rb-root' }, h('legend', {}, 'Rule builder'),
      h('div', { class: 'rb-grid' },
        this.text(d, ['name'], 'Rule set name'),
        this.text(d, ['version'], 'Rule set version'),
        this.text(d, ['defaultLanguage'], 'Default language', 'en'),
        this.text(d, ['description'], 'Description')),
      this.keywordSets(d),
      h('h3', {}, `Rules (${rules.length})`),
      ...rules.map((r, i) => this.rule(r, i)),
      h('button', { type: 'button', class: 'secondary', id: 'rb-add-rule', onclick: () => this.addRule() }, 'Add rule'));
    this.container.replaceChildren(locked, root);
    if (focused) document.getElementById(focused)?.focus();
  }

  addRule() {
    if (!Array.isArray(this.doc.rules)) this.doc.rules = [];
    const ids = new Set(this.doc.rules.map((r) => r?.id));
    let n = this.doc.rules.length + 1;
    while (ids.has('rule-' + n)) n++;
    this.doc.rules.push({ id: 'rule-' + n, when: { type: 'emotion', emotions: ['angry'] }, then: [{ type: 'flag', flag: 'rule-' + n }] });
    this.render(); this.changed();
    document.getElementById(rbId(`/rules/${this.doc.rules.length - 1}/id`))?.focus();
  }

  /** Document order decides between rules of equal priority. */
  move(i, by) {
    const rules = this.doc.rules, j = i + by;
    if (j < 0 || j >= rules.length) return;
    [rules[i], rules[j]] = [rules[j], rules[i]];
    this.render(); this.changed();
    document.getElementById(rbId(`/rules/${j}`) + (by < 0 ? '-up' : '-down'))?.focus();
  }

  insertTemplate(key) {
    const id = rbInsertTemplate(this.doc, key);
    this.render(); this.changed();
    return id;
  }

  // ---- pieces ----
  rule(r, i) {
    const p = `/rules/${i}`;
    if (!rbIsObject(r)) return h('p', { class: 'muted' }, `rule ${i + 1} is not an object: edit it in the JSON view`);
    const history = rbIsHistory(r.when);
    const scopeObj = () => (rbIsObject(r.scope) ? r.scope : (r.scope = {}));
    const box = h('fieldset', { class: 'rb-rule', id: rbId(p) },
      h('legend', {}, `Rule ${i + 1}: ${r.id || '(no id)'}`),
      h('div', { class: 'rb-grid' },
        this.text(r, ['id'], 'Rule id', null, p, () => { box.querySelector('legend').textContent = `Rule ${i + 1}: ${r.id || '(no id)'}`; }),
        this.text(r, ['description'], 'Description', null, p),
        this.number(r, ['priority'], { label: 'Priority', dflt: 0, step: 1, int: true }, p),
        this.checkbox(r, 'enabled', 'Enabled', p),
        this.list(r, ['scope', 'speakers'], 'Speakers (empty = all)', p, scopeObj),
        this.list(r, ['scope', 'languages'], 'Languages (empty = all)', p, scopeObj)),
      h('div', { class: 'rb-when' }, h('h4', {}, 'When'), this.condition(r, 'when', p + '/when', false)),
      h('div', { class: 'rb-then' }, h('h4', {}, 'Then'), this.actions(r, p + '/then', history)),
      h('button', { type: 'button', class: 'secondary rb-remove', id: rbId(p) + '-up', disabled: i === 0 ? '' : null,
        'aria-label': `Move rule ${r.id || i + 1} up (document order breaks priority ties)`,
        onclick: () => this.move(i, -1) }, 'Move up'), ' ',
      h('button', { type: 'button', class: 'secondary rb-remove', id: rbId(p) + '-down',
        disabled: i === this.doc.rules.length - 1 ? '' : null,
        'aria-label': `Move rule ${r.id || i + 1} down`, onclick: () => this.move(i, 1) }, 'Move down'), ' ',
      h('button', { type: 'button', class: 'secondary rb-remove', id: rbId(p) + '-remove',
        'aria-label': `Remove rule ${r.id || i + 1}`,
        onclick: () => { this.doc.rules.splice(i, 1); this.render(); this.changed(); } }, 'Remove rule'));
    return box;
  }

  condition(parent, key, p, nested) {
    const c = parent[key];
    const wrap = h('div', { class: 'rb-condition' });
    if (!rbIsObject(c)) {
      wrap.append(h('p', { class: 'muted', id: rbId(p) }, 'This condition is not an object; edit it in the JSON view, or ',
        h('button', { type: 'button', class: 'secondary', id: rbId(p) + '-new',
          onclick: () => { parent[key] = { type: 'emotion', ...rbClone(RB_CONDITIONS.emotion.fresh) }; this.render(); this.changed(); } },
        'start a new condition')));
      return wrap;
    }
    const sel = h('select', { id: rbId(p + '/type') });
    const groups = [['segment', 'Each segment'], ['history', 'Speaker history (flag / alert only)']];
    for (const [on, label] of groups) {
      if (nested && on === 'history') continue;
      sel.append(h('optgroup', { label }, ...Object.entries(RB_CONDITIONS).filter(([, d]) => d.on === on)
        .map(([t, d]) => h('option', { value: t }, d.label))));
    }
    if (!RB_CONDITIONS[c.type] || (nested && rbIsHistory(c))) sel.append(h('option', { value: String(c.type) }, `(not offered here: ${c.type})`));
    sel.value = String(c.type);
    sel.addEventListener('change', () => {
      const t = sel.value;
      parent[key] = { type: t, ...rbClone(RB_CONDITIONS[t].fresh) };
      this.render(); this.changed();
    });
    wrap.append(this.labelled(sel, 'Condition type'));
    const def = RB_CONDITIONS[c.type];
    if (!def) {
      wrap.append(h('p', { class: 'muted' }, 'This condition type is not one the engine knows; edit it in the JSON view.'));
      return wrap;
    }
    const fields = h('div', { class: 'rb-grid' });
    for (const f of def.fields) {
      if (f.kind === 'conditions') {
        const parts = Array.isArray(c.conditions) ? c.conditions : [];
        wrap.append(h('div', { class: 'rb-nested' }, ...parts.map((_, j) => h('div', { class: 'rb-part' },
          this.condition(c.conditions, j, `${p}/conditions/${j}`, true),
          h('button', { type: 'button', class: 'secondary', id: rbId(`${p}/conditions/${j}`) + '-remove',
            onclick: () => { c.conditions.splice(j, 1); this.render(); this.changed(); } }, 'Remove part'))),
        h('button', { type: 'button', class: 'secondary', id: rbId(p + '/conditions') + '-add',
          onclick: () => {
            if (!Array.isArray(c.conditions)) c.conditions = [];
            c.conditions.push({ type: 'emotion', emotions: ['angry'] }); this.render(); this.changed();
          } }, 'Add part')));
      } else if (f.kind === 'condition') {
        wrap.append(h('div', { class: 'rb-nested' }, this.condition(c, 'condition', p + '/condition', true)));
      } else if (f.kind === 'keywords') {
        wrap.append(this.keywordsField(c, p));
      } else {
        fields.append(this.field(c, f, p));
      }
    }
    wrap.append(fields);
    this.otherFields(wrap, c, ['type', ...def.fields.map((f) => f.k).filter(Boolean), ...(c.type === 'keywords' ? ['set', 'words', 'regexes'] : [])]);
    return wrap;
  }

  actions(rule, p, history) {
    const list = h('div', { class: 'rb-actions' });
    (Array.isArray(rule.then) ? rule.then : []).forEach((a, j) => {
      const ap = `${p}/${j}`;
      if (!rbIsObject(a)) { list.append(h('p', { class: 'muted' }, `action ${j + 1} is not an object: edit it in the JSON view`)); return; }
      const sel = h('select', { id: rbId(ap + '/type') }, ...Object.entries(RB_ACTIONS)
        .filter(([t, d]) => !history || !d.segmentOnly || t === a.type)
        .map(([t, d]) => h('option', { value: t }, d.label + (history && d.segmentOnly ? ' (not for history rules)' : ''))));
      if (!RB_ACTIONS[a.type]) sel.append(h('option', { value: String(a.type) }, `(unknown: ${a.type})`));
      sel.value = String(a.type);
      sel.addEventListener('change', () => { rule.then[j] = { type: sel.value, ...rbClone(RB_ACTIONS[sel.value].fresh) }; this.render(); this.changed(); });
      const def = RB_ACTIONS[a.type];
      const row = h('div', { class: 'rb-action rb-grid' }, this.labelled(sel, `Action ${j + 1}`),
        ...(def ? def.fields.map((f) => this.field(a, f, ap)) : []),
        h('button', { type: 'button', class: 'secondary', id: rbId(ap) + '-remove', 'aria-label': `Remove action ${j + 1}`,
          onclick: () => { rule.then.splice(j, 1); this.render(); this.changed(); } }, 'Remove'));
      list.append(row);
    });
    list.append(h('button', { type: 'button', class: 'secondary', id: rbId(p) + '-add',
      onclick: () => { if (!Array.isArray(rule.then)) rule.then = []; rule.then.push({ type: 'flag', flag: String(rule.id || 'flag').toLowerCase().replace(/[^a-z0-9_.-]/g, '-') }); this.render(); this.changed(); } }, 'Add action'));
    return list;
  }

  /** keywords: a named set of the document, or inline word / regex lists per language. */
  keywordsField(c, p) {
    const named = 'set' in c;
    const mode = h('select', { id: rbId(p) + '-mode' },
      h('option', { value: 'inline' }, 'Lists in this rule'), h('option', { value: 'set' }, 'A keyword set of the document'));
    mode.value = named ? 'set' : 'inline';
    mode.addEventListener('change', () => {
      delete c.set; delete c.words; delete c.regexes;
      if (mode.value === 'set') c.set = Object.keys(rbIsObject(this.doc.keywordSets) ? this.doc.keywordSets : {})[0] || '';
      else c.words = { en: [] };
      this.render(); this.changed();
    });
    const out = h('div', { class: 'rb-keywords' }, this.labelled(mode, 'Keywords from'));
    if (named) {
      const sets = Object.keys(rbIsObject(this.doc.keywordSets) ? this.doc.keywordSets : {});
      const sel = h('select', { id: rbId(p + '/set') }, ...sets.map((s) => h('option', { value: s }, s)));
      if (!sets.includes(c.set)) sel.append(h('option', { value: String(c.set) }, `(missing: ${c.set})`));
      sel.value = String(c.set);
      sel.addEventListener('change', () => { c.set = sel.value; this.changed(); });
      out.append(this.labelled(sel, 'Keyword set'));
    } else {
      out.append(this.byLanguage(c, 'words', p + '/words', 'Words'), this.byLanguage(c, 'regexes', p + '/regexes', 'Regexes (RE2)'));
    }
    return out;
  }

  /** {"en": [...], "de": [...]}: one row per language, the list comma-separated. */
  byLanguage(owner, key, p, title) {
    const map = rbIsObject(owner[key]) ? owner[key] : null;
    const rows = h('div', { class: 'rb-bylang' }, h('div', { class: 'rb-bylang-title' }, title));
    for (const lang of Object.keys(map || {})) {
      const lp = `${p}/${lang}`;
      const code = h('input', { id: rbId(lp) + '-lang', value: lang, size: 4, class: 'rb-lang' });
      code.addEventListener('change', () => {
        const next = code.value.trim();
        if (!next || next === lang || next in map) { code.value = lang; return; }
        owner[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k === lang ? next : k, v]));
        this.render(); this.changed();
      });
      const words = h('input', { id: rbId(lp), value: (Array.isArray(map[lang]) ? map[lang] : []).join(', '), class: 'rb-words' });
      words.addEventListener('input', () => { map[lang] = rbSplit(words.value); this.changed(); });
      rows.append(h('div', { class: 'rb-row' }, this.labelled(code, `${title}: language`), this.labelled(words, `${title} (${lang}), comma-separated`),
        h('button', { type: 'button', class: 'secondary', id: rbId(lp) + '-remove', 'aria-label': `Remove ${lang} ${title}`,
          onclick: () => { delete map[lang]; if (!Object.keys(map).length) delete owner[key]; this.render(); this.changed(); } }, 'Remove')));
    }
    const add = h('button', { type: 'button', class: 'secondary', id: rbId(p) + '-add', onclick: () => {
      const m = rbIsObject(owner[key]) ? owner[key] : (owner[key] = {});
      const lang = ['en', 'de', 'fr', 'zh', 'es', 'it'].find((l) => !(l in m)) || 'xx';
      m[lang] = [];
      this.render(); this.changed();
    } }, `Add language (${title.toLowerCase()})`);
    rows.append(add);
    return rows;
  }

  keywordSets(d) {
    const sets = rbIsObject(d.keywordSets) ? d.keywordSets : {};
    const box = h('fieldset', { class: 'rb-sets' }, h('legend', {}, `Keyword sets (${Object.keys(sets).length})`));
    for (const name of Object.keys(sets)) {
      const p = `/keywordSets/${name}`;
      const set = sets[name];
      const nameIn = h('input', { id: rbId(p) + '-name', value: name });
      nameIn.addEventListener('change', () => {
        const next = nameIn.value.trim();
        if (!next || next === name || next in sets) { nameIn.value = name; return; }
        d.keywordSets = Object.fromEntries(Object.entries(sets).map(([k, v]) => [k === name ? next : k, v]));
        for (const r of Array.isArray(d.rules) ? d.rules : []) rbRenameSet(r?.when, name, next);
        this.render(); this.changed();
      });
      const part = h('div', { class: 'rb-set' }, this.labelled(nameIn, 'Set name'));
      if (rbIsObject(set)) part.append(this.byLanguage(set, 'words', p + '/words', 'Words'), this.byLanguage(set, 'regexes', p + '/regexes', 'Regexes (RE2)'));
      part.append(h('button', { type: 'button', class: 'secondary', id: rbId(p) + '-remove', 'aria-label': `Remove keyword set ${name}`,
        onclick: () => { delete sets[name]; if (!Object.keys(sets).length) delete d.keywordSets; this.render(); this.changed(); } }, 'Remove set'));
      box.append(part);
    }
    box.append(h('button', { type: 'button', class: 'secondary', id: 'rb-add-set', onclick: () => {
      d.keywordSets = rbIsObject(d.keywordSets) ? d.keywordSets : {};
      let n = 1;
      while (('set-' + n) in d.keywordSets) n++;
      d.keywordSets['set-' + n] = { words: { en: [] } };
      this.render(); this.changed();
    } }, 'Add keyword set'));
    return box;
  }

  // ---- fields ----
  field(obj, f, p) {
    switch (f.kind) {
      case 'number': return this.number(obj, [f.k], f, p);
      case 'int': return this.number(obj, [f.k], { ...f, int: true }, p);
      case 'emotions': return this.emotions(obj, f.k, f.label, p);
      case 'list': return this.list(obj, [f.k], f.label, p);
      case 'choice': return this.choice(obj, f, p);
      default: return this.text(obj, [f.k], f.label, f.placeholder, p);
    }
  }

  labelled(input, label) {
    return h('label', { class: 'rb-field', for: input.id }, h('span', {}, label), input);
  }

  text(obj, path, label, placeholder, p = '', after) {
    const ptr = p + '/' + path.join('/');
    const input = h('input', { id: rbId(ptr), value: obj[path[0]] == null ? '' : String(obj[path[0]]), placeholder });
    input.addEventListener('input', () => {
      if (input.value === '' && path[0] !== 'name' && path[0] !== 'version' && path[0] !== 'id') delete obj[path[0]];
      else obj[path[0]] = input.value;
      if (after) after();
      this.changed();
    });
    return this.labelled(input, label);
  }

  number(obj, path, f, p) {
    const ptr = p + '/' + path.join('/');
    const v = obj[path[0]];
    const input = h('input', { id: rbId(ptr), type: 'number', value: v == null ? '' : String(v), step: f.step ?? (f.int ? 1 : 'any'),
      min: f.min, max: f.max, placeholder: f.dflt == null ? 'required' : String(f.dflt) });
    input.addEventListener('input', () => {
      if (input.value === '') delete obj[path[0]];
      else obj[path[0]] = Number(input.value);
      this.changed();
    });
    return this.labelled(input, f.label + (f.dflt == null ? '' : ` (default ${f.dflt})`));
  }

  checkbox(obj, key, label, p) {
    const input = h('input', { id: rbId(`${p}/${key}`), type: 'checkbox' });
    input.checked = obj[key] !== false;
    input.addEventListener('change', () => { if (input.checked) delete obj[key]; else obj[key] = false; this.changed(); });
    return h('label', { class: 'rb-field rb-check', for: input.id }, input, h('span', {}, label));
  }

  choice(obj, f, p) {
    const sel = h('select', { id: rbId(`${p}/${f.k}`) });
    if (f.dflt != null) sel.append(h('option', { value: '' }, `(default: ${f.dflt})`));
    else if (obj[f.k] == null) sel.append(h('option', { value: '' }, '(choose)'));
    sel.append(...f.options.map((o) => h('option', { value: o }, o)));
    const v = obj[f.k];
    if (v != null && !f.options.includes(v)) sel.append(h('option', { value: String(v) }, `(invalid: ${v})`));
    sel.value = v == null ? '' : String(v);
    sel.addEventListener('change', () => { if (sel.value === '') delete obj[f.k]; else obj[f.k] = sel.value; this.changed(); });
    return this.labelled(sel, f.label);
  }

  /** Comma-separated list; `ensure` creates the owning object (e.g. scope) on first input. */
  list(obj, path, label, p, ensure) {
    const ptr = p + '/' + path.join('/');
    const owner = path.length === 2 ? (rbIsObject(obj[path[0]]) ? obj[path[0]] : null) : obj;
    const key = path[path.length - 1];
    const cur = owner && Array.isArray(owner[key]) ? owner[key] : [];
    const input = h('input', { id: rbId(ptr), value: cur.join(', ') });
    input.addEventListener('input', () => {
      const o = path.length === 2 ? (rbIsObject(obj[path[0]]) ? obj[path[0]] : ensure()) : obj;
      const items = rbSplit(input.value);
      if (items.length) o[key] = items; else delete o[key];
      if (path.length === 2 && !Object.keys(o).length) delete obj[path[0]];
      this.changed();
    });
    return this.labelled(input, label);
  }

  emotions(obj, key, label, p) {
    const cur = new Set(Array.isArray(obj[key]) ? obj[key] : []);
    const group = h('fieldset', { class: 'rb-emotions', id: rbId(`${p}/${key}`) }, h('legend', {}, label));
    for (const e of RB_EMOTIONS) {
      const box = h('input', { type: 'checkbox', id: rbId(`${p}/${key}/${e}`), value: e });
      box.checked = cur.has(e);
      box.addEventListener('change', () => {
        const list = Array.isArray(obj[key]) ? obj[key].filter((x) => x !== e) : [];
        if (box.checked) list.push(e);
        const ordered = [...list.filter((x) => RB_EMOTIONS.includes(x)).sort((a, b) => RB_EMOTIONS.indexOf(a) - RB_EMOTIONS.indexOf(b)),
          ...list.filter((x) => !RB_EMOTIONS.includes(x))];
        if (ordered.length) obj[key] = ordered; else delete obj[key];
        this.changed();
      });
      group.append(h('label', { class: 'rb-check', for: box.id }, box, h('span', {}, e)));
    }
    for (const x of cur) if (!RB_EMOTIONS.includes(x)) group.append(h('span', { class: 'error' }, ` unknown: ${x}`));
    return group;
  }

  otherFields(wrap, obj, known) {
    const extra = Object.keys(obj).filter((k) => !known.includes(k));
    if (extra.length) wrap.append(h('p', { class: 'muted' }, `Also in the JSON (edit there): ${extra.join(', ')}`));
  }

  /** Marks the fields the server's problems point at (nearest field up the pointer); clears old marks. */
  markProblems(problems) {
    for (const el of this.container.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    for (const pr of problems) {
      const parts = (pr.pointer || '').split('/');
      while (parts.length > 1) {
        const el = document.getElementById(rbId(parts.join('/'))) || document.getElementById(rbId(parts.join('/')) + '-name');
        if (el && this.container.contains(el)) { el.setAttribute('aria-invalid', 'true'); break; }
        parts.pop();
      }
    }
  }
}

function rbSplit(s) { return s.split(/[,，、]/).map((x) => x.trim()).filter((x) => x); }

function rbRenameSet(cond, from, to) {
  if (!rbIsObject(cond)) return;
  if (cond.type === 'keywords' && cond.set === from) cond.set = to;
  for (const c of Array.isArray(cond.conditions) ? cond.conditions : []) rbRenameSet(c, from, to);
  rbRenameSet(cond.condition, from, to);
}

/** The element id of the form field for a JSON Pointer (used by the problem list's links). */
function rbFieldId(pointer) { return rbId(pointer); }

if (typeof module !== 'undefined') module.exports = { RB_CONDITIONS, RB_ACTIONS, RB_TEMPLATES, rbInsertTemplate };
