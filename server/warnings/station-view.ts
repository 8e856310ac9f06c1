import type { WarningInstruction } from '../../shared/schemas/warning';
import { maskIdNumber } from '../freeze/mask';

/**
 * What a police station officer sees of an instruction dispatched to them: who to visit (name,
 * phones), why (fraud type, summary, grade) and their own station's visits. Not the ID
 * number in the clear, the relatives' names and numbers, the desk's attempts, the grade
 * history, voiding, feedback or evaluation: the minimum personal data a visit needs.
 */
export function stationView<T extends WarningInstruction>(item: T, stationUnitId: string): T {
  return {
    ...item,
    idNumber: item.idNumber === null ? null : maskIdNumber(item.idNumber),
    assigneeId: null,
    gradeHistory: [],
    voidReason: null,
    feedback: null,
    evaluation: null,
    fraudReportCaseId: null,
    attempts: [],
    contacts: [],
    visits: item.visits.filter((v) => v.stationUnitId === stationUnitId),
  };
}
