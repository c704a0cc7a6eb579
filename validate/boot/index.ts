/**
 * `npm run validate -- --only boot`: every distinct user_data of the selected stacks booted in a
 * real systemd + cloud-init (document.ts), the sample release deployed through the real deploy
 * command, and the machine checked inside. Each distinct document boots once per run — and once
 * across runs that share PLATFORM_BOOT_RESULTS (a directory: .ci/run sets one for all its presets
 * and profiles). Machines boot PLATFORM_BOOT_JOBS at a time (default 2, one per core: package
 * installs are CPU-bound, and 4 at a time made bizsocials' six boots slower; docs/PERFORMANCE.md).
 *
 * Where it cannot run (not root, no systemd-nspawn, no overlay) every check is a skip that says
 * why; PLATFORM_BOOT_REQUIRED=1 (CI) turns that skip into a failure.
 */
import { isAppPlatform as isAppPlatformConfig } from "../../config/types";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { readSelection } from "../../config/selection";
import { appPlatformSkip, isAppPlatform } from "../app-spec";
import { combine, fail, skip, type CheckResult } from "../report";
import { userDataDocuments } from "../runtime";
import { healthTarget } from "../runtime/health";
import { makeTempDir, removeTempDir } from "../sandbox";
import type { StackDoc } from "../stacks";
import { mapToDebian } from "./debian";
import { BOOT_CHECKS, bootDocument, type BootResults, type DocumentJob } from "./document";
import { cacheDir, ensureBase, unavailable } from "./image";
import { ensureRepo } from "./repo";

export { BOOT_CHECKS } from "./document";

interface Keyed extends DocumentJob {
  readonly key: string;
}

/** What a boot's outcome depends on: the document, the Droplet's roles, the runtime, the outputs' shape. */
function keyOf(job: DocumentJob): string {
  const json = job.stack.json;
  const shape = (v: unknown): unknown => (Array.isArray(v) ? v.map(shape) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v === "string" && v.includes("${") ? "ref" : v);
  const server = json.output?.app_servers?.value?.[job.server];
  return crypto
    .createHash("sha256")
    .update(JSON.stringify({ userData: job.doc.userData, roles: server?.roles, config: job.config, settings: shape(json.output?.app_settings?.value), backup: shape(json.output?.backup_settings?.value), health: healthTarget(json) }))
    .digest("hex");
}

/** An OpenSSH public key (ed25519) for meta-data's public-keys; the private half is never needed. */
function publicKey(): string {
  const { publicKey: key } = crypto.generateKeyPairSync("ed25519");
  const raw = Buffer.from(key.export({ format: "jwk" }).x!, "base64url");
  const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return `ssh-ed25519 ${Buffer.concat([field(Buffer.from("ssh-ed25519")), field(raw)]).toString("base64")} platform-boot`;
}

async function limit<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  return results;
}

export async function bootStage(stacks: readonly StackDoc[], log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<Map<StackDoc, { check: string; result: CheckResult }[]>> {
  const out = new Map<StackDoc, { check: string; result: CheckResult }[]>();
  const everywhere = (stack: StackDoc, result: CheckResult) => out.set(stack, BOOT_CHECKS.map((check) => ({ check, result })));
  // An App Platform stack has no Droplet to boot.
  for (const stack of stacks) if (isAppPlatform(stack.json)) everywhere(stack, appPlatformSkip(stack));
  stacks = stacks.filter((s) => !isAppPlatform(s.json));
  if (stacks.length === 0) return out;
  const reason = unavailable(env);
  if (reason) {
    const result = env.PLATFORM_BOOT_REQUIRED === "1" ? fail(`cannot boot here: ${reason} (PLATFORM_BOOT_REQUIRED=1)`) : skip(`cannot boot here: ${reason}`);
    for (const stack of stacks) everywhere(stack, result);
    return out;
  }
  const platform = readSelection(env).platform;
  const jobs = new Map<StackDoc, Keyed[]>();
  for (const stack of stacks) {
    const docs = userDataDocuments(stack.json);
    if (isAppPlatformConfig(platform)) {
      everywhere(stack, skip(`PLATFORM_PRESET selects ${platform.app} on App Platform: no Droplet boots a cloud-init here`));
      continue;
    }
    if (stack.app !== platform.app) {
      everywhere(stack, skip(`the stack is ${stack.app}'s but PLATFORM_PRESET selects ${platform.app}: the boot stage deploys with the preset's runtime`));
      continue;
    }
    jobs.set(
      stack,
      docs.map((doc) => {
        const job = { stack, doc, config: platform.runtime, server: `${stack.app}-${stack.stack}-${doc.droplets[0]}` };
        return { ...job, key: keyOf(job) };
      }),
    );
  }

  const resultsDir = env.PLATFORM_BOOT_RESULTS;
  const stored = (key: string): { label: string; results: BootResults } | null => {
    const file = resultsDir ? path.join(resultsDir, `${key}.json`) : "";
    return file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as { label: string; results: BootResults }) : null;
  };
  const unique = new Map<string, Keyed>();
  for (const job of [...jobs.values()].flat()) if (!unique.has(job.key) && !stored(job.key)) unique.set(job.key, job);
  const fresh = new Map<string, { label: string; results: BootResults }>();
  if (unique.size > 0) {
    let base: string;
    let repo: Awaited<ReturnType<typeof ensureRepo>>;
    try {
      base = await ensureBase(log, env);
      const packages = [...new Set([...unique.values()].flatMap((j) => mapToDebian(j.doc.userData).packages))];
      repo = await ensureRepo(base, packages, log, env);
    } catch (e) {
      // No root or no packages: nothing can boot, and every stack says why.
      for (const stack of jobs.keys()) everywhere(stack, fail(`the boot stage could not prepare its machines: ${(e as Error).message}`));
      return out;
    }
    const key = publicKey();
    const concurrency = Math.max(1, Number(env.PLATFORM_BOOT_JOBS) || 2);
    log(`booting ${unique.size} distinct user_data, ${concurrency} at a time (cache: ${cacheDir(env)})`);
    await limit(
      [...unique.values()].map((job) => async () => {
        const label = `${job.stack.label} ${job.doc.droplets.join("+")}`;
        // A kept machine's directory outlives the run (its overlay stays mounted).
        const keep = env.PLATFORM_BOOT_KEEP === "1";
        const work = keep ? fs.mkdtempSync(path.join(cacheDir(env), "kept-")) : makeTempDir("boot");
        const started = Date.now();
        try {
          const results = await bootDocument(job, { base, repo, work, publicKey: key, env });
          fresh.set(job.key, { label, results });
          if (resultsDir) fs.writeFileSync(path.join(resultsDir, `${job.key}.json`), JSON.stringify({ label, results }));
          const failed = BOOT_CHECKS.filter((c) => results[c].status === "FAIL");
          log(`${label}: ${failed.length === 0 ? "ok" : `FAIL (${failed.join(", ")})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
        } finally {
          if (!keep) removeTempDir(work);
        }
      }),
      concurrency,
    );
  }

  for (const [stack, list] of jobs) {
    const outcome = list.map((job) => {
      const own = fresh.get(job.key);
      const earlier = own ?? stored(job.key)!;
      return { job, label: earlier.label, results: earlier.results, reused: own === undefined || !earlier.label.startsWith(`${stack.label} `) };
    });
    out.set(
      stack,
      BOOT_CHECKS.map((check) => {
        const parts = outcome.map(({ job, label, results, reused }) => {
          const r = results[check];
          const same = reused ? ` (as for ${label})` : "";
          return { what: job.doc.droplets.join(", "), result: { ...r, ...(r.detail || same ? { detail: `${r.detail ?? ""}${same}` } : {}) } };
        });
        return { check, result: combine(parts, "no Droplet has user_data") };
      }),
    );
  }
  return out;
}
