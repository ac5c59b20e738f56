/** The values a numeric flag or setting accepts: bounds inclusive unless marked exclusive. */
export interface NumberRange {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

export function inRange(value: number, range: NumberRange): boolean {
  if (range.min !== undefined && (range.minExclusive ? value <= range.min : value < range.min)) return false;
  if (range.max !== undefined && (range.maxExclusive ? value >= range.max : value > range.max)) return false;
  return true;
}

/** "≥ 1", "> 0", "in [0, 1)". */
export function describeRange(range: NumberRange): string {
  const { min, max } = range;
  if (min !== undefined && max !== undefined) {
    return `in ${range.minExclusive ? '(' : '['}${min}, ${max}${range.maxExclusive ? ')' : ']'}`;
  }
  if (min !== undefined) return `${range.minExclusive ? '>' : '≥'} ${min}`;
  if (max !== undefined) return `${range.maxExclusive ? '<' : '≤'} ${max}`;
  return 'any';
}

/** Ranges the commands share. */
export const POSITIVE_INTEGER: NumberRange = { min: 1 };
export const NON_NEGATIVE: NumberRange = { min: 0 };
export const POSITIVE: NumberRange = { min: 0, minExclusive: true };
export const UNIT_INTERVAL: NumberRange = { min: 0, max: 1 };
export const DECAY: NumberRange = { min: 0, max: 1, maxExclusive: true };
