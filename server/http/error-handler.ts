import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ApiError } from '../../shared/schemas/auth';
import { isDatabaseUnavailable } from '../db/db-unavailable';
import { ApiHttpError } from './api-error';

/** Message codes that are ours (e.g. `phone-number` from PhoneNumberSchema) rather than zod's prose. */
const MESSAGE_CODE = /^[a-z][a-z0-9-]{0,40}$/;

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: { errors?: Array<Array<{ message?: string; code?: string }>> };
}

/**
 * One code per issue: our own message code when the schema set one, else zod's issue code.
 * For a union (e.g. a number or `anonymous`) zod only says "invalid_union"; the first
 * branch's own code (`phone-number`) is what a person can act on.
 */
function issueCode(issue: ValidationIssue): string {
  if (issue.message && MESSAGE_CODE.test(issue.message)) return issue.message;
  if (issue.keyword === 'invalid_union') {
    for (const branch of issue.params?.errors ?? []) {
      const own = branch.find((i) => i.message && MESSAGE_CODE.test(i.message));
      if (own?.message) return own.message;
    }
  }
  return issue.keyword;
}

/** `/mutations/0/args/remoteNumber` → `mutations.0.args.remoteNumber` (body-relative, like the client's own paths). */
const fieldPath = (instancePath: string): string => instancePath.replace(/^\//, '').split('/').join('.') || '(root)';

function toApiError(error: FastifyError | ApiHttpError | Error): { status: number; body: ApiError } {
  if (error instanceof ApiHttpError) {
    return { status: error.status, body: { error: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields: Record<string, string> = {};
    for (const issue of error.validation as unknown as ValidationIssue[]) {
      const path = fieldPath(issue.instancePath);
      fields[path] ??= issueCode(issue);
    }
    const where = (error as FastifyError).validationContext ?? 'request';
    const list = Object.entries(fields).map(([path, code]) => `${path}: ${code}`);
    const shown = list.slice(0, 5).join('; ') + (list.length > 5 ? `; and ${list.length - 5} more` : '');
    return { status: 400, body: { error: 'invalid', message: `Invalid ${where}: ${shown}`, fields } };
  }
  const fastifyError = error as FastifyError;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { error: 'too-large', message: 'Request body is too large.' } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: { error: 'unsupported-media-type', message: 'Send application/json (freeze-record ingest also takes text/csv).' } };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { error: 'malformed', message: 'The JSON body is empty.', fields: { body: 'empty' } } };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: { error: 'malformed', message: 'The body is not valid JSON.', fields: { body: 'malformed-json' } } };
  }
  if (isDatabaseUnavailable(error)) {
    // A restart or a dropped connection mid-request: nothing was committed, so a retry is safe.
    return { status: 503, body: { error: 'unavailable', message: 'The database is unavailable for a moment; retry the request.' } };
  }
  if (fastifyError.code === 'FST_ERR_BAD_URL') {
    // The router could not decode the path (e.g. `%E0%A4%A`, an encoded lone surrogate).
    return { status: 400, body: { error: 'invalid', message: 'Invalid path: it holds bad percent-encoding (not UTF-8).', fields: { path: 'bad-encoding' } } };
  }
  const status = fastifyError.statusCode ?? 500;
  if (error instanceof SyntaxError && status === 400) {
    return { status: 400, body: { error: 'malformed', message: `The body is not valid JSON: ${error.message}`, fields: { body: 'malformed-json' } } };
  }
  if (status >= 400 && status < 500) {
    // Any other client mistake Fastify detected (bad content length, bad URL…): keep its status.
    // A 400 still names what was wrong: the request part Fastify complained about.
    return { status, body: { error: status === 404 ? 'not-found' : 'invalid', message: error.message, ...(status === 400 ? { fields: { request: String(fastifyError.code ?? 'invalid') } } : {}) } };
  }
  return { status: 500, body: { error: 'internal', message: 'Internal error; it has been logged.' } };
}

/**
 * Fastify's `frameworkErrors` option: errors raised before a route is found (a path the
 * router cannot decode) leave through the same ApiError shape as everything else.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toApiError(error);
  request.log.info({ status, code: body.error }, 'request rejected');
  void reply.code(status).type('application/json').send(body);
}

/**
 * The single error path: every failure leaves as ApiErrorSchema JSON with the right 4xx,
 * and only genuine server faults become 500 (logged, details never sent to the client).
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toApiError(error);
    if (status === 503) {
      request.log.warn({ err: error }, 'database unavailable');
      void reply.header('retry-after', '1');
    } else if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status, code: body.error }, 'request rejected');
    return reply.code(status).type('application/json').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ApiError = { error: 'not-found', message: `No route ${request.method} ${request.url.split('?')[0]}` };
    return reply.code(404).send(body);
  });
}
