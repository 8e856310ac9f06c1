import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { MemoryHost } from '../../host/memory-host';
import { RecordStoreBanner, RecordStoreGate } from './RecordStoreGate';

afterEach(cleanup);

const URL = 'http://127.0.0.1:41000';
const SECRET = 'e'.repeat(64);

function client(url = URL) {
  const secrets: Array<string | null> = [];
  return { url, secrets, setInstallationSecret: (s: string | null) => void secrets.push(s) };
}

async function show(host: MemoryHost, c = client()) {
  await renderWithProviders(
    <RecordStoreGate host={host} client={c}>
      <p>sign-in form</p>
    </RecordStoreGate>,
  );
  return c;
}

describe('RecordStoreGate', () => {
  it('passes straight through with a central record store and sets no secret', async () => {
    const c = await show(new MemoryHost());
    expect(await screen.findByText('sign-in form')).toBeTruthy();
    expect(c.secrets).toEqual([]);
  });

  it('holds sign-in while the embedded store starts, then hands the client its secret and shows the form', async () => {
    const host = new MemoryHost();
    host.recordStoreState = { state: 'starting', url: URL };
    host.installationSecrets.set(URL, SECRET);
    const c = await show(host);
    expect(await screen.findByText('本机记录库启动中…')).toBeTruthy();
    expect(screen.queryByText('sign-in form')).toBeNull();
    act(() => host.emit('event:record-store', { state: 'ready', url: URL }));
    expect(await screen.findByText('sign-in form')).toBeTruthy();
    expect(c.secrets).toEqual([SECRET]);
  });

  it('asks for the secret of the client\'s own URL only (a mismatch gets none)', async () => {
    const host = new MemoryHost();
    host.recordStoreState = { state: 'ready', url: URL };
    host.installationSecrets.set(URL, SECRET);
    const c = await show(host, client('http://127.0.0.1:4100'));
    expect(await screen.findByText('sign-in form')).toBeTruthy();
    expect(c.secrets).toEqual([null]);
  });

  it('shows an honest failure with the reason and detail, and retries', async () => {
    const host = new MemoryHost();
    host.recordStoreState = { state: 'failed', url: URL, reason: { code: 'exited', detail: 'exited with code 1; last output: PGlite locked' } };
    await show(host);
    const alert = await screen.findByTestId('record-store-failed');
    expect(alert.textContent).toContain('本机记录库未能启动');
    expect(alert.textContent).toContain('记录库进程意外退出');
    expect(screen.getByTestId('record-store-failure-detail').textContent).toContain('PGlite locked');
    expect(screen.queryByText('sign-in form')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    await waitFor(() => expect(host.retries).toBe(1));
    act(() => host.emit('event:record-store', { state: 'starting', url: URL }));
    expect(await screen.findByTestId('record-store-starting')).toBeTruthy();
  });

  it('speaks English too', async () => {
    const host = new MemoryHost();
    host.recordStoreState = { state: 'starting', url: URL };
    await renderWithProviders(
      <RecordStoreGate host={host} client={client()}>
        <p>x</p>
      </RecordStoreGate>,
      'en',
    );
    expect(await screen.findByText('Starting the local record store…')).toBeTruthy();
  });
});

describe('RecordStoreBanner', () => {
  it('says nothing while the store runs, and shows the failure with a retry when it stops after sign-in', async () => {
    const host = new MemoryHost();
    host.recordStoreState = { state: 'ready', url: URL };
    await renderWithProviders(<RecordStoreBanner host={host} />);
    await act(async () => undefined);
    expect(screen.queryByTestId('record-store-failed')).toBeNull();
    act(() => host.emit('event:record-store', { state: 'failed', url: URL, reason: { code: 'exited', detail: 'exited with code 139' } }));
    expect((await screen.findByTestId('record-store-failed')).textContent).toContain('记录库进程意外退出');
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    await waitFor(() => expect(host.retries).toBe(1));
  });
});
