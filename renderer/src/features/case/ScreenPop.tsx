import { Badge, Group, Stack, Text } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useContext, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizeNumber } from '@shared/phone/normalize';
import { caseNumberOf } from '@shared/schemas/case-number';
import { earlierContacts } from '../../storage/case-repository';
import type { DeskDb } from '../../storage/db';
import { lookupCacheKey } from '../../storage/lookup-cache';
import type { CallInfo } from '../../softphone/types';
import { WorkstationContext } from '../../state/workstation-context';
import { formatClock } from '../../ui/format-time';
import { LinkedRecords, useScreenPopLinks, type ScreenPopLinksDeps } from '../history';

/**
 * On ring: the caller's normalised number and earlier calls and cases from local storage,
 * then the record store's linked records (open warning instructions, freeze records on the
 * phone), bound to the call's SIP Call-ID. `links` overrides the workstation's client (tests).
 */
export function ScreenPop({ db, call, links }: { db: DeskDb; call: CallInfo; links?: ScreenPopLinksDeps | null }) {
  const { t, i18n } = useTranslation();
  const ws = useContext(WorkstationContext);
  const fromWorkstation = useMemo<ScreenPopLinksDeps | null>(() => (ws ? { api: ws.recordStore, db, cacheKey: () => lookupCacheKey(ws.host) } : null), [ws, db]);
  const linked = useScreenPopLinks(links === undefined ? fromWorkstation : links, call);
  const contacts = useLiveQuery(() => earlierContacts(db, call.remoteNumber, call.id), [db, call.id, call.remoteNumber]);
  const number = normalizeNumber(call.remoteNumber);
  return (
    <Stack gap={4} data-testid="screen-pop" data-call-id={call.id}>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          {t('case.screenPop.title')}: {number.e164 ?? call.remoteNumber}
        </Text>
        {number.overseas && (
          <Badge color="red" data-testid="screen-pop-overseas">
            {t('case.screenPop.overseas')}
          </Badge>
        )}
      </Group>
      {contacts && contacts.calls.length === 0 && contacts.cases.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('case.screenPop.none')}
        </Text>
      )}
      {contacts && contacts.calls.length > 0 && (
        <Text size="xs" data-testid="screen-pop-calls" data-count={contacts.calls.length}>
          {t('case.screenPop.calls', { count: contacts.calls.length })} · {formatClock(contacts.calls[0]!.startedAt, i18n.language)}
        </Text>
      )}
      {contacts?.cases.slice(0, 5).map((c) => (
        <Text key={c.id} size="xs" data-testid="screen-pop-case">
          {caseNumberOf(c)} · {formatClock(c.createdAt, i18n.language)} · {t(`case.callType.${c.callType}`)}
          {c.disposition ? ` · ${t(`case.disposition.${c.disposition}`)}` : ''}
          {c.fraudType ? ` · ${t(`case.fraudType.${c.fraudType}`)}` : ''}
        </Text>
      ))}
      <LinkedRecords outcome={linked} />
    </Stack>
  );
}
