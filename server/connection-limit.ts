/**
 * At most `max` open connections from one client address: a runaway client (or someone
 * opening sockets and sending nothing) cannot use up the server's sockets for every kitchen.
 * A school's tablets share one public address, so the default is generous. Behind a reverse
 * proxy every connection comes from the proxy: the proxy limits, this is off.
 */
import type { Server } from 'node:net';

export function limitConnectionsPerAddress(server: Server, max: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
