import { z } from 'zod';
import type { WarningServerConfig } from './warnings/grade-config';
import type { SmsServerConfig } from './warnings/sms-setup';
import type { RoutingConfig } from './routing/routing-config';

/** Everything the record store can be told; `loadConfig` builds it from the environment. */
export interface ServerConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** PostgreSQL URL; absent means embedded PGlite. */
  databaseUrl?: string;
  /**
   * PostgreSQL URL of the tables' owner, used only to migrate at start. Production sets it so
   * that `databaseUrl` can be a login of the `hotline_app` role, which may not run DDL (README).
   */
  migrationDatabaseUrl?: string;
  /** PGlite data dir; absent or `memory://` means in memory. */
  pgliteDir?: string;
  /** Create the demo org unit and users at start (idempotent). */
  seedDemo: boolean;
  /** Extra allowed CORS origins, on top of the app and loopback origins. */
  corsOrigins: string[];
  /** Bind to a non-loopback address only when explicitly allowed. */
  allowNonLoopback: boolean;
  sessionTtlMs: number;
  lockout: { maxFailures: number; durationMs: number };
  /** Sign-in attempts allowed per client address per window (answers 429 beyond). */
  loginRateLimit: { max: number; windowMs: number };
  /** argon2id cost; tests lower it, production keeps the library's recommended defaults. */
  argon2: { memoryCost: number; timeCost: number };
  /** Largest accepted request body (a full push batch is ≤ 1 MB). */
  bodyLimit: number;
  /** pino level, or `silent` for no request log. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Interval of the heartbeat comment on sync event streams. */
  sseHeartbeatMs: number;
  /** How often the change log is compacted (superseded rows, old tombstones); 0 turns it off. */
  compactionIntervalMs: number;
  /** How long an acknowledged push result is kept before compaction may forget it (applied_mutations retention). */
  appliedResultGraceMs: number;
  /** Warning-instruction grades, overdue times, automatic low-grade SMS and clock (server/warnings/grade-config.ts); default when absent. */
  warnings?: Partial<WarningServerConfig>;
  /** SMS delivery: background dispatcher, retries, HTTP gateway (server/warnings/sms-setup.ts); no dispatcher when absent. */
  sms?: Partial<SmsServerConfig>;
  /**
   * The per-installation secret of an embedded store (`RECORD_STORE_SECRET`): when set, every
   * request but health probes must carry it (server/auth/installation-secret.ts).
   */
  installationSecret?: string;
  /** 96110 routing for the PBX (server/routing/routing-config.ts); defaults when absent. */
  routing?: Partial<RoutingConfig>;
  /**
   * SIP digest accounts (issue 14): the realm HA1s are made for (the PBX's SIP domain) and the
   * secret the PBX shows to fetch them (`PBX_AUTH_SECRET`); without it no HA1 is ever served.
   * `demoDevicePassword` (`SIP_DEMO_DEVICE_PASSWORD`, rig and demo only): see server/auth/sip-accounts.ts.
   */
  sip: { realm: string; pbxSecret?: string; demoDevicePassword?: string };
  /** Process metrics (CPU, memory, event-loop lag) on /metrics; off in tests, which build many apps. */
  processMetrics: boolean;
}

/** Defaults: loopback only, 8 h sessions, lock for 15 min after 5 failed logins. */
export const DEFAULT_SERVER_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  port: 4100,
  seedDemo: false,
  corsOrigins: [],
  allowNonLoopback: false,
  sessionTtlMs: 8 * 60 * 60 * 1000,
  lockout: { maxFailures: 5, durationMs: 15 * 60 * 1000 },
  // Generous: a whole shift's workstations can sign in from one NAT address at 09:00; lockout guards each account.
  loginRateLimit: { max: 100, windowMs: 60 * 1000 },
  argon2: { memoryCost: 19_456, timeCost: 2 },
  bodyLimit: 2 * 1024 * 1024,
  logLevel: 'info',
  processMetrics: true,
  sseHeartbeatMs: 15_000,
  compactionIntervalMs: 6 * 60 * 60 * 1000,
  appliedResultGraceMs: 24 * 60 * 60 * 1000,
  sip: { realm: '127.0.0.1' },
};

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true');
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

const EnvSchema = z.object({
  HOST: z.string().min(1).default(DEFAULT_SERVER_CONFIG.host),
  PORT: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_SERVER_CONFIG.port),
  DATABASE_URL: optionalText.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
  MIGRATION_DATABASE_URL: optionalText.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
  PGLITE_DIR: optionalText,
  SEED_DEMO: flag,
  ALLOW_NON_LOOPBACK: flag,
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((o) => o.trim()).filter(Boolean)),
  SESSION_TTL_MS: z.coerce.number().int().min(60_000).default(DEFAULT_SERVER_CONFIG.sessionTtlMs),
  LOGIN_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(DEFAULT_SERVER_CONFIG.loginRateLimit.max),
  LOGIN_RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(DEFAULT_SERVER_CONFIG.loginRateLimit.windowMs),
  COMPACTION_INTERVAL_MS: z.coerce.number().int().min(0).default(DEFAULT_SERVER_CONFIG.compactionIntervalMs),
  APPLIED_RESULT_GRACE_MS: z.coerce.number().int().min(0).default(DEFAULT_SERVER_CONFIG.appliedResultGraceMs),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default(DEFAULT_SERVER_CONFIG.logLevel),
  // Long enough that guessing is hopeless; the Electron launcher passes 64 hex digits.
  RECORD_STORE_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').max(256).optional()),
  SMS_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(0).default(5_000),
  SMS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  SMS_RETRY_BASE_MS: z.coerce.number().int().min(0).max(600_000).default(1_000),
  SMS_GATEWAY_URL: optionalText.pipe(z.string().regex(/^https?:\/\//, 'must be an http:// or https:// URL').optional()),
  SMS_GATEWAY_API_KEY: optionalText,
  SMS_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  ROUTING_STRATEGY: z.enum(['longest-idle', 'fewest-calls']).optional(),
  ROUTING_RING_MS: z.coerce.number().int().min(1000).max(120_000).optional(),
  ROUTING_MAX_WAIT_MS: z.coerce.number().int().min(0).optional(),
  ROUTING_OVERFLOW_TARGET: optionalText,
  ROUTING_WRAP_UP_MS: z.coerce.number().int().min(1000).max(3_600_000).optional(),
  PBX_ROUTING_SECRET: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  SIP_REALM: optionalText.pipe(z.string().regex(/^[0-9A-Za-z.:_-]{1,253}$/, 'must be a SIP domain').optional()),
  PBX_AUTH_SECRET: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').max(256).optional()),
  SIP_DEMO_DEVICE_PASSWORD: optionalText,
}).refine((e) => !e.SMS_GATEWAY_URL || e.SMS_GATEWAY_API_KEY, { message: 'required with SMS_GATEWAY_URL', path: ['SMS_GATEWAY_API_KEY'] });

/** Reads the record store's configuration from environment variables; throws a readable error on bad values. */
export function loadConfig(env: Record<string, string | undefined>): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  const e = parsed.data;
  // Only what the environment sets, so the routing defaults stay in one place (server/routing).
  const routing = Object.fromEntries(
    Object.entries({ strategy: e.ROUTING_STRATEGY, ringMs: e.ROUTING_RING_MS, maxWaitMs: e.ROUTING_MAX_WAIT_MS, overflowTarget: e.ROUTING_OVERFLOW_TARGET, wrapUpMs: e.ROUTING_WRAP_UP_MS, pbxSecret: e.PBX_ROUTING_SECRET }).filter(([, v]) => v !== undefined),
  );
  return {
    ...DEFAULT_SERVER_CONFIG,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    pgliteDir: e.PGLITE_DIR,
    seedDemo: e.SEED_DEMO,
    allowNonLoopback: e.ALLOW_NON_LOOPBACK,
    corsOrigins: e.CORS_ORIGINS,
    sessionTtlMs: e.SESSION_TTL_MS,
    loginRateLimit: { max: e.LOGIN_RATE_LIMIT_MAX, windowMs: e.LOGIN_RATE_LIMIT_WINDOW_MS },
    logLevel: e.LOG_LEVEL,
    compactionIntervalMs: e.COMPACTION_INTERVAL_MS,
    appliedResultGraceMs: e.APPLIED_RESULT_GRACE_MS,
    installationSecret: e.RECORD_STORE_SECRET,
    sms: {
      dispatchIntervalMs: e.SMS_DISPATCH_INTERVAL_MS,
      maxAttempts: e.SMS_MAX_ATTEMPTS,
      retryBaseMs: e.SMS_RETRY_BASE_MS,
      gatewayUrl: e.SMS_GATEWAY_URL,
      gatewayApiKey: e.SMS_GATEWAY_API_KEY,
      gatewayTimeoutMs: e.SMS_GATEWAY_TIMEOUT_MS,
    },
    ...(Object.keys(routing).length > 0 ? { routing } : {}),
    sip: { realm: e.SIP_REALM ?? DEFAULT_SERVER_CONFIG.sip.realm, ...(e.PBX_AUTH_SECRET ? { pbxSecret: e.PBX_AUTH_SECRET } : {}), ...(e.SIP_DEMO_DEVICE_PASSWORD ? { demoDevicePassword: e.SIP_DEMO_DEVICE_PASSWORD } : {}) },
  };
}

/** True for addresses that never leave the machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
