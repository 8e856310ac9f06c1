import { sql } from 'drizzle-orm';
import { TemplateInputSchema } from '../../shared/schemas/template';
import type { Orm } from '../db/database';
import { templates } from '../db/schema';
import { STARTER_TEMPLATES } from './starter-set';

/**
 * Writes the starter set as version 1 of each key when the templates table is empty, so a
 * fresh record store has scripts at once and an admin's edits are never overwritten.
 * Several instances starting together take a lock, so only one seeds.
 */
export async function seedStarterTemplates(orm: Orm): Promise<{ created: number }> {
  return orm.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(96110002)`);
    const [existing] = await tx.select({ n: sql<number>`count(*)::int` }).from(templates);
    if (Number(existing?.n ?? 0) > 0) return { created: 0 };
    const rows = STARTER_TEMPLATES.map((t) => ({ ...TemplateInputSchema.parse(t), version: 1, createdBy: null }));
    await tx.insert(templates).values(rows);
    return { created: rows.length };
  });
}
