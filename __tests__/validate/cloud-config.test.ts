/** What the runtime stage reads from user_data: files by path, shell scripts by shebang, users, Terraform escapes. */
import { STACK_NAMES } from "../../config/types";
import { classify, readCloudConfig, shebangShell, terraformLiteral } from "../../validate/runtime/cloud-config";
import { userDataDocuments } from "../../validate/runtime";
import { synthJson } from "../helpers";

describe("classify", () => {
  test.each([
    ["/etc/nginx/sites-available/shop", "", "nginx-site"],
    ["/etc/nginx/conf.d/shop.conf", "", "nginx-site"],
    ["/etc/php/8.3/fpm/pool.d/shop.conf", "", "php-fpm-pool"],
    ["/etc/supervisor/conf.d/shop.conf", "", "supervisor"],
    ["/etc/shop/supervisor/worker.conf", "", "supervisor"],
    ["/etc/systemd/system/certbot-bootstrap.service", "", "systemd-unit"],
    ["/etc/systemd/system/certbot-bootstrap.timer", "", "systemd-unit"],
    ["/etc/systemd/system/x.socket", "", "systemd-unit"],
    ["/etc/systemd/system/x.path", "", "systemd-unit"],
    ["/etc/systemd/system/supervisor.service.d/graceful-stop.conf", "", "systemd-dropin"],
    ["/usr/local/sbin/shop-deploy", "#!/bin/bash\nset -e\n", "shell"],
    ["/opt/x.sh", "#!/usr/bin/env sh\n", "shell"],
  ])("%s is %s", (path, content, kind) => expect(classify(path, content)).toBe(kind));

  test.each([
    ["/etc/nginx/conf.d/shop.inc", ""],
    ["/etc/nginx/sites-available/x/y", ""],
    ["/etc/ssh/sshd_config.d/01-hardening.conf", "PermitRootLogin no"],
    ["/etc/php/8.3/cli/conf.d/x.ini", ""],
    ["/etc/systemd/system/x.mount", ""],
    ["/etc/shop/compose.yaml", "services: {}"],
    ["/usr/local/bin/tool", "#!/usr/bin/python3\n"],
  ])("%s is checked by nothing", (path, content) => expect(classify(path, content)).toBeNull());

  test("the shell comes from the shebang", () => {
    expect(shebangShell("#!/bin/bash\n")).toBe("bash");
    expect(shebangShell("#! /bin/sh -e\n")).toBe("sh");
    expect(shebangShell("#!/usr/bin/env bash\n")).toBe("bash");
    expect(shebangShell("#!/usr/bin/env python3\n")).toBeUndefined();
    expect(shebangShell("echo hi\n")).toBeUndefined();
  });
});

describe("readCloudConfig", () => {
  const doc = [
    "#cloud-config",
    "groups: [ops, { admins: [deploy] }]",
    "users:",
    "  - default",
    "  - name: deploy",
    "write_files:",
    "  - path: /etc/shop/supervisor/a.conf",
    "    content: '[program:a]'",
    "  - path: /usr/local/sbin/x",
    "    encoding: b64",
    `    content: ${Buffer.from("#!/bin/sh\necho hi\n").toString("base64")}`,
  ].join("\n");
  const config = readCloudConfig(doc);

  test("files with their kind, base64 decoded", () => {
    expect(config.files.map((f) => [f.path, f.kind])).toEqual([
      ["/etc/shop/supervisor/a.conf", "supervisor"],
      ["/usr/local/sbin/x", "shell"],
    ]);
    expect(config.files[1]!.content).toBe("#!/bin/sh\necho hi\n");
  });
  test("the users and groups it creates (each user has a group of its name)", () => {
    expect(config.users).toEqual(["deploy"]);
    expect(config.groups).toEqual(["ops", "admins", "deploy"]);
  });
  test("broken YAML is reported, not thrown", () => expect(readCloudConfig("a: [").error).toBeDefined());
});

test("Terraform's escapes are undone as Terraform would; expressions are listed", () => {
  expect(terraformLiteral('for r in "$${roles[@]}"; do echo %%{x}; done')).toEqual({ text: 'for r in "${roles[@]}"; do echo %{x}; done', expressions: [] });
  expect(terraformLiteral("host=${digitalocean_droplet.x.ipv4_address} $$HOME").expressions).toEqual(["${digitalocean_droplet.x.ipv4_address}"]);
});

test.each(STACK_NAMES)("%s: one document per distinct user_data, naming its Droplets", (stack) => {
  const json = synthJson(stack);
  const docs = userDataDocuments(json);
  const droplets = Object.values(json.resource?.digitalocean_droplet ?? {});
  expect(docs.flatMap((d) => d.droplets)).toHaveLength(droplets.length);
  expect(new Set(docs.map((d) => d.userData)).size).toBe(docs.length);
  for (const doc of docs) {
    expect(doc.config.error).toBeUndefined();
    expect(doc.userData.startsWith("#cloud-config")).toBe(true);
  }
});
