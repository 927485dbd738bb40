/**
 * The Express example as the `soak` section serves it: `createExampleApp` exactly as
 * `npm run express` builds it (its services already running elsewhere, given by the environment),
 * plus the bench's bare route `/api/bench/bare` (the same JSON as the Next bench build's), the
 * framework's floor that the route costs are measured against. Bench only.
 */
import { createNetIdAuth } from '../lib/auth';
import { createExampleApp } from '../examples/express/app';
import { BARE_BODY } from './next-routes/bare-body';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0 || !process.env.APP_URL) throw new Error('soak-express: PORT and APP_URL are required');
const app = createExampleApp(createNetIdAuth());
app.get('/api/bench/bare', (_req, res) => {
  res.set('cache-control', 'no-store').type('application/json').send(BARE_BODY);
});
const server = app.listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
