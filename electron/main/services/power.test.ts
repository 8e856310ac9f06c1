import { beforeEach, describe, expect, it, vi } from 'vitest';
import { powerSaveBlocker, resetElectronFake } from '../../../test/fakes/node/electron';
import { CallPowerGuard } from './power';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

beforeEach(() => resetElectronFake());

describe('CallPowerGuard', () => {
  it('holds one prevent-app-suspension blocker while any call is live', () => {
    const guard = new CallPowerGuard();
    guard.update(1);
    guard.update(2);
    guard.update(1);
    expect(powerSaveBlocker.start).toHaveBeenCalledTimes(1);
    expect(powerSaveBlocker.start).toHaveBeenCalledWith('prevent-app-suspension');
    expect(guard.holding).toBe(true);
    guard.update(0);
    expect(powerSaveBlocker.stop).toHaveBeenCalledTimes(1);
    expect(powerSaveBlocker.started.size).toBe(0);
    expect(guard.holding).toBe(false);
  });

  it('does nothing without calls, and release is idempotent', () => {
    const guard = new CallPowerGuard();
    guard.update(0);
    guard.release();
    expect(powerSaveBlocker.start).not.toHaveBeenCalled();
    expect(powerSaveBlocker.stop).not.toHaveBeenCalled();
  });

  it('takes a new blocker if the old one was stopped behind its back', () => {
    const guard = new CallPowerGuard();
    guard.update(1);
    powerSaveBlocker.started.clear();
    guard.update(1);
    expect(powerSaveBlocker.start).toHaveBeenCalledTimes(2);
    guard.release();
    expect(guard.holding).toBe(false);
  });
});
