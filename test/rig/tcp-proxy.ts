import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A loopback TCP relay whose connections a test can cut, as a flaky network would. */
export interface TcpProxy {
  readonly port: number;
  /** Open client connections. */
  connections(): number;
  /** Destroys every relayed connection (both ends); new connections are still accepted. */
  dropAll(): void;
  close(): Promise<void>;
}

/**
 * Relays 127.0.0.1:<random port> to `targetPort`, so a test can drop a WebSocket mid-call
 * at the TCP level without touching the PBX or the browser.
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    connections: () => pairs.size,
    dropAll: () => {
      for (const [a, b] of [...pairs]) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [a, b] of pairs) {
          a.destroy();
          b.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
