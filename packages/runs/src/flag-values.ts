import { CliError } from './errors.js';
import { describeRange, inRange, type NumberRange } from './number-range.js';

/**
 * A flag's kind: how its text is read. 'choice' takes one of `choices`; 'true-false' the words true or
 * false (a setting whose default may be either); 'boolean' is a switch without a value.
 */
export type FlagKind =
  | 'integer'
  | 'number'
  | 'string'
  | 'choice'
  | 'boolean'
  | 'true-false'
  | 'integer-list'
  | 'number-list';

export interface FlagSpec {
  kind: FlagKind;
  description: string;
  /** 'choice': the values accepted. */
  choices?: readonly string[];
  /** Numbers and the items of number lists: the values accepted. */
  range?: NumberRange;
  /**
   * The value used when the flag is left out: `parseFlags` fills it in, and --help shows it (train shows
   * recipe defaults instead: its setting flags have none, so a left-out setting stays unset).
   */
  default?: FlagValue;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export type FlagValue = number | string | boolean | number[];

/** A value as an error shows it: strings quoted, objects as JSON (even one whose toString is broken). */
function shownValue(raw: unknown): string {
  if (typeof raw === 'string') return JSON.stringify(raw);
  if (typeof raw === 'object' && raw !== null) {
    try {
      return JSON.stringify(raw) ?? 'an object';
    } catch {
      return 'an object';
    }
  }
  return String(raw);
}

/**
 * Converts a flag's (or a config field's) value to its kind and checks it; `label` names it in the error
 * ("--lr", "run.json: learningRate"). Config files give numbers and booleans as JSON values.
 */
export function convertFlag(label: string, raw: unknown, spec: FlagSpec): FlagValue {
  const shown = shownValue(raw);
  const bad = (expected: string) => new CliError(`${label} ${shown}: expected ${expected}`);
  const rangeText = spec.range ? ` ${describeRange(spec.range)}` : '';
  const number = (integer: boolean): number => {
    const value =
      typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    const valid = integer ? Number.isSafeInteger(value) : Number.isFinite(value);
    if (!valid || (spec.range && !inRange(value, spec.range))) {
      throw bad(`${integer ? 'an integer' : 'a number'}${rangeText}`);
    }
    return value;
  };
  const list = (integer: boolean): number[] => {
    // Only numbers and strings are list items; anything else (an object from a config file) is not a number.
    const item = (value: unknown) =>
      typeof value === 'number' || typeof value === 'string' ? String(value) : '';
    const items = Array.isArray(raw) ? raw.map(item) : item(raw).split(',');
    const numbers = items.map((item) => (item.trim() === '' ? NaN : Number(item)));
    const valid = numbers.every((value) => (integer ? Number.isSafeInteger(value) : Number.isFinite(value)));
    if (
      items.length === 0 ||
      !valid ||
      (spec.range && !numbers.every((value) => inRange(value, spec.range!)))
    ) {
      throw bad(
        `comma-separated ${integer ? 'integers' : 'numbers'}${rangeText}, e.g. ${integer ? '0,1,2' : '1,2.5,4'}`,
      );
    }
    return numbers;
  };
  switch (spec.kind) {
    case 'boolean':
      if (typeof raw !== 'boolean') throw bad('true or false');
      return raw;
    case 'true-false':
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      throw bad('true or false');
    case 'string':
      if (typeof raw !== 'string' || raw === '') throw bad('a non-empty string');
      return raw;
    case 'choice':
      if (typeof raw !== 'string' || !spec.choices?.includes(raw)) {
        throw bad(`one of ${spec.choices?.join(', ')}`);
      }
      return raw;
    case 'integer':
      return number(true);
    case 'number':
      return number(false);
    case 'integer-list':
      return list(true);
    case 'number-list':
      return list(false);
  }
}
