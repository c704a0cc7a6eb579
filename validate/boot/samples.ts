/**
 * The release the boot stage deploys: a small sample app of the runtime, built here as CI would
 * build the real one, so the deploy command, the app server and the process manager run for real.
 * - laravel: samples/laravel — artisan (optimize writes bootstrap/cache/config.php with every
 *   setting, as Laravel's config:cache does; queue:work and schedule:work run until stopped) and
 *   public/index.php answering the health path;
 * - python: samples/python — an ASGI app answering the health path, requirements.txt, and wheels/:
 *   gunicorn and uvicorn packed from Debian's packages (repo.ts), plus a sample wheel whose console
 *   scripts are named as the preset's migrate/worker/scheduler programs (make-sample-wheel.py), and
 *   a frontend/index.html for stacks that serve a frontend;
 * - container: none (the image runtime pulls from a registry, which this machine cannot reach).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PythonRuntimeConfig, RuntimeConfig } from "../../runtimes/types";
import { run } from "../exec";
import { PYTHON_REQUIREMENTS } from "./repo";

const SAMPLES = path.join(__dirname, "samples");
export const SAMPLE_VERSION = "boot-sample-1";
/** What the sample frontend's index.html holds: the boot stage looks for it on a frontend hostname. */
export const SAMPLE_FRONTEND_MARKER = "platform boot sample frontend";

export interface SampleRelease {
  readonly file: string;
  readonly version: string;
}

/** `release.tar.gz` of the runtime's sample in `dir`, or null for runtimes without one. */
export async function buildSample(config: RuntimeConfig, wheels: string, dir: string): Promise<SampleRelease | null> {
  if (config.kind === "container") return null;
  const tree = path.join(dir, "tree");
  fs.rmSync(tree, { recursive: true, force: true });
  fs.mkdirSync(tree, { recursive: true });
  if (config.kind === "laravel") {
    fs.cpSync(path.join(SAMPLES, "laravel"), tree, { recursive: true });
    fs.chmodSync(path.join(tree, "artisan"), 0o755);
  } else {
    fs.cpSync(path.join(SAMPLES, "python", "app"), path.join(tree, "app"), { recursive: true });
    fs.cpSync(wheels, path.join(tree, "wheels"), { recursive: true });
    const made = await run("/usr/bin/python3", [path.join(SAMPLES, "python", "make-sample-wheel.py"), path.join(tree, "wheels"), ...programs(config)]);
    if (made.code !== 0) throw new Error(`could not write the sample wheel: ${made.output}`);
    fs.writeFileSync(path.join(tree, "requirements.txt"), [...PYTHON_REQUIREMENTS, "platform_boot_sample"].join("\n") + "\n");
    // The frontend's built files, as a release of a stack that serves a frontend must carry them
    // (runtimes/python/deploy.sh refuses one without frontend/index.html there; harmless elsewhere).
    fs.mkdirSync(path.join(tree, "frontend", "assets"), { recursive: true });
    fs.writeFileSync(path.join(tree, "frontend", "index.html"), `<!doctype html>\n<title>${SAMPLE_FRONTEND_MARKER}</title>\n`);
  }
  fs.writeFileSync(path.join(tree, "sample-health-path"), `${config.healthPath}\n`);
  const file = path.join(dir, `${SAMPLE_VERSION}.tar.gz`);
  const packed = await run("tar", ["-czf", file, "-C", tree, "."]);
  if (packed.code !== 0) throw new Error(`could not pack the sample release: ${packed.output}`);
  return { file, version: SAMPLE_VERSION };
}

/** ROLE=PROGRAM for each configured command run from the venv (absolute programs are not the venv's). */
function programs(config: PythonRuntimeConfig): string[] {
  return (["migrate", "worker", "scheduler"] as const).flatMap((role) => {
    const program = config[role]?.command[0];
    return program && !program.startsWith("/") ? [`${role}=${program}`] : [];
  });
}
