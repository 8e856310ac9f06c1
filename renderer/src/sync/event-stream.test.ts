import { afterEach, describe, expect, it } from 'vitest';
import { EventStream, parseSse } from './event-stream';
import { RecordStoreHttpError, RecordStoreUnreachableError } from './record-store-client';

describe('parseSse', () => {
  it('splits events, drops comments, keeps an unfinished tail, and accepts CRLF', () => {
    const { events, rest } = parseSse('retry: 2000\n\n: heartbeat\n\nid: 7\nevent: poke\ndata: {"seq":7}\n\nid: 8\r\nevent: poke\r\ndata: {"seq":8}\r\n\r\nid: 9\nevent: po');
    expect(events).toEqual([
      { id: '7', event: 'poke', data: '{"seq":7}' },
      { id: '8', event: 'poke', data: '{"seq":8}' },
    ]);
    expect(rest).toBe('id: 9\nevent: po');
  });
});

/** A scripted record store: each openEvents call takes the next behaviour and records the Last-Event-ID it was sent. */
function scriptedClient(script: Array<'unreachable' | 'unauthorized' | string[]>) {
  const lastIds: Array<string | null> = [];
  const controllers: ReadableStreamDefaultController<Uint8Array>[] = [];
  const client = {
    openEvents: async (lastEventId: string | null) => {
      lastIds.push(lastEventId);
      const step = script.shift() ?? [];
      if (step === 'unreachable') throw new RecordStoreUnreachableError(new Error('refused'));
      if (step === 'unauthorized') throw new RecordStoreHttpError(401, 'unauthorized', 'expired');
      const encoder = new TextEncoder();
      return new ReadableStream<Uint8Array>({
        start(controller) {
          controllers.push(controller);
          for (const chunk of step) controller.enqueue(encoder.encode(chunk));
          // Ends the stream (server restart) after the scripted chunks.
          if (step.length > 0) controller.close();
        },
      });
    },
  };
  return { client, lastIds, controllers };
}

describe('EventStream', () => {
  let stream: EventStream | undefined;
  afterEach(async () => {
    await stream?.stop();
  });

  it('reports pokes, and reconnects after a loss with the last seen id as Last-Event-ID', async () => {
    const { client, lastIds } = scriptedClient([['id: 3\nevent: poke\ndata: {"seq":3}\n\n', 'id: 5\nevent: po', 'ke\ndata: {"seq":5}\n\n'], 'unreachable', []]);
    const pokes: number[] = [];
    let opens = 0;
    stream = new EventStream(client, { onPoke: (seq) => pokes.push(seq), onOpen: () => opens++, backoffBaseMs: 10, backoffCapMs: 20 });
    stream.start();
    await expect.poll(() => lastIds.length, { timeout: 3000 }).toBe(3);
    expect(pokes).toEqual([3, 5]);
    expect(lastIds).toEqual([null, '5', '5']);
    await expect.poll(() => stream!.current).toBe('open');
    expect(opens).toBe(2);
  });

  it('parks on 401 and only comes back when told to reconnect (after a new sign-in)', async () => {
    const { client, lastIds } = scriptedClient(['unauthorized', []]);
    stream = new EventStream(client, { onPoke: () => undefined, backoffBaseMs: 10, backoffCapMs: 20 });
    stream.start();
    await expect.poll(() => stream!.current).toBe('off');
    await new Promise((r) => setTimeout(r, 100));
    expect(lastIds).toHaveLength(1);
    stream.reconnect();
    await expect.poll(() => stream!.current).toBe('open');
    expect(lastIds).toHaveLength(2);
  });

  it('treats a silent connection as dead and reconnects', async () => {
    const { client, lastIds } = scriptedClient([[], []]);
    stream = new EventStream(client, { onPoke: () => undefined, backoffBaseMs: 10, backoffCapMs: 20, idleTimeoutMs: 50 });
    stream.start();
    await expect.poll(() => lastIds.length, { timeout: 3000 }).toBeGreaterThanOrEqual(2);
  });
});
