import fc from 'fast-check';

/** `valid` with one field (at any depth) replaced by a random JSON value, or deleted. */
export function mutatedJson<T extends object>(valid: T): fc.Arbitrary<T> {
  return fc.tuple(fc.nat(), fc.option(fc.jsonValue(), { nil: undefined })).map(([pick, value]) => {
    const copy = structuredClone(valid) as Record<string, unknown>;
    const paths: string[][] = [];
    const walk = (node: unknown, path: string[]) => {
      if (typeof node !== 'object' || node === null) return;
      for (const key of Object.keys(node)) {
        paths.push([...path, key]);
        walk((node as Record<string, unknown>)[key], [...path, key]);
      }
    };
    walk(copy, []);
    if (paths.length === 0) return copy as T;
    const path = paths[pick % paths.length]!;
    let parent = copy;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
    if (value === undefined) delete parent[path.at(-1)!];
    else parent[path.at(-1)!] = value;
    return copy as T;
  });
}
