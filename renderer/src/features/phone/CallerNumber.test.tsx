import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { CallerNumber } from './CallerNumber';

describe('CallerNumber', () => {
  afterEach(cleanup);

  it('flags an overseas caller with the region in Chinese', async () => {
    await renderWithProviders(<CallerNumber raw="+959250123456" />);
    expect(screen.getByTestId('overseas-flag').textContent).toBe('境外来电 · 缅甸');
  });

  it('names the region in English when the UI is English', async () => {
    await renderWithProviders(<CallerNumber raw="0085291234567" />, 'en');
    expect(screen.getByTestId('overseas-flag').textContent).toBe('Overseas call · Hong Kong SAR China');
    expect(screen.getByTestId('remote-e164').textContent).toBe('+85291234567');
  });

  it('shows no flag for a mainland mobile', async () => {
    await renderWithProviders(<CallerNumber raw="13800138000" />);
    expect(screen.queryByTestId('overseas-flag')).toBeNull();
    expect(screen.getByTestId('remote-e164').textContent).toBe('+8613800138000');
  });
});
