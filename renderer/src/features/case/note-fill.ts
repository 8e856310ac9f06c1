import type { CallType, CaseFields, Disposition } from '@shared/schemas/case';
import type { FraudType } from '@shared/schemas/template';

/**
 * One place to write (issue 17): the call note is the case's narrative. Case items that only
 * repeat it (the consultation's situation, the counselling's presenting issue) are filled from
 * its first line, and items the note plainly names (how the fraudster made contact, the fraud
 * type, the fraudster's numbers and links, the amount lost) are proposed from it when a script
 * classifies the case. Proposals only fill blanks (see `fillBlanks`) and are listed as filled,
 * so the call-taker sees them and can change them with one key.
 */

/** The note's first non-empty line, trimmed and cut to what a summary field keeps. */
export function firstLine(note: string, max = 200): string {
  const line = note.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, max);
}

const CHANNEL_WORDS: ReadonlyArray<[NonNullable<CaseFields['contactChannels']>[number], RegExp]> = [
  // Not 来电: notes open with 来电人 (the caller to 96110).
  ['phone', /电话|致电|打来|phone/i],
  ['sms', /短信|\bsms\b|text message/i],
  ['link', /链接|网址|网站|link|https?:\/\//i],
  ['app', /\bapp\b|软件|下载|客户端/i],
  ['social', /微信|QQ|群聊|社交|抖音|微博|wechat|social/i],
];

/** How the fraudster reached the caller, as the note says it. */
export function contactChannelsIn(note: string): NonNullable<CaseFields['contactChannels']> {
  return CHANNEL_WORDS.filter(([, re]) => re.test(note)).map(([c]) => c);
}

const FRAUD_WORDS: ReadonlyArray<[FraudType, RegExp]> = [
  ['order-brushing-rebate', /刷单|返利|点赞|做任务/],
  ['fake-investment', /投资|理财|炒股|股票|荐股|虚拟币|数字货币/],
  ['fake-shopping-service', /购物|网购|代购/],
  ['fake-ecommerce-logistics-cs', /快递|物流|退款|理赔|电商客服|淘宝客服/],
  ['cancel-campus-loan', /校园贷/],
  ['fake-loan', /(?<!校园)贷款|网贷|借款/],
  ['fake-credit-report', /征信/],
  ['impersonating-leader-acquaintance', /领导|熟人|老板/],
  ['impersonating-police-government', /公检法|公安|警察|检察|法院|通缉|安全账户/],
  ['online-romance', /婚恋|交友|网恋/],
  ['fake-game-trading', /游戏|装备|账号交易/],
  ['online-gambling', /赌博|博彩|赌/],
  ['fake-unfreezing-recovery', /解冻费|追损|追回损失/],
];

/** The fraud type the note names, when exactly one matches (an ambiguous note names none). */
export function fraudTypeIn(note: string): FraudType | null {
  const found = FRAUD_WORDS.filter(([, re]) => re.test(note)).map(([t]) => t);
  return found.length === 1 ? found[0]! : null;
}

/** The fraudster's phone numbers and links in the note (the caller's own number left out). */
export function identifiersIn(note: string, callerNumber?: string | null): NonNullable<CaseFields['fraudsterIdentifiers']> {
  const own = (callerNumber ?? '').replace(/\D/g, '').slice(-11);
  const out: NonNullable<CaseFields['fraudsterIdentifiers']> = [];
  const seen = new Set<string>();
  const add = (kind: 'phone' | 'url', value: string) => {
    if (seen.has(value)) return;
    seen.add(value);
    out.push({ kind, value });
  };
  for (const m of note.matchAll(/https?:\/\/[^\s，。；、）)]+/gi)) add('url', m[0]);
  // Mobile numbers (1xxxxxxxxxx), landlines (0xx-xxxxxxxx), +86 forms; not long card numbers.
  for (const m of note.replace(/https?:\/\/\S+/gi, ' ').matchAll(/(?<![\d*])(?:\+?86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?![\d*])/g)) {
    const number = m[1]!;
    if (own && number.replace(/\D/g, '').endsWith(own)) continue;
    add('phone', number);
  }
  return out;
}

/** The amount lost the note states in yuan ("转账2万元", "被骗 5000 元"); summed when several; undefined when none. */
export function lossIn(note: string): number | undefined {
  let total = 0;
  let any = false;
  for (const m of note.matchAll(/(\d+(?:\.\d+)?)\s*(万)?\s*(?:元|块)/g)) {
    total += Number(m[1]) * (m[2] ? 10_000 : 1);
    any = true;
  }
  return any ? Math.round(total * 100) / 100 : undefined;
}

/** What finishing takes from the note by itself: only the items that repeat the note. */
export function summaryFromNote(callType: CallType | 'unclassified', note: string): CaseFields {
  const line = firstLine(note);
  if (!line) return {};
  if (callType === 'consultation') return { situation: line };
  if (callType === 'counselling') return { presentingIssue: line };
  return {};
}

/** A script the call-taker read out: its scenario, fraud type and the text that went into the note. */
export interface UsedScript {
  scenario: string;
  fraudType: FraudType | null;
  text: string;
}

/** What picking a script proposes for the case: its call type (when unclassified), fraud type, disposition and fields. */
export interface ScriptProposal {
  callType: CallType | null;
  fraudType: FraudType | null;
  disposition: Disposition | null;
  fields: CaseFields;
}

/**
 * The case a script read to the caller implies, with what the note already says: a
 * consultation script makes the case a consultation (money not sent, the script as the
 * advice, resolved); a fraud-report script a report by the victim, referred on, with the
 * fraudster's numbers and the loss from the note. Freeze inquiries are filled by the look-up.
 */
export function proposalFromScript(current: CallType | 'unclassified', script: UsedScript, note: string, callerNumber?: string | null): ScriptProposal {
  const own = (['consultation', 'fraud-report', 'counselling'] as const).find((t) => t === script.scenario) ?? null;
  const callType = current === 'unclassified' ? own : current;
  const none: ScriptProposal = { callType: null, fraudType: null, disposition: null, fields: {} };
  if (!callType || callType === 'freeze-inquiry') return none;
  const fraudType = script.fraudType ?? fraudTypeIn(note);
  const base = { callType: current === 'unclassified' ? callType : null, fraudType };
  if (callType === 'consultation') {
    const channels = contactChannelsIn(note);
    return { ...base, disposition: 'resolved', fields: { ...summaryFromNote(callType, note), ...(channels.length ? { contactChannels: channels } : {}), moneySent: false, advice: script.text.slice(0, 4000) } };
  }
  if (callType === 'fraud-report') {
    const ids = identifiersIn(note, callerNumber);
    const loss = lossIn(note);
    return { ...base, disposition: 'referred', fields: { reporterRole: 'victim', ...(ids.length ? { fraudsterIdentifiers: ids } : {}), ...(loss !== undefined ? { totalLoss: loss } : {}) } };
  }
  return { ...base, fraudType: null, disposition: 'resolved', fields: summaryFromNote(callType, note) };
}
