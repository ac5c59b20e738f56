/** The colours every Learn plot shares (light figures, readable in both page themes). */
export const PALETTE = {
  background: '#ffffff',
  ink: '#1f2933',
  muted: '#7b8794',
  grid: '#e6e9ee',
  field: '#9aa5b1',
  /** Class 0, Euler, x₀. */
  blue: '#2563eb',
  /** Class 1, Heun, ε. */
  orange: '#ea580c',
  green: '#059669',
  purple: '#7c3aed',
  red: '#dc2626',
} as const;

/** The colour of class k in the two-class plots (the null class / unconditional in purple). */
export function classColour(label: number): string {
  return label === 0 ? PALETTE.blue : label === 1 ? PALETTE.orange : PALETTE.purple;
}

export const FONT = '12px system-ui, -apple-system, "Segoe UI", sans-serif';
export const SMALL_FONT = '11px system-ui, -apple-system, "Segoe UI", sans-serif';
