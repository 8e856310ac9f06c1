import { afterAll, beforeAll } from 'vitest';

/**
 * jsdom has no layout: for the enclosing suite, give every element a viewport-sized box
 * (clientHeight/clientWidth) so virtualised lists render a screenful, and restore after.
 */
export function useLayoutBox(height = 420, width = 400): void {
  const saved = { height: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'), width: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth') };
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => height });
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => width });
  });
  afterAll(() => {
    if (saved.height) Object.defineProperty(HTMLElement.prototype, 'clientHeight', saved.height);
    if (saved.width) Object.defineProperty(HTMLElement.prototype, 'clientWidth', saved.width);
  });
}
