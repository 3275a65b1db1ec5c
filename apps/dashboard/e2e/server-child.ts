/**
 * `snowblind serve` in its own process, for end-to-end tests that kill or freeze it:
 * `node --conditions=source --import tsx server-child.ts <dataDir> <modelsRoot> <port>`.
 * Prints `ready <url of /graphql>` once it listens.
 */
import { startServer } from '@snowblind/server';

const [dataDir, modelsRoot, port] = process.argv.slice(2);
const server = await startServer({
  dataDir: dataDir!,
  modelsRoot: modelsRoot!,
  port: Number(port),
  host: '127.0.0.1',
  token: null,
  log: () => {},
});
process.stdout.write(`ready ${server.url}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
