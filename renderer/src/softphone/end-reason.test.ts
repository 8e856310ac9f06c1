import { describe, expect, it } from 'vitest';
import { endReasonFor, type EndFacts } from './end-reason';

const base: EndFacts = { direction: 'inbound', answered: false, localEnd: false, transferred: false, answeredElsewhere: false };

describe('endReasonFor', () => {
  it.each<[string, Partial<EndFacts>, string]>([
    ['an unanswered inbound call the caller gave up on is missed', {}, 'missed'],
    ['an inbound call we declined is rejected', { localEnd: true }, 'rejected'],
    ['an inbound call a colleague took is answered elsewhere', { answeredElsewhere: true }, 'answered-elsewhere'],
    ['an answered call we hung up', { answered: true, localEnd: true }, 'local-hangup'],
    ['an answered call the other side hung up', { answered: true }, 'remote-hangup'],
    ['a transferred call, whoever sent the BYE', { answered: true, localEnd: true, transferred: true }, 'transferred'],
    ['an outbound call refused with 486', { direction: 'outbound', sipStatus: 486 }, 'rejected'],
    ['an outbound call we cancelled while it rang', { direction: 'outbound', localEnd: true, sipStatus: 180 }, 'local-hangup'],
    ['an outbound call that never got a final answer', { direction: 'outbound', sipStatus: 180 }, 'failed'],
    ['an outbound call with no response at all', { direction: 'outbound' }, 'failed'],
  ])('%s', (_name, facts, expected) => {
    expect(endReasonFor({ ...base, ...facts })).toBe(expected);
  });
});
