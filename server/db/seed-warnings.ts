import { FRAUD_TYPES } from '../../shared/schemas/template';
import type { WarningGrade, WarningInstructionInput } from '../../shared/schemas/warning';
import { residentIdCheckChar } from '../../shared/validation/resident-id';
import type { WarningServerConfig } from '../warnings/grade-config';
import { ingestWarnings } from '../warnings/ingest';
import { devSmsProvider, drainSmsOutboxFor, type SmsProvider } from '../warnings/sms-outbox';
import type { Orm } from './database';
import { DEMO_ORG_CODE } from './seed-demo';

const GRADES: readonly WarningGrade[] = ['extreme', 'high', 'medium', 'low'];
/** Where each goes, in turn: most to the demo centre (whose call-takers work the queue), some to each district. */
const UNITS = [DEMO_ORG_CODE, DEMO_ORG_CODE, 'demo-district-east', DEMO_ORG_CODE, DEMO_ORG_CODE, 'demo-district-west'];
/** One instruction per fraud type, so every type's label and 话术 shows up in the queue. */
export const DEMO_WARNING_COUNT = FRAUD_TYPES.length;

/** The person's mobile: 1470990 + 4 digits, the warnings' own part of the synthetic data-card block (server/freeze/synthetic-freeze.ts). */
export const demoWarningPhone = (n: number): string => `1470990${String(n).padStart(4, '0')}`;
/** A valid-in-form synthetic ID (region 990101, born 1970-1999, GB 11643 check character). */
export function demoWarningIdNumber(n: number): string {
  const first17 = `990101${1970 + ((n * 7) % 30)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + ((n * 3) % 28)).padStart(2, '0')}${String(500 + n).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/**
 * Fourteen clearly synthetic warning instructions (预警指令), one per fraud type, the four
 * grades in turn (so every grade has three or four), issued between 5 minutes and 6.5 hours
 * before `now` so some are already overdue. Source ids are fixed (`SYN-W-01`…), so a rerun
 * creates nothing; issue times are only read on the first run.
 */
export function demoWarningInstructions(now: number): WarningInstructionInput[] {
  return FRAUD_TYPES.map((fraudType, k) => {
    const n = k + 1;
    return {
      sourceId: `SYN-W-${String(n).padStart(2, '0')}`,
      grade: GRADES[k % 4] as WarningGrade,
      personName: `（合成）预警对象${String(n).padStart(2, '0')}`,
      phones: [demoWarningPhone(n)],
      idNumber: demoWarningIdNumber(n),
      fraudType,
      summary: `（合成数据）演示预警：对象与涉诈号码 SYN-${1000 + n} 通话 ${3 + (k % 5)} 分钟`,
      issuedAt: now - (5 + k * 28) * 60_000,
      orgUnitCode: UNITS[k % UNITS.length] as string,
    };
  });
}

/**
 * Ingests the demo instructions through the platform ingest code (as `actorId`, the demo
 * admin), then delivers queued automatic SMS with `provider` (the development provider
 * unless given), as the ingest route does after its commit.
 */
export async function seedDemoWarnings(orm: Orm, actorId: string, config: WarningServerConfig, provider: SmsProvider = devSmsProvider(orm)): Promise<{ created: number; unchanged: number }> {
  const result = await ingestWarnings(orm, demoWarningInstructions(config.now()), { actorId, ip: null, config });
  if (result.failed > 0) throw new Error(`demo warnings refused: ${JSON.stringify(result.rows.filter((r) => r.status === 'error'))}`);
  await drainSmsOutboxFor(orm, provider);
  return { created: result.created, unchanged: result.unchanged };
}
