// Pure statistics and number formatting for the benchmark's figures.

export interface Summary {
  samples: number[];
  median: number;
  min: number;
  max: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarize(samples: readonly number[]): Summary {
  return { samples: [...samples], median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

/** Per-round ratios baseline/sessionfs of paired (interleaved) samples: < 1 means the session filesystem is slower. */
export function pairedRatios(sessionfs: readonly number[], baseline: readonly number[]): number[] {
  if (sessionfs.length !== baseline.length) throw new Error(`unpaired samples: ${sessionfs.length} vs ${baseline.length}`);
  return sessionfs.map((s, i) => baseline[i]! / s);
}

/** Two significant digits, without exponent notation: 0.12, 1.4, 8.3, 12, 150. */
function sig2(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  const decimals = abs >= 10 ? 0 : Math.max(0, 1 - Math.floor(Math.log10(abs)));
  return x.toFixed(decimals);
}

/** A ratio as "0.12 (1/8.3)" when below 1, else "1.4". */
export function formatRatio(r: number): string {
  if (!Number.isFinite(r) || r <= 0) return String(r);
  return r < 1 ? `${sig2(r)} (1/${sig2(1 / r)})` : sig2(r);
}

/** A duration in ms as "850 ms", "12.3 ms" or "6.62 s". */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

/** "6.62 s (6.10–7.01 s)": median with the min–max range in the median's unit. */
export function formatDurationSummary(s: Summary): string {
  const unitS = s.median >= 1000;
  const f = (ms: number) => (unitS ? (ms / 1000).toFixed(2) : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
  return s.samples.length > 1 ? `${formatMs(s.median)} (${f(s.min)}–${f(s.max)})` : formatMs(s.median);
}

/** "0.12 (1/8.3) [0.10–0.15]": median ratio with the min–max of the per-round ratios. */
export function formatRatioSummary(s: Summary): string {
  return s.samples.length > 1 ? `${formatRatio(s.median)} [${sig2(s.min)}–${sig2(s.max)}]` : formatRatio(s.median);
}
