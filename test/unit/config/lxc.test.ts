// The LXC file's schema (config/schema/lxc.ts) and the cross-container and cross-file checks
// (config/checks/lxc.ts), driven through validateConfigPair on variants of the shipped files.
import { describe, expect, it } from "vitest";
import { errorsOf, newWarnings, variant, type Json } from "./shipped";

type Case = [name: string, mutate: (lxc: Json, hv: Json) => void, errors: string[]];

const SCHEMA_CASES: Case[] = [
  ["a CTID below 100", (lxc) => (lxc.lxc_configs["99"] = lxc.lxc_configs["953"]), [
    '$.lxc_configs["99"]: invalid container id "99" (expected a whole number from 100 to 999999999, without leading zeros)',
  ]],
  ["a CTID with a leading zero", (lxc) => (lxc.lxc_configs["0958"] = lxc.lxc_configs["953"]), [
    '$.lxc_configs["0958"]: invalid container id "0958" (expected a whole number from 100 to 999999999, without leading zeros)',
  ]],
  ["a feature without a script", (lxc) => (lxc.lxc_configs["950"].features = ["vllm", "kubernetes"]), [
    '$.lxc_configs["950"].features[1]: feature "kubernetes" has no script: looked for kubernetes.sh in bin/lxc_setup',
  ]],
  ["a feature name that cannot be a script name", (lxc) => (lxc.lxc_configs["950"].features = ["vllm", "../x"]), [
    '$.lxc_configs["950"].features[1]: invalid value "../x" (expected a feature script name: lower-case letters, digits, _ or -)',
  ]],
  ["a repeated feature", (lxc) => (lxc.lxc_configs["957"].features = ["nvidia", "nvidia"]), ['$.lxc_configs["957"].features[1]: feature nvidia is listed more than once']],
  ["zero cores", (lxc) => (lxc.lxc_configs["951"].cores = 0), ['$.lxc_configs["951"].cores: must be at least 1, got 0']],
  ["fractional cores", (lxc) => (lxc.lxc_configs["951"].cores = 1.5), ['$.lxc_configs["951"].cores: expected a whole number, got 1.5']],
  ["too little memory", (lxc) => (lxc.lxc_configs["952"].memory_mb = 256), ['$.lxc_configs["952"].memory_mb: must be at least 512, got 256']],
  ["a missing name", (lxc) => delete lxc.lxc_configs["954"].name, ['$.lxc_configs["954"].name: required key is missing']],
  ["a host name with an underscore", (lxc) => (lxc.lxc_configs["954"].name = "n8n_phoenix"), [
    '$.lxc_configs["954"].name: invalid host name "n8n_phoenix" (expected dot-separated labels of letters, digits and inner hyphens)',
  ]],
  ["an address without a prefix", (lxc) => (lxc.lxc_configs["953"].network_config.ip = "10.0.0.153"), [
    '$.lxc_configs["953"].network_config.ip: invalid IPv4 CIDR "10.0.0.153" (expected an address and prefix length, e.g. 10.0.0.13/24)',
  ]],
  ["a multicast MAC", (lxc) => (lxc.lxc_configs["953"].mac_address = "01:54:00:67:89:B3"), [
    '$.lxc_configs["953"].mac_address: MAC address "01:54:00:67:89:B3" is a multicast address',
  ]],
  ["a bad GPU list", (lxc) => (lxc.lxc_configs["950"].gpu_assignment = "0,"), [
    '$.lxc_configs["950"].gpu_assignment: invalid value "0," (expected none or comma-separated GPU indexes such as 0,1)',
  ]],
  ["an unknown portainer role", (lxc) => (lxc.lxc_configs["910"].portainer_role = "master"), [
    '$.lxc_configs["910"].portainer_role: expected one of "server", "agent", "none", "infrastructure", got "master"',
  ]],
  ["a bad port mapping", (lxc) => (lxc.lxc_configs["952"].ports = ["6333:6333", "6334"]), [
    '$.lxc_configs["952"].ports[1]: invalid port mapping "6334" (expected host:container, e.g. 8080:80)',
  ]],
  ["a firewall rule with a bad action", (lxc) => (lxc.lxc_configs["950"].firewall.rules[0].action = "ALLOW"), [
    '$.lxc_configs["950"].firewall.rules[0].action: invalid action "ALLOW" (expected ACCEPT, DROP, REJECT or a macro such as SSH(ACCEPT))',
  ]],
  ["a GPU memory share above 1", (lxc) => (lxc.lxc_configs["950"].vllm_gpu_memory_utilization = 1.5), [
    '$.lxc_configs["950"].vllm_gpu_memory_utilization: must be at most 1, got 1.5',
  ]],
  ["a relative volume mount point", (lxc) => (lxc.lxc_configs["910"].volumes[0].mount_point = "data"), [
    '$.lxc_configs["910"].volumes[0].mount_point: path "data" is not absolute',
  ]],
  ["a bad runfile URL", (lxc) => (lxc.nvidia_runfile_url = "us.download.nvidia.com/x.run"), [
    '$.nvidia_runfile_url: invalid URL "us.download.nvidia.com/x.run" (expected http:// or https://)',
  ]],
  ["no lxc_configs", (lxc) => delete lxc.lxc_configs, ["$.lxc_configs: required key is missing"]],
];

const CHECK_CASES: Case[] = [
  ["a clone of an undefined container", (lxc) => (lxc.lxc_configs["950"].clone_from_ctid = "990"), [
    '$.lxc_configs["950"].clone_from_ctid: container 990 is not defined in lxc_configs',
  ]],
  ["a clone of itself", (lxc) => (lxc.lxc_configs["950"].clone_from_ctid = "950"), ['$.lxc_configs["950"].clone_from_ctid: a container cannot be cloned from itself']],
  ["a clone loop, once", (lxc) => {
    lxc.lxc_configs["900"].clone_from_ctid = "903";
    delete lxc.lxc_configs["900"].template;
  }, ['$.lxc_configs["900"].clone_from_ctid: clone chain loops: 900 -> 903 -> 901 -> 900']],
  ["a container with neither template nor clone source", (lxc) => delete lxc.lxc_configs["900"].template, [
    '$.lxc_configs["900"]: needs template, template_file or clone_from_ctid',
  ]],
  ["dependencies on itself and on nothing", (lxc) => (lxc.lxc_configs["956"].dependencies = ["956", "1000"]), [
    '$.lxc_configs["956"].dependencies[0]: a container cannot depend on itself',
    '$.lxc_configs["956"].dependencies[1]: container 1000 is not defined in lxc_configs',
  ]],
  ["a MAC used twice", (lxc) => (lxc.lxc_configs["954"].mac_address = "52:54:00:67:89:b3"), ['$.lxc_configs["954"].mac_address: MAC address is also used by container 953']],
  ["an address used twice", (lxc) => (lxc.lxc_configs["957"].network_config.ip = "10.0.0.156/24"), [
    '$.lxc_configs["957"].network_config.ip: address 10.0.0.156 is also used by container 956',
  ]],
  ["two volumes at one path", (lxc) => lxc.lxc_configs["910"].volumes.push({ name: "more", pool: "quickOS-shared-prod-data-volumes", size_gb: 1, mount_point: "/data" }), [
    '$.lxc_configs["910"].volumes[1].mount_point: /data is already the mount point of volumes[0]',
  ]],
  ["a root disk on a storage without rootdir", (lxc) => (lxc.lxc_configs["956"].storage_pool = "fastData-shared-iso"), [
    '$.lxc_configs["956"].storage_pool: storage "fastData-shared-iso" does not allow container volumes (content iso,vztmpl lacks rootdir)',
  ]],
  ["a volume on a storage without rootdir", (lxc) => (lxc.lxc_configs["910"].volumes[0].pool = "quickOS-vm-disks"), [
    '$.lxc_configs["910"].volumes[0].pool: storage "quickOS-vm-disks" does not allow container volumes (content images lacks rootdir)',
  ]],
  ["a volume shadowing a shared volume", (lxc) => (lxc.lxc_configs["910"].volumes[0].mount_point = "/certs"), [
    '$.shared_volumes.ssl_certs.mounts["910"]: /certs is already the mount point of $.lxc_configs["910"].volumes[0] in the LXC config',
  ]],
];

describe.each([
  ["schema", SCHEMA_CASES],
  ["cross-container and cross-file checks", CHECK_CASES],
])("LXC file: %s", (_group, cases) => {
  it.each(cases)("reports %s", (_name, mutate, errors) => {
    expect(errorsOf(variant((hv, lxc) => mutate(lxc, hv)))).toEqual(errors);
  });
});

describe("LXC file: accepted variants and warnings", () => {
  it("accepts the features the original schema forgot", () => {
    const result = variant((_hv, lxc) => (lxc.lxc_configs["952"].features = ["docker", "python_api_service", "ollama"]));
    expect(errorsOf(result)).toEqual([]);
  });

  it("does not report references to a container that has errors of its own", () => {
    const result = variant((_hv, lxc) => (lxc.lxc_configs["900"].cores = 0));
    expect(errorsOf(result)).toEqual(['$.lxc_configs["900"].cores: must be at least 1, got 0']);
  });

  it.each([
    ["an unknown key", (lxc: Json) => (lxc.lxc_configs["950"].vllm_quantisation = "awq"), ['$.lxc_configs["950"].vllm_quantisation: unknown key, ignored']],
    ["a template ignored because of a clone source", (lxc: Json) => (lxc.lxc_configs["953"].template = "/fastData/shared-iso/template/cache/x.tar.zst"), [
      '$.lxc_configs["953"].template: ignored because clone_from_ctid is set',
    ]],
    ["a storage this config does not define", (lxc: Json) => (lxc.lxc_configs["956"].storage_pool = "local-lvm"), [
      '$.lxc_configs["956"].storage_pool: storage "local-lvm" is not defined by the hypervisor config; it must already exist on the host',
    ]],
    ["a shared volume for a container that does not exist", (lxc: Json) => delete lxc.lxc_configs["957"], [
      '$.shared_volumes.llamacpp_models.mounts["957"]: container 957 is not defined in the LXC config',
    ]],
  ])("warns about %s", (_name, mutate, warnings) => {
    const result = variant((_hv, lxc) => mutate(lxc));
    expect(errorsOf(result)).toEqual([]);
    expect(newWarnings(result)).toEqual(warnings);
  });
});
