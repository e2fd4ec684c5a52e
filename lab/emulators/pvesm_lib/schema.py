"""The property schema pvesm validates against (pve-storage 8.3 Plugin.pm, DirPlugin.pm,
ZFSPoolPlugin.pm; pve-common JSONSchema.pm). Only dir and zfspool are emulated; the other
types' option names are known so that they fail the way PVE fails (`unexpected property`)."""
import re

from .errors import ParamError

# PVE::Storage::Plugin->lookup_types(): sorted names of the registered plugins.
TYPES = ["btrfs", "cephfs", "cifs", "dir", "esxi", "glusterfs", "iscsi", "iscsidirect",
         "lvm", "lvmthin", "nfs", "pbs", "rbd", "zfs", "zfspool"]

STORAGE_ID_RE = re.compile(r"^[a-z][a-z0-9\-_.]*[a-z0-9]$", re.I)
NODE_RE = re.compile(r"^[a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?$")
CONFIGID_RE = re.compile(r"^[a-z][a-z0-9_-]+$", re.I)

DIR_CONTENT = {"images", "rootdir", "vztmpl", "iso", "backup", "snippets", "none", "import"}
ZFSPOOL_CONTENT = {"images", "rootdir"}

BOOL = {"type": "boolean"}
PROPERTIES = {
    "type": {"type": "string", "enum": TYPES},
    "storage": {"type": "string", "format": "pve-storage-id"},
    "nodes": {"type": "string", "format": "pve-node-list"},
    "content": {"type": "string", "format": "pve-storage-content-list"},
    "disable": BOOL,
    "shared": BOOL,
    "maxfiles": {"type": "integer", "minimum": 0},
    "prune-backups": {"type": "string"},
    "max-protected-backups": {"type": "integer", "minimum": -1},
    "subdir": {"type": "string", "format": "pve-storage-path"},
    "format": {"type": "string", "enum": ["raw", "qcow2", "subvol", "vmdk"]},
    "preallocation": {"type": "string", "enum": ["off", "metadata", "falloc", "full"]},
    "content-dirs": {"type": "string"},
    "options": {"type": "string"},
    "port": {"type": "integer", "minimum": 1, "maximum": 65535},
    "path": {"type": "string", "format": "pve-storage-path"},
    "mkdir": BOOL,
    "create-base-path": BOOL,
    "create-subdirs": BOOL,
    "is_mountpoint": {"type": "string"},
    "bwlimit": {"type": "string"},
    "pool": {"type": "string"},
    "blocksize": {"type": "string"},
    "sparse": BOOL,
    "mountpoint": {"type": "string", "format": "pve-storage-path"},
}
for _name in ("authsupported", "base", "comstar_hg", "comstar_tg", "data-pool", "datastore",
              "domain", "encryption-key", "export", "fingerprint", "fs-name", "iscsiprovider",
              "keyring", "lio_tpg", "master-pubkey", "monhost", "namespace", "password", "portal",
              "saferemove_throughput", "server", "share", "smbversion", "target", "thinpool",
              "transport", "username", "vgname", "volume", "zfs-base-path"):
    PROPERTIES[_name] = {"type": "string"}
for _name in ("fuse", "krbd", "nocow", "nowritecache", "saferemove", "skip-cert-verification",
              "tagged_only"):
    PROPERTIES[_name] = BOOL

_DIR_OPTIONAL = ("content-dirs", "nodes", "shared", "disable", "maxfiles", "prune-backups",
                 "max-protected-backups", "content", "format", "mkdir", "create-base-path",
                 "create-subdirs", "is_mountpoint", "bwlimit", "preallocation")
_ZFS_OPTIONAL = ("blocksize", "sparse", "nodes", "disable", "content", "bwlimit", "mountpoint")

# plugin options(): 'fixed' = set at creation only (and required), 'optional' = may be set.
PLUGINS = {
    "dir": {
        "options": {"path": "fixed", **{k: "optional" for k in _DIR_OPTIONAL}},
        "content": DIR_CONTENT,
        "formats": {"raw", "qcow2", "vmdk", "subvol"},
    },
    "zfspool": {
        "options": {"pool": "fixed", **{k: "optional" for k in _ZFS_OPTIONAL}},
        "content": ZFSPOOL_CONTENT,
        "formats": {"raw", "subvol"},
    },
}
# plugindata content->[1]: what a section without `content` gets at parse time.
DEFAULT_CONTENT = {"dir": {"images", "rootdir"}, "zfspool": {"images", "rootdir"}}


def split_list(text):
    """PVE::Tools::split_list: separators are `,`, `;` and whitespace."""
    return re.sub(r"[,;]", " ", text or "").split()


def parse_boolean(value):
    """JSONSchema::parse_boolean: 1 / 0, or None when the word is not a boolean."""
    if re.fullmatch(r"(1|on|yes|true)", value, re.I):
        return 1
    if re.fullmatch(r"(0|off|no|false)", value, re.I):
        return 0
    return None


def verify_path(value):
    """Plugin::verify_path; the regex is anchored at the start only, as in PVE."""
    return re.match(r"^/[^;()]+", value) is not None


def _check_format(fmt, value):
    """Returns the die message of the format check, or None."""
    if fmt == "pve-storage-id":
        return None if STORAGE_ID_RE.match(value) else f"storage ID '{value}' contains illegal characters\n"
    if fmt == "pve-storage-path":
        return None if verify_path(value) else "value does not look like a valid absolute path\n"
    if fmt == "pve-storage-content":
        return None if value in DIR_CONTENT else f"invalid content type '{value}'\n"
    item_formats = {"pve-storage-content-list": "pve-storage-content",
                    "pve-node-list": "pve-node", "pve-configid-list": "pve-configid"}
    if fmt in item_formats:
        for item in split_list(value):
            err = _check_format(item_formats[fmt], item)
            if err:
                return err
        return None
    if fmt == "pve-node":
        return None if NODE_RE.match(value) else "value does not look like a valid node name\n"
    if fmt == "pve-configid":
        return None if CONFIGID_RE.match(value) else f"invalid configuration ID '{value}'\n"
    return None


def check_prop(value, schema):
    """One property of JSONSchema::check_prop; returns the error text or None."""
    kind = schema.get("type", "string")
    if kind == "boolean" and value not in ("0", "1"):
        return f"type check ('boolean') failed - got '{value}'"
    if kind == "integer" and not re.fullmatch(r"[+-]?\d+", value):
        return f"type check ('integer') failed - got '{value}'"
    if schema.get("format"):
        err = _check_format(schema["format"], value)
        if err:
            return "invalid format - " + err
    if kind == "integer":
        if "maximum" in schema and int(value) > schema["maximum"]:
            return f"value must have a maximum value of {schema['maximum']}"
        if "minimum" in schema and int(value) < schema["minimum"]:
            return f"value must have a minimum value of {schema['minimum']}"
    if "enum" in schema and value not in schema["enum"]:
        return f"value '{value}' does not have a value in the enumeration '{', '.join(schema['enum'])}'"
    return None


def validate(param, props, required=()):
    """JSONSchema::validate for a flat parameter object: every bad key at once, code 400."""
    errors = {}
    for key in required:
        if key not in param:
            errors[key] = "property is missing and it is not optional"
    for key, value in param.items():
        schema = props.get(key)
        if schema is None:
            errors[key] = "property is not defined in schema and the schema does not allow additional properties"
            continue
        err = check_prop(value, schema)
        if err:
            errors[key] = err
    if errors:
        raise ParamError("Parameter verification failed.\n", errors)
