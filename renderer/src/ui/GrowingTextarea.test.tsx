import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../test/fakes/web/render';
import { GrowingTextarea } from './GrowingTextarea';

afterEach(cleanup);

// jsdom drops `field-sizing` (Chromium grows the box: call-end-to-end.spec.ts checks it).
describe('GrowingTextarea', () => {
  it('is at least minRows and at most maxRows lines high, without a measuring copy', async () => {
    await renderWithProviders(<GrowingTextarea aria-label="note" minRows={3} maxRows={8} value="" onChange={() => undefined} />);
    const box = screen.getByLabelText('note');
    expect(box.style.minHeight).toBe('calc(3lh + 2 * var(--input-padding-y, 0px) + 2px)');
    expect(box.style.maxHeight).toBe('calc(8lh + 2 * var(--input-padding-y, 0px) + 2px)');
    expect(box.getAttribute('rows')).toBe('3');
    expect(document.querySelectorAll('textarea')).toHaveLength(1);
  });

  it('grows without limit when no maxRows is given', async () => {
    await renderWithProviders(<GrowingTextarea aria-label="note" value="" onChange={() => undefined} />);
    const box = screen.getByLabelText('note');
    expect(box.style.minHeight).toBe('calc(1lh + 2 * var(--input-padding-y, 0px) + 2px)');
    expect(box.style.maxHeight).toBe('');
  });
});
