import { existsSync, readFileSync } from 'node:fs';

/**
 * The records of a JSON-lines file (metrics.jsonl, eval.jsonl), in order; [] when it does not exist. A line
 * that does not parse can only be the last one, cut short by a killed writer: reading stops there.
 */
export function readJsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const records: T[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      break;
    }
  }
  return records;
}
