import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '@shared/config';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { MemoryHost } from '../../host/memory-host';
import type { Workstation } from '../../state/workstation';
import { WorkstationContext } from '../../state/workstation-context';
import { SignInPage } from './SignInPage';

function setup() {
  const host = new MemoryHost();
  const calls: Array<{ username: string; sipPasswordAtSignIn: string | null }> = [];
  const ws = {
    host,
    config: DEFAULT_CONFIG,
    signIn: async (username: string) => void calls.push({ username, sipPasswordAtSignIn: await host.credentials.get('sip-password') }),
  } as unknown as Workstation;
  return { host, calls, ws };
}

describe('SignInPage', () => {
  it('hands a SIP password to the host before the phone registers, and a blank one keeps the saved one', async () => {
    const { host, calls, ws } = setup();
    await renderWithProviders(
      <WorkstationContext.Provider value={ws}>
        <SignInPage />
      </WorkstationContext.Provider>,
    );
    fireEvent.change(screen.getByLabelText('工号'), { target: { value: 'agent1001' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'demo1234' } });
    fireEvent.change(screen.getByTestId('sip-password'), { target: { value: 's3cret-sip' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    await waitFor(() => expect(calls).toEqual([{ username: 'agent1001', sipPasswordAtSignIn: 's3cret-sip' }]));

    fireEvent.change(screen.getByTestId('sip-password'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(await host.credentials.get('sip-password')).toBe('s3cret-sip');
  });
});
