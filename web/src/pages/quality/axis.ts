/**
 * Every how many points an x-axis label is written so that none overlaps the next: labels take
 * about 6 units a character at the axis' 10-unit font, with an 8-unit gap between them.
 */
export function axisLabelStep(labels: readonly string[], spacing: number): number {
  const widest = Math.max(0, ...labels.map((l) => l.length)) * 6 + 8;
  return Math.max(1, Math.ceil(widest / Math.max(1, spacing)));
}

/** Whether point i of n carries its label: every `step`-th counted back from the last, so the latest is always named. */
export function axisLabelShown(i: number, n: number, step: number): boolean {
  return (n - 1 - i) % step === 0;
}
