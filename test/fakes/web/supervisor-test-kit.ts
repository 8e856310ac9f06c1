import type { BoardInstruction, ReassignRequest, SupervisedAgent, SupervisorBoard, SupervisorWorkload } from '@shared/schemas/supervisor';
import type { QueueFigures } from '@shared/schemas/routing';
import type { WarningInstruction } from '@shared/schemas/warning';
import type { SupervisorApi } from '../../../renderer/src/features/supervisor/use-supervisor-data';
import { item } from './warnings-test-kit';

/** Test kit of the supervisor view's component tests: builders and a fake record store. */
export const NOW = Date.UTC(2026, 10, 21, 3, 0, 0);
export const MIN = 60_000;
export const UNIT = '00000000-0000-4000-8000-0000000000aa';
export const OTHER_UNIT = '00000000-0000-4000-8000-0000000000bb';

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}`;

export function agent(overrides: Partial<SupervisedAgent> = {}): SupervisedAgent {
  const id = uuid();
  return { id, username: `agent${n}`, displayName: `坐席${n}`, role: 'call-taker', orgUnitId: UNIT, state: 'ready', reason: null, since: NOW - 5 * MIN, ...overrides };
}

export function open(overrides: Partial<BoardInstruction> = {}): BoardInstruction {
  const id = uuid();
  return { id, sourceId: `S-${n}`, grade: 'high', state: 'issued', personName: `人员${n}`, issuedAt: NOW - 10 * MIN, orgUnitId: UNIT, assigneeId: null, overdueAt: NOW + 50 * MIN, overdue: false, ...overrides };
}

export function board(items: BoardInstruction[], agents: SupervisedAgent[]): SupervisorBoard {
  const counts = new Map<string, { grade: BoardInstruction['grade']; state: BoardInstruction['state']; count: number }>();
  for (const i of items) {
    const key = `${i.grade}/${i.state}`;
    counts.set(key, { grade: i.grade, state: i.state, count: (counts.get(key)?.count ?? 0) + 1 });
  }
  const overdue = items.filter((i) => i.overdue).sort((a, b) => a.issuedAt - b.issuedAt);
  return {
    at: NOW,
    grades: [
      { grade: 'extreme', colour: '#7b1fa2', sound: 'a', overdueMinutes: 30 },
      { grade: 'high', colour: '#d32f2f', sound: 'a', overdueMinutes: 60 },
      { grade: 'medium', colour: '#f57c00', sound: 'a', overdueMinutes: 240 },
      { grade: 'low', colour: '#1976d2', sound: 'a', overdueMinutes: 1440 },
    ],
    counts: [...counts.values()],
    openTotal: items.length,
    open: items,
    overdueTotal: overdue.length,
    overdue,
    agents,
  };
}

/** Queue figures of a quiet morning: nobody waiting, nothing today yet. */
export function queueOf(overrides: Partial<QueueFigures> = {}): QueueFigures {
  return { waitingNow: 0, longestWaitMs: 0, answeredToday: 0, abandonedToday: 0, serviceLevel: null, openCallbacks: 0, callsPerHour: Array.from({ length: 24 }, () => 0), ...overrides };
}

/** A fake record store: answers from `board`/`workload`/`queue` (or fails with `queueFailure`); reassignments answer when the test says so (or at once). */
export class FakeSupervisorApi implements SupervisorApi {
  boards = 0;
  workloadDates: Array<string | undefined> = [];
  reassignments: Array<{ id: string; body: ReassignRequest }> = [];
  queueReads = 0;
  queue: QueueFigures = queueOf();
  /** Set to make the queue endpoint fail with this error. */
  queueFailure: Error | null = null;
  /** Set to control when (and how) the next reassignment answers. */
  answer: ((id: string, body: ReassignRequest) => Promise<WarningInstruction>) | null = null;
  constructor(
    public current: SupervisorBoard,
    public workload: SupervisorWorkload = { date: '2026-11-21', from: 0, to: 86_400_000, at: NOW, agents: [] },
  ) {}
  async supervisorBoard(): Promise<SupervisorBoard> {
    this.boards += 1;
    return this.current;
  }
  async supervisorWorkload(date?: string): Promise<SupervisorWorkload> {
    this.workloadDates.push(date);
    return this.workload;
  }
  async queueFigures(): Promise<QueueFigures> {
    this.queueReads += 1;
    if (this.queueFailure) throw this.queueFailure;
    return this.queue;
  }
  async reassignWarning(id: string, body: ReassignRequest): Promise<WarningInstruction> {
    this.reassignments.push({ id, body });
    if (this.answer) return this.answer(id, body);
    return instructionOf(this.current.open.find((i) => i.id === id) as BoardInstruction, body.assigneeId);
  }
}

/** The full instruction the server answers with, from a board row and its new assignee. */
export function instructionOf(row: BoardInstruction, assigneeId: string | null): WarningInstruction {
  // The warning queue's builder, without the queue-only overdue fields.
  const { overdue: _overdue, overdueAt: _overdueAt, ...instruction } = item({
    id: row.id,
    sourceId: row.sourceId,
    grade: row.grade,
    personName: row.personName,
    fraudType: 'other',
    issuedAt: row.issuedAt,
    orgUnitId: row.orgUnitId,
    assigneeId,
    state: row.state,
  });
  return instruction;
}
