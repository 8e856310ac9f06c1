import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Template, TemplateListResponse } from '@shared/schemas/template';
import type { DeskDb } from '../../storage/db';
import { loadCachedTemplates, replaceCachedTemplates } from '../../storage/template-cache';
import { RecordStoreUnreachableError } from '../../sync/record-store-client';

/** The part of the record store client the templates use (a fake in tests). */
export interface TemplatesApi {
  listTemplates(): Promise<TemplateListResponse>;
}

export interface TemplateList {
  templates: Template[];
  /** When the shown set was fetched from the server (null: never, nothing cached). */
  fetchedAt: number | null;
  /** Where the shown set came from. */
  source: 'server' | 'cache' | 'none';
  loading: boolean;
  error: 'unreachable' | 'failed' | null;
  refresh(): void;
}

const TemplatesContext = createContext<TemplateList | null>(null);

/**
 * Loads the template set once for the whole sidebar: the Dexie copy first (instant, works
 * offline), then the server's latest, which replaces the copy.
 */
export function TemplatesProvider({ api, db, children }: { api: TemplatesApi; db: DeskDb | null; children: ReactNode }) {
  const [state, setState] = useState<Omit<TemplateList, 'refresh'>>({ templates: [], fetchedAt: null, source: 'none', loading: true, error: null });
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let alive = true;
    void (async () => {
      setState((s) => ({ ...s, loading: true }));
      if (db) {
        const cached = await loadCachedTemplates(db).catch(() => null);
        if (alive && cached && cached.templates.length > 0) setState((s) => (s.source === 'server' ? s : { ...s, templates: cached.templates, fetchedAt: cached.fetchedAt, source: 'cache' }));
      }
      try {
        const { templates } = await api.listTemplates();
        if (!alive) return;
        const fetchedAt = Date.now();
        if (db) await replaceCachedTemplates(db, templates, fetchedAt).catch((error: unknown) => console.warn('templates not cached', error));
        if (alive) setState({ templates, fetchedAt, source: 'server', loading: false, error: null });
      } catch (error) {
        if (alive) setState((s) => ({ ...s, loading: false, error: error instanceof RecordStoreUnreachableError ? 'unreachable' : 'failed' }));
      }
    })();
    return () => {
      alive = false;
    };
  }, [api, db, generation]);

  const value = useMemo(() => ({ ...state, refresh }), [state, refresh]);
  return <TemplatesContext.Provider value={value}>{children}</TemplatesContext.Provider>;
}

/** The sidebar's template set; empty outside a provider. */
export function useTemplateList(): TemplateList {
  return useContext(TemplatesContext) ?? EMPTY;
}

const EMPTY: TemplateList = { templates: [], fetchedAt: null, source: 'none', loading: false, error: null, refresh: () => undefined };
