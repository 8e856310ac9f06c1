import { SegmentedControl, Stack } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '@shared/schemas/auth';
import { SupervisorScreen } from './SupervisorView';

export interface SupervisorSwitchProps {
  role: Role;
  /** The workstation (phone, note, sidebar). */
  children: ReactNode;
  /** The supervisor view; the live screen by default (tests pass their own). */
  view?: ReactNode;
  /** An inbound call is ringing: bring the workstation to the front so it can be answered. */
  ringing?: boolean;
}

/**
 * For supervisors, a switch between the workstation and the 班长视图; everyone else sees the
 * workstation only; a supervisor starts on the 班长视图. The workstation stays mounted (hidden) while the supervisor view is shown,
 * so a call in progress and its note are never torn down; the supervisor view is mounted only
 * while shown, so it polls only then. A ringing inbound call brings the workstation back.
 */
export function SupervisorSwitch({ role, children, view, ringing = false }: SupervisorSwitchProps) {
  const { t } = useTranslation();
  // A supervisor signs in to supervise: the 班长视图 first (issue 17), unless a call is ringing.
  const [shown, setShown] = useState<'desk' | 'supervisor'>(ringing ? 'desk' : 'supervisor');
  // A call starting to ring switches to the workstation once; the supervisor may switch back.
  const [wasRinging, setWasRinging] = useState(ringing);
  if (ringing !== wasRinging) {
    setWasRinging(ringing);
    if (ringing) setShown('desk');
  }
  if (role !== 'supervisor') return <>{children}</>;
  return (
    <Stack gap="sm">
      <SegmentedControl
        size="xs"
        aria-label={t('supervisor.switchLabel')}
        value={shown}
        onChange={(v) => setShown(v as 'desk' | 'supervisor')}
        data={[
          { value: 'desk', label: t('supervisor.desk') },
          { value: 'supervisor', label: t('supervisor.title') },
        ]}
        data-testid="supervisor-switch"
        style={{ alignSelf: 'flex-start' }}
      />
      <div hidden={shown !== 'desk'} data-testid="desk-view">
        {children}
      </div>
      {shown === 'supervisor' && (view ?? <SupervisorScreen />)}
    </Stack>
  );
}
