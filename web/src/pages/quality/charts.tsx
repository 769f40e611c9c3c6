import { axisLabelStep, axisLabelShown } from './axis';

/** Small dependency-free SVG charts (line and horizontal bars), accessible with a title and a table fallback. */
export function LineChart({ points, title, max = 100 }: { points: { label: string; value: number | null }[]; title: string; max?: number }) {
  const w = 560;
  const h = 180;
  const pad = 30;
  const xs = (i: number) => pad + (i * (w - 2 * pad)) / Math.max(1, points.length - 1);
  const ys = (v: number) => h - pad - (v / max) * (h - 2 * pad);
  const valid = points.map((p, i) => ({ ...p, i })).filter((p) => p.value !== null) as { label: string; value: number; i: number }[];
  const d = valid.map((p, k) => `${k === 0 ? 'M' : 'L'}${xs(p.i).toFixed(1)},${ys(p.value).toFixed(1)}`).join(' ');
  const step = axisLabelStep(
    points.map((p) => p.label),
    (w - 2 * pad) / Math.max(1, points.length - 1),
  );
  return (
    <svg className="q-chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={title}>
      <title>{title}</title>
      {[0, 50, 70, 80, 100].map((g) => (
        <g key={g}>
          <line x1={pad} x2={w - pad} y1={ys(g)} y2={ys(g)} className="q-grid" />
          <text x={4} y={ys(g) + 4} className="q-axis">
            {g}
          </text>
        </g>
      ))}
      <path d={d} className="q-line" />
      {valid.map((p) => (
        <circle key={p.i} cx={xs(p.i)} cy={ys(p.value)} r={3.5} className="q-dot">
          <title>{`${p.label}: ${p.value}`}</title>
        </circle>
      ))}
      {points.map((p, i) =>
        axisLabelShown(i, points.length, step) ? (
          <text key={i} x={xs(i)} y={h - 8} textAnchor="middle" className="q-axis">
            {p.label}
          </text>
        ) : null,
      )}
    </svg>
  );
}

export function Bar({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return (
    <span className="q-bar" role="meter" aria-valuemin={0} aria-valuemax={max} aria-valuenow={value} aria-label={label}>
      <span className="q-bar-fill" style={{ width: `${pct}%` }} />
    </span>
  );
}
