// Starts the demo stack and keeps it running until Ctrl+C (see scripts/demo.sh, which builds
// and seeds first). Prints one banner with every URL and who to sign in as.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { syntheticPhone } from '../server/freeze/synthetic-freeze';
import { startStack, type Stack } from '../test/rig/stack';

const root = resolve(import.meta.dirname, '..');
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
/**
 * The caller simulator's own number: synthetic freeze record 12's phone (the 1470 data-card
 * block, server/freeze/synthetic-freeze.ts), so the first call's screen-pop shows linked records.
 */
const CALLER_NUMBER = syntheticPhone(12);

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

let stack: Stack;
try {
  stack = await startStack({
    pgliteDir: resolve(root, '.rig/demo-db'),
    recordStorePort: port('RECORD_STORE_PORT', 4100),
    webPort: port('WEB_PORT', 5173),
    kamailio: {
      wsPort: port('SIP_WS_PORT', 8088),
      sipPort: port('SIP_UDP_PORT', 5060),
      groupList: ['1001', '1002', '1003'],
      // 96110 goes to the ready agent who has waited longest (the record store decides, issue 16).
      routingUrl: `http://127.0.0.1:${port('RECORD_STORE_PORT', 4100)}/api/v1/routing`,
    },
  });
} catch (error) {
  // startStack has already stopped whatever it started.
  console.error(`demo: the stack did not start: ${error instanceof Error ? error.message : String(error)}`);
  console.error('demo: if a port is taken, move it with RECORD_STORE_PORT, SIP_WS_PORT, SIP_UDP_PORT or WEB_PORT.');
  process.exit(1);
}

const lines = [
  '',
  '================================================================================',
  ' Hotline Desk demo is running. Ctrl+C stops everything.',
  '================================================================================',
  `  record store (PGlite, .rig/demo-db): ${stack.recordStore.url}`,
  `  PBX (Kamailio):      ${stack.kamailio.wsUrl}   96110 goes to the longest-idle ready agent (queue when none), 96111 hunts them in turn;`,
  '                       every phone authenticates (SIP digest against the record store\'s HA1s)',
  `  caller simulator:    ${stack.callerUrl(CALLER_NUMBER)}`,
];
let electron: ReturnType<typeof spawn> | null = null;
const binary = electronBinary();
if (binary) {
  electron = spawn('npx', ['electron-vite', 'preview'], { cwd: root, stdio: 'inherit' });
  lines.push('  workstation:         Electron window (electron-vite preview), or in the browser:');
} else {
  lines.push('  workstation:         the Electron binary is not installed here, so open it in the browser:');
}
lines.push(`                       ${stack.workstationUrl()}`);
lines.push(
  '',
  '  Sign in (password demo1234 for everyone; the PBX asks for the SIP password, also demo1234: leave it blank):',
  '    agent1001, agent1002, agent1003  call-takers, extensions 1001-1003: answer 96110, cases, freeze look-ups, warning queue',
  '    warn1101, warn1102               warning officers, extensions 1101/1102: the centre\'s warning queue and warning calls',
  '    super                            supervisor, extension 1000: all of the above for the centre and districts + supervisor view',
  '    agent2001, agent2002             district call-takers (east, west): their district\'s warning queue',
  '    officer3001                      station officer (east station 1): records and returns dispatched visits',
  '    admin / auditor                  users, ingest and templates / the audit trail only',
  '  First call: open the workstation, sign in as agent1001, open the caller simulator (it registers by itself),',
  '  press Call (96110), answer with the button or Alt+A.',
  '  Every person, ID number, phone and notice in this demo is synthetic (marked 合成 / SYN-).',
  '================================================================================',
);
console.log(lines.join('\n'));

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\ndemo: ${signal}: stopping the workstation, the web pages, the record store and the PBX...`);
  if (electron?.pid && electron.exitCode === null) electron.kill('SIGTERM');
  await stack.stop();
  console.log('demo: stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void stop('Ctrl+C'));
process.on('SIGTERM', () => void stop('SIGTERM'));
