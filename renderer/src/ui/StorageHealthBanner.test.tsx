import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../test/fakes/web/render';
import { StorageHealthMonitor } from '../storage/storage-health';
import { StorageHealthBanner } from './StorageHealthBanner';

const storage = { estimate: async () => ({ usage: 500 * 1024 * 1024, quota: 500 * 1024 * 1024 }), persist: async () => true, persisted: async () => true };

describe('StorageHealthBanner', () => {
  it('blocks with the figures after a quota error and clears only when a test write succeeds', async () => {
    const monitor = new StorageHealthMonitor(storage);
    let probeFails = true;
    await renderWithProviders(<StorageHealthBanner monitor={monitor} probe={() => (probeFails ? Promise.reject(new DOMException('full', 'QuotaExceededError')) : Promise.resolve())} />);
    expect(screen.queryByTestId('storage-blocked')).toBeNull();
    act(() => void monitor.report(new DOMException('disk full', 'QuotaExceededError')));
    const banner = await screen.findByTestId('storage-blocked');
    expect(banner.textContent).toContain('本机存储已满');
    await waitFor(() => expect(banner.textContent).toContain('500 MB'));

    fireEvent.click(screen.getByTestId('storage-retry'));
    await waitFor(() => expect(screen.getByTestId('storage-retry').hasAttribute('data-loading')).toBe(false));
    expect(screen.getByTestId('storage-blocked')).toBeTruthy();

    probeFails = false;
    fireEvent.click(screen.getByTestId('storage-retry'));
    await waitFor(() => expect(screen.queryByTestId('storage-blocked')).toBeNull());
    // Still full: the warning stays.
    expect(screen.getByTestId('storage-warning').textContent).toContain('即将用满');
  });
});
