"""Container options and their property strings (pve-container src/PVE/LXC/Config.pm $confdesc,
$netconf_desc, $rootfs_desc, $mp_desc, $unused_desc, $dev_desc, $features_desc; pve-common
JSONSchema.pm parse_property_string / print_property_string / parse_size / format_size;
PVE::Tools::random_ether_addr; PVE::GuestHelpers::get_unique_tags)."""
import os
import re

from pvesm_lib.errors import PveError
from pvesm_lib.schema import parse_boolean, split_list

MAC_PREFIX = "BC:24:11"  # datacenter.cfg mac_prefix default (pve-cluster DataCenterConfig.pm)
DNS_NAME_RE = re.compile(r"^(([a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?)\.)*([A-Za-z0-9]([A-Za-z0-9\-]*[A-Za-z0-9])?)$")
CONFIGID_RE = re.compile(r"^[a-z][a-z0-9_-]+$", re.I)
TAG_RE = re.compile(r"^[a-z0-9_][a-z0-9_\-\+\.]*$", re.I)
MAC_RE = re.compile(r"^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")
SIZE_RE = re.compile(r"^(\d+(\.\d+)?)([KMGT])?$")

OSTYPES = ["debian", "devuan", "ubuntu", "centos", "fedora", "opensuse", "archlinux", "alpine",
           "gentoo", "nixos", "unmanaged"]
LOCKS = ["backup", "create", "destroyed", "disk", "fstrim", "migrate", "mounted", "rollback",
         "snapshot", "snapshot-delete"]


def _b():
    return {"type": "boolean"}


CONFDESC = {
    "lock": {"type": "string", "enum": LOCKS},
    "onboot": _b(), "template": _b(), "console": _b(), "protection": _b(), "unprivileged": _b(),
    "debug": _b(),
    "arch": {"type": "string", "enum": ["amd64", "i386", "arm64", "armhf", "riscv32", "riscv64"]},
    "ostype": {"type": "string", "enum": OSTYPES},
    "tty": {"type": "integer", "minimum": 0, "maximum": 6},
    "cores": {"type": "integer", "minimum": 1, "maximum": 8192},
    "cpulimit": {"type": "number", "minimum": 0, "maximum": 8192},
    "cpuunits": {"type": "integer", "minimum": 0, "maximum": 500000},
    "memory": {"type": "integer", "minimum": 16},
    "swap": {"type": "integer", "minimum": 0},
    "hostname": {"type": "string", "format": "dns-name", "maxLength": 255},
    "description": {"type": "string", "maxLength": 8192},
    "searchdomain": {"type": "string", "format": "dns-name-list"},
    "nameserver": {"type": "string", "format": "address-list"},
    "timezone": {"type": "string"},
    "parent": {"type": "string", "format": "pve-configid"},
    "snaptime": {"type": "integer", "minimum": 0},
    "cmode": {"type": "string", "enum": ["shell", "console", "tty"]},
    "entrypoint": {"type": "string"},
    "startup": {"type": "string", "format": "startup"},
    "features": {"type": "string", "format": "features"},
    "hookscript": {"type": "string"},
    "tags": {"type": "string", "format": "tags"},
    "rootfs": {"type": "string", "format": "rootfs"},
}
for _i in range(32):
    CONFDESC[f"net{_i}"] = {"type": "string", "format": "net"}
for _i in range(256):
    CONFDESC[f"mp{_i}"] = {"type": "string", "format": "mp"}
    CONFDESC[f"unused{_i}"] = {"type": "string", "format": "unused"}
    CONFDESC[f"dev{_i}"] = {"type": "string", "format": "dev"}

# Property-string formats: key -> (type, extra); 'default' names the key that may be given bare.
BOOL = ("boolean", None)
FORMATS = {
    "net": {"keys": {"name": ("string", r"[-_.\w\d]+"), "bridge": ("string", r"[-_.\w\d]+"),
                     "firewall": BOOL, "gw": ("string", None), "gw6": ("string", None),
                     "hwaddr": ("string", "mac"), "ip": ("string", None), "ip6": ("string", None),
                     "link_down": BOOL, "mtu": ("integer", (64, 65535)), "rate": ("number", None),
                     "tag": ("integer", (1, 4094)), "trunks": ("string", None), "type": ("string", ["veth"])},
            "required": {"name"}},
    "rootfs": {"keys": {"volume": ("string", None), "acl": BOOL, "mountoptions": ("string", None),
                        "quota": BOOL, "replicate": BOOL, "ro": BOOL, "shared": BOOL,
                        "size": ("size", None)},
               "default": "volume", "required": {"volume"}},
    "mp": {"keys": {"volume": ("string", None), "mp": ("string", None), "acl": BOOL, "backup": BOOL,
                    "mountoptions": ("string", None), "quota": BOOL, "replicate": BOOL, "ro": BOOL,
                    "shared": BOOL, "size": ("size", None)},
           "default": "volume", "required": {"volume", "mp"}},
    "unused": {"keys": {"volume": ("string", None)}, "default": "volume", "required": {"volume"}},
    "dev": {"keys": {"path": ("string", None), "deny-write": BOOL, "gid": ("integer", (0, None)),
                     "mode": ("string", r"0[0-7]{3}"), "uid": ("integer", (0, None))},
            "default": "path", "required": set()},
    "features": {"keys": {"force_rw_sys": BOOL, "fuse": BOOL, "keyctl": BOOL, "mknod": BOOL,
                          "mount": ("string", None), "nesting": BOOL}, "required": set()},
    "startup": {"keys": {"order": ("integer", (None, None)), "up": ("integer", (0, None)),
                         "down": ("integer", (0, None))}, "default": "order", "required": set()},
}


def parse_size(text):
    """JSONSchema::parse_size: bytes; no unit means bytes."""
    match = SIZE_RE.match(str(text))
    if not match:
        return None
    mult = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}.get(match.group(3) or "", 1)
    return int(float(match.group(1)) * mult)


def format_size(size):
    """JSONSchema::format_size: the largest exact unit."""
    size = int(size)
    units = [("", 1), ("K", 1024), ("M", 1024**2), ("G", 1024**3), ("T", 1024**4)]
    best = str(size)
    for unit, mult in units[1:]:
        if size % mult == 0:
            best = f"{size // mult}{unit}"
    return best


def check_value(kind, extra, value):
    if kind == "boolean":
        parsed = parse_boolean(value)
        if parsed is None:
            raise PveError(f"type check ('boolean') failed - got '{value}'")
        return parsed
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise PveError(f"type check ('integer') failed - got '{value}'")
        low, high = extra or (None, None)
        if low is not None and int(value) < low:
            raise PveError(f"value must have a minimum value of {low}")
        if high is not None and int(value) > high:
            raise PveError(f"value must have a maximum value of {high}")
        return int(value)
    if kind == "number":
        if not re.fullmatch(r"[+-]?\d+(\.\d+)?", value):
            raise PveError(f"type check ('number') failed - got '{value}'")
        return value
    if kind == "size":
        if parse_size(value) is None:
            raise PveError(f"unable to parse size '{value}'")
        return parse_size(value)
    if extra == "mac" and not MAC_RE.match(value):
        raise PveError("value does not match the regex pattern")
    if isinstance(extra, list) and value not in extra:
        raise PveError(f"value '{value}' does not have a value in the enumeration '{', '.join(extra)}'")
    if isinstance(extra, str) and extra != "mac" and not re.fullmatch(extra, value):
        raise PveError("value does not match the regex pattern")
    return value


def parse_propstr(fmt, text):
    """parse_property_string: `k=v` items and at most one bare default-key value."""
    spec = FORMATS[fmt]
    res = {}
    for item in (text or "").split(","):
        if item == "":
            continue
        key, has_eq, value = item.partition("=")
        if not has_eq:
            if not spec.get("default") or spec["default"] in res:
                raise PveError(f"value without key, but schema does not define a default key")
            key, value = spec["default"], item
        if key not in spec["keys"]:
            raise PveError(f"invalid key '{key}'" if has_eq else "format error")
        if key in res:
            raise PveError(f"duplicate key in comma-separated list property: {key}")
        kind, extra = spec["keys"][key]
        try:
            res[key] = check_value(kind, extra, value)
        except PveError as err:
            raise PveError(f"{key}: {err.msg.rstrip()}") from None
    for key in sorted(spec["required"]):
        if key not in res:
            raise PveError(f"{key}: property is missing and it is not optional")
    return res


def print_propstr(fmt, data, skip=()):
    """print_property_string: default key bare, then required keys, then the rest, sorted."""
    spec, done, parts = FORMATS[fmt], set(skip), []

    def add(key, bare=False):
        if key in done or data.get(key) is None:
            return
        done.add(key)
        value = data[key]
        if spec["keys"].get(key, ("",))[0] == "size":
            value = format_size(value)
        parts.append(str(value) if bare else f"{key}={value}")

    if spec.get("default"):
        add(spec["default"], bare=True)
    for key in sorted(data):
        if key in spec["keys"] and key in spec["required"]:
            add(key)
    for key in sorted(data):
        add(key)
    return ",".join(parts)


def random_ether_addr():
    """PVE::Tools::random_ether_addr with the datacenter prefix: upper-case hex."""
    rand = bytearray(os.urandom(6))
    rand[0] = (rand[0] & 0xFE) | 2
    addr = ":".join("%02X" % b for b in rand)
    return MAC_PREFIX + addr[len(MAC_PREFIX):]


def parse_net(text):
    """Config.pm parse_lxc_network: type=veth always, a generated hwaddr when none is given."""
    net = parse_propstr("net", text)
    net["type"] = "veth"
    if not net.get("hwaddr"):
        net["hwaddr"] = random_ether_addr()
    return net


def classify(volume):
    """Config.pm classify_mountpoint."""
    if volume.startswith("/"):
        return "device" if volume.startswith("/dev/") else "bind"
    return "volume"


def parse_volume(key, text):
    """Config.pm parse_volume: rootfs gets mp=/, every mount point a type."""
    fmt = "rootfs" if key == "rootfs" else "unused" if key.startswith("unused") else "mp"
    mp = parse_propstr(fmt, text)
    if key == "rootfs":
        mp["mp"] = "/"
    mp["type"] = classify(mp["volume"])
    return mp


def print_volume(key, mp):
    fmt = "rootfs" if key == "rootfs" else "unused" if key.startswith("unused") else "mp"
    skip = ["type"] + (["mp"] if key == "rootfs" else [])
    return print_propstr(fmt, mp, skip)


def unique_tags(text):
    """GuestHelpers::get_unique_tags (as proxmox-cli.md §1.2 records it): lower-cased, sorted, `;`."""
    tags = []
    for tag in split_list(text):
        if not TAG_RE.match(tag):
            raise PveError(f"invalid format - invalid tag '{tag}'")
        if tag.lower() not in tags:
            tags.append(tag.lower())
    return ";".join(sorted(tags))


def _format_check(fmt, value):
    if fmt == "dns-name" and not DNS_NAME_RE.match(value):
        raise PveError(f"invalid format - value does not look like a valid DNS name")
    if fmt == "dns-name-list":
        for item in split_list(value):
            if not DNS_NAME_RE.match(item):
                raise PveError(f"invalid format - value does not look like a valid DNS name")
    if fmt == "address-list":
        for item in split_list(value):
            if not re.fullmatch(r"[0-9a-fA-F:.%\w-]+", item):
                raise PveError(f"invalid format - value does not look like a valid IP address")
    if fmt == "pve-configid" and not CONFIGID_RE.match(value):
        raise PveError(f"invalid format - invalid configuration ID '{value}'")
    if fmt in ("net", "rootfs", "mp", "unused", "dev", "features", "startup"):
        try:
            parse_propstr(fmt, value)
        except PveError as err:
            raise PveError(f"invalid format - {err.msg.rstrip()}") from None
    if fmt == "tags":
        unique_tags(value)


def check_param(key, value):
    """JSONSchema::check_prop for one CLI option of create/set; returns the normalized value."""
    desc = CONFDESC.get(key)
    if desc is None:
        raise PveError("property is not defined in schema and the schema does not allow additional properties")
    kind = desc["type"]
    if kind == "boolean":
        if parse_boolean(value) is None:
            raise PveError(f"type check ('boolean') failed - got '{value}'")
        return str(parse_boolean(value))
    if kind in ("integer", "number"):
        check_value(kind, (desc.get("minimum"), desc.get("maximum")), value)
        return str(int(value)) if kind == "integer" else value
    if "enum" in desc and value not in desc["enum"]:
        raise PveError(f"value '{value}' does not have a value in the enumeration '{', '.join(desc['enum'])}'")
    if "maxLength" in desc and len(value) > desc["maxLength"]:
        raise PveError(f"value may only be {desc['maxLength']} characters long")
    if desc.get("format"):
        _format_check(desc["format"], value)
    return value


def check_type(key, value):
    """Config.pm check_type, used when parsing a config file."""
    if key not in CONFDESC:
        raise PveError(f"unknown setting '{key}'\n")
    if re.search(r"[\n\r]", value):
        raise PveError("property contains a line feed\n")
    kind = CONFDESC[key]["type"]
    if kind == "boolean":
        parsed = parse_boolean(value) if value in ("0", "1") or re.fullmatch(r"(on|yes|true|off|no|false)", value, re.I) else None
        if parsed is None:
            raise PveError(f"type check ('boolean') failed - got '{value}'\n")
        return parsed
    if kind == "integer":
        if not re.fullmatch(r"\d+", value):
            raise PveError(f"type check ('integer') failed - got '{value}'\n")
        return int(value)
    if kind == "number" and not re.fullmatch(r"\d+(\.\d+)?", value):
        raise PveError(f"type check ('number') failed - got '{value}'\n")
    return value
