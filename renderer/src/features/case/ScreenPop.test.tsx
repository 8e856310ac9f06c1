import { MantineProvider } from '@mantine/core';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScreenPopResponse } from '@shared/schemas/history';
import { callInfo } from '../../../../test/fakes/web/call-info';
import { freezeRecord } from '../../../../test/fakes/web/freeze-fixtures';
import { createI18n } from '../../i18n';
import { createCacheKey } from '../../host/cache-key-store';
import { DeskDb } from '../../storage/db';
import { cacheLookup } from '../../storage/lookup-cache';
import { RecordStoreHttpError, RecordStoreUnreachableError } from '../../sync/record-store-client';
import type { ScreenPopApi, ScreenPopLinksDeps } from '../history';
import { ScreenPop } from './ScreenPop';

const AT = Date.UTC(2026, 10, 21, 12, 0);

function answer(patch: Partial<ScreenPopResponse> = {}): ScreenPopResponse {
  return { warnings: [], warningsTruncated: false, freezes: [], freezesTruncated: false, at: AT, ...patch };
}
const warning = (id: string, personName: string) => ({
  id,
  grade: 'extreme' as const,
  state: 'calling' as const,
  fraudType: 'fake-investment' as const,
  personName,
  issuedAt: AT - 3_600_000,
  matchedBy: 'person' as const,
  relation: null,
});

/** An API whose answers the test releases one by one, in any order. */
class ControlledApi implements ScreenPopApi {
  readonly asked: string[] = [];
  private readonly pending = new Map<string, { resolve: (r: ScreenPopResponse) => void; reject: (e: unknown) => void }>();
  screenPop(number: string): Promise<ScreenPopResponse> {
    this.asked.push(number);
    return new Promise((resolve, reject) => this.pending.set(number, { resolve, reject }));
  }
  async resolve(number: string, response: ScreenPopResponse) {
    await act(async () => this.pending.get(number)?.resolve(response));
  }
  async reject(number: string, error: unknown) {
    await act(async () => this.pending.get(number)?.reject(error));
  }
}

/** Renders with the app's providers; `rerender` keeps them (the pop is re-rendered with the next call). */
async function renderWithProviders(ui: ReactElement, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const i18n = await createI18n(locale);
  const wrap = (el: ReactElement) => (
    <MantineProvider>
      <I18nextProvider i18n={i18n}>{el}</I18nextProvider>
    </MantineProvider>
  );
  const view = render(wrap(ui));
  return { rerender: (el: ReactElement) => view.rerender(wrap(el)) };
}

describe('ScreenPop linked records', () => {
  let db: DeskDb;
  let key: CryptoKey;
  let api: ControlledApi;
  let deps: ScreenPopLinksDeps;

  beforeEach(async () => {
    db = new DeskDb(`screen-pop-${crypto.randomUUID()}`);
    key = await createCacheKey();
    api = new ControlledApi();
    deps = { api, db, cacheKey: async () => key };
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });

  it('shows a loading state, then the open instructions and masked freeze records of the number', async () => {
    await renderWithProviders(<ScreenPop db={db} call={callInfo({ remoteNumber: '13800138000' })} links={deps} />);
    expect(screen.getByTestId('screen-pop-links-loading').textContent).toContain('正在查询');
    await api.resolve('13800138000', answer({ warnings: [warning('7f000000-0000-4000-8000-000000000001', '王*明')], freezes: [freezeRecord({ measureType: 'freeze' })] }));
    const links = await screen.findByTestId('screen-pop-links');
    expect(links.textContent).toContain('特危');
    expect(links.textContent).toContain('王*明');
    expect(links.textContent).toContain('电话劝阻中');
    expect(screen.getByTestId('screen-pop-freeze').textContent).toContain('冻结 · 深圳市公安局南山分局 0755-26600110');
    expect(screen.getByTestId('screen-pop-freeze').textContent).toContain('6222 **** **** 0008');
    expect(screen.queryByTestId('screen-pop-links-loading')).toBeNull();
  });

  it('never shows a late answer for the previous call on the next call’s pop', async () => {
    const first = callInfo({ id: 'a', sipCallId: 'a@pbx', remoteNumber: '13800138000' });
    const second = callInfo({ id: 'b', sipCallId: 'b@pbx', remoteNumber: '13900139000' });
    const view = await renderWithProviders(<ScreenPop db={db} call={first} links={deps} />);
    view.rerender(<ScreenPop db={db} call={second} links={deps} />);
    // The first call's answer arrives after the second call is on screen: it must not show.
    await api.resolve('13800138000', answer({ warnings: [warning('7f000000-0000-4000-8000-00000000000a', '旧*人')] }));
    expect(screen.getByTestId('screen-pop').getAttribute('data-call-id')).toBe('b');
    expect(screen.getByTestId('screen-pop-links-loading')).toBeTruthy();
    expect(screen.queryByText(/旧\*人/)).toBeNull();
    await api.resolve('13900139000', answer({ warnings: [warning('7f000000-0000-4000-8000-00000000000b', '新*人')] }));
    expect((await screen.findByTestId('screen-pop-links')).textContent).toContain('新*人');
    expect(screen.queryByText(/旧\*人/)).toBeNull();
    expect(api.asked).toEqual(['13800138000', '13900139000']);
  });

  it('keeps the current call’s answer when the previous call’s arrives after it', async () => {
    const first = callInfo({ id: 'a', sipCallId: 'a@pbx', remoteNumber: '13800138000' });
    const second = callInfo({ id: 'b', sipCallId: 'b@pbx', remoteNumber: '13900139000' });
    const view = await renderWithProviders(<ScreenPop db={db} call={first} links={deps} />);
    view.rerender(<ScreenPop db={db} call={second} links={deps} />);
    await api.resolve('13900139000', answer({ warnings: [warning('7f000000-0000-4000-8000-00000000000b', '新*人')] }));
    await api.resolve('13800138000', answer({ warnings: [warning('7f000000-0000-4000-8000-00000000000a', '旧*人')] }));
    expect((await screen.findByTestId('screen-pop-links')).textContent).toContain('新*人');
    expect(screen.queryByText(/旧\*人/)).toBeNull();
  });

  it('offline says linked records are unavailable and shows a cached look-up of the number with its age', async () => {
    await cacheLookup(db, key, { by: 'phone', value: '+8613800138000' }, { results: [freezeRecord()], at: AT, truncated: false }, Date.now() - 12 * 60_000);
    await renderWithProviders(<ScreenPop db={db} call={callInfo({ remoteNumber: '13800138000' })} links={deps} />);
    await api.reject('13800138000', new RecordStoreUnreachableError(new TypeError('fetch failed')));
    const offline = await screen.findByTestId('screen-pop-links-offline');
    expect(offline.textContent).toContain('离线：无法查询关联预警指令和冻结记录');
    await waitFor(() => expect(screen.getByTestId('screen-pop-links-cached').textContent).toContain('12 分钟前'));
    expect(screen.getByTestId('screen-pop-freeze').textContent).toContain('深圳市公安局南山分局');
  });

  it('offline without a cached look-up shows only the honest notice; a fresh answer is cached for the next time', async () => {
    const view = await renderWithProviders(<ScreenPop db={db} call={callInfo({ id: 'a', sipCallId: 'a@pbx' })} links={deps} />);
    await api.reject('13800138000', new RecordStoreUnreachableError(new TypeError('fetch failed')));
    await screen.findByTestId('screen-pop-links-offline');
    expect(screen.queryByTestId('screen-pop-links-cached')).toBeNull();

    view.rerender(<ScreenPop db={db} call={callInfo({ id: 'b', sipCallId: 'b@pbx' })} links={deps} />);
    await api.resolve('13800138000', answer({ freezes: [freezeRecord({ authority: '广州市公安局天河分局' })] }));
    await screen.findByTestId('screen-pop-links');
    await waitFor(async () => expect(await db.freezeLookups.count()).toBe(1));

    view.rerender(<ScreenPop db={db} call={callInfo({ id: 'c', sipCallId: 'c@pbx' })} links={deps} />);
    await api.reject('13800138000', new RecordStoreUnreachableError(new TypeError('fetch failed')));
    await waitFor(() => expect(screen.getByTestId('screen-pop-links-cached').textContent).toContain('广州市公安局天河分局'));
  });

  it('asks nothing for an anonymous caller and names a refusal', async () => {
    const view = await renderWithProviders(<ScreenPop db={db} call={callInfo({ id: 'a', sipCallId: 'a@pbx', remoteNumber: 'anonymous' })} links={deps} />, 'en');
    expect(screen.queryByTestId('screen-pop-links-loading')).toBeNull();
    expect(api.asked).toEqual([]);
    view.rerender(<ScreenPop db={db} call={callInfo({ id: 'b', sipCallId: 'b@pbx' })} links={deps} />);
    await api.reject('13800138000', new RecordStoreHttpError(403, 'forbidden', 'no'));
    expect((await screen.findByTestId('screen-pop-links-error')).textContent).toBe('Your role may not see linked records');
  });
});
