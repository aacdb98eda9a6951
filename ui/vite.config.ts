// The UI's build. SvelteKit 3 takes its configuration through the `sveltekit()` Vite plugin.
// Every path is absolute so the same file works from the repo root (`npm run build:ui`,
// `vite --config ui/vite.config.ts`) and from inside ui/.
import { fileURLToPath } from 'node:url';
import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import type { PreprocessorGroup } from 'svelte/compiler';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const api = process.env.PORTICO_API_URL ?? 'http://127.0.0.1:3000';

/**
 * SvelteKit's root component renders its route announcer with an inline `style="…"` attribute,
 * which the API's CSP (`style-src 'self'`, no 'unsafe-inline') blocks and Chromium reports as a
 * violation on every page. Rewrite that one attribute as `style:` directives: Svelte applies
 * those through the CSSOM, which CSP allows, and the announcer stays visually hidden.
 */
const cspSafeAnnouncer: PreprocessorGroup = {
  name: 'portico:csp-safe-announcer',
  markup({ content, filename }) {
    if (!filename?.replaceAll('\\', '/').endsWith('@sveltejs/kit/src/runtime/components/root.svelte')) return;
    const code = content.replace(/(<div\s+id="svelte-announcer"[^>]*?)\sstyle="([^"]*)"/, (_all, start: string, css: string) => {
      const directives = css.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
        const i = d.indexOf(':');
        return `style:${d.slice(0, i).trim()}="${d.slice(i + 1).trim()}"`;
      });
      return `${start} ${directives.join(' ')}`;
    });
    if (code === content) throw new Error('portico:csp-safe-announcer: SvelteKit\'s announcer markup changed; update ui/vite.config.ts');
    return { code };
  },
};

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
      preprocess: [cspSafeAnnouncer],
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
