import type { RoutingStrategy } from '../../shared/schemas/routing';

/** How the record store routes 96110 calls (issue 16); every field has a default. */
export interface RoutingConfig {
  strategy: RoutingStrategy;
  /** How long one agent rings before the PBX asks for the next. */
  ringMs: number;
  /** How soon a waiting call asks again. */
  retryMs: number;
  /** Longest a caller waits in the queue before the overflow destination (0: no limit). */
  maxWaitMs: number;
  /** Where callers go after `maxWaitMs` (a SIP user at the PBX, e.g. a voicemail or another centre). */
  overflowTarget: string;
  /** After-call work: how long an agent wraps up before going ready by itself (served to workstations at sign-in). */
  wrapUpMs: number;
  /** An agent who let an offer ring out is not offered again for this long. */
  missedRestMs: number;
  /** Shared secret the PBX sends in `x-pbx-secret`; absent: only loopback callers are served. */
  pbxSecret?: string;
  /** The clock (tests pin it). */
  now: () => number;
}

/** Defaults: longest idle, 15 s ring, ask again every second, 5 min in the queue at most, 60 s wrap-up. */
export const DEFAULT_ROUTING_CONFIG: RoutingConfig = {
  strategy: 'longest-idle',
  ringMs: 15_000,
  retryMs: 1_000,
  maxWaitMs: 300_000,
  overflowTarget: 'overflow',
  missedRestMs: 10_000,
  wrapUpMs: 60_000,
  now: () => Date.now(),
};

/** The full routing config from the server config's partial one. */
export function routingConfigOf(partial: Partial<RoutingConfig> | undefined): RoutingConfig {
  return { ...DEFAULT_ROUTING_CONFIG, ...partial };
}
