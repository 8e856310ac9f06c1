import { backoffDelay } from '../softphone/backoff';
import { RecordStoreHttpError, type RecordStoreClient } from './record-store-client';

/** `open`: pokes arrive; `connecting`: (re)connecting after a loss; `off`: stopped or waiting for a sign-in. */
export type EventStreamState = 'open' | 'connecting' | 'off';

export interface EventStreamOptions {
  /** A poke: the org unit has changes up to `seq`. Only ever a reason to pull. */
  onPoke: (seq: number) => void;
  /** The stream (re)opened: pokes may have been missed meanwhile. */
  onOpen?: () => void;
  onState?: (state: EventStreamState) => void;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** No byte for this long (the server sends a heartbeat every ~15 s) means a dead connection. */
  idleTimeoutMs?: number;
}

/** One parsed event of a `text/event-stream`. */
export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/**
 * Splits SSE text into events, keeping an unfinished tail for the next chunk. Comments
 * (heartbeats) and `retry:` lines are dropped.
 */
export function parseSse(buffer: string): { events: SseEvent[]; rest: string } {
  const normalised = buffer.replace(/\r\n?/g, '\n');
  const blocks = normalised.split('\n\n');
  const rest = blocks.pop() ?? '';
  const events: SseEvent[] = [];
  for (const block of blocks) {
    const event: SseEvent = { event: 'message', data: '' };
    let hasData = false;
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') event.id = value;
      else if (field === 'event') event.event = value;
      else if (field === 'data') {
        event.data = hasData ? `${event.data}\n${value}` : value;
        hasData = true;
      }
    }
    if (hasData || event.id !== undefined) events.push(event);
  }
  return { events, rest };
}

/**
 * The record store's event stream, read with fetch (the token travels in a header, never in
 * a URL) and kept open: reconnects with capped backoff and sends the last seen seq as
 * Last-Event-ID, so the server pokes at once if anything happened while it was away.
 * A 401 parks it until `reconnect()` (after a new sign-in).
 */
export class EventStream {
  private stopped = true;
  private abort: AbortController | null = null;
  private wake: (() => void) | null = null;
  private failures = 0;
  private lastEventId: string | null = null;
  private state: EventStreamState = 'off';
  private loop: Promise<void> | null = null;
  private readonly opts: Required<Omit<EventStreamOptions, 'onOpen' | 'onState'>> & Pick<EventStreamOptions, 'onOpen' | 'onState'>;

  constructor(
    private readonly client: Pick<RecordStoreClient, 'openEvents'>,
    options: EventStreamOptions,
  ) {
    this.opts = { backoffBaseMs: 1000, backoffCapMs: 30_000, idleTimeoutMs: 45_000, ...options };
  }

  get current(): EventStreamState {
    return this.state;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.runLoop();
  }

  /** Stops and resolves when the connection is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
    await this.loop;
    this.loop = null;
    this.setState('off');
  }

  /** Reconnects now (after a sign-in, or when the network came back), skipping any backoff wait. */
  reconnect(): void {
    this.failures = 0;
    this.abort?.abort();
    this.wake?.();
  }

  private async runLoop(): Promise<void> {
    while (!this.stopped) {
      let parked = false;
      try {
        await this.connectOnce();
      } catch (error) {
        parked = error instanceof RecordStoreHttpError && error.status === 401;
      }
      if (this.stopped) break;
      this.setState(parked ? 'off' : 'connecting');
      // Parked: only reconnect() wakes it. Otherwise wait out the backoff (reconnect() cuts it short).
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        if (!parked) setTimeout(resolve, backoffDelay(this.failures++, { baseMs: this.opts.backoffBaseMs, capMs: this.opts.backoffCapMs }));
      });
      this.wake = null;
    }
  }

  private async connectOnce(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    this.setState('connecting');
    let idle: ReturnType<typeof setTimeout> | undefined;
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => abort.abort(), this.opts.idleTimeoutMs);
    };
    try {
      touch();
      const body = await this.client.openEvents(this.lastEventId, abort.signal);
      this.failures = 0;
      this.setState('open');
      this.opts.onOpen?.();
      const reader = body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      abort.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined));
      for (;;) {
        const { value, done } = await reader.read();
        if (done || abort.signal.aborted) return;
        touch();
        const parsed = parseSse(buffer + decoder.decode(value, { stream: true }));
        buffer = parsed.rest;
        for (const event of parsed.events) this.dispatch(event);
      }
    } finally {
      clearTimeout(idle);
      abort.abort();
    }
  }

  private dispatch(event: SseEvent): void {
    if (event.id !== undefined) this.lastEventId = event.id;
    if (event.event !== 'poke') return;
    const seq = Number(event.id ?? NaN);
    this.opts.onPoke(Number.isFinite(seq) ? seq : 0);
  }

  private setState(state: EventStreamState): void {
    if (state === this.state) return;
    this.state = state;
    this.opts.onState?.(state);
  }
}
