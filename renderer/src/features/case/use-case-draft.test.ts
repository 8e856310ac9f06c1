import { describe, expect, it } from 'vitest';
import type { FieldErrors } from '@shared/schemas/case-finalise';
import { withoutInvalid } from './use-case-draft';

/** Runs the check and returns what it saves and which errors it reports. */
function check(fields: Record<string, unknown>) {
  let errors: FieldErrors = {};
  const saved = withoutInvalid({ fields } as never, (update) => {
    errors = update(errors);
  });
  return { saved: saved.fields, errors };
}

describe('the case draft save check', () => {
  it('does not flag a just-added, still empty identifier row (no error line moving the buttons below; issue 17 flake)', () => {
    const { saved, errors } = check({ fraudsterIdentifiers: [{ kind: 'phone', value: '' }] });
    expect(errors).toEqual({});
    expect(saved).toEqual({ fraudsterIdentifiers: [] });
  });

  it('saves the filled rows beside an empty one', () => {
    const { saved, errors } = check({ fraudsterIdentifiers: [{ kind: 'url', value: 'https://fake-invest.example' }, { kind: 'phone', value: ' ' }] });
    expect(errors).toEqual({});
    expect(saved).toEqual({ fraudsterIdentifiers: [{ kind: 'url', value: 'https://fake-invest.example' }] });
  });

  it('still reports a value the schema refuses', () => {
    const { saved, errors } = check({ fraudsterIdentifiers: [{ kind: 'nonsense', value: 'x' }] });
    expect(errors).toEqual({ fraudsterIdentifiers: 'invalid' });
    expect(saved).toEqual({});
  });
});
