import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { sessionOf } from '../auth/authenticate';
import { sessionAlive } from '../auth/sessions';
import { queryRows, type Orm } from '../db/database';
import { CHANGES_CHANNEL, decodeNotice } from '../events/change-notice';
import { EventHub } from '../events/event-hub';
import { pullScope } from '../sync/pull-scope';
import type { RouteDeps } from './route-deps';

/** setTimeout's ceiling; a session ending later than this is not cut by the timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const EventsHeadersSchema = z.object({
  /** The seq of the last poke the client saw (SSE reconnect); digits only. */
  'last-event-id': z.string().regex(/^\d{1,15}$/, 'seq').optional(),
});

/** The newest change an org unit can pull (0 when it has none). */
async function latestSeqInUnit(orm: Orm, orgUnitId: string): Promise<number> {
  const [row] = await queryRows<{ seq: string | number }>(orm, sql`SELECT coalesce(max(seq), 0) AS seq FROM change_log WHERE org_unit_id = ${orgUnitId}`);
  return Number(row?.seq ?? 0);
}

/**
 * GET sync/events: a `text/event-stream` of pokes (`id: <seq>`, `event: poke`) for changes
 * in the caller's org units (`pullScope`), fanned out across instances by LISTEN/NOTIFY. Authenticated by
 * the ordinary Bearer header (clients read it with fetch, so tokens stay out of URLs) and
 * ended when the session expires or is ended (re-checked every heartbeat), so a revoked
 * sign-in does not keep a live feed.
 */
export const eventsRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, config }) => {
  const hub = new EventHub({ heartbeatMs: config.sseHeartbeatMs, latestSeq: (unit) => latestSeqInUnit(db.orm, unit) });
  const unlisten = await db.listen(
    CHANGES_CHANNEL,
    (payload) => {
      const notice = decodeNotice(payload);
      if (notice) hub.notify(notice);
    },
    () => void hub.resync(),
  );
  // preClose runs before the HTTP server waits for open connections: end the streams first.
  app.addHook('preClose', (done) => {
    hub.close();
    done();
  });
  app.addHook('onClose', async () => {
    await unlisten();
  });

  app.get(
    '/sync/events',
    {
      // A stream of pokes must reach the client as each is written, never wait in a compressor.
      compress: false,
      schema: {
        tags: ['sync'],
        summary: "Server-sent pokes when the caller's org unit has new changes",
        headers: EventsHeadersSchema,
        response: { '4xx': ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const lastEventId = request.headers['last-event-id'];
      const raw = reply.raw;
      reply.hijack();
      raw.writeHead(200, {
        // Headers set by earlier hooks (CORS) would be lost with the hijack; carry them over.
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 2000\n\n');
      let ended = false;
      const sink = {
        write: (chunk: string) => {
          if (!ended) raw.write(chunk);
        },
        end: () => {
          if (ended) return;
          ended = true;
          raw.end();
        },
      };
      const expiry = setTimeout(() => sink.end(), Math.min(MAX_TIMER_MS, Math.max(0, session.expiresAt - Date.now())));
      expiry.unref();
      // A session ended early (logout, disabled user, lockout, password reset) ends the feed
      // within one heartbeat. A failed check (database away) keeps it: expiry still applies.
      const recheck = setInterval(() => {
        sessionAlive(db.orm, session.tokenHash).then(
          (alive) => {
            if (!alive) sink.end();
          },
          () => undefined,
        );
      }, config.sseHeartbeatMs);
      recheck.unref();
      let remove: (() => void) | null = null;
      let gone = false;
      raw.on('close', () => {
        gone = true;
        ended = true;
        clearTimeout(expiry);
        clearInterval(recheck);
        remove?.();
      });
      remove = await hub.add(await pullScope(db.orm, session.user), sink, lastEventId === undefined ? null : Number(lastEventId));
      if (gone) remove();
    },
  );
};
