/** A neutral portal mark (red disc, gold star) — not the State emblem, which has its own usage rules. */
export function Emblem({ size = 56 }: { size?: number }) {
  return (
    <svg className="emblem" width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <circle cx="32" cy="32" r="30" fill="#c8102e" stroke="#ffd54a" strokeWidth="3" />
      <circle cx="32" cy="32" r="24" fill="none" stroke="#ffd54a" strokeWidth="1.2" strokeDasharray="2 3" />
      <polygon fill="#ffd54a" points="32,12 37.1,26.9 52.9,27.1 40.3,36.6 44.9,51.7 32,42.6 19.1,51.7 23.7,36.6 11.1,27.1 26.9,26.9" />
    </svg>
  );
}
