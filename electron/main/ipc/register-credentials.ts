import type { CredentialStore } from '../services/credentials';
import { handle } from './handle';

/** `credential:get`, `credential:set`, `credential:delete`, `credential:backend`. */
export function registerCredentialIpc(credentials: Pick<CredentialStore, 'get' | 'set' | 'delete' | 'backend'>): void {
  handle('credential:get', (key) => credentials.get(key));
  handle('credential:set', (key, value) => credentials.set(key, value));
  handle('credential:delete', (key) => credentials.delete(key));
  handle('credential:backend', () => credentials.backend());
}
