# syntax=docker/dockerfile:1
# One image, several roles: ROLES=api | worker | scheduler | all (comma lists allowed).

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json nx.json tsconfig.base.json jest.preset.cjs eslint.config.mjs ./
COPY apps ./apps
COPY libs ./libs
COPY migrations ./migrations
# `npm ci` runs the root `prepare` script, which builds every project.
RUN npm ci && npm prune --omit=dev

FROM node:24-bookworm-slim AS runtime
# ffmpeg makes poster frames for the web app (optional at runtime: without it a placeholder shows).
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    LOG_FORMAT=json \
    DATA_DIR=/app/data \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /src/package.json ./
COPY --from=build --chown=node:node /src/node_modules ./node_modules
COPY --from=build --chown=node:node /src/libs ./libs
COPY --from=build --chown=node:node /src/apps/api/package.json ./apps/api/package.json
COPY --from=build --chown=node:node /src/apps/api/dist ./apps/api/dist
COPY --from=build --chown=node:node /src/apps/web/dist ./apps/web/dist
COPY --from=build --chown=node:node /src/migrations ./migrations
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
VOLUME ["/app/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "apps/api/dist/main.js"]
