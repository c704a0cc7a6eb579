// Loads the project's TypeScript without ts-node: sucrase strips the types (no type-check here;
// `npm test` runs tsc first) and the output is cached by content hash under
// node_modules/.cache, so an unchanged file is never transpiled twice and sucrase itself is only
// loaded on a cache miss. Used by `npm run synth`, cdktf.json's `app` and `npm run bench`.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { addHook } = require("pirates");

const root = path.resolve(__dirname, "..");
const cacheDir = path.join(root, "node_modules", ".cache", "platform-ts");
// Keyed by content alone: the output of these transforms does not depend on the file's path, so a
// temporary git worktree (npm run review's base) reuses what the working tree already compiled.
const salt = `sucrase@${require("sucrase/package.json").version}:v2`;
let sucrase;

function compile(code, filename) {
  const key = crypto.createHash("sha1").update(salt).update(code).digest("hex");
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    sucrase ??= require("sucrase");
    const out = sucrase.transform(code, { transforms: ["typescript", "imports"], filePath: filename }).code;
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, out);
    fs.renameSync(tmp, cached); // atomic: concurrent runs never read half a file
    return out;
  }
}

addHook(compile, { exts: [".ts"], ignoreNodeModules: true });
