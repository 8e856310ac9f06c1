import type { AttemptInput, ContactInput, VisitRecordInput, WarningConfigView, WarningInstruction, WarningListResponse, WarningStationsResponse, WarningTransitionRequest } from '@shared/schemas/warning';
import type { QueueItem } from '../../../renderer/src/features/warnings/queue-order';
import type { WarningsApi } from '../../../renderer/src/features/warnings/use-warning-queue';

/** Test kit of the warning queue's component tests: instruction builder and a fake record store. */
export const NOW = Date.UTC(2026, 10, 21, 3, 0, 0);
export const MIN = 60_000;
let n = 0;
export function item(overrides: Partial<QueueItem> = {}): QueueItem {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    sourceId: `S-${n}`,
    grade: 'medium',
    personName: `人员${n}`,
    phones: ['13800138000'],
    idNumber: null,
    fraudType: 'fake-investment',
    summary: '',
    issuedAt: NOW - 10 * MIN,
    orgUnitId: '00000000-0000-4000-8000-0000000000aa',
    assigneeId: null,
    state: 'issued',
    stateAt: NOW,
    gradeHistory: [],
    voidReason: null,
    feedback: null,
    evaluation: null,
    fraudReportCaseId: null,
    attempts: [],
    contacts: [],
    visits: [],
    overdue: false,
    overdueAt: NOW + 60 * MIN,
    ...overrides,
  };
}

/** A fake record store: answers from `items`; transitions resolve when the test says so (or at once). */
export class FakeWarningsApi implements WarningsApi {
  lists = 0;
  transitions: Array<{ id: string; body: WarningTransitionRequest }> = [];
  attempts: Array<{ id: string; body: AttemptInput }> = [];
  visitRecords: Array<{ id: string; body: VisitRecordInput & { returnToUnit: boolean } }> = [];
  stations: WarningStationsResponse['stations'] = [];
  contactRecords: Array<{ id: string; body: ContactInput }> = [];
  /** Set to control when (and how) the next transition answers. */
  answer: ((id: string, body: WarningTransitionRequest) => Promise<WarningInstruction>) | null = null;
  constructor(public items: QueueItem[]) {}
  async listWarnings(): Promise<WarningListResponse> {
    this.lists += 1;
    return { items: this.items, at: NOW };
  }
  async warningConfig(): Promise<WarningConfigView> {
    return { region: 'default-4', autoSmsLow: true, grades: [{ grade: 'high' as const, colour: '#d32f2f', sound: 'a', overdueMinutes: 60 }] };
  }
  async transitionWarning(id: string, body: WarningTransitionRequest): Promise<WarningInstruction> {
    this.transitions.push({ id, body });
    if (this.answer) return this.answer(id, body);
    const next = { sign: 'signed-for', call: 'calling' }[body.action as 'sign' | 'call'] as QueueItem['state'];
    return { ...(this.items.find((i) => i.id === id) as QueueItem), state: next };
  }
  async recordWarningAttempt(id: string, body: AttemptInput): Promise<WarningInstruction> {
    this.attempts.push({ id, body });
    return this.items.find((i) => i.id === id) as QueueItem;
  }
  async recordWarningContact(id: string, body: ContactInput): Promise<WarningInstruction> {
    this.contactRecords.push({ id, body });
    const current = this.items.find((i) => i.id === id) as QueueItem;
    const contacts = [...current.contacts, { id: `00000000-0000-4000-8000-${String(this.contactRecords.length).padStart(12, '0')}`, agentId: current.orgUnitId, ...body }];
    this.items = this.items.map((i) => (i.id === id ? { ...i, contacts } : i));
    return { ...current, contacts };
  }
  async listWarningStations(): Promise<WarningStationsResponse> {
    return { stations: this.stations };
  }
  async recordWarningVisit(id: string, body: VisitRecordInput & { returnToUnit: boolean }): Promise<WarningInstruction> {
    this.visitRecords.push({ id, body });
    const current = this.items.find((i) => i.id === id) as QueueItem;
    const visits = current.visits.map((v) => (v.returnedAt === null ? { ...v, officer: body.officer, place: body.place, result: body.result, metAt: body.metAt, returnedAt: NOW } : v));
    this.items = this.items.map((i) => (i.id === id ? { ...i, visits } : i));
    return { ...current, visits };
  }
}

