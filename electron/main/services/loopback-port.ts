import { createServer } from 'node:net';

/**
 * Finds a free TCP port on 127.0.0.1 by binding and releasing it: `preferred` if it is free,
 * else one the OS picks. Another program could take it before the store binds it; the store
 * then fails to listen and the retry picks again.
 */
export function reserveLoopbackPort(preferred = 0): Promise<number> {
  return bindAndRelease(preferred).catch((error: unknown) => {
    if (preferred === 0) throw error;
    return bindAndRelease(0);
  });
}

function bindAndRelease(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      const address = server.address();
      const chosen = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (chosen > 0 ? resolve(chosen) : reject(new Error('no port assigned'))));
    });
  });
}
