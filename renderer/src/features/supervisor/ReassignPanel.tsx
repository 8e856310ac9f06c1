import { Button, NativeSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReassignRequest, SupervisorBoard } from '@shared/schemas/supervisor';
import { assigneeName } from './OverdueList';
import type { ReassignNotice } from './use-supervisor-data';
import { GrowingTextarea } from '../../ui/GrowingTextarea';

export interface ReassignPanelProps {
  board: SupervisorBoard;
  pending: boolean;
  notice: ReassignNotice;
  /** Sends the reassignment; resolves true once the server accepted it. */
  reassign(id: string, body: ReassignRequest, assigneeName: string): Promise<boolean>;
}

const REASON_MAX = 500;

/**
 * Reassignment: pick an open instruction, a call-taker of its own unit (the server refuses
 * anyone else), and a reason. The board changes only when the server has accepted; the
 * expected current assignee goes with it so a concurrent change is refused, not overwritten.
 */
export function ReassignPanel({ board, pending, notice, reassign }: ReassignPanelProps) {
  const { t } = useTranslation();
  const [instructionId, setInstructionId] = useState('');
  const [agentId, setAgentId] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ instruction?: string; agent?: string; reason?: string }>({});
  const unassigned = t('supervisor.reassign.unassigned');
  const item = board.open.find((i) => i.id === instructionId) ?? null;
  const candidates = item ? board.agents.filter((a) => a.role === 'call-taker' && a.orgUnitId === item.orgUnitId && a.id !== item.assigneeId) : [];

  const submit = async () => {
    const trimmed = reason.trim();
    const found = {
      instruction: item ? undefined : t('supervisor.reassign.needInstruction'),
      agent: candidates.some((a) => a.id === agentId) ? undefined : t('supervisor.reassign.needAgent'),
      reason: trimmed === '' ? t('supervisor.reassign.needReason') : trimmed.length > REASON_MAX ? t('supervisor.reassign.reasonTooLong') : undefined,
    };
    setErrors(found);
    if (!item || found.agent || found.reason) return;
    const ok = await reassign(item.id, { assigneeId: agentId, reason: trimmed, expectedAssigneeId: item.assigneeId }, assigneeName(board.agents, agentId, unassigned));
    if (ok) {
      setAgentId('');
      setReason('');
    }
  };

  return (
    <Stack gap="xs" data-testid="supervisor-reassign">
      <NativeSelect
        size="xs"
        label={t('supervisor.reassign.instruction')}
        value={instructionId}
        error={errors.instruction}
        onChange={(e) => {
          setInstructionId(e.currentTarget.value);
          setAgentId('');
        }}
        data={[
          { value: '', label: t('supervisor.reassign.instructionPlaceholder') },
          ...board.open.map((i) => ({
            value: i.id,
            label: `${t(`warnings.grade.${i.grade}`)} · ${i.personName} · ${t(`warnings.state.${i.state}`)} · ${assigneeName(board.agents, i.assigneeId, unassigned)}${i.overdue ? ' ⚠' : ''}`,
          })),
        ]}
        data-testid="reassign-instruction"
      />
      {item && (
        <Text size="xs" c="dimmed" data-testid="reassign-current">
          {t('supervisor.reassign.current', { name: assigneeName(board.agents, item.assigneeId, unassigned) })}
        </Text>
      )}
      {item && candidates.length === 0 ? (
        <Text size="xs" c="orange">
          {t('supervisor.reassign.noAgents')}
        </Text>
      ) : (
        <NativeSelect
          size="xs"
          label={t('supervisor.reassign.agent')}
          value={agentId}
          error={errors.agent}
          disabled={!item}
          onChange={(e) => setAgentId(e.currentTarget.value)}
          data={[{ value: '', label: t('supervisor.reassign.agentPlaceholder') }, ...candidates.map((a) => ({ value: a.id, label: `${a.displayName} · ${t(`agentState.state.${a.state}`)}` }))]}
          data-testid="reassign-agent"
        />
      )}
      <GrowingTextarea size="xs" label={t('supervisor.reassign.reason')} value={reason} error={errors.reason} onChange={(e) => setReason(e.currentTarget.value)} minRows={2} data-testid="reassign-reason" />
      <Button size="xs" onClick={() => void submit()} loading={pending} disabled={pending} data-testid="reassign-submit">
        {t('supervisor.reassign.submit')}
      </Button>
      {notice && (
        <Text size="xs" c={notice.kind === 'done' ? 'green' : 'red'} data-testid="reassign-notice" role="status">
          {notice.kind === 'done' ? t('supervisor.reassign.done', { name: notice.name }) : t(`supervisor.reassign.${notice.kind}`, { message: notice.message })}
        </Text>
      )}
    </Stack>
  );
}
