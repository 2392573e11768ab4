/** npm run web -- --db PATH [--port N]: the browser host for development and manual testing. */
import { parseArgs } from 'node:util';
import { startHostOnFreePort } from './web-host';

const { values } = parseArgs({
  options: { db: { type: 'string' }, port: { type: 'string' }, settings: { type: 'string' } },
});
if (!values.db) {
  console.error('Usage: npm run web -- --db PATH [--port N]   (PATH is created from the demo chain if missing)');
  process.exit(2);
}
const port = values.port ? Number(values.port) : 5173;
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`Not a port: ${values.port}`);
  process.exit(2);
}
const host = await startHostOnFreePort({ dbPath: values.db, port, settingsPath: values.settings, log: console.warn });
console.log(`Vänortsatlas is served at ${host.url} (document: ${values.db}). Ctrl+C stops.`);
const stop = () => void host.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
