/**
 * What the boot stage asks of a booted machine, each answered by running things inside it as the
 * user concerned — never by reading modes alone.
 */
import { fail, ok, type CheckResult } from "../report";
import type { Machine } from "./machine";
import type { Marker } from "./outputs";

/** cloud-init finished without an error, no unit failed, its log shows no failed command. */
export async function cloudInitResult(m: Machine, expectedFailures: ReadonlyMap<string, string>, retryable: (unit: string) => boolean = () => false): Promise<CheckResult> {
  const status = await m.exec(["cloud-init", "status", "--wait", "--long"], { timeoutMs: 900_000 });
  const problems: string[] = [];
  if (!/^\.*status: done$/m.test(status.output)) problems.push(`cloud-init status is not done:\n${status.output.trim()}`);
  if (!/^errors: \[\]$/m.test(status.output)) problems.push(`cloud-init reports errors:\n${section(status.output, "errors")}`);
  if (!/^recoverable_errors: \{\}$/m.test(status.output)) problems.push(`cloud-init reports recoverable errors (warnings):\n${section(status.output, "recoverable_errors")}`);
  const failed = await failedUnits(m);
  // A unit that failed to spawn at all (systemd's executor), or one the caller knows to be flaky in
  // a container (systemd's own early units), is started again once: if it then works, that is
  // said, not failed.
  const retried: string[] = [];
  for (const unit of failed.filter((u) => !expectedFailures.has(u))) {
    if (!retryable(unit) && !(await journal(m, [unit])).includes("Failed to spawn")) continue;
    await m.exec(["systemctl", "reset-failed", unit]);
    if ((await m.exec(["systemctl", "start", unit])).code === 0) retried.push(unit);
  }
  const unexpected = failed.filter((u) => !expectedFailures.has(u) && !retried.includes(u));
  if (unexpected.length > 0) problems.push(`failed units: ${unexpected.join(", ")}\n${await journal(m, unexpected)}`);
  const log = await m.exec(["cat", "/var/log/cloud-init-output.log"]);
  const bad = log.output.split("\n").filter((l) => FAILURE_LINE.test(l) && !BENIGN_LINE.test(l));
  if (bad.length > 0) problems.push(`cloud-init-output.log shows failures:\n${bad.slice(0, 20).join("\n")}`);
  if (problems.length > 0) return fail(problems[0]!.split("\n")[0]!, problems.join("\n"));
  const known = [
    ...failed.filter((u) => expectedFailures.has(u)).map((u) => `not checked: ${u} failed as expected: ${expectedFailures.get(u)}`),
    ...retried.map((u) => `${u} failed to spawn once and started on a second try`),
  ];
  return ok(known.length > 0 ? known.join("; ") : undefined);
}

/** Lines of cloud-init-output.log that say a command failed (runcmd goes on after a failure). */
const FAILURE_LINE = /(\b(error|failed|failure|fatal|cannot|denied)\b|No such file|not found|^E: |returned non-zero|Traceback)/i;
/** apt's and dpkg's lines that name "error" without one having happened. */
const BENIGN_LINE = /(^debconf: |liberror|libgpg-error|-error-perl|Setting up .*error|Unpacking .*error|Selecting previously unselected package .*error|Preparing to unpack .*error|error-\d|\.\.\.\s+error)/i;

function section(status: string, key: string): string {
  const lines = status.split("\n");
  const at = lines.findIndex((l) => l.startsWith(`${key}:`));
  return lines.slice(at, at + 8).join("\n");
}

export async function failedUnits(m: Machine): Promise<string[]> {
  const listed = await m.exec(["systemctl", "list-units", "--failed", "--no-legend", "--plain", "--full"]);
  return listed.output.split("\n").map((l) => l.trim().split(/\s+/)[0] ?? "").filter((u) => u !== "");
}

export async function journal(m: Machine, units: readonly string[], lines = 15): Promise<string> {
  const out = await m.exec(["journalctl", "--no-pager", "-o", "cat", "-n", String(lines), ...units.flatMap((u) => ["-u", u])]);
  return out.output.trim();
}

/** HTTP status of a GET through the machine's own nginx (curl inside the machine). */
export async function httpStatus(m: Machine, host: string, path: string): Promise<number> {
  const r = await m.exec(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", "-H", `Host: ${host}`, `http://127.0.0.1${path}`]);
  return Number(r.output.trim()) || 0;
}

/** The users the secrets check reads as, besides root. */
export interface Reader {
  readonly user: string;
  /** The audiences whose secrets it may read. */
  readonly may: readonly Marker["audience"][];
}

/**
 * Every file under the writable trees that holds a secret marker, opened as each reader: a reader
 * that can open a file holding a secret it may not read is a finding.
 */
export async function secretsResult(m: Machine, markers: readonly Marker[], readers: readonly Reader[]): Promise<CheckResult> {
  const roots = ["/etc", "/var", "/home", "/srv", "/opt", "/tmp", "/run", "/root"];
  const skip = ["platform-boot-repo", "apt", "dpkg"].flatMap((d) => ["--exclude-dir", d]);
  const found = await m.exec(["grep", "-rlF", ...skip, "-f", "-", ...roots], { input: markers.map((k) => k.value).join("\n") + "\n" });
  const files = found.output.split("\n").filter((f) => f.startsWith("/"));
  if (files.length === 0) return fail("no file on the machine holds a secret after the deploy: the check saw nothing, so it proves nothing");
  const holds = new Map<string, Marker[]>();
  for (const file of files) {
    const text = await m.exec(["cat", file]);
    holds.set(file, markers.filter((k) => text.output.includes(k.value)));
  }
  const findings: string[] = [];
  for (const reader of readers) {
    const script = 'for f in "$@"; do if cat -- "$f" >/dev/null 2>&1; then printf "%s\\n" "$f"; fi; done';
    const readable = await m.exec(["bash", "-c", script, "reader", ...files], { user: reader.user });
    for (const file of readable.output.split("\n").filter((f) => holds.has(f))) {
      const forbidden = holds.get(file)!.filter((k) => !reader.may.includes(k.audience));
      if (forbidden.length > 0) findings.push(`${reader.user} can read ${file}, which holds ${forbidden.map((k) => k.name).join(", ")}`);
    }
  }
  if (findings.length > 0) return fail(findings[0]!, findings.join("\n"));
  return ok(`${files.length} files hold secrets; read as ${readers.map((r) => r.user).join(", ")}: none readable by who must not`);
}

/** Every running service with a User= runs as that user (its main process, read from /proc). */
export async function serviceUsersResult(m: Machine, own: (unit: string) => boolean): Promise<{ result: CheckResult; checked: string[] }> {
  const list = await m.exec(["systemctl", "list-units", "--type=service", "--state=running", "--no-legend", "--plain", "--full"]);
  const units = list.output.split("\n").map((l) => l.trim().split(/\s+/)[0] ?? "").filter((u) => u.endsWith(".service"));
  const shown = await m.exec(["systemctl", "show", "--property=Id,User,MainPID", ...units]);
  const uidOf = async (user: string) => (/^\d+$/.test(user) ? user : (await m.exec(["id", "-u", user])).output.trim());
  const problems: string[] = [];
  const checked: string[] = [];
  for (const block of shown.output.trim().split("\n\n")) {
    const p = Object.fromEntries(block.split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    if (!p.User || !p.MainPID || p.MainPID === "0") continue;
    const who = await m.exec(["ps", "-o", "uid=,user=", "-p", p.MainPID]);
    const [uid, user] = who.output.trim().split(/\s+/);
    if (!uid || uid !== (await uidOf(p.User))) problems.push(`${p.Id} has User=${p.User} but its main process runs as ${user || "nobody (gone)"}`);
    else if (own(p.Id!)) checked.push(`${p.Id} as ${user}`);
  }
  return { result: problems.length > 0 ? fail(problems[0]!, problems.join("\n")) : ok(checked.length > 0 ? checked.join(", ") : "no service of the platform's with User= is running"), checked };
}
