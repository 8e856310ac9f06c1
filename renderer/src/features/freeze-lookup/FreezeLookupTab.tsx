import { useLiveQuery } from 'dexie-react-hooks';
import { memo, useEffect, useMemo, type Ref } from 'react';
import { useCasework } from '../../state/casework-context';
import { caseForCall } from '../../storage/case-repository';
import { lookupCacheKey, purgeExpiredLookups } from '../../storage/lookup-cache';
import { useClickToDial } from '../../state/use-click-to-dial';
import { useWorkstation } from '../../state/workstation-context';
import { useCaseCallView, useDisplayName } from '../../state/use-workstation-selector';
import { FreezeLookupPanel } from './FreezeLookupPanel';

/** The look-up panel wired to the signed-in workstation (record store, local cache, phone). */
export const FreezeLookupTab = memo(function FreezeLookupTab({ inputRef }: { inputRef?: Ref<HTMLInputElement> }) {
  const ws = useWorkstation();
  const dial = useClickToDial();
  const db = ws.database;
  // On a consultation leg the look-up still serves the held caller's case.
  const call = useCaseCallView();
  const agentName = useDisplayName();
  const callId = call?.id ?? null;
  const caseId = useLiveQuery(async () => (db && callId ? ((await caseForCall(db, callId))?.id ?? null) : null), [db, callId], null);
  // Answers left from an earlier session (a crash skips the sign-out purge) go by their TTL.
  useEffect(() => {
    if (db) void purgeExpiredLookups(db).catch(() => undefined);
  }, [db]);
  // Every call starts clean: the previous caller's picked record goes with their call.
  const { setFreezeRecord } = useCasework();
  useEffect(() => setFreezeRecord(null), [callId, setFreezeRecord]);
  const deps = useMemo(() => ({ api: ws.recordStore, db, cacheKey: () => lookupCacheKey(ws.host) }), [ws, db]);
  // Keyed by the call: a new call never shows the last caller's query, result or notice.
  return <FreezeLookupPanel key={callId ?? 'none'} deps={deps} callerNumber={call?.remoteNumber ?? null} agentName={agentName} onDial={dial} caseId={caseId} inputRef={inputRef} />;
});
