/**
 * The documented commands whose output a program reads — `--json`, or stdout piped or redirected —
 * work as written: npm prints its `> pkg@version script` banner on stdout unless run silent
 * (`npm run -s`), which breaks `npm run cost -- --json | jq`. Every fenced command in README.md and
 * docs/**.md is checked; the JSON ones are run with the real npm and their stdout parsed.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { marked } from "marked";

const ROOT = path.join(__dirname, "..");

function markdownFiles(): string[] {
  const docs = path.join(ROOT, "docs");
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".md") ? [path.join(dir, e.name)] : []));
  return [path.join(ROOT, "README.md"), ...(fs.existsSync(docs) ? walk(docs) : [])];
}

interface Documented {
  /** `README.md: <the line>`, for messages. */
  readonly where: string;
  /** Leading `NAME=value` assignments. */
  readonly env: Record<string, string>;
  /** The words after `npm`, up to a pipe, redirect or the next command. */
  readonly args: string[];
  /** Its stdout goes to a program or file. */
  readonly piped: boolean;
  readonly json: boolean;
}

/** Every `npm run …` in the fenced code blocks of the docs. */
function documentedNpmRuns(): Documented[] {
  const found: Documented[] = [];
  for (const file of markdownFiles()) {
    const code: string[] = [];
    marked.walkTokens(marked.lexer(fs.readFileSync(file, "utf8")), (t) => {
      if (t.type === "code") code.push((t as { text: string }).text);
    });
    for (const line of code.flatMap((c) => c.split("\n"))) {
      const words = line.replace(/(^|\s)#.*$/, "").trim().split(/\s+/);
      const npm = words.findIndex((w, i) => w === "npm" && words[i + 1] === "run");
      if (npm < 0) continue;
      // Back to the start of this command (after `&&` or `;`): its environment assignments.
      const before = words.slice(0, npm);
      const start = Math.max(before.lastIndexOf("&&"), before.lastIndexOf(";")) + 1;
      const env = Object.fromEntries(before.slice(start).filter((w) => /^[A-Z_][A-Z0-9_]*=/.test(w)).map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]));
      const rest = words.slice(npm + 1);
      const end = rest.findIndex((w) => w === "|" || w === "&&" || w === ";" || w.startsWith(">") || w.startsWith("1>"));
      const args = end < 0 ? rest : rest.slice(0, end);
      const piped = end >= 0 && (rest[end] === "|" || rest[end]!.startsWith(">") || rest[end]!.startsWith("1>"));
      found.push({ where: `${path.relative(ROOT, file)}: ${line.trim()}`, env, args, piped, json: args.includes("--json") });
    }
  }
  return found;
}

const documented = documentedNpmRuns();
const readByPrograms = documented.filter((d) => d.piped || d.json);
/** npm's own options come before the script's `--`. */
const silent = (d: Documented) => d.args.slice(0, d.args.includes("--") ? d.args.indexOf("--") : undefined).some((a) => a === "-s" || a === "--silent");

test("the docs show JSON output (cost and review), so this test has something to check", () => {
  // The script: the first word after `run` that is not an npm option.
  expect(readByPrograms.map((d) => d.args.slice(1).find((a) => !a.startsWith("-")))).toEqual(expect.arrayContaining(["cost", "review"]));
});

test("every documented npm run whose output a program reads is silent (npm run -s), so stdout holds only the command's output", () => {
  expect(readByPrograms.filter((d) => !silent(d)).map((d) => d.where)).toEqual([]);
});

/** Runs a documented command with the real npm; resolves with its stdout. */
function run(d: Documented): Promise<{ status: number | null; stdout: string; stderr: string }> {
  // review compares with a git ref: HEAD always exists (a fresh clone may hold no HEAD~1, origin/main).
  const args = d.args.map((a, i) => (d.args[i - 1] === "--base" ? "HEAD" : a));
  // One stack unless the line chooses: the same output shape, a third of the time. No network:
  // npm's update check off; nothing else the commands do reaches out.
  const env = { PATH: process.env.PATH!, HOME: process.env.HOME ?? ROOT, npm_config_update_notifier: "false", PLATFORM_STACKS: "dev", ...d.env };
  return new Promise((resolve, reject) => {
    const child = spawn("npm", args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

test("each documented --json command, run as written (in parallel), prints JSON and only JSON on stdout", async () => {
  const json = readByPrograms.filter((d) => d.json);
  const results = await Promise.all(json.map(run));
  for (const [i, d] of json.entries()) {
    const { status, stdout, stderr } = results[i]!;
    let parsed = "JSON";
    try {
      JSON.parse(stdout);
    } catch {
      parsed = `not JSON, it starts: ${JSON.stringify(stdout.slice(0, 120))}`;
    }
    expect({ where: d.where, status, stderr: status === 0 ? "" : stderr, parsed }).toEqual({ where: d.where, status: 0, stderr: "", parsed: "JSON" });
  }
}, 30_000);
