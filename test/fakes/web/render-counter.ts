// Counts which components React rendered, through the hook React DOM offers its developer tools.
// It must exist before react-dom is first evaluated: setup.ts imports this file first.

/** The part of a React fiber read here. */
interface Fiber {
  tag: number;
  type: unknown;
  child: Fiber | null;
  sibling: Fiber | null;
  alternate: Fiber | null;
  memoizedProps: unknown;
  memoizedState: unknown;
}

/** Function, class, forwardRef and simple memo components (a `memo` with a compare function renders its inner fiber, a function one). */
const COMPONENT_TAGS = new Set([0, 1, 11, 15]);
const roots = new Set<{ current: Fiber }>();
/** Per fiber (either of its two copies), the props and state it last committed with. */
const seen = new WeakMap<Fiber, [unknown, unknown]>();
let counts: Map<string, number> | null = null;

function nameOf(type: unknown): string {
  if (typeof type === 'function') return (type as { displayName?: string }).displayName ?? type.name;
  const wrapped = type as { displayName?: string; render?: { name?: string }; type?: { name?: string } } | null;
  return wrapped?.displayName ?? wrapped?.render?.name ?? wrapped?.type?.name ?? '?';
}

/** Records each fiber's props and state; with `into`, counts the components whose changed since the last walk (they rendered). */
function walk(first: Fiber | null, into: Map<string, number> | null): void {
  for (let fiber = first; fiber; fiber = fiber.sibling) {
    const before = seen.get(fiber) ?? (fiber.alternate ? seen.get(fiber.alternate) : undefined);
    const rendered = !before || before[0] !== fiber.memoizedProps || before[1] !== fiber.memoizedState;
    seen.set(fiber, [fiber.memoizedProps, fiber.memoizedState]);
    if (into && rendered && COMPONENT_TAGS.has(fiber.tag)) {
      const name = nameOf(fiber.type);
      into.set(name, (into.get(name) ?? 0) + 1);
    }
    walk(fiber.child, into);
  }
}

const target = globalThis as { __REACT_DEVTOOLS_GLOBAL_HOOK__?: unknown };
target.__REACT_DEVTOOLS_GLOBAL_HOOK__ ??= {
  supportsFiber: true,
  isDisabled: false,
  renderers: new Map(),
  inject: () => 1,
  checkDCE: () => undefined,
  onScheduleFiberRoot: () => undefined,
  onCommitFiberUnmount: () => undefined,
  onPostCommitFiberRoot: () => undefined,
  setStrictMode: () => undefined,
  onCommitFiberRoot: (_renderer: number, root: { current: Fiber }) => {
    roots.add(root);
    if (counts) walk(root.current.child, counts);
  },
};

/**
 * Starts counting renders per component name (from what is on screen now); `stop` returns the
 * counts. For tests of what a change re-renders: a count can fail, a timing cannot be trusted.
 */
export function countRenders(): { stop: () => Map<string, number> } {
  for (const root of roots) walk(root.current.child, null);
  const mine = new Map<string, number>();
  counts = mine;
  return {
    stop: () => {
      if (counts === mine) counts = null;
      return mine;
    },
  };
}
