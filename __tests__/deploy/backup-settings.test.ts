/**
 * The backup jobs' settings in a deploy: read from the `backup_settings` output (checked, values
 * never quoted), rendered to /etc/<app>/backup.env, and sent with `backup-env` to the one Droplet
 * that runs the jobs, after its app settings; the keys and password are redacted from what the
 * Droplets print back.
 */
import { readOutputs } from "../../deploy/outputs";
import { planDeploy, redactor, selectServers } from "../../deploy/plan";
import { backupEnvironment, renderBackupEnvironment, type BackupSettings } from "../../runtimes/backup";
import { outputsOf } from "./harness";

describe("backup settings in a deploy of dr", () => {
  const outputs = outputsOf("bizsocials", "dr");
  const hint = "apply it";

  it("are read from the backup_settings output, naming the Droplet that runs the jobs", () => {
    const { backup, servers } = readOutputs(outputs, "f.json", "bizsocials-dr-", hint);
    expect(backup!.server).toBe("bizsocials-dr-app-1");
    expect(servers.map((s) => s.name)).toContain(backup!.server);
    expect(backup!.source!.bucket).toBe("acme-prod-media-0a1b2c");
    expect(backupEnvironment(backup!)).toMatchObject({ SOURCE_BUCKET: "acme-prod-media-0a1b2c", DB_NAME: "bizsocials", RCLONE_CONFIG_BACKUPS_ENDPOINT: "fra1.digitaloceanspaces.com" });
  });

  it("are absent where a stack has no jobs", () => {
    expect(readOutputs(outputsOf("bizsocials", "prod"), "f.json", "bizsocials-prod-", hint).backup).toBeUndefined();
  });

  it("malformed: every problem named by field, no value quoted", () => {
    const broken = structuredClone(outputs);
    const value = broken.backup_settings!.value as Record<string, Record<string, unknown> | string>;
    const secret = (value.backups as Record<string, string>).secret_key!;
    delete (value.backups as Record<string, unknown>).secret_key;
    (value.source as Record<string, unknown>).bucket = "";
    value.server = "bizsocials-dr-app-9";
    let message = "";
    try {
      readOutputs(broken, "f.json", "bizsocials-dr-", hint);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split("\n")).toEqual([
      "f.json does not hold what a deploy needs:",
      "  - backup_settings.source.bucket: expected a non-empty string",
      "  - backup_settings.backups.secret_key: expected a non-empty string",
      "  - backup_settings.server: bizsocials-dr-app-9 is not in app_servers",
    ]);
    expect(message).not.toContain(secret);
  });

  it("go to the jobs' Droplet alone, right after its app settings", () => {
    const { backup, servers } = readOutputs(outputs, "f.json", "bizsocials-dr-", hint);
    const text = renderBackupEnvironment(backupEnvironment(backup!));
    const plan = planDeploy({ app: "bizsocials", stack: "dr", release: { kind: "live" }, settingsText: "A=1\n", settingsKeys: ["A"], servers: selectServers(servers, []).servers, backup: { server: backup!.server, text } });
    expect(plan.calls.map((c) => `${c.server.name}: ${c.args.join(" ")}`)).toEqual([
      "bizsocials-dr-app-1: status",
      "bizsocials-dr-app-1: env",
      "bizsocials-dr-app-1: backup-env",
      "bizsocials-dr-app-1: activate --roles web",
    ]);
    const call = plan.calls.find((c) => c.step === "backup-settings")!;
    expect(call.stdin).toEqual({ kind: "settings", text });
    // With --only naming another Droplet, the backup settings are not sent anywhere.
    const other = planDeploy({ app: "x", stack: "dr", release: { kind: "live" }, settingsText: "A=1\n", settingsKeys: ["A"], servers: [{ name: "x-dr-app-2", ipv4: "203.0.113.9", roles: ["web"] }], backup: { server: backup!.server, text } });
    expect(other.calls.map((c) => c.step)).toEqual(["check", "settings", "activate"]);
  });

  it("keys and password are redactable from what the Droplet prints", () => {
    const backup = readOutputs(outputs, "f.json", "bizsocials-dr-", hint).backup as BackupSettings;
    const redact = redactor([backup.backups.secret_key, backup.source!.secret_key, backup.database!.password]);
    expect(redact(`rclone: bad key ${backup.backups.secret_key}; ${backup.database!.password}`)).toBe("rclone: bad key ***; ***");
  });
});
