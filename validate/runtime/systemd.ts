/**
 * systemd units (`/etc/systemd/system/*.{service,timer,socket,path}`) and drop-ins
 * (`/etc/systemd/system/<unit>.d/*.conf`) from write_files under `systemd-analyze verify`, on
 * sandbox copies. verify fails when an Exec*= binary is missing on this machine, so binaries the
 * Droplet has and this machine lacks are replaced by stub executables (the OK line names them). A
 * drop-in of a unit the document does not write is verified against this machine's installed
 * unit. systemd only warns (exit 0) about unknown keys, so any output at all is a failure.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { run } from "../exec";
import { fail, ok, type CheckResult } from "../report";
import { Sandbox } from "../sandbox";
import { findTool, INSTALL_HINT, MissingTool } from "../tools";
import type { WrittenFile } from "./cloud-config";

/** Where systemd looks for a bare ExecStart= name (systemd ≥ 239), and for installed units. */
const EXEC_SEARCH_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];
const UNIT_DIRS = ["/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"];
/** Where installed units are looked up: PLATFORM_SYSTEMD_UNIT_DIRS (colon-separated) first, e.g. a folder with Ubuntu's php8.3-fpm.service. */
const unitDirs = () => [...(process.env.PLATFORM_SYSTEMD_UNIT_DIRS ?? "").split(":").filter((d) => d !== ""), ...UNIT_DIRS];
export const STUB_DIR = "/validate-stubs";

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Whether systemd on this machine would find the command of an Exec*= line. */
export function commandPresent(command: string): boolean {
  return command.startsWith("/") ? isExecutable(command) : EXEC_SEARCH_PATH.some((d) => isExecutable(path.join(d, command)));
}

/**
 * Exec*= lines whose command is not on this machine point at a stub instead:
 * `ExecStart=-/usr/bin/certbot --nginx` → `ExecStart=-<stubRoot>/usr/bin/certbot --nginx`.
 * Returns the rewritten unit and the commands stubbed.
 */
export function stubMissingCommands(unit: string, stubRoot: string, present: (command: string) => boolean = commandPresent): { text: string; stubbed: string[] } {
  const stubbed: string[] = [];
  const text = unit.replace(/^([ \t]*Exec[A-Za-z]+[ \t]*=[ \t]*)([-@:+!|]*)(\S+)/gm, (line, key: string, prefixes: string, command: string) => {
    if (present(command)) return line;
    stubbed.push(command);
    return `${key}${prefixes}${path.posix.join(stubRoot, command.startsWith("/") ? command : `/usr/bin/${command}`)}`;
  });
  return { text, stubbed };
}

/** `/etc/systemd/system/supervisor.service.d/x.conf` → `supervisor.service`. */
export function dropInUnit(file: string): string {
  return path.basename(path.dirname(file)).replace(/\.d$/, "");
}

/** An installed unit of this machine, or undefined. */
export function installedUnit(name: string): string | undefined {
  return unitDirs().map((d) => path.join(d, name)).find((f) => fs.existsSync(f));
}

export async function systemdVerify(app: string, units: readonly WrittenFile[], dropIns: readonly WrittenFile[]): Promise<CheckResult> {
  const analyze = findTool("systemd-analyze", `${INSTALL_HINT} (package systemd)`);
  if (analyze instanceof MissingTool) return fail(analyze.message);
  const sandbox = Sandbox.create(`systemd-${app}`);
  try {
    const stubbed = new Set<string>();
    const copy = (file: string, content: string) => {
      const rewritten = stubMissingCommands(content, sandbox.path(STUB_DIR));
      rewritten.stubbed.forEach((c) => stubbed.add(c));
      return sandbox.write(file, rewritten.text);
    };
    const toVerify = units.map((u) => copy(u.path, u.content));
    for (const d of dropIns) copy(d.path, d.content);
    // Drop-ins of units the document does not write extend the unit the package installs.
    const documentUnits = new Set(units.map((u) => path.basename(u.path)));
    const bases = [...new Set(dropIns.map((d) => dropInUnit(d.path)))].filter((u) => !documentUnits.has(u));
    for (const base of bases) {
      const installed = installedUnit(base);
      if (!installed) return fail(`${base} is not installed on this machine, so its drop-in cannot be verified (install the package that ships it, or put a copy of the unit in a folder named by PLATFORM_SYSTEMD_UNIT_DIRS)`);
      toVerify.push(copy(`/etc/systemd/system/${base}`, fs.readFileSync(installed, "utf8")));
    }
    for (const command of stubbed) {
      sandbox.write(path.posix.join(STUB_DIR, command.startsWith("/") ? command : `/usr/bin/${command}`), "#!/bin/sh\nexit 0\n", 0o755);
    }
    const ran = await run(analyze.cmd, [...analyze.args, "verify", ...toVerify], {
      cwd: sandbox.root,
      env: { ...process.env, SYSTEMD_LOG_COLOR: "0", SYSTEMD_PAGER: "cat", SYSTEMD_COLORS: "0" },
      timeoutMs: 60_000,
    });
    if (ran.code !== 0 || ran.output.trim() !== "") return fail(ran.code !== 0 ? `exit ${ran.code ?? "signal"}` : "warnings", sandbox.unsandbox(ran.output));
    const verified = [...units.map((u) => path.basename(u.path)), ...bases.map((b) => `${b} + drop-ins`)];
    return ok(`${verified.join(", ")}${stubbed.size > 0 ? `; stubbed: ${[...stubbed].join(", ")}` : ""}`);
  } finally {
    sandbox.dispose();
  }
}
