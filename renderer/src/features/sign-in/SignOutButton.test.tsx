import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import type { UnsentWork, Workstation } from '../../state/workstation';
import { WorkstationContext } from '../../state/workstation-context';
import { SignOutButton } from './SignOutButton';

/** A workstation whose outbox drains by one change per push kick. */
function fakeWorkstation(pending: number, refused = 0) {
  const state = { pending, kicks: 0 };
  const ws = {
    unsentWork: vi.fn(async (): Promise<UnsentWork> => ({ pending: state.pending, oldestCreatedAt: Date.now() - 90_000, refused })),
    kickSync: vi.fn(() => {
      state.kicks++;
      state.pending = Math.max(0, state.pending - 1);
    }),
    signOut: vi.fn(async () => undefined),
  };
  return { ws, state };
}

async function renderButton(ws: object) {
  await renderWithProviders(
    <WorkstationContext.Provider value={ws as unknown as Workstation}>
      <SignOutButton />
    </WorkstationContext.Provider>,
    'en',
  );
}

afterEach(cleanup);

describe('SignOutButton', () => {
  it('signs out at once when nothing is unsent', async () => {
    const { ws } = fakeWorkstation(0);
    await renderButton(ws);
    fireEvent.click(screen.getByTestId('sign-out'));
    await waitFor(() => expect(ws.signOut).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId('sign-out-pending')).toBeNull();
  });

  it('says what is unsent, and "wait" pushes until the queue is empty, then signs out', async () => {
    const { ws, state } = fakeWorkstation(2);
    await renderButton(ws);
    fireEvent.click(screen.getByTestId('sign-out'));
    expect((await screen.findByTestId('sign-out-pending')).textContent).toMatch(/2 change\(s\) not yet sent/);
    expect(ws.signOut).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('sign-out-wait'));
    await waitFor(() => expect(ws.signOut).toHaveBeenCalledTimes(1), { timeout: 3000 });
    expect(state.kicks).toBe(2);
    expect(state.pending).toBe(0);
  });

  it('"keep" signs out leaving the unsent work for the next sign-in', async () => {
    const { ws, state } = fakeWorkstation(3);
    await renderButton(ws);
    fireEvent.click(screen.getByTestId('sign-out'));
    fireEvent.click(await screen.findByTestId('sign-out-keep'));
    await waitFor(() => expect(ws.signOut).toHaveBeenCalledTimes(1));
    expect(state.kicks).toBe(0);
  });
});
