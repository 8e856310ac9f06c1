import type { FastifyInstance } from 'fastify';
import { findUnsafeText, type UnsafeTextFinding } from '../../shared/text/safe-text';
import { ApiHttpError } from './api-error';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route checks the text of `body.mutations[*]` itself, per mutation (sync push), so
     * one bad mutation is refused alone instead of failing the whole batch.
     */
    perMutationText?: boolean;
  }
}

const refuse = (where: string, finding: UnsafeTextFinding, field = `${where}.${finding.path}`) =>
  new ApiHttpError(400, 'invalid', `Invalid ${where}: ${field}: ${finding.code}`, { [field]: finding.code });

/** 1-based line of the first NUL or lone surrogate in a text body (CSV), so the row is named. */
function lineOf(text: string): number {
  for (const [i, line] of text.split('\n').entries()) if (findUnsafeText(line)) return i + 1;
  return 1;
}

/**
 * The shared text rule (`shared/text/safe-text.ts`) at the record store's door: every path
 * parameter, query value and body string of every route, keys included, before any schema
 * or handler sees it. The schemas apply the same rule field by field; this guard also covers
 * what no schema types (CSV bodies, `unknown` payloads, object keys), so NUL or a lone
 * surrogate never reaches PostgreSQL (which answers them with an error, i.e. a 500).
 */
export function installTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [where, value] of [['params', request.params], ['querystring', request.query]] as const) {
      const found = findUnsafeText(value);
      if (found) throw refuse(where, found);
    }
    const body: unknown = request.body;
    if (typeof body === 'string') {
      const found = findUnsafeText(body);
      if (found) throw refuse('body', found, `body.line${lineOf(body)}`);
      return;
    }
    if (request.routeOptions.config.perMutationText && body && typeof body === 'object' && !Array.isArray(body)) {
      const { mutations: _checkedPerMutation, ...rest } = body as Record<string, unknown>;
      const found = findUnsafeText(rest);
      if (found) throw refuse('body', found);
      return;
    }
    const found = findUnsafeText(body);
    if (found) throw refuse('body', found);
  });
}
