import type { FraudType } from '../../shared/schemas/template';
import type { StarterTemplate } from './starter-set';

/** Tell-tale signs and advice for one fraud type (公安部 2024 top ten and the others the line meets). */
const FRAUD_SCRIPTS: Record<FraudType, { title: string; signs: string; advice: string; keywords: string[] }> = {
  'order-brushing-rebate': {
    title: '刷单返利类诈骗',
    signs: '对方以“点赞关注、做任务、刷单返佣金”为名，先给小额返利取得信任，再以“任务未完成”“卡单”“操作失误”为由要求连续垫付、越投越多，最后无法提现。',
    advice: '所有刷单都是诈骗，刷单本身也违法。请立即停止垫付，不要为了“解冻、提现”再转钱，保存聊天和转账记录并报警。',
    keywords: ['刷单', '返利', '做任务', 'sd'],
  },
  'fake-investment': {
    title: '虚假网络投资理财类诈骗',
    signs: '陌生人把您拉进“投资群”“荐股群”，有“导师”“老师”带单，推荐非官方的App或网站，前期小额盈利可提现，加大投入后无法提现，还要交“手续费”“保证金”“税费”。',
    advice: '请只通过持牌金融机构的官方渠道投资。不要下载对方提供的App，不要再充值，任何要先交钱才能提现的都是诈骗。',
    keywords: ['投资', '理财', '荐股', '炒币', 'tz'],
  },
  'fake-shopping-service': {
    title: '虚假购物、服务类诈骗',
    signs: '在社交平台、二手平台以低价、代购、紧俏商品、代办服务为诱饵，要求脱离平台私下交易、扫码付款或先付定金，收款后拉黑。',
    advice: '购物和服务请在正规平台内交易，不要私下转账或扫对方的付款码。付款后对方失联，请保存记录报警。',
    keywords: ['购物', '低价', '代购', 'gw'],
  },
  'fake-ecommerce-logistics-cs': {
    title: '冒充电商物流客服类诈骗',
    signs: '自称电商或快递“客服”，说您的商品有质量问题、快递丢失要理赔，或者误开了“会员”“百万保障”要关闭，引导您下载会议软件、共享屏幕、提供验证码或到借贷平台“刷流水”。',
    advice: '退款理赔请在购物平台的官方页面内办理，官方客服不会让您共享屏幕、贷款或转账。立即挂断，自行通过官方渠道核实。',
    keywords: ['客服', '退款', '理赔', '快递', 'kf'],
  },
  'fake-loan': {
    title: '虚假贷款类诈骗',
    signs: '声称“无抵押、低利息、秒到账”，以“解冻金”“刷流水”“保证金”“验资费”等名义要求先交钱才能放款。',
    advice: '正规贷款在放款前不会收取任何费用。请通过正规银行或持牌机构办理贷款，不要再向对方转钱。',
    keywords: ['贷款', '放款', '保证金', 'dk'],
  },
  'fake-credit-report': {
    title: '虚假征信类诈骗',
    signs: '冒充金融机构或“征信中心”工作人员，称您的征信有问题、要注销校园贷或消除不良记录，否则影响征信，诱导您贷款后转入指定账户。',
    advice: '个人征信记录任何人无法“修改”或“消除”，查询征信请找中国人民银行征信中心的官方渠道。请立即挂断，不要贷款转账。',
    keywords: ['征信', '不良记录', 'zx'],
  },
  'impersonating-leader-acquaintance': {
    title: '冒充领导、熟人类诈骗',
    signs: '用陌生号码或新的社交账号加您，头像名字与领导、亲友相同，称“换号了”，随后以送礼、应急、借款为由要求转账，并催促您尽快办理。',
    advice: '凡是通过网络、短信要求转账的“领导”“亲友”，一定要打对方原来的电话或当面核实后再办理。',
    keywords: ['冒充领导', '熟人', '借钱', 'ld'],
  },
  'impersonating-police-government': {
    title: '冒充公检法及政府机关类诈骗',
    signs: '自称公安、检察院、法院或其他机关工作人员，说您涉嫌洗钱、涉案，出示“通缉令”“逮捕令”，要求保密、单独接听，把钱转到“安全账户”配合调查。',
    advice: '公检法机关不会通过电话办案，不会发送法律文书照片，更没有“安全账户”。请立即挂断，需要核实请拨打110。',
    keywords: ['公检法', '安全账户', '涉嫌洗钱', 'gjf'],
  },
  'online-romance': {
    title: '网络婚恋、交友类诈骗',
    signs: '在婚恋、交友平台上包装成“成功人士”，快速确立恋爱关系，从不视频见面，随后以投资带您赚钱、家人生病、遇到困难等理由让您转账或到指定平台投资。',
    advice: '网恋中对方只要提到钱或投资，就要高度警惕。不要向未见过面的网友转账或投资，请和家人商量。',
    keywords: ['网恋', '交友', '杀猪盘', 'wl'],
  },
  'fake-game-trading': {
    title: '网络游戏产品虚假交易类诈骗',
    signs: '以低价出售或高价收购游戏账号、装备、皮肤为名，诱导脱离游戏平台私下交易，再以“账号被冻结、需交解冻费”“保证金”等理由反复要钱。',
    advice: '游戏交易请在官方平台内完成，不要加对方QQ私下交易，更不要为“解冻账号”再转钱。未成年人请告诉家长。',
    keywords: ['游戏', '装备', '账号交易', 'yx'],
  },
  'online-gambling': {
    title: '网络赌博类诈骗',
    signs: '通过网络推荐“稳赚不赔”的赌博网站或App，先让您小赢，后台操控输赢，想提现时被要求交“税费”“流水”，最后血本无归。',
    advice: '网络赌博十赌十输，参与赌博本身违法。请立即停止充值，不要为了提现再交钱，可以寻求家人帮助戒赌。',
    keywords: ['赌博', '博彩', 'db'],
  },
  'cancel-campus-loan': {
    title: '注销校园贷类诈骗',
    signs: '冒充贷款平台客服，说您大学时开通过“校园贷”，不注销会影响征信，要求您在多个平台贷款后把钱转到指定账户“清零”。',
    advice: '所谓“注销校园贷、消除记录”都是诈骗。请不要贷款转账，通过官方渠道查询本人征信。',
    keywords: ['校园贷', '注销', 'xyd'],
  },
  'fake-unfreezing-recovery': {
    title: '虚假解冻、追损类诈骗',
    signs: '冒充律师、“追损团队”、网络平台或公安机关，声称能帮被骗者追回损失、帮账户快速解冻，要求先交“手续费”“保证金”“解冻费”。',
    advice: '账户解冻只能由办理冻结的公安机关依法办理，不收取任何费用；被骗资金由公安机关依法追缴返还，任何付费追损都是二次诈骗。',
    keywords: ['解冻', '追损', '二次诈骗', 'jd'],
  },
  other: {
    title: '其他类型诈骗',
    signs: '对方利用您的恐惧、贪心或同情心，催促您尽快转账，要求保密，引导您下载陌生App、点击链接、共享屏幕或提供验证码。',
    advice: '只要对方要求转账、提供验证码或共享屏幕，就先停下来，挂断电话，通过官方渠道核实，或拨打96110咨询。',
    keywords: ['其他', 'qt'],
  },
};

/** One script per fraud type: how it works, then what to do. */
export const FRAUD_TYPE_TEMPLATES: StarterTemplate[] = Object.entries(FRAUD_SCRIPTS).map(([fraudType, s]) => ({
  key: `fraud.${fraudType}`,
  channel: 'script',
  scenario: 'general',
  fraudType: fraudType as FraudType,
  title: s.title,
  body: `【典型特征】${s.signs}\n【劝阻要点】${s.advice}\n如果已经转账，请立即拨打110报警，公安机关可对涉案账户紧急止付。`,
  keywords: s.keywords,
}));
