"""storage.cfg as PVE reads it: PVE::SectionConfig parse_config/check_config with the storage
plugin's check_value/decode_value, and PVE::Storage::Plugin::parse_config (implicit `local`,
default content). The writer is in cfgfile.py."""
import re
from dataclasses import dataclass, field

from .errors import PveError, warn
from .schema import DEFAULT_CONTENT, PLUGINS, PROPERTIES, STORAGE_ID_RE, TYPES, split_list

# pmxcfs hands parsers the full path; warnings name it even when PHOENIX_PVE_ROOT moves the file.
CFG_NAME = "/etc/pve/storage.cfg"
LOCAL_PATH = "/var/lib/vz"


@dataclass
class Config:
    ids: dict = field(default_factory=dict)
    order: dict = field(default_factory=dict)
    digest: str = ""


def perl_num(value):
    """Perl's string-to-number conversion (`$value + 0`): the leading number, else 0."""
    match = re.match(r"\s*([+-]?\d+)", str(value))
    return int(match.group(1)) if match else 0


def check_value(stype, key, value):
    """SectionConfig::check_value with skipSchemaCheck (the API validated the schema already)."""
    if key == "type" and value == stype:
        return value
    if key not in PLUGINS[stype]["options"]:
        raise PveError(f"unexpected property '{key}'\n")
    kind = PROPERTIES[key].get("type")
    if kind == "boolean" and value is None:
        value = "1"
    if value is None:
        raise PveError("got undefined value\n")
    if re.search(r"[\n\r]", str(value)):
        raise PveError("property contains a line feed\n")
    return perl_num(value) if kind in ("boolean", "integer") else value


def decode_content(stype, value):
    """Plugin::decode_value for `content`: unsupported types are dropped with a warning."""
    valid = PLUGINS[stype]["content"]
    res = set()
    for ctype in split_list(value):
        if ctype not in valid:
            warn(f"storage does not support content type '{ctype}'\n")
            continue
        res.add(ctype)
    if "none" in res and len(res) > 1:
        raise PveError("unable to combine 'none' with other content types\n")
    if not res and "none" not in valid:
        raise PveError("storage does not support content type 'none'\n")
    return res


def decode_value(stype, key, value):
    if key == "content":
        return decode_content(stype, value)
    if key == "nodes":
        return {n for n in split_list(value) if re.fullmatch(r"[a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?", n)}
    if key == "format" and value not in PLUGINS[stype]["formats"]:
        warn(f"storage does not support format '{value}'\n")
        return None
    return value


def check_config(stype, config, create):
    """SectionConfig::check_config (+ DirPlugin's path rule); returns the decoded settings."""
    options = PLUGINS[stype]["options"]
    settings = {"type": stype}
    for key, value in config.items():
        if not create and options.get(key) == "fixed":
            raise PveError(f"can't change value of fixed parameter '{key}'\n")
        decoded = decode_value(stype, key, check_value(stype, key, value))
        if decoded is not None:
            settings[key] = decoded
    if create:
        for key, kind in options.items():
            if kind == "fixed" and config.get(key) is None:
                raise PveError(f"missing value for required option '{key}'\n")
        if stype == "dir":
            if not re.fullmatch(r"/[-/a-zA-Z0-9_.@]+", settings["path"]):
                raise PveError(f"illegal path for directory storage: {settings['path']}\n")
            settings["path"] = canonpath(settings["path"])
    return settings


def canonpath(path):
    """File::Spec::Unix::canonpath: collapse `//` and `/./`, drop the trailing slash."""
    path = re.sub(r"/+", "/", path)
    path = re.sub(r"(/\.)+(/|$)", "/", path)
    return path.rstrip("/") or "/"


def _lines(raw):
    # Perl split(/\n/) drops trailing empty fields.
    lines = raw.split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _truthy(line):
    """A Perl string in boolean context: undef, '' and '0' end a section."""
    return line is not None and line not in ("", "0")


class _Reader:
    def __init__(self, raw):
        self.lines, self.idx = _lines(raw), 0

    def more(self):
        return self.idx < len(self.lines)

    def next(self):
        """Next line that is not a comment; comments never end a section."""
        while self.idx < len(self.lines):
            line = self.lines[self.idx]
            self.idx += 1
            if not re.match(r"^\s*#", line):
                return line
        return None


def _read_section(reader, stype, sid, skip):
    """Reads property lines up to the blank line; returns (config, errprefix)."""
    config, errprefix = {}, f"file {CFG_NAME} line {reader.idx}"
    while True:
        line = reader.next()
        if not _truthy(line):
            return config, errprefix
        if skip:
            continue
        errprefix = f"file {CFG_NAME} line {reader.idx}"
        match = re.match(r"^\s+(\S+)(\s+(.*\S))?\s*$", line)
        if not match:
            warn(f"{errprefix} (section '{sid}') - ignore config line: {line}\n")
            continue
        key, value = match.group(1), match.group(3)
        if stype not in PLUGINS:
            config.setdefault(key, value)
            continue
        try:
            if config.get(key) is not None:
                raise PveError("duplicate attribute\n")
            config[key] = check_value(stype, key, value)
        except PveError as err:
            warn(f"{errprefix} (section '{sid}') - unable to parse value of '{key}': {err.msg}")


def parse_sections(raw):
    """SectionConfig::parse_config; types the emulator does not implement are kept verbatim."""
    cfg, reader, pri = Config(), _Reader(raw), 1
    while reader.more():
        line = reader.next()
        if not _truthy(line):
            continue
        errprefix = f"file {CFG_NAME} line {reader.idx}"
        header = re.match(r"^(\S+):\s*(\S+)\s*$", line)
        if not header:
            warn(f"{errprefix} - ignore config line: {line}\n")
            continue
        stype, sid = header.group(1).lower(), header.group(2)
        problem = None
        if not STORAGE_ID_RE.match(sid):
            problem = f"storage ID '{sid}' contains illegal characters"
        elif stype not in TYPES:
            problem = f"unsupported type '{stype}'"
        if problem:
            warn(f"{errprefix} (skip section '{sid}'): {problem}\n")
        config, errprefix = _read_section(reader, stype, sid, problem is not None)
        if problem:
            continue
        if stype in PLUGINS:
            try:
                config = check_config(stype, config, create=True)
            except PveError as err:
                # PVE stores undef for the id, which every later lookup treats as absent.
                warn(f"{errprefix} (skip section '{sid}'): {err.msg}")
                continue
        else:
            config = {**config, "type": stype}
        cfg.ids[sid], cfg.order[sid] = config, pri
        pri += 1
    return cfg


def parse_storage_cfg(raw):
    """PVE::Storage::Plugin::parse_config: `local` always exists, missing content gets defaults."""
    cfg = parse_sections(raw)
    local = cfg.ids.get("local")
    if not local or local["type"] != "dir" or local.get("path", LOCAL_PATH) != LOCAL_PATH:
        cfg.ids["local"] = {"type": "dir", "path": LOCAL_PATH, "prune-backups": "keep-all=1",
                            "content": {"backup", "images", "iso", "rootdir", "snippets", "vztmpl"}}
        cfg.order.pop("local", None)
    cfg.ids["local"].pop("nodes", None)
    for scfg in cfg.ids.values():
        # `if !$d->{content}`: an empty hash (content "none" on dir) is still a value.
        if scfg["type"] in DEFAULT_CONTENT and "content" not in scfg:
            scfg["content"] = set(DEFAULT_CONTENT[scfg["type"]])
    return cfg
