/**
 * A server in its own process, for tests that kill it: `node --conditions=source --import tsx
 * serve-child.ts <dataDir> <modelsRoot>`. Prints the URL line of startServer on stdout.
 */
import { startServer } from '../src/server.js';

const [dataDir, modelsRoot] = process.argv.slice(2);
const server = await startServer({
  dataDir: dataDir!,
  modelsRoot: modelsRoot!,
  port: 0,
  host: '127.0.0.1',
  token: null,
});
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
