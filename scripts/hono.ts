/**
 * `npm run hono`: the Hono example server on Node (`@hono/node-server`), on the same variables as
 * `npm run express`. Without configuration it starts the embedded services like `npm run dev`.
 */
import { serve } from '@hono/node-server';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { createExampleApp } from '../examples/hono/app';
import { runExample } from './example-server';

await runExample('hono', async (auth, port) => {
  const server = serve({ fetch: createExampleApp(auth).fetch, port, hostname: '127.0.0.1' }) as Server;
  await once(server, 'listening');
  return async () => {
    server.closeAllConnections();
    server.close();
  };
});
