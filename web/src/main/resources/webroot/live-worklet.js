// AudioWorklet of the Live page: takes the microphone at the context's rate (44.1/48 kHz...), resamples it to
// 16 kHz mono in the page (windowed-sinc low-pass + interpolation, streaming) and posts 100 ms blocks of
// pcm_s16le (Int16Array, 1600 samples) to the page, which sends them as binary WebSocket frames.
class PcmCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / 16000;            // input samples per output sample
    this.cutoff = Math.min(1, 16000 / sampleRate) * 0.95;
    this.half = Math.ceil(8 / this.cutoff);    // kernel half-width in input samples
    this.hist = new Float32Array(0);           // input kept for the kernel
    this.histStart = 0;                        // input index of hist[0]
    this.next = 0;                             // next output index
    this.out = new Int16Array(1600);
    this.filled = 0;
  }

  kernel(x) {
    const xc = x * this.cutoff;
    const sinc = Math.abs(xc) < 1e-9 ? 1 : Math.sin(Math.PI * xc) / (Math.PI * xc);
    const w = 0.5 + 0.5 * Math.cos(Math.PI * x / this.half); // Hann
    return Math.abs(x) >= this.half ? 0 : this.cutoff * sinc * w;
  }

  process(inputs) {
    const ch = inputs[0];
    if (!ch || ch.length === 0) return true;
    const n = ch[0].length;
    const mono = new Float32Array(n);
    for (let c = 0; c < ch.length; c++) for (let i = 0; i < n; i++) mono[i] += ch[c][i] / ch.length;
    const buf = new Float32Array(this.hist.length + n);
    buf.set(this.hist); buf.set(mono, this.hist.length);
    const available = this.histStart + buf.length;
    for (;;) {
      const t = this.next * this.step;
      const c = Math.floor(t);
      if (c + this.half >= available) break;
      let acc = 0;
      for (let i = c - this.half + 1; i <= c + this.half; i++) {
        const k = i - this.histStart;
        if (k >= 0 && k < buf.length) acc += buf[k] * this.kernel(t - i);
      }
      this.out[this.filled++] = Math.max(-32768, Math.min(32767, Math.round(acc * 32767)));
      this.next++;
      if (this.filled === this.out.length) {
        this.port.postMessage(this.out.buffer, [this.out.buffer]);
        this.out = new Int16Array(1600);
        this.filled = 0;
      }
    }
    const keep = Math.max(this.histStart, Math.floor(this.next * this.step) - this.half);
    this.hist = buf.slice(keep - this.histStart);
    this.histStart = keep;
    return true;
  }
}
registerProcessor('pcm-capture', PcmCapture);
