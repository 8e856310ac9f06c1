import { TemplateSchema, type Template } from '@shared/schemas/template';
import type { DeskDb } from './db';

/** Templates are not personal data: kept in the clear, replaced wholesale on each fetch. */
export type CachedTemplateRow = Template;

const FETCHED_AT = 'templates.fetchedAt';

/** Replaces the cached template set with the server's latest list. */
export async function replaceCachedTemplates(db: DeskDb, templates: Template[], fetchedAt: number): Promise<void> {
  await db.transaction('rw', db.templates, db.meta, async () => {
    await db.templates.clear();
    await db.templates.bulkPut(templates);
    await db.meta.put({ key: FETCHED_AT, value: fetchedAt });
  });
}

/** The cached templates and when they were fetched (null: never). */
export async function loadCachedTemplates(db: DeskDb): Promise<{ templates: Template[]; fetchedAt: number | null }> {
  const [rows, meta] = await Promise.all([db.templates.toArray(), db.meta.get(FETCHED_AT)]);
  const templates = rows.flatMap((r) => {
    const parsed = TemplateSchema.safeParse(r);
    return parsed.success ? [parsed.data] : [];
  });
  return { templates, fetchedAt: typeof meta?.value === 'number' ? meta.value : null };
}
