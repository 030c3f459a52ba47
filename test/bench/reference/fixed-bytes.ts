/**
 * The ceiling: a `node:http` server that reads each request and answers with fixed bytes. The
 * bench sets the bytes with `PUT /__bytes` (the body is what it will answer) before a scenario.
 * Prints "Ready on <url>".
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let body = Buffer.from('{"data":{"__typename":"Query"}}');
let contentType = 'application/graphql-response+json; charset=utf-8';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method === 'PUT' && req.url === '/__bytes') {
      body = Buffer.concat(chunks);
      contentType = req.headers['content-type'] ?? contentType;
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log(`Ready on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
