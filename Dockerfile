# Loket in one container. Defaults: web chat on :3000, SQLite + uploads in /app/data (a volume).
FROM node:20-bookworm-slim

# Chromium and fonts for the WhatsApp channel (whatsapp-web.js drives Debian's Chromium);
# python3/make/g++ build better-sqlite3 when no prebuilt binary matches; tini is PID 1 (below).
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-core fonts-noto-color-emoji ca-certificates python3 make g++ tini \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --no-audit --no-fund

COPY scripts ./scripts
COPY src ./src
# Compiled once here, so the container starts without compiling TypeScript (< 1 s to /healthz).
RUN npm run build && npm prune --omit=dev && npm cache clean --force
COPY flows ./flows
COPY knowledge ./knowledge
COPY messages ./messages

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data \
    CHROMIUM_PATH=/usr/bin/chromium
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
USER node
# tini as PID 1 reaps Chromium's orphaned helper processes, which Node as PID 1 leaves as zombies
# (each WhatsApp relink or browser restart adds some), and passes docker stop's SIGTERM on to Loket.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/main.js"]
