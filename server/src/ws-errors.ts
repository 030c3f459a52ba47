import type { WebSocket } from 'ws';

/**
 * Makes a client's malformed or oversized frame one log line. `ws` closes such a socket itself
 * (1009 for a frame over `maxPayload`, 1002 or 1007 for a protocol or UTF-8 violation) and then
 * emits `error`, which graphql-ws' listener logs with a stack trace as an "Internal error" — it has
 * no option to change that. Call after graphql-ws has registered that listener (it does so when
 * the server emits `connection`): frame errors are logged here, every other error still reaches
 * graphql-ws.
 */
export function quietFrameErrors(socket: WebSocket, log: (message: string) => void): void {
  const others = socket.listeners('error') as ((error: Error) => void)[];
  socket.removeAllListeners('error');
  socket.on('error', (error: Error & { code?: unknown }) => {
    if (typeof error.code === 'string' && error.code.startsWith('WS_ERR_')) {
      log(`WebSocket closed by a bad frame from the client: ${error.message} (${error.code})`);
      return;
    }
    for (const listener of others) listener.call(socket, error);
  });
}
