import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Template, TemplateInput } from '../../shared/schemas/template';
import type { Orm } from '../db/database';
import { templates } from '../db/schema';

type TemplateRow = typeof templates.$inferSelect;

/** A stored version as workstations see it. */
export function toTemplate(row: TemplateRow): Template {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    channel: row.channel as Template['channel'],
    scenario: row.scenario as Template['scenario'],
    fraudType: row.fraudType as Template['fraudType'],
    title: row.title,
    body: row.body,
    keywords: row.keywords,
    active: row.active,
    updatedAt: row.createdAt.getTime(),
  };
}

/**
 * The latest version of every key, when that version is active: deactivating a template
 * is publishing a new, inactive version, so history stays whole.
 */
export async function listCurrentTemplates(orm: Orm): Promise<Template[]> {
  const latest = await orm.selectDistinctOn([templates.key]).from(templates).orderBy(asc(templates.key), desc(templates.version));
  return latest.filter((r) => r.active).map(toTemplate);
}

/** Every version of one key, newest first. */
export async function listTemplateVersions(orm: Orm, key: string): Promise<Template[]> {
  const rows = await orm.select().from(templates).where(eq(templates.key, key)).orderBy(desc(templates.version));
  return rows.map(toTemplate);
}

/**
 * Publishes the next version of `input.key`. A per-key transaction lock serialises two
 * admins saving the same key, so versions never collide.
 */
export async function createTemplateVersion(orm: Orm, input: TemplateInput, createdBy: string | null): Promise<Template> {
  return orm.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`template:${input.key}`}))`);
    const [top] = await tx
      .select({ version: sql<number>`coalesce(max(${templates.version}), 0)::int` })
      .from(templates)
      .where(eq(templates.key, input.key));
    const [row] = await tx
      .insert(templates)
      .values({ ...input, version: Number(top?.version ?? 0) + 1, createdBy })
      .returning();
    if (!row) throw new Error('template insert returned nothing');
    return toTemplate(row);
  });
}
