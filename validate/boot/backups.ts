/**
 * The backup jobs on the one Droplet that runs them, run by systemd as their own user with the
 * settings `npm run deploy` wrote. rclone and the dump clients are stand-ins (stubs/): this machine
 * reaches neither Spaces nor a database. They read what the real ones read — keys from the
 * environment, the option file, the CA — so a job that cannot read its settings fails here as it
 * would on a Droplet. The heartbeat must stay away until a job really succeeded, come when all
 * did, and go when one fails.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { backupPaths } from "../../runtimes/backup";
import { fail, ok, type CheckResult } from "../report";
import type { UserDataDocument } from "../runtime";
import { httpStatus, journal } from "./inspect";
import type { Machine } from "./machine";

const STUBS = path.join(__dirname, "stubs");

/** Puts the stand-ins over the real programs the document installed. */
export async function installStubs(m: Machine): Promise<string[]> {
  const targets: [string, string][] = [["/usr/bin/rclone", "rclone"], ["/usr/bin/mysqldump", "mysqldump"]];
  const pg = m.path("/usr/lib/postgresql");
  if (fs.existsSync(pg)) {
    for (const version of fs.readdirSync(pg)) targets.push([`/usr/lib/postgresql/${version}/bin/pg_dump`, "pg_dump"], [`/usr/lib/postgresql/${version}/bin/pg_restore`, "pg_restore"]);
  }
  const replaced: string[] = [];
  for (const [inside, stub] of targets) {
    if (!fs.existsSync(m.path(inside))) continue;
    fs.rmSync(m.path(inside), { force: true });
    fs.copyFileSync(path.join(STUBS, stub), m.path(inside));
    fs.chmodSync(m.path(inside), 0o755);
    replaced.push(inside);
  }
  return replaced;
}

/** Before any deploy: no heartbeat, even after a check (a new Droplet has run no job). Null when right. */
export async function heartbeatBeforeDeploy(m: Machine, app: string): Promise<string | null> {
  const p = backupPaths(app);
  const fresh = await httpStatus(m, "localhost", p.heartbeatPath);
  await m.exec(["systemctl", "start", `${p.unit("check")}.service`]);
  const checked = await httpStatus(m, "localhost", p.heartbeatPath);
  if (fresh === 200 || checked === 200) return `the heartbeat (${p.heartbeatPath}) answers 200 on a new Droplet before any job ran${fresh === 200 ? "" : " once the check ran"}: it must stay away until every job really succeeded`;
  return null;
}

/**
 * After the deploy (backup-env starts the first runs): each job succeeds as its user, the heartbeat
 * follows. `early` is what heartbeatBeforeDeploy found; every problem is reported, not just the first.
 */
export async function checkBackups(m: Machine, app: string, doc: UserDataDocument, early: string | null): Promise<CheckResult> {
  const p = backupPaths(app);
  const jobs = ["copy", "dump"].filter((j) => doc.config.files.some((f) => f.path === `/etc/systemd/system/${p.unit(j)}.service`));
  const units = (js: readonly string[]) => js.map((j) => `${p.unit(j)}.service`);
  const heartbeat = () => httpStatus(m, "localhost", p.heartbeatPath);
  const start = async (unit: string) => (await m.exec(["systemctl", "start", `${unit}.service`], { timeoutMs: 300_000 })).code === 0;
  const problems: string[] = early ? [early] : [];
  const steps = early ? [] : ["no heartbeat before any job"];

  // The deploy's backup-env started the first runs; wait for their stamps.
  const stamped = async (job: string) => (await m.exec(["test", "-e", `${p.state}/${job}.ok`])).code === 0;
  const waited = await m.sh(`for i in $(seq 1 120); do ok=1; for j in ${jobs.join(" ")}; do [[ -e ${p.state}/$j.ok ]] || ok=0; done; ((ok)) && exit 0; sleep 0.5; done; exit 1`);
  if (waited.code === 0) steps.push(`first runs of ${jobs.join(", ")} started by backup-env succeeded`);
  else problems.push(`the first runs of ${units(jobs).join(", ")} did not all succeed within 60 s of the deploy (backup-env starts them)`);
  // Each job run once more by hand: its own failure, if any, is what the report needs.
  for (const job of jobs) {
    const okNow = (await start(p.unit(job))) && (await stamped(job));
    const log = await journal(m, units([job]), 40);
    if (!okNow) problems.push(`${p.unit(job)}.service fails (its settings, CA and state must be readable by ${p.user}):\n${log}`);
    else if (!log.includes(`as ${p.user}:`)) problems.push(`${p.unit(job)}.service did not run its tools as ${p.user}:\n${log}`);
  }
  if (problems.length > 0) return fail(problems[0]!.split("\n")[0]!, problems.join("\n"));
  steps.push(`each job runs its tools as ${p.user}`);
  await start(p.unit("check"));
  const after = await heartbeat();
  if (after !== 200) return fail(`the heartbeat answers ${after} after every job succeeded (expected 200)`, await journal(m, [`${p.unit("check")}.service`, ...units(jobs)]));
  steps.push("heartbeat 200 once all succeeded");

  if (jobs.includes("copy")) {
    await m.exec(["install", "-D", "-m", "0644", "/dev/null", "/etc/platform-boot/fail-rclone"]);
    const failed = !(await start(p.unit("copy")));
    await m.exec(["rm", "-f", "/etc/platform-boot/fail-rclone"]);
    // OnFailure= runs the handler after the start has returned: give it a moment.
    let withdrawn = await heartbeat();
    for (let i = 0; i < 40 && withdrawn === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      withdrawn = await heartbeat();
    }
    await m.exec(["systemctl", "reset-failed"]);
    if (!failed || withdrawn === 200) return fail(`a failed copy (rclone refused) left the heartbeat at ${withdrawn} (expected it withdrawn)`, await journal(m, [`${p.unit("failed")}@copy.service`]));
    if (!(await start(p.unit("copy"))) || (await heartbeat()) !== 200) return fail("the heartbeat did not come back after the copy succeeded again", await journal(m, units(["copy"])));
    steps.push("a failed copy withdrew it, the next success restored it");
  }
  return ok(steps.join("; "));
}
