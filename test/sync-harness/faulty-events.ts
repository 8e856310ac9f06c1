import { RecordStoreHttpError, RecordStoreUnreachableError, type RecordStoreClient } from '../../renderer/src/sync/record-store-client';

/**
 * One workstation's poke stream to the record store's real SSE endpoint (over loopback
 * HTTP, read by the real `EventStream`), with faults the harness switches at step
 * boundaries: the connection dies mid-stream, reconnects are refused for a while, and
 * pokes arrive twice. It also checks what the client sends back: every reconnect must carry
 * as Last-Event-ID the last poke that client saw, or none before its first.
 */
export class FaultyEvents implements Pick<RecordStoreClient, 'openEvents'> {
  /** Reconnects are refused (the network is down for the stream only). */
  refusing = false;
  /** Probability that a poke frame is delivered twice. */
  duplicate = 0;
  /** Highest poke seq this client's stream handed on (set by the harness's onPoke). */
  lastPoke = 0;
  connects = 0;
  /** Reconnects that carried the right Last-Event-ID (not counting the first connect). */
  resumed = 0;
  readonly problems: string[] = [];
  private current: AbortController | null = null;

  constructor(
    private readonly url: () => string,
    private readonly token: string,
    private readonly chance: (p: number) => boolean,
  ) {}

  async openEvents(lastEventId: string | null, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const expected = this.lastPoke > 0 ? String(this.lastPoke) : null;
    if (lastEventId !== expected) this.problems.push(`reconnected with Last-Event-ID ${lastEventId} after seeing poke ${expected}`);
    else if (this.connects > 0) this.resumed++;
    this.connects++;
    if (this.refusing) throw new RecordStoreUnreachableError(new Error('event stream refused'));
    const abort = new AbortController();
    const onAbort = () => abort.abort();
    signal.addEventListener('abort', onAbort);
    const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${this.token}` };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    let response: Response;
    try {
      response = await fetch(new URL('/api/v1/sync/events', this.url()), { headers, signal: abort.signal });
    } catch (error) {
      throw new RecordStoreUnreachableError(error);
    }
    if (!response.ok || !response.body) throw new RecordStoreHttpError(response.status, `http-${response.status}`, await response.text().catch(() => ''));
    this.current = abort;
    const decoder = new TextDecoder();
    const twice = (chunk: Uint8Array) => {
      const text = decoder.decode(chunk, { stream: true });
      // Only whole poke frames are doubled, so the copy parses as one more identical event.
      return text.includes('event: poke') && text.endsWith('\n\n') && this.chance(this.duplicate);
    };
    return response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          controller.enqueue(chunk);
          if (twice(chunk)) controller.enqueue(chunk);
        },
      }),
    );
  }

  /** The connection dies mid-stream (the client notices and reconnects after its backoff). */
  drop(): void {
    this.current?.abort();
    this.current = null;
  }
}
