import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The import rules of design.md §2, checked against the real eslint.config.js: each case is
// a one-line file placed (virtually) in a folder, and must be reported or accepted.
const eslint = new ESLint({ cwd: process.cwd() });

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('import zones', () => {
  it.each([
    ['shared/x.ts', "import { app } from 'electron';"],
    ['shared/x.ts', "import { readFile } from 'node:fs';"],
    ['shared/x.ts', "import Dexie from 'dexie';"],
    ['shared/x.ts', "import { a } from '../renderer/src/x';"],
    ['shared/x.ts', "import { a } from '../server/app';"],
    ['electron/main/x.ts', "import { a } from '../../renderer/src/App';"],
    ['electron/main/window/x.ts', "import { ipcMain } from 'electron';"],
    ['electron/preload/x.ts', "import { shell } from 'electron';"],
    ['electron/preload/x.ts', "import { readFile } from 'node:fs';"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/src/x.ts', "import { readFile } from 'node:fs';"],
    ['renderer/src/x.ts', "import { a } from '../../server/app';"],
    ['renderer/src/x.ts', "import { a } from '../../electron/main/index';"],
    ['renderer/src/x.ts', "import { a } from '../../test/rig/stack';"],
    ['renderer/src/softphone/x.ts', "import { useState } from 'react';"],
    ['renderer/src/storage/x.ts', "import { a } from '../features/phone/PhonePanel';"],
    ['renderer/src/sync/x.ts', "import { Button } from '@mantine/core';"],
    ['server/x.ts', "import { a } from '../renderer/src/x';"],
    ['server/x.ts', "import { app } from 'electron';"],
    ['server/x.ts', "import { a } from '../test/rig/postgres';"],
  ])('%s: %s is refused', async (file, code) => {
    expect(await violations(file, code)).not.toHaveLength(0);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';"],
    ['electron/main/ipc/x.ts', "import { ipcMain } from 'electron';"],
    ['electron/preload/x.ts', "import { contextBridge, ipcRenderer } from 'electron';"],
    ['renderer/src/features/x.ts', "import { useState } from 'react';"],
    ['renderer/src/softphone/x.ts', "import { UserAgent } from 'sip.js';"],
    ['server/x.ts', "import { readFile } from 'node:fs';"],
    ['server/x.ts', "import { CallRecordSchema } from '../shared/schemas/call-record';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});
