import pg from 'pg';

/** LISTEN needs an identifier, not a bind parameter; only plain names are accepted. */
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/** First delay before re-opening a lost listening connection; doubles per failed attempt up to the cap. */
const RECONNECT_MS = 1000;
const RECONNECT_CAP_MS = 15_000;

export function assertChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`invalid notification channel name: ${channel}`);
}

/**
 * LISTENs on PostgreSQL with a dedicated connection (a pooled one would be handed to other
 * queries and lose the subscription). When that connection drops it is re-opened, and
 * `onGap` reports that notifications may have been missed meanwhile.
 */
export async function listenPostgres(url: string, channel: string, onNotify: (payload: string) => void, onGap?: () => void): Promise<() => Promise<void>> {
  assertChannel(channel);
  let stopped = false;
  let current: pg.Client | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  // Backoff so a database that stays down is not hammered; reset once LISTEN works again.
  const later = () => {
    retry = setTimeout(reopen, Math.min(RECONNECT_CAP_MS, RECONNECT_MS * 2 ** failures));
    failures++;
  };

  const open = async (): Promise<void> => {
    // keepAlive: a half-open connection (no FIN from a vanished host) is detected, not trusted forever.
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (current === client) current = null;
      if (!stopped) later();
    };
    client.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '');
    });
    // A dropped connection emits 'error' and/or 'end'; either way we reconnect once.
    client.on('error', onLost);
    client.on('end', onLost);
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (error) {
      lost = true; // this attempt's failure is reported to the caller, not retried here
      await client.end().catch(() => undefined);
      throw error;
    }
    if (stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    current = client;
  };

  const reopen = (): void => {
    open().then(
      () => {
        failures = 0;
        if (!stopped) onGap?.();
      },
      () => {
        if (!stopped) later();
      },
    );
  };

  await open();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const client = current;
    current = null;
    await client?.end().catch(() => undefined);
  };
}
