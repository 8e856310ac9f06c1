// Starts the demo stack and keeps it running until Ctrl+C (see scripts/demo.sh).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startStack } from '../test/rig/stack';

const root = resolve(import.meta.dirname, '..');
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/**
 * The Electron binary's path, or null where it could not be downloaded (as on the CI machines
 * here). Read from disk: requiring `electron` would start its lazy download.
 */
function electronBinary(): string | null {
  const dir = resolve(root, 'node_modules/electron');
  const pathFile = resolve(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = resolve(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const stack = await startStack({
  pgliteDir: resolve(root, '.rig/demo-db'),
  recordStorePort: port('RECORD_STORE_PORT', 4100),
  webPort: port('WEB_PORT', 5173),
  kamailio: { wsPort: port('SIP_WS_PORT', 8088), sipPort: port('SIP_UDP_PORT', 5060), groupList: ['1001', '1002', '1003'] },
});

const lines = [
  '',
  'Hotline Desk demo is running (Ctrl+C stops everything):',
  `  record store (PGlite): ${stack.recordStore.url}`,
  `  PBX (Kamailio):        ${stack.kamailio.wsUrl}   96110 rings agents 1001-1003`,
  `  caller simulator:      ${stack.callerUrl('13800138000')}`,
];
let electron: ReturnType<typeof spawn> | null = null;
const binary = electronBinary();
if (binary) {
  electron = spawn('npx', ['electron-vite', 'preview'], { cwd: root, stdio: 'inherit' });
  lines.push('  workstation:           Electron window (electron-vite preview)');
} else {
  lines.push('  workstation:           Electron binary not installed here, so the workstation runs in the browser:');
}
lines.push(`                         ${stack.workstationUrl()}`);
lines.push('  sign in as agent1001 / demo1234 (also agent1002, agent1003); then call 96110 from the caller simulator.');
lines.push('  also (npm run seed): super, admin, auditor, district agents agent2001/agent2002, station officer3001; same password.');
lines.push('  freeze records and warning instructions in this demo are synthetic (marked 合成 / SYN-).');
console.log(lines.join('\n'));

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  if (electron?.pid) electron.kill('SIGTERM');
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
