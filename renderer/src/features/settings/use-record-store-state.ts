import { useEffect, useState } from 'react';
import type { HostApi } from '@shared/host-api';
import type { RecordStoreState } from '@shared/ipc/record-store';

/** The host's record store state, live (`event:record-store`); null until the first answer. */
export function useRecordStoreState(host: HostApi): RecordStoreState | null {
  const [state, setState] = useState<RecordStoreState | null>(null);
  useEffect(() => {
    let live = true;
    // An event that arrives before the first answer is newer: keep it.
    let heard = false;
    const off = host.on('event:record-store', (next) => {
      heard = true;
      setState(next);
    });
    host.recordStore.state().then(
      (first) => live && !heard && setState(first),
      // A host that cannot say is treated as a configured store: sign-in then reports what happens.
      () => live && !heard && setState({ state: 'central' }),
    );
    return () => {
      live = false;
      off();
    };
  }, [host]);
  return state;
}
