import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Workstation, WorkstationSnapshot } from './workstation';
import { WorkstationContext } from './workstation-context';
import { sameItems, useWorkstationSelector } from './use-workstation-selector';

/** A stand-in workstation: a snapshot that tests patch, and its subscribers. */
function fakeWorkstation(initial: Partial<WorkstationSnapshot>) {
  let snap = initial as WorkstationSnapshot;
  const subscribers = new Set<() => void>();
  const ws = {
    getSnapshot: () => snap,
    subscribe: (l: () => void) => {
      subscribers.add(l);
      return () => subscribers.delete(l);
    },
  } as unknown as Workstation;
  const patch = (p: Partial<WorkstationSnapshot>) => {
    snap = { ...snap, ...p };
    act(() => subscribers.forEach((s) => s()));
  };
  return { ws, patch };
}

describe('useWorkstationSelector (issue 17: a sync tick must not re-render the desk)', () => {
  afterEach(cleanup);

  it('re-renders when the selected value changes, not on other changes', () => {
    const { ws, patch } = fakeWorkstation({ calls: [], sync: null, focusCall: null });
    let renders = 0;
    function Probe() {
      renders++;
      const ids = useWorkstationSelector((s) => s.calls.map((c) => c.id), sameItems);
      return <span data-testid="ids">{ids.join(',')}</span>;
    }
    const view = render(
      <WorkstationContext.Provider value={ws}>
        <Probe />
      </WorkstationContext.Provider>,
    );
    const before = renders;
    for (let i = 0; i < 5; i++) patch({ sync: { online: i % 2 === 0 } as WorkstationSnapshot['sync'] });
    expect(renders).toBe(before);
    patch({ calls: [{ id: 'a' } as WorkstationSnapshot['calls'][number]] });
    expect(renders).toBe(before + 1);
    expect(view.getByTestId('ids').textContent).toBe('a');
  });

  it('compares by Object.is unless told otherwise', () => {
    const { ws, patch } = fakeWorkstation({ calls: [], sync: null });
    let renders = 0;
    function Probe() {
      renders++;
      useWorkstationSelector((s) => s.calls.map((c) => c.id));
      return null;
    }
    render(
      <WorkstationContext.Provider value={ws}>
        <Probe />
      </WorkstationContext.Provider>,
    );
    const before = renders;
    patch({ sync: null });
    // A new array each time: without a comparer every change re-renders.
    expect(renders).toBeGreaterThan(before);
  });
});

describe('sameItems', () => {
  it('compares items in order', () => {
    expect(sameItems(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameItems(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameItems(['a'], ['a', 'b'])).toBe(false);
  });
});
