/** What a bench returns: one figure, which run.ts prints as `name value unit`. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
}

/** The value at this fraction (0 to 1) of the samples once sorted, the nearest rank below. */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}

/** "10k" for 10 000: figure names say how many testimonies they were measured on. */
export function thousands(count: number): string {
  return `${count / 1000}k`;
}
