// `npm run build`: compiles src/ to dist/ and copies the pages next to the modules that read
// them, so `node dist/main.js` starts without compiling TypeScript (the Docker image does this).
import { cpSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";

rmSync("dist", { recursive: true, force: true });
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
cpSync("src/channels/web/public", "dist/channels/web/public", { recursive: true });
cpSync("src/staff/console.html", "dist/staff/console.html");
console.log("built dist/ (start with: node dist/main.js)");
