import type { FastifyInstance } from 'fastify';
import type { Orm } from '../db/database';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from './sms-delivery';
import { startSmsDispatcher, type SmsDispatcher } from './sms-dispatcher';
import { httpSmsProvider } from './sms-http-provider';
import { devSmsProvider, type SmsProvider } from './sms-provider';

/** SMS delivery settings (ServerConfig.sms; SMS_* in the environment, see config.ts). */
export interface SmsServerConfig {
  /** Pause between the background dispatcher's drains; 0: no dispatcher (apps built in code, unless they ask). */
  dispatchIntervalMs: number;
  /** Provider calls per message in all (the quick drain's, the dispatchers' and any instance's), the first included. */
  maxAttempts: number;
  /** Wait before the second call, doubled before each further one. */
  retryBaseMs: number;
  /** The HTTP gateway's send URL; absent: the development provider (sms_dev_messages). */
  gatewayUrl?: string;
  /** The gateway's API key (required with a URL). */
  gatewayApiKey?: string;
  /** Longest wait for the gateway's answer. */
  gatewayTimeoutMs: number;
}

export const DEFAULT_SMS_CONFIG: SmsServerConfig = { dispatchIntervalMs: 0, maxAttempts: DEFAULT_DELIVERY_POLICY.maxAttempts, retryBaseMs: DEFAULT_DELIVERY_POLICY.retryBaseMs, gatewayTimeoutMs: DEFAULT_DELIVERY_POLICY.sendTimeoutMs };

/** The effective SMS settings: defaults overridden by ServerConfig.sms. */
export const smsConfigOf = (overrides: Partial<SmsServerConfig> | undefined): SmsServerConfig => ({ ...DEFAULT_SMS_CONFIG, ...overrides });

/** The dispatcher's delivery policy. */
export const deliveryPolicyOf = (sms: SmsServerConfig): DeliveryPolicy => ({ maxAttempts: sms.maxAttempts, retryBaseMs: sms.retryBaseMs, sendTimeoutMs: sms.gatewayTimeoutMs });

/**
 * The policy of the quick drain right after a request queued an SMS: one call per message, and
 * a retryable failure goes back to the queue with its backoff for the dispatcher's retries (the
 * agent's click never waits out backoffs). Its call counts toward the same `maxAttempts`.
 */
export const quickDeliveryPolicyOf = (sms: SmsServerConfig): DeliveryPolicy => ({ ...deliveryPolicyOf(sms), retryInDrain: false });

/** The provider in force: an injected one (tests), else the HTTP gateway when configured, else the development provider. */
export function smsProviderOf(sms: SmsServerConfig, orm: Orm, injected?: SmsProvider): SmsProvider {
  if (injected) return injected;
  if (sms.gatewayUrl) {
    if (!sms.gatewayApiKey) throw new Error('sms.gatewayApiKey is required with sms.gatewayUrl');
    return httpSmsProvider({ url: sms.gatewayUrl, apiKey: sms.gatewayApiKey, timeoutMs: sms.gatewayTimeoutMs });
  }
  return devSmsProvider(orm);
}

/** Starts the background dispatcher when the app is ready and stops it when the app closes (when the interval is > 0). */
export function attachSmsDispatcher(app: FastifyInstance, orm: Orm, sms: SmsServerConfig, injected?: SmsProvider): void {
  if (sms.dispatchIntervalMs <= 0) return;
  let dispatcher: SmsDispatcher | null = null;
  app.addHook('onReady', async () => {
    dispatcher = startSmsDispatcher(orm, smsProviderOf(sms, orm, injected), {
      intervalMs: sms.dispatchIntervalMs,
      policy: deliveryPolicyOf(sms),
      report: (outcome) => (outcome instanceof Error ? app.log.error({ err: outcome }, 'SMS dispatch failed; messages stay queued') : app.log.info(outcome, 'SMS dispatched')),
    });
  });
  app.addHook('onClose', async () => {
    await dispatcher?.stop();
    dispatcher = null;
  });
}
