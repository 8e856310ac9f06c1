import { describe, expect, it } from 'vitest';
import { scriptInNote } from './script-in-note';

describe('scriptInNote', () => {
  const script = '您好，经查询，您的账户由南山分局冻结。\n请携带身份证办理。';
  it('finds a script already in the note, however its lines were wrapped', () => {
    expect(scriptInNote(`来电人称卡被冻结\n${script}`, script)).toBe(true);
    expect(scriptInNote('来电人称卡被冻结 您好，经查询，您的账户由南山分局冻结。 请携带身份证办理。', script)).toBe(true);
  });
  it('a script not (or only partly) in the note, or an empty one, is not a duplicate', () => {
    expect(scriptInNote('来电人称卡被冻结', script)).toBe(false);
    expect(scriptInNote('您好，经查询，您的账户由南山分局冻结。', script)).toBe(false);
    expect(scriptInNote('anything', '  ')).toBe(false);
  });
});
