/**
 * `npm run express`: the Express example server. Without configuration it starts the embedded
 * services like `npm run dev`; with the contract's variables it talks to the real ones.
 */
import { once } from 'node:events';
import { createExampleApp } from '../examples/express/app';
import { runExample } from './example-server';

await runExample('express', async (auth, port) => {
  const server = createExampleApp(auth).listen(port, '127.0.0.1');
  await once(server, 'listening');
  return async () => {
    server.closeAllConnections();
    server.close();
  };
});
