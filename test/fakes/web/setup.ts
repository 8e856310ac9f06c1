// Renderer unit tests run in jsdom with a real (in-memory) IndexedDB implementation.
import 'fake-indexeddb/auto';
// Before anything loads react-dom: it looks for the developer-tools hook once, when it is evaluated.
import './render-counter';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach } from 'vitest';
import { flushAnnouncements } from '../../../renderer/src/storage/action-tx';

// Testing Library unmounts after each test only where test globals are on, and here they are
// off: a component left mounted could render after its file's jsdom was torn down (a state
// update from a sign-in that resolved late failed CI with an uncaught "window is not defined").
afterEach(() => cleanup());

// A user action announces its changes up to a frame later (action-tx.ts): sent before the
// environment goes away, not into a torn-down jsdom (an uncaught "dispatchEvent is not defined").
afterAll(() => flushAnnouncements());

// Mantine reads matchMedia; jsdom has none.
if (typeof window !== 'undefined' && !window.matchMedia) {
  window.matchMedia = (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// Mantine's autosizing Textarea listens on document.fonts; jsdom has none.
if (typeof document !== 'undefined' && !('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
  });
}

// Mantine's SegmentedControl and Tabs measure themselves; jsdom has no ResizeObserver.
const scope = globalThis as { ResizeObserver?: unknown };
scope.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};
