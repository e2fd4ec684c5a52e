"""pve-firewall's CLI (PVE::Service::pve_firewall) over the lab's files: compile (parse and
report, no iptables), status, localnet, and start/stop/restart of a daemon that only exists as
a state file. `lab-parse` is the lab's own entry for its PVE::Firewall stand-in (perl/)."""
import ipaddress
import os
import socket
import sys

from pvesm_lib.clihandler import CliHandler

from .parser import parse_file

EXE = "pve-firewall"
REAL_COMMANDS = ["compile", "help", "localnet", "restart", "simulate", "start", "status", "stop"]
# The daemon's run state: present = stopped (PVE runs pve-firewall from boot on).
STOPPED_FLAG = "/run/pve-firewall.lab-stopped"


def pve_root():
    return os.environ.get("PHOENIX_PVE_ROOT", "/etc/pve")


def nodename():
    return os.environ.get("PHOENIX_NODENAME") or socket.gethostname().split(".")[0]


def read(path):
    try:
        with open(path) as fh:
            return fh.read()
    except OSError:
        return ""


def load_cluster(warn=True):
    path = "/etc/pve/firewall/cluster.fw"
    conf, warnings = parse_file(path, read(os.path.join(pve_root(), "firewall", "cluster.fw")), "cluster")
    if warn:
        for w in warnings:
            sys.stderr.write(w + "\n")
    return conf


def local_vmids():
    """Guests of this node: /etc/pve/lxc/<id>.conf (PVE's /etc/pve/lxc links to nodes/<node>/lxc)."""
    out = []
    for kind, sub in (("ct", "lxc"), ("vm", "qemu-server")):
        try:
            names = os.listdir(os.path.join(pve_root(), sub))
        except OSError:
            continue
        out += [(kind, n[:-5]) for n in sorted(names) if n.endswith(".conf") and n[:-5].isdigit()]
    return out


def compile_cmd(_param):
    cluster = load_cluster()
    host_path = f"/etc/pve/nodes/{nodename()}/host.fw"
    _, warnings = parse_file("/etc/pve/local/host.fw", read(os.path.join(pve_root(), host_path[len("/etc/pve/"):])), "host", cluster)
    for kind, vmid in local_vmids():
        _, more = parse_file(f"/etc/pve/firewall/{vmid}.fw", read(os.path.join(pve_root(), "firewall", f"{vmid}.fw")), kind, cluster)
        warnings += more
    for w in warnings:
        sys.stderr.write(w + "\n")
    enabled = cluster["options"].get("enable", 0) > 0
    if enabled:
        for rule in cluster["rules"]:
            if rule.get("type") == "group" and not rule.get("errors") and rule["action"].lower() not in cluster["groups"]:
                sys.stderr.write(f"no such security group '{rule['action']}'\n")
    # No iptables here: the command lists are empty and nothing is ever pending.
    for i, name in enumerate(["ipset", "iptables", "ip6tables", "ebtables", "iptables table raw", "ip6tables table raw"]):
        sys.stdout.write(("\n" if i else "") + f"{name} cmdlist:\n")
    sys.stdout.write("no changes\n")
    if not enabled:
        sys.stdout.write("firewall disabled\n")
    return 0


def status_cmd(_param):
    enabled = load_cluster(warn=False)["options"].get("enable", 0) > 0
    state = "stopped" if os.path.exists(STOPPED_FLAG) else "running"
    sys.stdout.write(f"Status: {'enabled' if enabled else 'disabled'}/{state}\n")
    return 0


def start_cmd(_param):
    try:
        os.unlink(STOPPED_FLAG)
    except FileNotFoundError:
        pass
    return 0


def stop_cmd(_param):
    with open(STOPPED_FLAG, "w"):
        pass
    return 0


def node_ip(name):
    """PVE::Cluster::remote_node_ip on a single node: the name's address (here /etc/hosts first)."""
    for line in read("/etc/hosts").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) > 1 and name in fields[1:] and not fields[0].startswith("127.") and fields[0] != "::1":
            return fields[0]
    return socket.gethostbyname(name)


def routes():
    """/proc/net/route as (network, prefix); masks of /8 and longer only (ipv4_mask_hash_localnet)."""
    out = []
    for line in read("/proc/net/route").splitlines()[1:]:
        f = line.split()
        if len(f) < 8:
            continue
        dest, mask = (socket.inet_ntoa(int(x, 16).to_bytes(4, "little")) for x in (f[1], f[7]))
        prefix = ipaddress.ip_network(f"0.0.0.0/{mask}").prefixlen
        if prefix >= 8:
            out.append(f"{dest}/{prefix}")
    return out


def localnet_cmd(_param):
    name = nodename()
    sys.stdout.write(f"local hostname: {name}\n")
    ip = node_ip(name)
    sys.stdout.write(f"local IP address: {ip}\n")
    cluster = load_cluster()
    net = next((r for r in routes() if ipaddress.ip_address(ip) in ipaddress.ip_network(r, strict=False)), None) or "127.0.0.0/8"
    sys.stdout.write(f"network auto detect: {net}\n")
    user = cluster["aliases"].get("local_network")
    sys.stdout.write(f"using user defined local_network: {user['cidr']}\n" if user else f"using detected local_network: {net}\n")
    return 0


def lab_parse(args):
    """`lab-parse <cluster|host|ct|vm> <file>`: the file's warnings on stdout, one per line (perl/PVE/Firewall.pm)."""
    env, path = args
    if env not in ("cluster", "host", "ct", "vm"):
        sys.stderr.write(f"lab-parse: unknown rule environment '{env}'\n")
        return 2
    cluster = None if env == "cluster" else load_cluster(warn=False)
    _, warnings = parse_file(path, read(path), env, cluster)
    sys.stdout.write("".join(w + "\n" for w in warnings))
    return 0


METHODS = {
    "compile": ({}, [], f"{EXE} compile", compile_cmd),
    "localnet": ({}, [], f"{EXE} localnet", localnet_cmd),
    "restart": ({}, [], f"{EXE} restart", start_cmd),
    "start": ({"debug": {"type": "boolean", "optional": 1}}, [], f"{EXE} start  [OPTIONS]", start_cmd),
    "status": ({}, [], f"{EXE} status", status_cmd),
    "stop": ({}, [], f"{EXE} stop", stop_cmd),
}
CLI = CliHandler(EXE, REAL_COMMANDS, METHODS, [["compile", "localnet", "restart", "start", "status", "stop"]])


def run(argv):
    if argv[:1] == ["lab-parse"]:
        return lab_parse(argv[1:])
    return CLI.run(argv)
