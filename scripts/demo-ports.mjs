// Checks, before the demo builds and seeds anything, that the ports it listens on are free
// on 127.0.0.1, and names the variable that moves a taken one (scripts/demo.sh, step 1).
// Plain Node on purpose: it runs before the npm packages are installed.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** [variable, default, protocol, what listens there]; the defaults match scripts/demo.ts. */
const PORTS = [
  ['RECORD_STORE_PORT', 4100, 'tcp', 'the record store (HTTP)'],
  ['SIP_WS_PORT', 8088, 'tcp', 'the PBX (Kamailio) SIP over WebSocket'],
  ['SIP_UDP_PORT', 5060, 'udp', 'the PBX (Kamailio) SIP over UDP'],
  ['WEB_PORT', 5173, 'tcp', 'the workstation and caller simulator pages'],
];

/** Resolves to null when `port` can be bound on 127.0.0.1, else to the error code (EADDRINUSE, EACCES). */
function tryBind(protocol, port) {
  return new Promise((resolve) => {
    if (protocol === 'udp') {
      const socket = createSocket('udp4');
      socket.once('error', (error) => resolve(error.code ?? String(error)));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(null)));
      return;
    }
    const server = createServer();
    server.once('error', (error) => resolve(error.code ?? String(error)));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(null)));
  });
}

const problems = [];
const seen = new Map();
for (const [name, fallback, protocol, what] of PORTS) {
  const raw = process.env[name] ?? String(fallback);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(`${name}=${raw} is not a port number (1-65535).`);
    continue;
  }
  const key = `${protocol}:${port}`;
  if (seen.has(key)) {
    problems.push(`${name} and ${seen.get(key)} are both ${port}: give each its own port.`);
    continue;
  }
  seen.set(key, name);
  const code = await tryBind(protocol, port);
  if (code === 'EADDRINUSE') {
    problems.push(
      `port ${port}/${protocol} (${name}, ${what}) is already in use on 127.0.0.1: is another demo still running? ` +
        `Stop it, or pick another port, e.g. ${name}=${port + 1} bash scripts/demo.sh`,
    );
  } else if (code) {
    problems.push(`port ${port}/${protocol} (${name}, ${what}) cannot be opened (${code}); pick another, e.g. ${name}=${port + 10000} bash scripts/demo.sh`);
  }
}
if (problems.length > 0) {
  for (const p of problems) console.error(`demo: ${p}`);
  process.exit(1);
}
console.log(`ports free: ${PORTS.map(([name, fallback, protocol]) => `${process.env[name] ?? fallback}/${protocol}`).join(', ')}`);
