// The UI's build. SvelteKit 3 takes its configuration through the `sveltekit()` Vite plugin.
// Every path is absolute so the same file works from the repo root (`npm run build:ui`,
// `vite --config ui/vite.config.ts`) and from inside ui/.
import { fileURLToPath } from 'node:url';
import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const api = process.env.PORTICO_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: here('.'),
  // `.env` files are not used by the UI; keep Vite from looking for them in the repo root.
  envDir: false,
  plugins: [
    sveltekit({
      adapter: adapter({ pages: here('build'), assets: here('build'), fallback: 'index.html' }),
      outDir: here('.svelte-kit'),
      // Component styles go to .css files (the API's CSP has no 'unsafe-inline' for styles).
      inlineStyleThreshold: 0,
      compilerOptions: { css: 'external', runes: true },
    }),
  ],
  build: { target: 'es2022' },
  // SvelteKit analyses the app with a server build even for a single-page app. Its runtime needs
  // cookie@2, which npm nests under @sveltejs/kit because express hoists cookie@0.7: bundle it
  // so it resolves from Kit's own folder instead of the repo root's node_modules.
  ssr: { noExternal: ['cookie'] },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/healthz': { target: api, changeOrigin: false },
    },
  },
});
