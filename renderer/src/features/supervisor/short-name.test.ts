import { describe, expect, it } from 'vitest';
import { shortName } from './WorkloadCharts';

describe('shortName (workload chart axis, issue 17)', () => {
  it('keeps names of up to 12 characters and shortens longer ones by characters, not bytes', () => {
    expect(shortName('接线员 1001（合成）')).toBe('接线员 1001（合成）');
    expect(shortName('东区第一派出所值班民警甲乙')).toBe('东区第一派出所值班民警…');
    expect([...shortName('Administrator of the centre')]).toHaveLength(12);
  });
});
