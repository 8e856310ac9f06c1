import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FraudType } from '../../shared/schemas/template';

const run = promisify(execFile);

/**
 * The spoken warning of an automatic call (issue 19): one short Mandarin text per fraud type
 * from the approved template, rendered once per template version with espeak-ng and cached
 * by content hash. A recorded human voice file can replace the rendering (same cache path).
 */

/** Version of the approved template below; bump it when the wording changes (it is part of the cache key). */
export const WARNING_MESSAGE_VERSION = 1;

/** The closing line every automatic call ends with (the keys the caller engine listens for). */
export const KEY_PROMPT = '了解请按1，需要民警联系您请按2。';

/** Per fraud type: the one sentence that names the trick. */
const TRICKS: Record<FraudType, string> = {
  'order-brushing-rebate': '网上刷单返利都是诈骗，先给小钱再骗大钱',
  'fake-investment': '所谓高收益的网络投资理财平台是诈骗',
  'fake-shopping-service': '低价购物、代购要先付款的是诈骗',
  'fake-ecommerce-logistics-cs': '自称电商或快递客服说要理赔退款的是诈骗',
  'fake-loan': '贷款前先交手续费、保证金的是诈骗',
  'fake-credit-report': '说您征信有问题、要帮您消除记录的是诈骗',
  'impersonating-leader-acquaintance': '自称领导、熟人让您转账的是诈骗，请当面或电话核实',
  'impersonating-police-government': '公安机关不会在电话里办案，也没有安全账户',
  'online-romance': '网上交友对象带您投资或借钱的是诈骗',
  'fake-game-trading': '游戏账号、装备私下交易是诈骗高发',
  'online-gambling': '网络赌博平台必输无疑，也是诈骗',
  'cancel-campus-loan': '说要注销校园贷账户、否则影响征信的是诈骗',
  'fake-unfreezing-recovery': '声称能帮您解冻资金、追回损失的是诈骗',
  other: '陌生人让您转账汇款的都可能是诈骗',
};

/** The full spoken text for `fraudType` (12381 rules: no link, asks for no money or code, names 96110). */
export function warningText(fraudType: FraudType): string {
  return `您好，这里是96110反诈预警专线。我们监测到您可能正在接触诈骗。${TRICKS[fraudType]}。请不要向任何人转账，不要说出验证码。${KEY_PROMPT}`;
}

/** Why `text` breaks the 12381 rules, or null when it follows them. */
export function ruleViolation(text: string): string | null {
  if (/https?:|www\.|\.(com|cn|net)\b/i.test(text)) return 'contains a link';
  if (!text.includes('96110')) return 'does not name 96110';
  // Requests, not warnings: the warning itself says "不要…转账/验证码".
  if (/(请|需要您?)(转账|汇款|提供|告知|说出|发送)/.test(text)) return 'asks for money or a code';
  if (!text.endsWith(KEY_PROMPT)) return 'does not end with the key prompt';
  return null;
}

/** Cache key of a rendering: template version, voice settings and text. */
export const messageHash = (text: string): string => createHash('sha256').update(`v${WARNING_MESSAGE_VERSION}|cmn|s150|8k\n${text}`).digest('hex').slice(0, 24);

/**
 * The 8 kHz mono 16-bit WAV of `text` in `cacheDir` (rendered when missing): espeak-ng's
 * Mandarin voice at 22.05 kHz, resampled by sox (the trunk speaks G.711 at 8 kHz, so the
 * caller sends it as is). The file appears atomically (rename), so a concurrent render by
 * another instance at worst renders twice.
 */
export async function renderWarningWav(text: string, cacheDir: string): Promise<string> {
  const problem = ruleViolation(text);
  if (problem) throw new Error(`warning text refused: ${problem}`);
  await mkdir(cacheDir, { recursive: true });
  const file = join(cacheDir, `warning-${messageHash(text)}.wav`);
  if (await stat(file).then((s) => s.size > 44, () => false)) return file;
  const raw = `${file}.${process.pid}.${Date.now()}.raw.wav`;
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp.wav`;
  await run('espeak-ng', ['-v', 'cmn', '-s', '150', '-w', raw, text], { timeout: 30_000 });
  await run('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', tmp], { timeout: 30_000 });
  await rename(tmp, file);
  await run('rm', ['-f', raw]);
  return file;
}
