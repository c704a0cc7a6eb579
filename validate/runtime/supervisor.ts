/**
 * supervisor program files from write_files (`/etc/supervisor/conf.d/*.conf`,
 * `/etc/<app>/supervisor/*.conf`) loaded by a real supervisord (foreground, sandbox config with
 * its socket in the sandbox, [include] of rewritten copies); `supervisorctl avail` must list every
 * [program:…]. A log in a directory that no package creates fails as it does on the Droplet
 * ("The directory named as part of the path … does not exist").
 */
import * as fs from "node:fs";
import { run, startDaemon, waitFor } from "../exec";
import { fail, ok, type CheckResult } from "../report";
import { Sandbox, sandboxedPrefixes, sandboxPaths } from "../sandbox";
import { findTool, MissingTool } from "../tools";
import type { CloudConfig, WrittenFile } from "./cloud-config";
import { SANDBOX_USER } from "./php-fpm";

export function programNames(conf: string): string[] {
  return [...conf.matchAll(/^\s*\[program:([^\]]+)\]/gm)].map((m) => m[1]!.trim());
}

/**
 * The sandbox copy of a program file:
 *  1. `user=<a user the cloud-config creates>` → `user=nobody` (it does not exist here);
 *  2. `autostart=…` is commented out and `autostart=false` follows each [program:…] header:
 *     supervisord loads the programs but never runs their commands;
 *  3. absolute paths under /var/log, /var/www, /run, /etc/<app>, /home, … → under the sandbox.
 */
export function rewriteProgramFile(conf: string, root: string, app: string, created: Pick<CloudConfig, "users">): string {
  const text = conf
    .replace(/^([ \t]*user[ \t]*=[ \t]*)(\S+)[ \t]*$/gm, (line, lead: string, name: string) => (created.users.includes(name) ? `${lead}${SANDBOX_USER}` : line))
    .replace(/^([ \t]*autostart[ \t]*=.*)$/gm, "; validate: $1")
    .replace(/^([ \t]*\[program:[^\]]+\].*)$/gm, "$1\nautostart=false");
  return sandboxPaths(text, root, sandboxedPrefixes(app));
}

/** The sandbox's supervisord.conf (Debian's, with its paths in the sandbox) including `files`. */
export function supervisordConfig(root: string, files: readonly string[], asRoot: boolean): string {
  return [
    "; npm run validate: sandbox stand-in for /etc/supervisor/supervisord.conf",
    "[unix_http_server]",
    `file=${root}/run/supervisor.sock`,
    "chmod=0700",
    "",
    "[supervisord]",
    `logfile=${root}/var/log/supervisor/supervisord.log`,
    `pidfile=${root}/run/supervisord.pid`,
    `childlogdir=${root}/var/log/supervisor`,
    "nodaemon=true",
    ...(asRoot ? ["user=root"] : []),
    "",
    "[rpcinterface:supervisor]",
    "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
    "",
    "[supervisorctl]",
    `serverurl=unix://${root}/run/supervisor.sock`,
    "",
    "[include]",
    `files = ${files.join(" ")}`,
    "",
  ].join("\n");
}

/** Programs `supervisorctl avail` does not list (`name`, `name:name_00` and `group:name` all count). */
export function unlisted(programs: readonly string[], avail: string): string[] {
  const listed = avail.split("\n").map((l) => l.trim().split(/\s+/)[0] ?? "").filter((t) => t !== "");
  return programs.filter((p) => !listed.some((t) => t === p || t.startsWith(`${p}:`) || t.split(":")[1] === p));
}

export async function supervisorCheck(app: string, config: Pick<CloudConfig, "users">, files: readonly WrittenFile[]): Promise<CheckResult> {
  const supervisord = findTool("supervisord");
  if (supervisord instanceof MissingTool) return fail(supervisord.message);
  const supervisorctl = findTool("supervisorctl");
  if (supervisorctl instanceof MissingTool) return fail(supervisorctl.message);
  const sandbox = Sandbox.create(`supervisor-${app}`);
  const daemon = (() => {
    const copies = files.map((f) => sandbox.write(f.path, rewriteProgramFile(f.content, sandbox.root, app, config)));
    const conf = sandbox.write("/etc/supervisor/supervisord.conf", supervisordConfig(sandbox.root, copies, process.getuid?.() === 0));
    return { conf, process: startDaemon(supervisord.cmd, [...supervisord.args, "-n", "-c", conf], { cwd: sandbox.root }) };
  })();
  const ctl = (...args: string[]) => run(supervisorctl.cmd, [...supervisorctl.args, "-c", daemon.conf, ...args], { cwd: sandbox.root, timeoutMs: 15_000 });
  try {
    let avail = "";
    const up = await waitFor(
      async () => {
        if (!fs.existsSync(sandbox.path("/run/supervisor.sock"))) return false;
        const ran = await ctl("avail");
        avail = ran.output;
        return ran.code === 0;
      },
      15_000,
      () => daemon.process.hasExited(),
    );
    if (!up) {
      await daemon.process.stop();
      const why = daemon.process.hasExited() ? "supervisord exited" : "supervisord did not answer within 15 s";
      return fail(why, sandbox.unsandbox(`${daemon.process.output()}${avail ? `\nsupervisorctl avail:\n${avail}` : ""}`));
    }
    const programs = files.flatMap((f) => programNames(f.content));
    const missingPrograms = unlisted(programs, avail);
    if (missingPrograms.length > 0) return fail(`supervisorctl avail does not list ${missingPrograms.join(", ")}`, sandbox.unsandbox(avail));
    return ok(`${programs.length} program${programs.length === 1 ? "" : "s"}: ${programs.join(", ")}`);
  } finally {
    if (!daemon.process.hasExited()) await ctl("shutdown");
    await daemon.process.stop();
    sandbox.dispose();
  }
}
