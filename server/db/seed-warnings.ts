import type { FraudType } from '../../shared/schemas/template';
import type { WarningGrade, WarningInstructionInput } from '../../shared/schemas/warning';
import type { WarningServerConfig } from '../warnings/grade-config';
import { ingestWarnings } from '../warnings/ingest';
import { devSmsProvider, drainSmsOutboxFor, type SmsProvider } from '../warnings/sms-outbox';
import type { Orm } from './database';
import { DEMO_ORG_CODE } from './seed-demo';

const GRADES: readonly WarningGrade[] = ['extreme', 'high', 'medium', 'low'];
const FRAUD: readonly FraudType[] = ['fake-investment', 'impersonating-police-government', 'order-brushing-rebate', 'online-romance', 'fake-loan', 'fake-ecommerce-logistics-cs'];
/** Where each of the 12 goes: most to the demo centre (whose call-takers work the queue), two to each district. */
const UNITS = [DEMO_ORG_CODE, DEMO_ORG_CODE, 'demo-district-east', DEMO_ORG_CODE, DEMO_ORG_CODE, 'demo-district-west'];

/**
 * Twelve clearly synthetic warning instructions (预警指令), three per grade, issued
 * between 5 minutes and 6 hours before `now` so some are already overdue. Source ids are
 * fixed (`SYN-W-01`…), so a rerun creates nothing; issue times are only read on the first run.
 */
export function demoWarningInstructions(now: number): WarningInstructionInput[] {
  return Array.from({ length: 12 }, (_, k) => {
    const n = k + 1;
    return {
      sourceId: `SYN-W-${String(n).padStart(2, '0')}`,
      grade: GRADES[k % 4] as WarningGrade,
      personName: `（合成）预警对象${String(n).padStart(2, '0')}`,
      phones: [`100${String(90_000_000 + n).padStart(8, '0')}`],
      idNumber: `99010119800101${String(n).padStart(4, '0')}`,
      fraudType: FRAUD[k % FRAUD.length] as FraudType,
      summary: `（合成数据）演示预警：对象与涉诈号码 SYN-${1000 + n} 通话 ${3 + (k % 5)} 分钟`,
      issuedAt: now - (5 + k * 30) * 60_000,
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
