# syntax=docker/dockerfile:1
# Portico: one image for the API + UI server, the Temporal worker and the migration job.
# The app runs its TypeScript directly on Node 24 (type stripping), so the runtime stage carries
# the source tree and production node_modules, and no compile step exists beyond the UI build.
#
#   docker build -t portico .
#   docker run portico                          # API + UI on :3000 (the default CMD)
#   docker run portico node worker/main.ts      # Temporal worker
#   docker run portico node scripts/db-migrate.ts

# Keep in step with the `node` devDependency in package.json (tests/compose.test.ts checks it).
ARG NODE_VERSION=24.21.0

# ---- deps: every dependency, dev ones included (Vite, SvelteKit) for the UI build -------------
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# ---- build: the SvelteKit UI, written to ui/build ---------------------------------------------
FROM deps AS build
COPY . .
RUN npm run build:ui && test -f ui/build/index.html

# ---- prod-deps: production dependencies only (what `npm prune --omit=dev` would leave) --------
# A separate stage so the runtime never sees a dev dependency and the layer is cached until the
# lockfile changes.
FROM node:${NODE_VERSION}-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

# ---- runtime -----------------------------------------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends poppler-utils && rm -rf /var/lib/apt/lists/*

# Files stay owned by root: the `node` user can read the code but not change it.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY db ./db
COPY activities ./activities
COPY domain ./domain
COPY workflows ./workflows
COPY web-api ./web-api
COPY worker ./worker
COPY scripts ./scripts
COPY --from=build /app/ui/build ./ui/build

# Uploaded files. Created here, owned by `node`, so a fresh named volume mounted on it inherits
# that ownership. (No VOLUME instruction: it would leave an anonymous volume behind for every
# container of this image; docker-compose.yml mounts a named one where it is needed.)
RUN mkdir -p /app/data && chown node:node /app/data

USER node
EXPOSE 3000

# The slim image has no curl: ask Node's own fetch. The worker and migrate services override or
# disable this in docker-compose.yml.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "web-api/main.ts"]
