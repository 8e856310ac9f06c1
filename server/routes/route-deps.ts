import type { ServerConfig } from '../config';
import type { Database } from '../db/database';

/** What every route plugin is registered with. */
export interface RouteDeps {
  db: Database;
  config: ServerConfig;
}
