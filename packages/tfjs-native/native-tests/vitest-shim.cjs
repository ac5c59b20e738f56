'use strict';
// The part of vitest's API that the tfjs-level kernel tests use (describe / it / expect / hooks / vi.spyOn),
// for running those same test files where vitest cannot: in Debian's arm64 Node 18 under qemu-user (vitest 4
// needs Node 20, and its native dependencies would have to be emulated too). scripts/arm64-op-tests.cjs
// bundles the test files with `vitest` resolved to this file; `runRegisteredTests` runs what they declared,
// one test after another, and prints one JSON line. Only what those files use is here: an unknown matcher
// is a TypeError, not a silent pass.
const { isDeepStrictEqual, inspect } = require('node:util');

const root = {
  name: '',
  tests: [],
  children: [],
  hooks: { beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] },
};
let current = root;
const spies = [];

function formatName(template, row) {
  const args = Array.isArray(row) ? [...row] : [row];
  return template.replace(/%[sdifj%]/g, (token) => {
    if (token === '%%') return '%';
    const value = args.shift();
    if (token === '%j') return JSON.stringify(value);
    if (token === '%d' || token === '%i' || token === '%f') return String(Number(value));
    return typeof value === 'string' ? value : inspect(value);
  });
}

function describe(name, body) {
  const suite = {
    name,
    tests: [],
    children: [],
    hooks: { beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] },
    parent: current,
  };
  current.children.push(suite);
  const outer = current;
  current = suite;
  try {
    body();
  } finally {
    current = outer;
  }
}
describe.each = (rows) => (name, body) => {
  for (const row of rows)
    describe(formatName(name, row), () => (Array.isArray(row) ? body(...row) : body(row)));
};

function it(name, body) {
  current.tests.push({ name, body, skip: false });
}
it.each = (rows) => (name, body) => {
  for (const row of rows) it(formatName(name, row), () => (Array.isArray(row) ? body(...row) : body(row)));
};
it.skipIf = (condition) => (name, body) => current.tests.push({ name, body, skip: Boolean(condition) });
const test = it;

const hook = (kind) => (body) => current.hooks[kind].push(body);

class AssertionError extends Error {}

function fail(message, custom) {
  throw new AssertionError(custom ? `${custom}: ${message}` : message);
}

const show = (value) =>
  inspect(value, { depth: 4, maxArrayLength: 8, breakLength: Number.POSITIVE_INFINITY });

/** expect.arrayContaining(items): equal to any array that has every one of `items`. */
class ArrayContaining {
  constructor(items) {
    this.items = items;
  }
  matches(actual) {
    return (
      Array.isArray(actual) && this.items.every((item) => actual.some((value) => equalValues(value, item)))
    );
  }
  [inspect.custom]() {
    return `ArrayContaining ${inspect(this.items)}`;
  }
}

/** Deep equality as vitest's toEqual for the values these tests compare (typed arrays, plain objects). */
function equalValues(a, b) {
  if (b instanceof ArrayContaining) return b.matches(a);
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    if (a.constructor !== b.constructor || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) {
      if (!(a[index] === b[index] || (Number.isNaN(a[index]) && Number.isNaN(b[index])))) return false;
    }
    return true;
  }
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  return isDeepStrictEqual(a, b);
}

function matchesObject(actual, expected) {
  if (expected === null || typeof expected !== 'object') return equalValues(actual, expected);
  if (actual === null || typeof actual !== 'object') return false;
  return Object.keys(expected).every((key) => matchesObject(actual[key], expected[key]));
}

function matchers(actual, negate, message) {
  const check = (pass, description) => {
    if (pass === negate) fail(`expected ${show(actual)} ${negate ? 'not ' : ''}${description}`, message);
  };
  const calls = () => {
    if (!actual?.mock) throw new TypeError('expect(…): not a spy');
    return actual.mock.calls.length;
  };
  return {
    toBe: (expected) => check(Object.is(actual, expected), `to be ${show(expected)}`),
    toEqual: (expected) => check(equalValues(actual, expected), `to equal ${show(expected)}`),
    toMatchObject: (expected) => check(matchesObject(actual, expected), `to match ${show(expected)}`),
    toBeNull: () => check(actual === null, 'to be null'),
    toBeCloseTo: (expected, digits = 2) =>
      check(Math.abs(actual - expected) < 10 ** -digits / 2, `to be close to ${expected} (${digits} digits)`),
    toBeLessThan: (limit) => check(actual < limit, `to be less than ${limit}`),
    toBeLessThanOrEqual: (limit) => check(actual <= limit, `to be ≤ ${limit}`),
    toBeGreaterThan: (limit) => check(actual > limit, `to be greater than ${limit}`),
    toBeGreaterThanOrEqual: (limit) => check(actual >= limit, `to be ≥ ${limit}`),
    toContain: (item) => check(actual.includes(item), `to contain ${show(item)}`),
    toHaveLength: (length) => check(actual.length === length, `to have length ${length}`),
    toHaveBeenCalled: () => check(calls() > 0, 'to have been called'),
    toHaveBeenCalledTimes: (times) =>
      check(calls() === times, `to have been called ${times} times (was ${calls()})`),
    toThrow: (expected) => {
      let thrown;
      try {
        actual();
      } catch (error) {
        thrown = error;
      }
      const text = thrown === undefined ? undefined : String(thrown?.message ?? thrown);
      const pass =
        thrown !== undefined &&
        (expected === undefined ||
          (expected instanceof RegExp ? expected.test(text) : text.includes(String(expected))));
      check(pass, `to throw ${expected ?? ''} (threw ${text ?? 'nothing'})`);
    },
  };
}

function expect(actual, message) {
  const positive = matchers(actual, false, message);
  positive.not = matchers(actual, true, message);
  return new Proxy(positive, {
    get(target, key) {
      if (!(key in target)) throw new TypeError(`vitest shim: expect(…).${String(key)} is not implemented`);
      return target[key];
    },
  });
}

expect.arrayContaining = (items) => new ArrayContaining(items);

const vi = {
  spyOn(object, method) {
    const original = object[method];
    let implementation = original;
    const spy = function (...args) {
      spy.mock.calls.push(args);
      return implementation.apply(this, args);
    };
    spy.mock = { calls: [] };
    spy.mockClear = () => {
      spy.mock.calls = [];
      return spy;
    };
    spy.mockImplementation = (replacement) => {
      implementation = replacement;
      return spy;
    };
    spy.mockRestore = () => {
      object[method] = original;
    };
    object[method] = spy;
    spies.push(spy);
    return spy;
  },
  restoreAllMocks() {
    for (const spy of spies.splice(0)) spy.mockRestore();
  },
};

async function runSuite(suite, path, eachHooks, results) {
  const names = suite.name ? [...path, suite.name] : path;
  const hooks = {
    before: [...eachHooks.before, ...suite.hooks.beforeEach],
    after: [...suite.hooks.afterEach, ...eachHooks.after],
  };
  for (const body of suite.hooks.beforeAll) await body();
  for (const { name, body, skip } of suite.tests) {
    const fullName = [...names, name].join(' > ');
    if (skip) {
      results.skipped.push(fullName);
      continue;
    }
    const started = performance.now();
    try {
      for (const before of hooks.before) await before();
      await body();
      results.passed.push(fullName);
      results.seconds[fullName] = Math.round(performance.now() - started) / 1000;
    } catch (error) {
      results.failed.push({
        name: fullName,
        error: String(error?.stack ?? error)
          .split('\n')
          .slice(0, 4)
          .join('\n'),
      });
    } finally {
      for (const after of hooks.after) await after();
    }
  }
  for (const child of suite.children) await runSuite(child, names, hooks, results);
  for (const body of suite.hooks.afterAll) await body();
}

/** Runs every test the bundled files declared; prints `{"passed", "failed", "skipped"}` and sets the exit code. */
async function runRegisteredTests(extra = {}) {
  const results = { passed: [], failed: [], skipped: [], seconds: {} };
  await runSuite(root, [], { before: [], after: [] }, results);
  const slowest = Object.entries(results.seconds)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8);
  const { seconds, ...report } = results;
  process.stdout.write(`${JSON.stringify({ ...extra, ...report, slowest })}\n`);
  process.exitCode = results.failed.length === 0 && results.passed.length > 0 ? 0 : 1;
}

module.exports = {
  describe,
  it,
  test,
  expect,
  vi,
  beforeAll: hook('beforeAll'),
  afterAll: hook('afterAll'),
  beforeEach: hook('beforeEach'),
  afterEach: hook('afterEach'),
  runRegisteredTests,
};
