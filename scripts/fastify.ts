/**
 * `npm run fastify`: the Fastify example server, on the same variables as `npm run express`.
 * Without configuration it starts the embedded services like `npm run dev`.
 */
import { createExampleApp } from '../examples/fastify/app';
import { runExample } from './example-server';

await runExample('fastify', async (auth, port) => {
  const app = await createExampleApp(auth);
  await app.listen({ port, host: '127.0.0.1' });
  return () => app.close();
});
