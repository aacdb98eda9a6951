// The API process: serves the JSON API and the built UI on one origin.
import { createServer } from 'node:http';
import { loadApiConfig } from './config.ts';
import { createAppDeps } from './bootstrap.ts';
import { createApp } from './app.ts';

const config = loadApiConfig();
const { deps, close } = await createAppDeps(config);
const server = createServer(createApp(deps));
server.keepAliveTimeout = 65_000;
server.listen(config.port, config.host, () => {
  deps.logger.info({ url: `http://${config.host}:${config.port}`, publicUrl: config.publicUrl, smtp: !!config.smtpUrl }, 'api listening');
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    deps.logger.info({ signal }, 'shutting down');
    // Stop accepting, let in-flight requests finish, then release the pools.
    server.close(() => { void close().then(() => process.exit(0)); });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
