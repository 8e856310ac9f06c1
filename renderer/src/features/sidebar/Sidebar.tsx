import { Paper, Tabs } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { CaseworkProvider } from '../../state/casework-context';
import { useWorkstation } from '../../state/workstation-context';
import { useWorkstationSelector } from '../../state/use-workstation-selector';
import { focusFirstMissingWhenShown, onShowCase } from '../case';
import { FollowUpReminder, FollowUpsTab, FollowUpsTabLabel } from '../follow-ups';
import { FreezeLookupTab } from '../freeze-lookup';
import { HistorySearchTab } from '../history';
import { ShortcutSheet } from '../shortcuts';
import { TemplatesProvider, TemplatesTab } from '../templates';
import { WarningsSidebarTab } from '../warnings';

type Tab = 'case' | 'lookup' | 'templates' | 'warnings' | 'followUps' | 'history';

/**
 * The case sidebar: the case form (issue 6 part A, passed in as `caseTab`), the freeze
 * look-up and the templates, sharing one casework state and one template set.
 * Alt+C jumps to the case form, Alt+L to the look-up search, Alt+S to the template search,
 * Alt+R to the follow-up list (跟进), Alt+Y to the history search (历史),
 * F1 or `?` lists every shortcut.
 *
 * The panels in it are memoised and follow their own subscriptions: a new inbound call
 * re-renders the sidebar (it goes back to the case tab), and it re-rendered every panel with it,
 * 36 template cards included, before the ringing call could show (the soak bench).
 */
export function Sidebar({ caseTab }: { caseTab?: ReactNode }) {
  const { t } = useTranslation();
  const ws = useWorkstation();
  const [tab, setTab] = useState<Tab>(caseTab ? 'case' : 'lookup');
  const [sheet, setSheet] = useState(false);
  const lookupRef = useRef<HTMLInputElement>(null);
  const templatesRef = useRef<HTMLInputElement>(null);
  const caseRef = useRef<HTMLDivElement>(null);
  const historyRef = useRef<HTMLInputElement>(null);
  const paperRef = useRef<HTMLDivElement>(null);
  const hasCase = !!caseTab;
  // Stable, so the memoised reminder and shortcut sheet are not re-rendered with the sidebar.
  const openFollowUps = useCallback(() => setTab('followUps'), []);
  const closeSheet = useCallback(() => setSheet(false), []);

  // "Go to the case" from the look-up pick or a refused finalise: the case tab, on what is missing.
  useEffect(() => {
    if (!hasCase) return;
    onShowCase(() => {
      setTab('case');
      focusFirstMissingWhenShown(() => caseRef.current);
    });
    return () => onShowCase(null);
  }, [hasCase]);

  // Every inbound call starts clean (issue 17): the case tab, scrolled to the top. The panels
  // themselves are keyed by the call; this is the sidebar's own part.
  // Only the focused inbound call's id: every other workstation change leaves the tabs alone.
  const inbound = useWorkstationSelector((snap) => (snap.focusCall?.direction === 'inbound' && snap.focusCall.state !== 'ended' ? snap.focusCall.id : null));
  // Adjusted while rendering (not in an effect): the new call's first paint already shows the case.
  const [seenInbound, setSeenInbound] = useState(inbound);
  if (inbound !== seenInbound) {
    setSeenInbound(inbound);
    if (inbound) {
      setTab(hasCase ? 'case' : 'lookup');
      setSheet(false);
    }
  }
  useEffect(() => {
    if (!inbound) return;
    paperRef.current?.scrollTo?.({ top: 0 });
    paperRef.current?.querySelectorAll<HTMLElement>('[role=tabpanel]').forEach((el) => el.scrollTo?.({ top: 0 }));
    globalThis.window?.scrollTo?.({ top: 0 });
  }, [inbound, hasCase]);

  const jump = (to: Tab, ref: RefObject<HTMLInputElement | null>) => {
    // Shown and focused before this key's handler returns: keys typed right after Alt+L or
    // Alt+S land in the search box, never in the field that had the focus before (issue 17).
    flushSync(() => setTab(to));
    ref.current?.focus();
    ref.current?.select();
  };
  // Back to the case form from the look-up or templates: its first control (the call type,
  // on the checked choice when there is one, as Tab would land), so a call is logged keyboard-only.
  const jumpToCase = () => {
    if (!caseTab) return;
    setTab('case');
    setTimeout(() => {
      const root = caseRef.current;
      const first = root?.querySelector<HTMLInputElement>('input:not([disabled]), select:not([disabled]), textarea');
      const checked = first?.type === 'radio' ? [...(root?.querySelectorAll<HTMLInputElement>('input[type=radio]:checked') ?? [])].find((r) => r.name === first.name) : undefined;
      (checked ?? first)?.focus();
    }, 0);
  };
  // Work from any field, like the phone's keys (empty ignore list).
  useHotkeys(
    [
      ['alt+C', jumpToCase],
      ['alt+L', () => jump('lookup', lookupRef)],
      ['alt+S', () => jump('templates', templatesRef)],
      ['alt+R', () => setTab('followUps')],
      ['alt+Y', () => jump('history', historyRef)],
      ['F1', () => setSheet(true)],
    ],
    [],
  );
  // `?` is a character while typing: only outside fields.
  useHotkeys([['shift+?', () => setSheet(true)]]);

  return (
    <CaseworkProvider>
      <TemplatesProvider api={ws.recordStore} db={ws.database}>
        <Paper withBorder p="md" h="100%" mih={0} data-testid="sidebar" data-tab={tab} ref={paperRef} style={{ display: 'flex', flexDirection: 'column' }}>
          <FollowUpReminder onOpen={openFollowUps} />
          {/* display-none, not React Activity: a hidden tab keeps its effects, so the case form's Alt+1…6 and Ctrl+Alt+F work from any tab. */}
          {/* The tab list stays put; the shown panel scrolls under it. */}
          <Tabs
            value={tab}
            onChange={(v) => v && setTab(v as Tab)}
            keepMounted
            keepMountedMode="display-none"
            style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}
            // One row of tabs at 1366×768 in both languages: compact, and scrolling sideways rather than wrapping.
            styles={{ panel: { flex: 1, minHeight: 0, overflowY: 'auto' }, list: { flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden', scrollbarWidth: 'thin' }, tab: { paddingInline: 6, whiteSpace: 'nowrap', flexShrink: 0 } }}
          >
            <Tabs.List>
              {caseTab && <Tabs.Tab value="case" data-testid="tab-case">{t('sidebar.case')}</Tabs.Tab>}
              <Tabs.Tab value="lookup" data-testid="tab-lookup">
                {t('sidebar.lookup')}
              </Tabs.Tab>
              <Tabs.Tab value="templates" data-testid="tab-templates">
                {t('sidebar.templates')}
              </Tabs.Tab>
              <Tabs.Tab value="warnings" data-testid="tab-warnings">
                {t('warnings.tab')}
              </Tabs.Tab>
              <Tabs.Tab value="followUps" data-testid="tab-follow-ups">
                <FollowUpsTabLabel />
              </Tabs.Tab>
              <Tabs.Tab value="history" data-testid="tab-history">
                {t('callerHistory.search.tab')}
              </Tabs.Tab>
            </Tabs.List>
            {caseTab && (
              <Tabs.Panel value="case" pt="sm">
                <div ref={caseRef}>{caseTab}</div>
              </Tabs.Panel>
            )}
            <Tabs.Panel value="lookup" pt="sm">
              <FreezeLookupTab inputRef={lookupRef} />
            </Tabs.Panel>
            <Tabs.Panel value="templates" pt="sm">
              <TemplatesTab inputRef={templatesRef} />
            </Tabs.Panel>
            <Tabs.Panel value="warnings" pt="sm">
              {/* Mounted only while shown: it polls the record store and owns the 1-7 result keys. */}
              {tab === 'warnings' && <WarningsSidebarTab />}
            </Tabs.Panel>
            <Tabs.Panel value="followUps" pt="sm">
              <FollowUpsTab />
            </Tabs.Panel>
            <Tabs.Panel value="history" pt="sm">
              <HistorySearchTab inputRef={historyRef} />
            </Tabs.Panel>
          </Tabs>
        </Paper>
        <ShortcutSheet opened={sheet} onClose={closeSheet} />
      </TemplatesProvider>
    </CaseworkProvider>
  );
}
