import { describe, expect, it } from 'vitest';
import { PROCESS_NAMES, processByName, UnknownProcessError } from './process-by-name.js';

describe('processByName', () => {
  it('knows the documented names, and every process rebuilds from its own name', () => {
    for (const name of ['rf', 'vp-linear', 'vp-cosine', 'vp-linear-discrete', 'vp-cosine-discrete', 'edm']) {
      expect(PROCESS_NAMES).toContain(name);
    }
    for (const name of PROCESS_NAMES) {
      const process = processByName(name);
      expect(process.name).toBe(name);
      expect(processByName(process.name).alpha(process.tMin)).toBe(process.alpha(process.tMin));
    }
  });

  it('uses the paper defaults', () => {
    expect(processByName('edm').tMin).toBe(0.002);
    expect(processByName('edm').tMax).toBe(80);
    expect(processByName('vp-linear-discrete').tMax).toBe(999);
    expect(processByName('vp-linear').alpha(1)).toBeCloseTo(Math.exp(-0.5 * (0.1 + 0.5 * 19.9)), 15);
  });

  it('throws an UnknownProcessError listing the valid names', () => {
    expect(() => processByName('ddpm')).toThrow(UnknownProcessError);
    expect(() => processByName('ddpm')).toThrow(
      "unknown noise process 'ddpm'; expected one of: rf, vp-linear, vp-cosine, vp-linear-discrete",
    );
    expect(() => processByName('toString')).toThrow(UnknownProcessError);
  });
});
