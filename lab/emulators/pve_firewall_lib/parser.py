"""PVE::Firewall's file parser (generic_fw_config_parser, parse_fw_rule, verify_rule, the option
parsers), reduced to what decides whether a file is read cleanly, with its warnings verbatim.
A warning is returned as the text PVE prints to stderr in verbose (CLI) mode."""
import ipaddress
import re

NAME = r"[A-Za-z][A-Za-z0-9\-_]+"
MAX_IPSET_NAME, MAX_ALIAS_NAME, MAX_GROUP_NAME = 64, 64, 20
LOGLEVELS = "emerg|alert|crit|err|warning|notice|info|debug|nolog"
PROTOCOLS_WITH_PORTS = {"udp", "17", "tcp", "6", "udplite", "136", "sctp", "132", "dccp", "33"}
ICMP = {"icmp", "1", "icmpv6", "ipv6-icmp", "58"}
# rule_env → (rule types it allows, whether -i is allowed)
RULE_ENV = {
    "cluster": (["in", "out", "forward", "group"], True),
    "host": (["in", "out", "forward", "group"], True),
    "group": (["in", "out", "forward"], False),
    "ct": (["in", "out", "group"], True),
    "vm": (["in", "out", "group"], True),
}
MACROS = [
    "Amanda", "Auth", "BGP", "BitTorrent", "BitTorrent32", "CVS", "Ceph", "Citrix", "DAAP", "DCC", "DHCPfwd", "DHCPv6",
    "DNS", "Distcc", "FTP", "Finger", "GNUnet", "GRE", "Git", "HKP", "HTTP", "HTTPS", "ICMPv6", "ICPV2", "ICQ", "IMAP",
    "IMAPS", "IPIP", "IPsec", "IPsecah", "IPsecnat", "IRC", "Jetdirect", "L2TP", "LDAP", "LDAPS", "MDNS", "MSNP", "MSSQL",
    "Mail", "Munin", "MySQL", "NNTP", "NNTPS", "NTP", "NeighborDiscovery", "OSPF", "OpenVPN", "PCA", "PMG", "POP3",
    "POP3S", "PPtP", "Ping", "PostgreSQL", "Printer", "RDP", "RIP", "RNDC", "Razor", "Rdate", "Rsync", "SANE", "SMB",
    "SMBswat", "SMTP", "SMTPS", "SNMP", "SPAMD", "SPICEproxy", "SSH", "SVN", "SixXS", "Squid", "Submission", "Syslog",
    "TFTP", "Telnet", "Telnets", "Time", "Trcrt", "VNC", "VNCL", "Web", "Webcache", "Webmin", "Whois",
]
MACRO_BY_LOWER = {m.lower(): m for m in MACROS}


def _etc_words(path, column):
    names = set()
    try:
        with open(path) as fh:
            for line in fh:
                fields = line.split("#", 1)[0].split()
                if len(fields) > column:
                    names.add(fields[0])
                    names.add(fields[column].split("/")[0])
                    names.update(fields[column + 1:] if column == 1 and path.endswith("protocols") else [])
    except OSError:
        pass
    return names


PROTOCOLS = _etc_words("/etc/protocols", 1) or {"tcp", "udp", "icmp", "6", "17", "1"}
SERVICES = _etc_words("/etc/services", 1) or {"ssh", "http", "https"}


def parse_ip_or_cidr(text):
    try:
        net = ipaddress.ip_network(text, strict=False) if "/" in text else ipaddress.ip_address(text)
    except ValueError:
        raise ValueError("value does not look like a valid IP address or CIDR network")
    return net.version


def parse_address_list(text):
    if re.match(r"^\+\S+$", text):
        if len(text) > MAX_IPSET_NAME + 1:
            raise ValueError("ipset name too long")
        return None
    if re.match(rf"^(dc/|guest/)?{NAME}$", text):
        if len(text) > MAX_ALIAS_NAME:
            raise ValueError("alias name too long")
        return None
    elements = text.split(",")
    if any(e == "" for e in elements):
        raise ValueError("extraneous commas in list")
    version = None
    ranged = False
    for elem in elements:
        try:
            if "-" in elem:
                a, b = elem.split("-", 1)
                new = ipaddress.ip_address(a).version
                if ipaddress.ip_address(b).version != new or ipaddress.ip_address(a) > ipaddress.ip_address(b):
                    raise ValueError
                ranged = True
            else:
                new = parse_ip_or_cidr(elem)
        except ValueError:
            raise ValueError(f"invalid IP address: Invalid IP address {elem}")
        if version and new != version:
            raise ValueError(f"detected mixed ipv4/ipv6 addresses in address list '{text}'")
        version = new
    if ranged and len(elements) > 1:
        raise ValueError("you can't use a range in a list")
    return version


def parse_ports(text):
    elements = text.split(",")
    if any(e == "" for e in elements):
        raise ValueError("extraneous commas in list")
    count = 0
    for item in elements:
        m = re.match(r"^([0-9]+):([0-9]+)$", item)
        if m:
            count += 2
            a, b = int(m.group(1)), int(m.group(2))
            for p in (a, b):
                if p > 65535:
                    raise ValueError(f"invalid port '{p}'")
            if a > b:
                raise ValueError(f"backwards range '{a}:{b}' not allowed, did you mean '{b}:{a}'?")
        elif re.match(r"^[0-9]+$", item):
            count += 1
            if int(item) > 65535:
                raise ValueError(f"invalid port '{item}'")
        elif item not in SERVICES:
            raise ValueError(f"invalid port '{item}'")
    if count > 15:
        raise ValueError("too many entries in port list (> 15 numbers)")


def verify_rule(rule, cluster, conf, env):
    errors = {}

    def add(param, msg):
        errors.setdefault(param, msg)

    types, allow_iface = RULE_ENV[env]
    kind, action = rule["type"], rule["action"]
    if kind not in types:
        add("type", f"invalid rule type '{kind}' for rule_env '{env}'")
    if kind in ("in", "out", "forward"):
        if kind == "forward" and action == "REJECT":
            add("action", "cannot define REJECT rules on forward chain")
        if not re.match(r"^(ACCEPT|DROP|REJECT)$", action):
            add("action", f"unknown action '{action}'")
    elif kind == "group":
        if env == "group":
            add("type", "security groups not allowed")
        if not re.match(rf"^{NAME}$", action):
            add("action", "invalid characters in security group name")
    else:
        add("type", f"unknown rule type '{kind}'")
    iface = rule.get("iface")
    if iface:
        if not allow_iface:
            add("type", "parameter -i not allowed for this rule type")
        if env in ("vm", "ct") and not re.match(r"^net(\d+)$", iface):
            add("iface", "value does not match the regex pattern 'net\\d+'")
    macro = rule.get("macro")
    if macro:
        if macro.lower() in MACRO_BY_LOWER:
            rule["macro"] = MACRO_BY_LOWER[macro.lower()]
        else:
            add("macro", f"unknown macro '{macro}'")
    proto = rule.get("proto")
    is_icmp = proto in ICMP
    if proto and proto not in PROTOCOLS:
        add("proto", f"unknown protocol '{proto}'")
    for key in ("dport", "sport"):
        if rule.get(key):
            try:
                parse_ports(rule[key])
            except ValueError as err:
                add(key, str(err))
            if not proto:
                add("proto", f"missing property - '{key}' requires this property")
            elif proto not in PROTOCOLS_WITH_PORTS and not (key == "dport" and is_icmp):
                add(key, f"protocol '{proto}' does not support ports")
    if rule.get("icmp-type") and not is_icmp:
        add("proto", "missing property - 'icmp-type' requires this property")
    for key in ("source", "dest"):
        value = rule.get(key)
        if not value:
            continue
        try:
            parse_address_list(value)
        except ValueError as err:
            add(key, str(err))
            continue
        m = re.match(rf"^\+(guest/|dc/|sdn/)?({NAME})$", value)
        if m and m.group(2).lower() not in cluster.get("ipset", {}) and m.group(2).lower() not in conf.get("ipset", {}):
            add(key, f"no such ipset '{m.group(2)}'")
        elif not value.startswith("+") and re.match(rf"^(guest/|dc/)?{NAME}$", value):
            alias = re.sub(r"^(guest/|dc/)", "", value).lower()
            if alias not in cluster.get("aliases", {}) and alias not in conf.get("aliases", {}):
                add(key, f"no such alias '{value}'")
    return errors


def parse_rule(prefix, line, cluster, conf, env, warn):
    orig = line
    rule = {}
    m = re.search(r"#\s*(.*?)\s*$", line)
    if m:
        rule["comment"] = m.group(1)
        line = line[: m.start()]
    rule["enable"] = 0 if line.startswith("|") else 1
    line = line[1:] if line.startswith("|") else line
    m = re.match(r"^(\S+)\s+(\S+)\s*", line)
    if not m:
        raise ValueError(f"unable to parse rule: {line}")
    rule["type"], rule["action"] = m.group(1).lower(), m.group(2)
    line = line[m.end():]
    if rule["type"] in ("in", "out", "forward"):
        mm = re.match(r"^(\S+)\((ACCEPT|DROP|REJECT)\)$", rule["action"])
        if mm:
            rule["macro"], rule["action"] = mm.group(1), mm.group(2)
    options = [
        (r"^-i (\S+)\s*", "iface"), (r"^(?:-p|--?proto) (\S+)\s*", "proto"), (r"^--?dport (\S+)\s*", "dport"),
        (r"^--?sport (\S+)\s*", "sport"), (r"^--?source (\S+)\s*", "source"), (r"^--?dest (\S+)\s*", "dest"),
        (rf"^--?log ({LOGLEVELS})\s*", "log"), (r"^--?icmp-type (\S+)\s*", "icmp-type"),
    ]
    while line:
        for pattern, key in options:
            if key != "iface" and rule["type"] == "group":
                continue
            mm = re.match(pattern, line)
            if mm:
                rule[key] = mm.group(1)
                line = line[mm.end():]
                break
        else:
            break
    if line:
        raise ValueError(f"unable to parse rule parameters: {line}")
    errors = verify_rule(rule, cluster, conf, "group" if env == "group" else env)
    if errors:
        rule["errors"] = errors
        warn(f"{prefix} - errors in rule parameters: {orig}")
        for key, msg in errors.items():
            warn(f"  {key}: {msg}")
    return rule


def parse_option(env, line):
    if env == "cluster":
        patterns = [
            (r"^(enable):\s*(\d+)\s*$", int), (r"^(ebtables):\s*(0|1)\s*$", int),
            (r"^(policy_(?:in|out|forward)):\s*(ACCEPT|DROP|REJECT)\s*$", str.upper), (r"^(log_ratelimit):\s*(\S+)\s*$", str),
        ]
    elif env == "host":
        patterns = [
            (r"^(enable|nosmurfs|tcpflags|ndp|log_nf_conntrack|nf_conntrack_allow_invalid|protection_synflood|nftables):\s*(0|1)\s*$", int),
            (rf"^(log_level_(?:in|out|forward)|tcp_flags_log_level|smurf_log_level):\s*((?:{LOGLEVELS})?)\s*$", str.lower),
            (r"^(nf_conntrack_helpers):\s*(((\S+)[,]?)+)\s*$", str.lower),
            (r"^(nf_conntrack_max|nf_conntrack_tcp_timeout_established|nf_conntrack_tcp_timeout_syn_recv|protection_synflood_rate|protection_synflood_burst|protection_limit):\s*(\d+)\s*$", int),
        ]
    else:
        patterns = [
            (r"^(enable|dhcp|ndp|radv|macfilter|ipfilter|ips):\s*(0|1)\s*$", int),
            (rf"^(log_level_in|log_level_out):\s*((?:{LOGLEVELS})?)\s*$", str.lower),
            (r"^(policy_(?:in|out)):\s*(ACCEPT|DROP|REJECT)\s*$", str.upper),
            (r"^(ips_queues):\s*((\d+)(:(\d+))?)\s*$", str), (r"^(layer2_protocols):\s*(((\S+)[,]?)+)\s*$", str),
        ]
    for pattern, convert in patterns:
        # The option parsers match case-insensitively, except log_ratelimit's.
        m = re.match(pattern, line, 0 if "log_ratelimit" in pattern else re.I)
        if m:
            return m.group(1).lower(), convert(m.group(2))
    raise ValueError(f"can't parse option '{line}'")


# [group x] and [ipset x] headers: (section key, name, why the name is refused) or None.
NAMED_SECTIONS = (("groups", "group", MAX_GROUP_NAME, "security group"), ("ipset", "ipset", MAX_IPSET_NAME, "ipset"))


def named_section(line, res):
    for key, word, limit, what in NAMED_SECTIONS:
        m = re.match(rf"^\[{word}\s+(\S+)\]\s*(?:#\s*(.*?)\s*)?$", line, re.I)
        if key in res and m:
            name = m.group(1).lower()
            problem = f"{what} name too long" if len(name) > limit else None if re.match(rf"^{NAME}$", name) else f"invalid {what} name '{name}'"
            return key, name, problem
    return None


def parse_file(filename, raw, env, cluster=None):
    """(config, warnings) for one file's text as PVE reads it; env: cluster, host, ct or vm."""
    warnings = []
    warn = warnings.append
    res = {"options": {}, "rules": []}
    if env == "cluster":
        res.update(aliases={}, groups={}, ipset={})
    elif env in ("ct", "vm"):
        res.update(aliases={}, ipset={})
    cluster = res if cluster is None else cluster
    section = group = None
    keys = set()
    for linenr, raw_line in enumerate(raw.split("\n"), start=1):
        line = raw_line.strip(" \t")
        if line.startswith("#") or line.strip() == "":
            continue
        prefix = f"{filename} (line {linenr})"
        if re.match(r"^\[options\]$", line, re.I):
            section = "options"
            continue
        if "aliases" in res and re.match(r"^\[aliases\]$", line, re.I):
            section = "aliases"
            continue
        named = named_section(line, res)
        if named:
            kind, name, problem = named
            if problem:
                section = group = None
                warn(f"{prefix}: {problem}")
                continue
            section, group = kind, name
            res[kind][name] = []
            keys = set()
            continue
        if re.match(r"^\[rules\]$", line, re.I):
            section = "rules"
            continue
        if section is None:
            warn(f"{prefix}: skip line - no section")
            continue
        try:
            if section == "options":
                key, value = parse_option(env, line)
                res["options"][key] = value
            elif section == "aliases":
                body = re.sub(r"\s*#\s*(.*?)\s*$", "", line)
                m = re.match(r"^(\S+)\s(\S+)$", body)
                if m:
                    version = parse_ip_or_cidr(m.group(2))
                    res["aliases"][m.group(1).lower()] = {"cidr": m.group(2), "ipversion": version}
            elif section == "rules":
                res["rules"].append(parse_rule(prefix, line, cluster, res, env, warn))
            elif section == "groups":
                res["groups"][group].append(parse_rule(prefix, line, cluster, None, "group", warn))
            elif section == "ipset":
                body = re.sub(r"#\s*(.*?)\s*$", "", line)
                m = re.match(r"^(!)?\s*(\S+)\s*$", body)
                cidr = m.group(2) if m else body
                errors = {}
                am = re.match(rf"^(dc/|guest/)?({NAME})$", cidr)
                try:
                    if am:
                        if am.group(2).lower() not in cluster.get("aliases", {}) and am.group(2).lower() not in res.get("aliases", {}):
                            raise ValueError(f"no such alias '{am.group(2)}'")
                    else:
                        parse_ip_or_cidr(cidr)
                    if cidr in keys:
                        raise ValueError(f"duplicate ipset entry for '{cidr}'")
                except ValueError as err:
                    errors["cidr"] = str(err)
                if re.search(r"/0+$", cidr):
                    errors["cidr"] = "a zero prefix is not allowed in ipset entries"
                if errors:
                    warn(f"{prefix} - errors in ipset '{group}': {body}")
                    for key, msg in errors.items():
                        warn(f"  {key}: {msg}")
                res["ipset"][group].append({"cidr": cidr, "nomatch": bool(m and m.group(1))})
                keys.add(cidr)
        except ValueError as err:
            warn(f"{prefix}: {err}")
    return res, warnings
