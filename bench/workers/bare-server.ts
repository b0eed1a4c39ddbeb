// The baseline server: node:http answering `{}` to every request once its body
// has arrived. Nothing a Node.js HTTP server does can cost less per request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { workerMain } from '../lib/proc.js';

workerMain<Record<string, never>, { port: number }>(async () => {
  const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': '2' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  return { port: (server.address() as AddressInfo).port };
});
