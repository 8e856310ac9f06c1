import type { z } from 'zod';
import type { TemplateInputSchema } from '../../shared/schemas/template';
import { FRAUD_TYPE_TEMPLATES } from './starter-fraud-types';

/** A starter template as written here (keywords and active take their defaults when left out). */
export type StarterTemplate = z.input<typeof TemplateInputSchema>;

/**
 * The Chinese starter set of scripts (话术) and SMS, seeded into an empty templates table.
 * Wording follows the 96110 articles in /work/shared/seeds (三不一多, 一证通查, 一键查卡,
 * 反诈名片). Placeholders: {{callerName|您}}, {{authority|办理冻结的公安机关}},
 * {{authorityPhone|110}}, {{noticeNumber}}, {{centreName|96110反诈中心}}.
 */
const CALL_SCRIPTS: StarterTemplate[] = [
  {
    key: 'general.opening',
    channel: 'script',
    scenario: 'general',
    fraudType: null,
    title: '开场白',
    body: '您好！这里是96110反诈预警劝阻专线，我是{{agentName|接线员}}。请问有什么可以帮您？为了更好地帮助您，请问怎么称呼您？',
    keywords: ['开场', '问候', 'kcb'],
  },
  {
    key: 'general.closing',
    channel: 'script',
    scenario: 'general',
    fraudType: null,
    title: '结束语',
    body:
      '请{{callerName|您}}记住“三不一多”：未知链接不点击，陌生来电不轻信，个人信息不透露，转账汇款多核实。如果再接到可疑电话或短信，随时拨打96110咨询；遇到紧急情况请直接拨打110。感谢您的来电，再见！',
    keywords: ['结束', '三不一多', 'jsy'],
  },
  {
    key: 'consultation.general',
    channel: 'script',
    scenario: 'consultation',
    fraudType: null,
    title: '防骗咨询',
    body:
      '{{callerName|您}}好，您描述的情况我们来一起核实一下。请问对方是怎么联系您的（电话、短信、社交软件还是网站）？有没有要求您转账、提供验证码、下载App或者共享屏幕？\n' +
      '请记住：公安机关不会通过电话办案，不存在“安全账户”；任何要求您先交钱、点链接、下载陌生App或开启屏幕共享的，都是诈骗的典型特征。\n' +
      '如果还没有转账，请立即停止与对方联系，不要再回复；如果已经转账，请马上告诉我，我们帮您报警止付。',
    keywords: ['咨询', '核实', 'zx'],
  },
  {
    key: 'freeze-inquiry.victim',
    channel: 'script',
    scenario: 'freeze-inquiry',
    fraudType: null,
    title: '冻结查询（受害人账户）',
    body:
      '{{callerName|您}}好，经查询，您的账户是由{{authority|办理冻结的公安机关}}依法采取的保护性措施，文书编号{{noticeNumber}}。这是为了保护您的资金不被骗子继续转走，并不是您本人有违法行为。\n' +
      '请您携带本人身份证、银行卡和相关材料，直接联系{{authority|办理冻结的公安机关}}（电话{{authorityPhone|110}}）办理解除手续。\n' +
      '特别提醒：公安机关解除冻结不收取任何费用。凡是声称交“解冻费”“保证金”、或者付费帮您“追回损失”“快速解冻”的，都是诈骗，请不要相信，也不要再转账。',
    keywords: ['冻结', '解冻', '保护性冻结', '受害人', 'dj'],
  },
  {
    key: 'freeze-inquiry.payee',
    channel: 'script',
    scenario: 'freeze-inquiry',
    fraudType: null,
    title: '冻结查询（涉案资金收款账户）',
    body:
      '{{callerName|您}}好，经查询，您的账户因收到涉嫌电信网络诈骗的资金，由{{authority|办理冻结的公安机关}}依法冻结，文书编号{{noticeNumber}}。\n' +
      '请您携带本人身份证、银行卡及这笔资金往来的交易说明、聊天记录等材料，主动联系{{authority|办理冻结的公安机关}}（电话{{authorityPhone|110}}）说明情况，由办案单位依法核实处理。96110无法在电话里为您解冻。\n' +
      '请注意：出租、出借、出售银行卡或帮他人收款转账，可能涉嫌帮助信息网络犯罪活动罪。任何自称能“花钱解冻”“内部渠道撤销冻结”的人都是骗子，不要付费。',
    keywords: ['冻结', '解冻', '涉案账户', '收款方', '两卡', 'dj'],
  },
  {
    key: 'fraud-report.urgent',
    channel: 'script',
    scenario: 'fraud-report',
    fraudType: null,
    title: '涉诈举报（已转账，紧急止付）',
    body:
      '{{callerName|您}}先别着急，时间很关键，请按我说的做：\n' +
      '一、请立即拨打110报警，说明被骗和转账情况，公安机关可以对涉案账户紧急止付；\n' +
      '二、请准备好转账记录：对方的账户名、账号、开户行，转账时间和金额，以及聊天记录、对方电话和网址；\n' +
      '三、马上停止与对方的一切联系，不要再按对方要求转账、贷款或操作手机，已经安装的陌生App请先断网，不要卸载，保留证据；\n' +
      '四、如果银行卡、网银密码或验证码已经告诉对方，请立即联系开户银行挂失或修改密码。\n' +
      '我这边也会把您反映的线索登记下来。',
    keywords: ['举报', '止付', '报警', '110', 'jb'],
  },
  {
    key: 'fraud-report.clue',
    channel: 'script',
    scenario: 'fraud-report',
    fraudType: null,
    title: '涉诈线索举报（未受损失）',
    body:
      '感谢{{callerName|您}}举报。请您提供：对方的电话号码或社交账号、网址或App名称、收到的短信或聊天内容、对方要求您做什么。我们会将线索登记并推送核查。您也可以在国家反诈中心App的“我要举报”中提交截图等材料。',
    keywords: ['举报', '线索', 'xs'],
  },
  {
    key: 'counselling.listen',
    channel: 'script',
    scenario: 'counselling',
    fraudType: null,
    title: '心理疏导',
    body:
      '{{callerName|您}}愿意打电话来说出这些，已经很不容易了，我在认真听，您慢慢说。\n' +
      '被骗不是您一个人的错，骗子是专业团伙，很多人都上过当。损失已经发生，我们先把能做的做好：报警、保留证据、不再转账，不要相信任何“付费追回损失”的说法。\n' +
      '钱没了可以再挣，您身体和生活最重要。身边有没有可以信任的家人或朋友陪您一起？如果您情绪很低落，可以随时再打96110找我们聊聊。',
    keywords: ['疏导', '安慰', '劝导', 'sd'],
  },
  {
    key: 'counselling.gambling',
    channel: 'script',
    scenario: 'counselling',
    fraudType: 'online-gambling',
    title: '心理疏导（网络赌博）',
    body:
      '网络赌博是十赌十输，后台数据由对方操控，想“赢回来”只会越陷越深。{{callerName|您}}还年轻，现在停下来一点都不晚。\n' +
      '建议您：删除赌博App和联系人，不再充值；把情况告诉信得过的家人；找一个喜欢的事情转移注意力，比如运动、唱歌。如果有人以“提现要交税、交保证金”为由让您继续转钱，那是诈骗。需要时随时拨打96110。',
    keywords: ['赌博', '戒赌', '疏导', 'db'],
  },
];

/** Warning calls (预警劝阻电话) by risk grade, from 96110 to the person at risk. */
const WARNING_SCRIPTS: StarterTemplate[] = [
  {
    key: 'warning-call.extreme',
    channel: 'script',
    scenario: 'warning-call',
    fraudType: null,
    title: '预警劝阻电话（特危）',
    body:
      '{{callerName|您}}好，这里是{{centreName|96110反诈中心}}，请不要挂电话！我们监测到您正在与诈骗分子联系，您的资金有重大风险。请您立即停止转账，不要再向任何账户打钱，不要把验证码告诉任何人。\n' +
      '请问您现在是否正在操作转账或贷款？您现在在什么位置？民警马上会和您见面核实，请您配合。',
    keywords: ['特危', '预警', '见面劝阻', 'tw'],
  },
  {
    key: 'warning-call.high',
    channel: 'script',
    scenario: 'warning-call',
    fraudType: null,
    title: '预警劝阻电话（高危）',
    body:
      '{{callerName|您}}好，这里是{{centreName|96110反诈中心}}。最近是否有人通过电话、网络联系您，让您投资理财、刷单、贷款或者转账到“安全账户”？与您联系的号码已被认定为涉诈号码，那些人是骗子。\n' +
      '请您不要再转账，立即删除对方联系方式，卸载对方让您下载的App。辖区派出所民警可能会上门与您核实，请您支持配合。',
    keywords: ['高危', '预警', 'gw'],
  },
  {
    key: 'warning-call.medium',
    channel: 'script',
    scenario: 'warning-call',
    fraudType: null,
    title: '预警劝阻电话（中危）',
    body:
      '{{callerName|您}}好，这里是{{centreName|96110反诈中心}}。我们发现您近期接触过涉嫌诈骗的电话或网站，特别提醒您：凡是要求先交钱、点陌生链接、下载陌生App、共享屏幕的，都是诈骗。请牢记“三不一多”：未知链接不点击，陌生来电不轻信，个人信息不透露，转账汇款多核实。',
    keywords: ['中危', '预警', 'zw'],
  },
  {
    key: 'warning-call.low',
    channel: 'script',
    scenario: 'warning-call',
    fraudType: null,
    title: '预警劝阻电话（低危）',
    body:
      '{{callerName|您}}好，这里是{{centreName|96110反诈中心}}，打扰一下，做个防骗提醒：您近期可能访问过涉诈网站或接到过涉诈电话，请注意防范，不要向陌生人转账。建议您下载国家反诈中心App，开启来电预警。',
    keywords: ['低危', '预警', 'dw'],
  },
];

/** Referrals to the national anti-fraud tools (seeds/002). */
const REFERRAL_SCRIPTS: StarterTemplate[] = [
  {
    key: 'referral.national-app',
    channel: 'script',
    scenario: 'referral',
    fraudType: null,
    title: '推荐：国家反诈中心App',
    body: '建议{{callerName|您}}在手机应用商店搜索下载“国家反诈中心”App（公安部官方），开启来电预警和App自检。遇到可疑情况可以在App里“我要举报”，也能查看最新的诈骗套路。',
    keywords: ['国家反诈中心', 'App', '举报', 'gjfzzx'],
  },
  {
    key: 'referral.one-id-phone-check',
    channel: 'script',
    scenario: 'referral',
    fraudType: null,
    title: '推荐：电话卡与互联网账号“一证通查”',
    body:
      '担心别人冒用您的身份办了手机卡？可以使用工信部的全国移动电话卡“一证通查”：凭本人身份证号码，通过线上线下渠道查询名下全国的手机卡数量，结果会由10699000短信端口在48小时内发到您的预留手机号。\n' +
      '还可以用互联网账号“一证通查”：凭手机号码和身份证号码后6位，查询手机号关联的互联网账号数量；与自己掌握的不一致，就按平台官方渠道尽快解绑。',
    keywords: ['一证通查', '工信部', '手机卡', 'yztc'],
  },
  {
    key: 'referral.unionpay-card-check',
    channel: 'script',
    scenario: 'referral',
    fraudType: null,
    title: '推荐：云闪付“一键查卡”',
    body: '想知道自己名下有哪些银行卡，可以打开云闪付App，使用“一键查卡”功能（中国人民银行指导、中国银联联合商业银行推出），查询本人名下的银行卡信息；发现不是本人办理的卡，请及时联系发卡银行处理。',
    keywords: ['云闪付', '一键查卡', '银行卡', 'yjck'],
  },
  {
    key: 'referral.anti-fraud-card',
    channel: 'script',
    scenario: 'referral',
    fraudType: null,
    title: '说明：反诈名片',
    body: '公安机关的反诈预警劝阻电话在您的手机上会显示“反诈名片”标记。接到带有“反诈名片”标记的来电，请放心接听，耐心听民警说完。如有疑问，可以拨打96110核实。',
    keywords: ['反诈名片', '来电标记', 'fzmp'],
  },
  {
    key: 'referral.three-nos-one-more',
    channel: 'script',
    scenario: 'referral',
    fraudType: null,
    title: '宣传：“三不一多”',
    body: '请{{callerName|您}}和家人牢记“三不一多”：未知链接不点击，陌生来电不轻信，个人信息不透露，转账汇款多核实。接到96110的来电，说明您或家人可能正在遭遇诈骗，请一定接听。',
    keywords: ['三不一多', '宣传', 'sbyd'],
  },
];

/** SMS from 96110; each passes the 12381 rule (no links, no numbers but the official ones). */
const SMS_TEMPLATES: StarterTemplate[] = [
  {
    key: 'sms.warning-low',
    channel: 'sms',
    scenario: 'warning-call',
    fraudType: null,
    title: '预警短信（低危）',
    body: '【96110反诈提醒】{{callerName|您}}好，您近期访问的网站或接触的号码涉嫌诈骗，请立即停止联系，切勿转账。牢记“三不一多”：未知链接不点击，陌生来电不轻信，个人信息不透露，转账汇款多核实。疑问请致电96110。',
    keywords: ['短信', '低危', 'dx'],
  },
  {
    key: 'sms.missed-warning-call',
    channel: 'sms',
    scenario: 'warning-call',
    fraudType: null,
    title: '未接通预警电话后的短信',
    body: '【96110反诈提醒】{{callerName|您}}好，我们刚才致电未能接通。您或家人可能正在遭遇电信网络诈骗，请勿向任何人转账，请尽快回拨96110。',
    keywords: ['短信', '未接通', 'dx'],
  },
  {
    key: 'sms.freeze-inquiry',
    channel: 'sms',
    scenario: 'freeze-inquiry',
    fraudType: null,
    title: '冻结查询结果短信',
    body: '【96110】{{callerName|您}}好，您查询的账户由{{authority|办理冻结的公安机关}}采取了保护性措施。请携带身份证、银行卡等材料联系该单位办理。解除冻结不收取任何费用，凡索要“解冻费”或付费“追损”的均为诈骗。',
    keywords: ['短信', '冻结', '解冻', 'dx'],
  },
  {
    key: 'sms.fraud-report',
    channel: 'sms',
    scenario: 'fraud-report',
    fraudType: null,
    title: '已被骗提醒短信',
    body: '【96110】如已向对方转账，请立即拨打110报警并保存转账记录、聊天记录；停止与对方联系，不要再转账，任何付费追回损失的说法都是诈骗。',
    keywords: ['短信', '报警', '止付', 'dx'],
  },
];

/** Every starter template, in the order seeding writes them. */
export const STARTER_TEMPLATES: readonly StarterTemplate[] = [...CALL_SCRIPTS, ...WARNING_SCRIPTS, ...REFERRAL_SCRIPTS, ...SMS_TEMPLATES, ...FRAUD_TYPE_TEMPLATES];
