/**
 * Keyboard flow of the case form (issue 17): the form publishes which items finalising still
 * needs (`data-missing` on `case-form`), and "go to the case" lands on the first of them, so a
 * call-taker never walks the form with Tab to find what is left.
 */

/** Where each non-field item of the form sits (fields are `case-field-<key>`). */
const ITEM_TEST_IDS: Record<string, string> = { callType: 'case-call-type', disposition: 'case-disposition', fraudType: 'case-fraud-type' };

const controls = 'input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';

/** The first control of a case item: the element itself or, for a group (checkboxes, radios), its first box. */
function controlOf(root: ParentNode, key: string): HTMLElement | null {
  const id = ITEM_TEST_IDS[key] ?? `case-field-${key}`;
  const el = root.querySelector<HTMLElement>(`[data-testid="${id}"]`) ?? root.querySelector<HTMLElement>(`[data-testid^="${id}-"]`);
  if (!el) return null;
  if (el.matches(controls)) return el;
  // A segmented control: the checked choice, as Tab would land.
  return el.querySelector<HTMLElement>('input:checked') ?? el.querySelector<HTMLElement>(controls);
}

/** The items (keys) finalising still needs, in the order the form shows them. */
export function missingItems(root: ParentNode): string[] {
  const form = root.querySelector<HTMLElement>('[data-testid=case-form]');
  return (form?.dataset.missing ?? '').split(' ').filter(Boolean);
}

/**
 * Focuses the first item finalising still needs, or the form's first control when nothing
 * is missing. Answers whether something took the focus.
 */
export function focusFirstMissing(root: ParentNode): boolean {
  const form = root.querySelector<HTMLElement>('[data-testid=case-form]');
  if (!form) return false;
  // In the form's order, not the finalise rules' order.
  const missing = new Set(missingItems(root));
  const ordered = [...form.querySelectorAll<HTMLElement>('[data-testid]')]
    .map((el) => el.dataset.testid ?? '')
    .map((id) => Object.entries(ITEM_TEST_IDS).find(([, v]) => v === id)?.[0] ?? id.replace(/^case-field-/, ''))
    // A checkbox group's boxes are `case-field-<key>-<option>`.
    .map((key) => [...missing].find((m) => key === m || key.startsWith(`${m}-`)))
    .filter((key): key is string => !!key);
  const target = (ordered[0] ? controlOf(form, ordered[0]) : null) ?? controlOf(form, 'callType') ?? form.querySelector<HTMLElement>(controls);
  target?.focus();
  // A control in a tab that is not shown yet takes no focus.
  return !!target && document.activeElement === target;
}

/** How long a focus request waits for the case form to be shown (a tab switch renders it a moment later). */
const SHOWN_WITHIN_MS = 1000;
const RETRY_MS = 16;

/**
 * `focusFirstMissing` once the form can take the focus: a case brought forward from another
 * tab is shown a render later, and a focus asked for before that went nowhere (the keyboard-only
 * fraud report lost its next key in CI about once in a few dozen runs on a loaded machine).
 * Gives up if the person moved the focus meanwhile, or after SHOWN_WITHIN_MS. Answers a cancel.
 */
export function focusFirstMissingWhenShown(root: () => ParentNode | null): () => void {
  const from = document.activeElement;
  const until = Date.now() + SHOWN_WITHIN_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempt = () => {
    const now = document.activeElement;
    // Someone else put the focus somewhere (a hidden tab's control losing it leaves the body).
    if (now !== from && now !== document.body && now !== null) return;
    const r = root();
    if (r && focusFirstMissing(r)) return;
    if (Date.now() < until) timer = setTimeout(attempt, RETRY_MS);
  };
  timer = setTimeout(attempt, 0);
  return () => clearTimeout(timer);
}

type ShowCase = () => void;
let showCase: ShowCase | null = null;

/** The sidebar registers how to bring the case tab forward and focus it (see `requestCaseFocus`). */
export function onShowCase(show: ShowCase | null): void {
  showCase = show;
}

/** Brings the case tab forward with the focus on what is still missing (after a look-up pick, a refused finalise). */
export function requestCaseFocus(): void {
  showCase?.();
}
