import { describe, expect, it } from 'vitest';
import { extractReadmeExample } from './readme-example.js';

describe('extractReadmeExample', () => {
  it('takes the first ts block and ignores sh blocks before it', () => {
    const readme =
      '# x\n\n```sh\nnpm i x\n```\n\n```ts\nconsole.log(1);\n```\n\n```ts\nconsole.log(2);\n```\n';
    expect(extractReadmeExample(readme)).toBe('console.log(1);\n');
  });

  it('returns undefined when there is no TypeScript block', () => {
    expect(extractReadmeExample('# x\n\n```sh\nnpm i x\n```\n')).toBeUndefined();
  });
});
