import { SmsSendError, type SmsProvider } from './sms-provider';

/** Where and how the HTTP gateway is reached (ServerConfig.sms, from SMS_GATEWAY_* in the environment). */
export interface HttpSmsGatewayOptions {
  /** The gateway's send endpoint, e.g. `https://sms-gw.example/api/send`. */
  url: string;
  /** Sent as `Authorization: Bearer <key>`; never logged. */
  apiKey: string;
  /** Longest wait for one answer; a timeout is a retryable failure. */
  timeoutMs: number;
  /** Name stored in `sms_outbox.provider`. */
  name?: string;
}

/**
 * A generic JSON gateway: `POST url` with `{ to, body, reference }` (reference: the outbox id,
 * also sent as `Idempotency-Key`, the same on every call for one message). A gateway that
 * honours the key drops the rare re-send: after a lost answer, or when a dispatcher died
 * mid-call and another took the message again once its claim's lease ended (sms-delivery.ts). 2xx is delivered (message id from `messageId` or `id` of the JSON answer);
 * 5xx, 408, 429, timeouts and network errors are retryable; any other status is a refusal
 * that retrying will not change (bad number, bad key).
 */
export function httpSmsProvider(options: HttpSmsGatewayOptions): SmsProvider {
  const name = options.name ?? 'http';
  return {
    name,
    async send({ outboxId, to, body }) {
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}`, 'idempotency-key': outboxId },
          body: JSON.stringify({ to, body, reference: outboxId }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        throw new SmsSendError(timedOut ? `gateway timed out after ${options.timeoutMs} ms` : `gateway unreachable: ${(error as Error).message}`, true);
      }
      const text = await response.text().catch(() => '');
      if (!response.ok) {
        const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
        throw new SmsSendError(`gateway answered ${response.status}: ${text.slice(0, 200)}`, retryable);
      }
      return { providerMessageId: messageIdOf(text) ?? `${name}-${outboxId}` };
    },
  };
}

function messageIdOf(text: string): string | null {
  try {
    const answer = JSON.parse(text) as { messageId?: unknown; id?: unknown };
    const id = answer.messageId ?? answer.id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  } catch {
    return null;
  }
}
