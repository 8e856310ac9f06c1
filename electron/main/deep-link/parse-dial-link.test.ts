import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipcEvents } from '@shared/ipc/contract';
import { dialLinkFromArgv, parseDialLink } from './parse-dial-link';

describe('parseDialLink', () => {
  it.each([
    ['tel:96110', '96110'],
    ['tel:+8613800138000', '+8613800138000'],
    ['TEL:+86 138-0013.8000', '+8613800138000'],
    ['tel:(010) 1234-5678', '01012345678'],
    ['tel://96110', '96110'],
    ['tel:%2B8610%2012345678', '+861012345678'],
    ['tel:＋８６１３８００１３８０００', '+8613800138000'],
    ['tel:*21#', '*21#'],
    ['sip:1001', '1001'],
    ['sip:1001@pbx.example', '1001'],
    ['SIP:1001@127.0.0.1:5060', '1001'],
    ['  tel:96110  ', '96110'],
  ])('accepts %s as %s', (link, number) => {
    expect(parseDialLink(link)).toBe(number);
  });

  it.each([
    ['another scheme', 'callto:96110'],
    ['sips (not allowlisted)', 'sips:1001@pbx.example'],
    ['javascript', 'javascript:alert(1)'],
    ['file', 'file:///etc/passwd'],
    ['no scheme', '96110'],
    ['empty number', 'tel:'],
    ['only separators', 'tel: - . ()'],
    ['letters', 'tel:1-800-FLOWERS'],
    ['a switch as the number', 'tel:--inspect=9229'],
    ['a switch after tel://', 'tel://--gpu-launcher=calc.exe'],
    ['a leading hyphen', 'tel:-96110'],
    ['a tel parameter', 'tel:96110;phone-context=example.com'],
    ['a tel extension', 'tel:96110;ext=12'],
    ['sip transport parameter', 'sip:1001@pbx.example;transport=tcp'],
    ['sip headers', 'sip:1001@pbx.example?subject=x'],
    ['a password', 'sip:1001:secret@pbx.example'],
    ['two @', 'sip:1001@a@pbx.example'],
    ['a bad host', 'sip:1001@pbx example'],
    ['a host with a path', 'sip:1001@pbx.example/x'],
    ['a tel with a host', 'tel:1001@pbx.example'],
    ['a plus in the middle', 'tel:86+96110'],
    ['a space in a switch', 'tel:96110 --no-sandbox'],
    ['a newline', 'tel:96110\n--no-sandbox'],
    ['a NUL byte', 'tel:96110\u0000'],
    ['a right-to-left override', 'tel:961\u202e10'],
    ['double encoding', 'tel:%252B96110'],
    ['broken encoding', 'tel:%E0%A4%A'],
    ['encoded newline', 'tel:96110%0A--x'],
    ['shell metacharacters', 'tel:96110&calc'],
    ['quotes', 'tel:"96110"'],
    ['too many digits', `tel:${'1'.repeat(33)}`],
    ['too long a link', `tel:1${' '.repeat(300)}`],
  ])('refuses %s', (_name, link) => {
    expect(parseDialLink(link)).toBeNull();
  });

  it.each([undefined, null, 42, {}, ['tel:1']])('refuses a non-string (%s)', (value) => {
    expect(parseDialLink(value)).toBeNull();
  });

  it('only ever yields numbers the event:dial contract accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `tel:${s}`), fc.string().map((s) => `sip:${s}`), fc.stringMatching(/^(tel|sip):[0-9+*# ()\-.@a-z:;%]{0,40}$/)), (link) => {
        const number = parseDialLink(link);
        if (number !== null) expect(ipcEvents['event:dial'].safeParse({ number }).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('dialLinkFromArgv', () => {
  it('finds the link among Chromium switches (Windows second-instance)', () => {
    expect(dialLinkFromArgv(['C:\\Program Files\\Hotline Desk\\Hotline Desk.exe', '--allow-file-access-from-files', 'tel:96110'])).toBe('96110');
  });

  it('finds nothing on a plain command line', () => {
    expect(dialLinkFromArgv(['/usr/bin/hotline-desk', '--no-sandbox'])).toBeNull();
  });

  it('never reads a switch as a link', () => {
    expect(dialLinkFromArgv(['/app', '--tel:96110'])).toBeNull();
    expect(dialLinkFromArgv(['/app', '-tel:96110'])).toBeNull();
  });

  it('refuses two links as ambiguous', () => {
    expect(dialLinkFromArgv(['/app', 'tel:96110', 'tel:110'])).toBeNull();
  });

  it('refuses a hostile link and ignores non-strings', () => {
    expect(dialLinkFromArgv(['/app', 'tel:96110;ext=1'])).toBeNull();
    expect(dialLinkFromArgv([42, null, 'sip:1001@pbx.example'])).toBe('1001');
  });
});
