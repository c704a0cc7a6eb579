/**
 * PHP-FPM pools from write_files (`/etc/php/<ver>/fpm/pool.d/*.conf`) under `php-fpm -t`, with a
 * sandbox master config that includes the rewritten pools. The machine's php-fpm is used,
 * whatever its version (Debian 12: 8.2; the Droplets run 8.3).
 */
import { run } from "../exec";
import { fail, ok, type CheckResult } from "../report";
import { Sandbox, sandboxedPrefixes, sandboxPaths } from "../sandbox";
import { findPhpFpm, MissingTool } from "../tools";
import type { CloudConfig, WrittenFile } from "./cloud-config";

/** The user and group a sandboxed pool or program runs as instead of ones only the Droplet has. */
export const SANDBOX_USER = "nobody";
export const SANDBOX_GROUP = "nogroup";

/**
 * The sandbox copy of a pool. Each rule keeps the line count:
 *  1. `user`/`group`/`listen.owner`/`listen.group` naming a user or group the cloud-config creates
 *     (it does not exist here) → nobody / nogroup;
 *  2. absolute paths under /run, /var/run, /var/log, /var/www, /etc/<app>, … → under the sandbox.
 */
export function rewritePool(pool: string, root: string, app: string, created: Pick<CloudConfig, "users" | "groups">): string {
  const swapped = pool.replace(/^([ \t]*(user|group|listen\.owner|listen\.group)[ \t]*=[ \t]*)(\S+)[ \t]*$/gm, (line, lead: string, key: string, name: string) => {
    const isGroup = key.endsWith("group");
    const ours = isGroup ? created.groups.includes(name) : created.users.includes(name);
    return ours ? `${lead}${isGroup ? SANDBOX_GROUP : SANDBOX_USER}` : line;
  });
  return sandboxPaths(swapped, root, sandboxedPrefixes(app));
}

/** The sandbox's php-fpm.conf: pid and log in the sandbox, in the foreground, including `includes`. */
export function masterConfig(root: string, include: string): string {
  return [
    "; npm run validate: sandbox stand-in for /etc/php/<ver>/fpm/php-fpm.conf",
    "[global]",
    `pid = ${root}/run/php/php-fpm.pid`,
    `error_log = ${root}/var/log/php-fpm.log`,
    "daemonize = no",
    `include = ${include}`,
    "",
  ].join("\n");
}

/** php-fpm prints NOTICE lines for a good config; an ERROR or WARNING is a failure. */
export function fpmProblems(output: string): string[] {
  return output.split("\n").filter((l) => /\b(ERROR|WARNING|ALERT):/.test(l));
}

export async function phpFpmTest(app: string, config: Pick<CloudConfig, "users" | "groups">, pools: readonly WrittenFile[]): Promise<CheckResult> {
  const fpm = findPhpFpm();
  if (fpm instanceof MissingTool) return fail(fpm.message);
  const sandbox = Sandbox.create(`php-fpm-${app}`);
  try {
    for (const pool of pools) sandbox.write(pool.path, rewritePool(pool.content, sandbox.root, app, config));
    const master = sandbox.write("/etc/php/fpm/php-fpm.conf", masterConfig(sandbox.root, `${sandbox.root}/etc/php/*/fpm/pool.d/*.conf`));
    const ran = await run(fpm.cmd, [...fpm.args, "-t", "-y", master], { timeoutMs: 30_000 });
    if (ran.code !== 0 || fpmProblems(ran.output).length > 0) return fail(ran.code !== 0 ? `exit ${ran.code ?? "signal"}` : "warnings", sandbox.unsandbox(ran.output));
    return ok(`${pools.map((p) => p.path).join(", ")} with ${fpm.cmd.split("/").pop()}`);
  } finally {
    sandbox.dispose();
  }
}
