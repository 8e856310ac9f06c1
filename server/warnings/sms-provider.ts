import type { Orm } from '../db/database';
import { smsDevMessages } from '../db/schema';

/** A gateway that delivers one SMS. Real providers (the 12381 system, an operator gateway) implement this. */
export interface SmsProvider {
  readonly name: string;
  /** Resolves with the provider's message id; throws (an SmsSendError where it can tell) when it was not delivered. */
  send(message: { outboxId: string; to: string; body: string }): Promise<{ providerMessageId: string }>;
}

/** A delivery failure that says whether trying again may help (a timeout may; a refused number will not). */
export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

/** Retrying helps unless the provider said it will not (errors of unknown kind are retried). */
export const isRetryable = (error: unknown): boolean => !(error instanceof SmsSendError) || error.retryable;

/** Development provider: "delivers" by writing sms_dev_messages, which tests and demos read. */
export function devSmsProvider(orm: Orm): SmsProvider {
  return {
    name: 'dev',
    async send({ outboxId, to, body }) {
      const [row] = await orm.insert(smsDevMessages).values({ toNumber: to, body, outboxId }).returning({ id: smsDevMessages.id });
      return { providerMessageId: `dev-${row?.id}` };
    },
  };
}
