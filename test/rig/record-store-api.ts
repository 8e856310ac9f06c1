import { expect } from '@playwright/test';

/** A JSON call's status and parsed body. */
export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/**
 * Signs in through the record store's HTTP API and returns the bearer token; end-to-end
 * specs use it for what a person would not do through the workstation (ingest, checks).
 */
export async function apiToken(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status, `login ${username}`).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** One JSON request to `/api/v1{path}` with a bearer token. */
export async function apiCall<T>(baseUrl: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiAnswer<T>> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
