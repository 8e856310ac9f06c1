import { afterEach, describe, expect, it, vi } from 'vitest';
import { focusFirstMissing, focusFirstMissingWhenShown, missingItems } from './case-focus';
import { holdsData } from './holds-data';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('focusFirstMissing', () => {
  it('lands on the first missing item in the form order, a checkbox group on its first box', () => {
    document.body.innerHTML = `
      <div data-testid="case-form" data-missing="escalation guidance">
        <div data-testid="case-call-type"><input type="radio" name="t" /><input type="radio" name="t" checked /></div>
        <select data-testid="case-field-identityCheck"></select>
        <input type="checkbox" data-testid="case-field-guidance-contact-authority" />
        <input type="checkbox" data-testid="case-field-guidance-documents" />
        <select data-testid="case-field-escalation"></select>
      </div>`;
    expect(missingItems(document)).toEqual(['escalation', 'guidance']);
    expect(focusFirstMissing(document)).toBe(true);
    expect(document.activeElement?.getAttribute('data-testid')).toBe('case-field-guidance-contact-authority');
  });

  it('falls back to the checked call type when nothing is missing', () => {
    document.body.innerHTML = `
      <div data-testid="case-form" data-missing="">
        <div data-testid="case-call-type"><input type="radio" name="t" /><input type="radio" name="t" id="checked" checked /></div>
        <select data-testid="case-field-identityCheck"></select>
      </div>`;
    focusFirstMissing(document);
    expect(document.activeElement?.id).toBe('checked');
  });
});

describe('focusFirstMissingWhenShown', () => {
  const form = `<div data-testid="case-form" data-missing="routed110"><input type="radio" data-testid="case-field-routed110-yes" /></div>`;

  it('waits for a form that is not shown yet, then lands on what is missing', async () => {
    document.body.innerHTML = `<input id="search" /><div id="tab"></div>`;
    document.getElementById('search')!.focus();
    focusFirstMissingWhenShown(() => document.getElementById('tab'));
    await new Promise((r) => setTimeout(r, 50));
    // The tab is shown (rendered) a few frames later; the search it came from is hidden.
    document.getElementById('tab')!.innerHTML = form;
    document.getElementById('search')!.remove();
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('data-testid')).toBe('case-field-routed110-yes'));
  });

  it('leaves the focus where the person put it meanwhile, and a cancelled request does nothing', async () => {
    document.body.innerHTML = `<input id="search" /><input id="elsewhere" /><div id="tab"></div>`;
    document.getElementById('search')!.focus();
    focusFirstMissingWhenShown(() => document.getElementById('tab'));
    document.getElementById('elsewhere')!.focus();
    document.getElementById('tab')!.innerHTML = form;
    await new Promise((r) => setTimeout(r, 100));
    expect(document.activeElement?.id).toBe('elsewhere');

    document.getElementById('search')!.focus();
    const cancel = focusFirstMissingWhenShown(() => document.getElementById('tab'));
    cancel();
    await new Promise((r) => setTimeout(r, 50));
    expect(document.activeElement?.id).toBe('search');
  });
});

describe('holdsData', () => {
  it('ignores the call facts the workstation writes, counts anything else', () => {
    expect(holdsData({ callType: 'unclassified', fraudType: null, fields: { startedAt: 1, answeredAt: 2, talkSeconds: 3, notes: ' ' } })).toBe(false);
    expect(holdsData({ callType: 'unclassified', fraudType: null, fields: { institution: 'ICBC' } })).toBe(true);
    expect(holdsData({ callType: 'freeze-inquiry', fraudType: null, fields: {} })).toBe(true);
  });
});
