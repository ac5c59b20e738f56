import { recipeByName } from '@latentlab/runs';
import { describe, expect, it } from 'vitest';
import { parseFlags } from './arguments.js';

const SPECS = {
  steps: { kind: 'integer', description: 'steps' },
  lr: { kind: 'number', description: 'learning rate' },
  classes: { kind: 'integer-list', description: 'classes' },
  resume: { kind: 'boolean', description: 'resume' },
  scales: { kind: 'number-list', description: 'guidance scales' },
} as const;

describe('parseFlags', () => {
  it('converts values by kind', () => {
    const flags = parseFlags(
      ['--steps', '20', '--lr', '3e-4', '--classes', '0,1,2', '--resume'],
      SPECS,
      'train',
    );
    expect(Object.fromEntries(flags)).toEqual({ steps: 20, lr: 3e-4, classes: [0, 1, 2], resume: true });
    expect(parseFlags(['--scales', '1,2.5,4'], SPECS, 'eval').get('scales')).toEqual([1, 2.5, 4]);
  });

  it('names unknown flags and bad values', () => {
    expect(() => parseFlags(['--stpes', '3'], SPECS, 'train')).toThrow(/--stpes.*flags: --steps, --lr/);
    expect(() => parseFlags(['--steps', '2.5'], SPECS, 'train')).toThrow(
      '--steps "2.5": expected an integer',
    );
    expect(() => parseFlags(['--lr', 'fast'], SPECS, 'train')).toThrow('--lr "fast": expected a number');
    expect(() => parseFlags(['--classes', '0,,1'], SPECS, 'train')).toThrow(
      /--classes "0,,1": expected comma-separated/,
    );
    expect(() => parseFlags(['--scales', '1,two'], SPECS, 'eval')).toThrow(
      '--scales "1,two": expected comma-separated numbers',
    );
  });
});

describe('recipeByName', () => {
  it('lists every recipe for an unknown name', () => {
    expect(() => recipeByName('rf-dit-cifar')).toThrow(
      /unknown recipe 'rf-dit-cifar'; the recipes are:\n {2}rf-dit-mnist .*\n {2}rf-dit-mnist-quick.*\n {2}vp-dit-mnist .*\n {2}edm-dit-mnist .*\n {2}rf-dit-fashion .*\n {2}rf-mlp-moons/,
    );
  });
});
