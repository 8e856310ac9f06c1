import { beforeEach, describe, expect, it } from 'vitest';
import { WebHost } from './web-host';
import { createCacheKey } from './cache-key-store';
import { sessionSecrets } from './session-secrets';

const SECRET = 'phone-secret-电话-1';

/** Everything sessionStorage holds, keys and values, as one string. */
const dump = () => Object.keys(sessionStorage).map((k) => `${k}=${sessionStorage.getItem(k)}`).join('\n');

describe('sealed session secrets (the browser build’s SIP password)', () => {
  beforeEach(() => sessionStorage.clear());

  it('keeps the SIP password across a new host (a reload) without ever writing it in plain text', async () => {
    await new WebHost().credentials.set('sip-password', SECRET);
    expect(dump()).not.toContain(SECRET);
    expect(dump()).not.toContain(btoa(unescape(encodeURIComponent(SECRET))));
    expect(Object.keys(sessionStorage)).toHaveLength(1);
    // A fresh host object, as after a reload: the same key from IndexedDB opens it.
    const again = new WebHost();
    expect(await again.credentials.get('sip-password')).toBe(SECRET);
    await again.credentials.delete('sip-password');
    expect(sessionStorage.length).toBe(0);
    expect(await again.credentials.get('sip-password')).toBeNull();
  });

  it('reads a value it cannot open (another key, tampered, moved to another name) as absent', async () => {
    const key = await createCacheKey();
    const secrets = sessionSecrets(sessionStorage, async () => key, 'p.');
    await secrets.set('a', SECRET);
    const sealed = sessionStorage.getItem('p.a') as string;
    expect(sealed).toMatch(/^v1:/);
    const other = await createCacheKey();
    expect(await sessionSecrets(sessionStorage, async () => other, 'p.').get('a')).toBeNull();
    sessionStorage.setItem('p.b', sealed);
    expect(await secrets.get('b')).toBeNull();
    sessionStorage.setItem('p.a', `${sealed.slice(0, -4)}AAAA`);
    expect(await secrets.get('a')).toBeNull();
    // Two seals of the same secret differ (fresh IV each time).
    await secrets.set('a', SECRET);
    const first = sessionStorage.getItem('p.a');
    await secrets.set('a', SECRET);
    expect(sessionStorage.getItem('p.a')).not.toBe(first);
    expect(await secrets.get('a')).toBe(SECRET);
  });
});
