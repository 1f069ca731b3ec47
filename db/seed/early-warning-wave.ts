// Demo: one good platform in a complaint wave, so the 跑路 early warning (预警) shows on first
// start. 橙子卡盟 (chengzi-kameng) is a generated directory platform run by a company with a
// verified business licence; its long-time customers now say, within one week, that refunds
// are refused and withdrawals hang — the pattern the seed article describes before a 跑路
// ("以'系统故障'为由拖延退款，最终失联跑路"). Two brand-new accounts pile on too: they are shown
// as "not counted". Fictional people only.
import type { Persona } from './personas.ts';

export const waveTargetSlug = 'chengzi-kameng';

export interface WaveCustomer extends Persona {
  /** An earlier, happy review of the platform (days ago, rating) … */
  earlier?: { daysAgo: number; rating: number; body: string };
  /** … then, in the wave (days ago): a follow-up, a new review, or a complaint case. */
  wave:
    | { kind: 'follow_up'; daysAgo: number; rating: number; outcome: 'refund_refused' | 'refund_no_answer' | 'key_not_replaced'; body: string }
    | { kind: 'review'; daysAgo: number; rating: number; verified: boolean; body: string }
    | { kind: 'incident'; daysAgo: number; incident: 'refund_refused' | 'withdrawal_blocked' | 'invalid_keys'; amountYuan: number; body: string };
}

const customer = (i: number, handle: string, ageDays: number, rest: Pick<WaveCustomer, 'earlier' | 'wave'>): WaveCustomer => ({
  handle, email: `wave${i}@chengzi-buyer.example`, role: 'member', ageDays, fingerprint: `fp-wave-${i}`, ...rest,
});

export const waveCustomers: WaveCustomer[] = [
  customer(1, '阿明的点卡店', 820, {
    earlier: { daysAgo: 310, rating: 5, body: '在橙子拿游戏点卡快一年了，自动发货，对账清楚，客服白天基本秒回。' },
    wave: { kind: 'follow_up', daysAgo: 5, rating: 1, outcome: 'refund_refused', body: '追评：这周开始充值一直“处理中”，申请退款被拒，说是上游结算延迟。余额还有一千多，提不出来。' },
  }),
  customer(2, '老周充值', 640, {
    earlier: { daysAgo: 220, rating: 4, body: '话费折扣不算最低但稳定，半年没出过问题。' },
    wave: { kind: 'follow_up', daysAgo: 4, rating: 1, outcome: 'refund_no_answer', body: '追评：三天前充的话费没到账，工单没人回，客服 QQ 也不在线了。' },
  }),
  customer(3, 'mia_video', 510, {
    earlier: { daysAgo: 160, rating: 5, body: '视频会员月卡每个月都在这里买，秒发，没失效过。' },
    wave: { kind: 'follow_up', daysAgo: 3, rating: 2, outcome: 'key_not_replaced', body: '追评：这次的会员卡激活提示已使用，说好的补发到现在也没补。' },
  }),
  customer(4, 'kk_gamer', 400, {
    earlier: { daysAgo: 120, rating: 5, body: '点券价格实惠，后台能查到每张卡密的批次。' },
    wave: { kind: 'follow_up', daysAgo: 2, rating: 1, outcome: 'refund_refused', body: '追评：退款被拒，客服让等“系统升级”结束。群里好多人都在问提现的事。' },
  }),
  customer(5, '陈姐会员', 380, {
    wave: { kind: 'review', daysAgo: 6, rating: 1, verified: true, body: '预存了五百块买会员卡，这周下单全部卡在“出卡中”，申请退款被驳回，理由是系统故障。' },
  }),
  customer(6, 'tony_cards', 950, {
    wave: { kind: 'review', daysAgo: 4, rating: 1, verified: true, body: '做了两年代理，这几天提现一直审核中，客服只会说“耐心等待”。' },
  }),
  customer(7, '学生党小林', 95, {
    wave: { kind: 'review', daysAgo: 3, rating: 2, verified: false, body: '买的课程兑换码提示无效，联系客服两天没回复，退款按钮也点不了。' },
  }),
  customer(8, '夜猫子充值', 260, {
    wave: { kind: 'review', daysAgo: 1, rating: 1, verified: false, body: '余额两百多提不出来，网站公告说“通道维护”，已经一周了。' },
  }),
  customer(9, '代理阿峰', 700, {
    wave: { kind: 'incident', daysAgo: 2, incident: 'withdrawal_blocked', amountYuan: 2600, body: '代理账户余额两千六百元申请提现五天未到账，客服称财务休假，之后不再回复。' },
  }),
  customer(10, '小杨话费', 150, {
    wave: { kind: 'incident', daysAgo: 1, incident: 'refund_refused', amountYuan: 300, body: '话费充值三百元未到账，申请退款被拒，平台说订单已完成，但运营商查不到充值记录。' },
  }),
  // brand-new accounts piling on: shown as "not counted"
  customer(11, '刚注册的小白', 2, {
    wave: { kind: 'review', daysAgo: 1, rating: 1, verified: false, body: '听说要跑路了，大家赶紧提现，别再充值了！' },
  }),
  customer(12, 'newcomer_88', 1, {
    wave: { kind: 'review', daysAgo: 0.5, rating: 1, verified: false, body: '刚注册就看到这么多差评，幸好还没充值。' },
  }),
];
