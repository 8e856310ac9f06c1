import { describe, expect, it } from 'vitest';
import { callerNumber, numberFromIdentity } from './caller-id';

describe('caller ID', () => {
  it('takes P-Asserted-Identity over an anonymous From', () => {
    expect(callerNumber({ pAssertedIdentity: ['<sip:13912345678@carrier.invalid;user=phone>'], remotePartyId: [], fromUser: 'anonymous' })).toBe('13912345678');
  });

  it('takes P-Asserted-Identity over a From that carries another number', () => {
    expect(callerNumber({ pAssertedIdentity: ['"Zhang" <tel:+86-139-1234-5678>'], remotePartyId: ['<sip:111@x>'], fromUser: '2000' })).toBe('+8613912345678');
  });

  it('falls back to Remote-Party-ID, then From', () => {
    expect(callerNumber({ pAssertedIdentity: [], remotePartyId: ['"A" <sip:02388886666@gw>;party=calling;privacy=off;screen=yes'], fromUser: 'anonymous' })).toBe('02388886666');
    expect(callerNumber({ pAssertedIdentity: [], remotePartyId: [], fromUser: '13800138000' })).toBe('13800138000');
  });

  it('skips anonymous identities and reports anonymous when nothing names the caller', () => {
    expect(callerNumber({ pAssertedIdentity: ['<sip:anonymous@anonymous.invalid>', '<tel:13700137000>'], remotePartyId: [], fromUser: 'anonymous' })).toBe('13700137000');
    expect(callerNumber({ pAssertedIdentity: ['<sip:anonymous@anonymous.invalid>'], remotePartyId: ['<sip:Restricted@x>'], fromUser: 'anonymous' })).toBe('anonymous');
    expect(callerNumber({ pAssertedIdentity: [], remotePartyId: [] })).toBe('anonymous');
  });

  it('reads several identities on one header line', () => {
    expect(callerNumber({ pAssertedIdentity: ['<sip:anonymous@a.invalid>, <tel:+8613600136000>'], remotePartyId: [], fromUser: 'x' })).toBe('+8613600136000');
  });

  it('parses bare and bracketed URIs, and rejects what is not a URI', () => {
    expect(numberFromIdentity('sip:13800138000@host')).toBe('13800138000');
    expect(numberFromIdentity('<sips:%2B8613800138000@host>')).toBe('+8613800138000');
    expect(numberFromIdentity('garbage')).toBeNull();
    expect(numberFromIdentity('<sip:host.only>')).toBeNull();
  });
});
