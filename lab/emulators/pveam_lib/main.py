"""pveam update / available / list / download / remove (pve-manager PVE/CLI/pveam.pm and
PVE/API2/Nodes.pm apl_download), against a local catalog instead of download.proxmox.com."""
import glob
import os
import shutil
import sys

from pvesm_lib import host
from pvesm_lib.cfgfile import read_config
from pvesm_lib.commands import activate, is_enabled, nodename, storage_config
from pvesm_lib.errors import ParamError, PveError
from pvesm_lib.getopt_long import get_options
from pvesm_lib.listing import _files

EXE = "pveam"
CATALOG = os.environ.get("PHOENIX_PVEAM_CATALOG", "/usr/share/phoenix-lab/vztmpl")
BASE_URL = "http://download.proxmox.com/images/system"
SECTIONS = ["system", "mail", "turnkeylinux"]


def catalog():
    """APLInfo::load_data: section -> template -> archive. The lab offers only `system`."""
    return {"system": {os.path.basename(p): p for p in sorted(glob.glob(os.path.join(CATALOG, "*.tar.*")))}}


def cmd_update(param):
    # APLInfo::update fetches aplinfo.dat; the local catalog is always current.
    print("update successful")


def cmd_available(param):
    for section, templates in sorted(catalog().items()):
        if param.get("section") and section != param["section"]:
            continue
        for template in sorted(templates):
            print("%-15s %s" % (section, template))


def _vztmpl_storage(sid):
    scfg = storage_config(read_config(), sid)
    if not is_enabled(scfg):
        raise PveError(f"storage '{sid}' is disabled\n")
    return scfg


def cmd_list(param):
    """pveam.pm index + $print_list: NAME/SIZE columns, sizes in MB with two decimals."""
    sid = param["storage"]
    scfg = storage_config(read_config(), sid)
    if "vztmpl" not in scfg.get("content", ()):
        raise PveError("Storage does not support templates!\n")
    activate(sid, scfg)
    print("%-60s %-6s" % ("NAME", "SIZE"))
    for rec in sorted(_files(sid, scfg, "vztmpl"), key=lambda r: r["volid"]):
        print("%-60s %-4.2fMB" % (rec["volid"], rec["size"] / (1024 * 1024)))


def cmd_download(param):
    """Nodes.pm apl_download: known template, storage allows vztmpl, file into template/cache."""
    sid, template = param["storage"], param["template"]
    source = None
    for templates in catalog().values():
        source = templates.get(template, source)
    if source is None:
        raise ParamError("Parameter verification failed.\n", {"template": "no such template"})
    scfg = _vztmpl_storage(sid)
    if "vztmpl" not in scfg.get("content", ()):
        raise PveError(f"storage '{sid}' does not support templates\n")
    activate(sid, scfg)
    folder = host.subdir(scfg, "vztmpl")
    os.makedirs(folder, exist_ok=True)
    dest = os.path.join(folder, template)
    url = f"{BASE_URL}/{template}"
    print(f"downloading {url} to {dest}", flush=True)
    tmp = f"{dest}.tmp.{os.getpid()}"
    shutil.copyfile(source, tmp)
    print("calculating checksum...OK, checksum verified", flush=True)
    os.replace(tmp, dest)
    print(f"download of '{url}' to '{dest}' finished", flush=True)


def cmd_remove(param):
    volid = param["template_path"]
    sid, _, volname = volid.partition(":")
    scfg = storage_config(read_config(), sid)
    if not volname.startswith("vztmpl/"):
        raise PveError(f"unable to parse directory volume name '{volname}'\n")
    try:
        os.unlink(os.path.join(host.subdir(scfg, "vztmpl"), volname[len("vztmpl/"):]))
    except FileNotFoundError:
        pass


S = {"type": "string"}
METHODS = {
    "update": ({}, [], "pveam update", cmd_update),
    "available": ({"section": {"type": "string", "enum": SECTIONS}}, [], "pveam available  [OPTIONS]", cmd_available),
    "list": ({"storage": S}, ["storage"], "pveam list <storage>", cmd_list),
    "download": ({"storage": S, "template": S}, ["storage", "template"], "pveam download <storage> <template>", cmd_download),
    "remove": ({"template_path": S}, ["template_path"], "pveam remove <template_path>", cmd_remove),
}


def usage_short():
    body = "".join(f"       {METHODS[n][2]}\n" for n in ("available", "download", "list", "remove", "update"))
    return f"USAGE: {EXE} <COMMAND> [ARGS] [OPTIONS]\n{body}\n       {EXE} help [<extra-args>] [OPTIONS]\n"


def run(argv):
    if not argv:
        sys.stderr.write("ERROR: no command specified\n" + usage_short())
        return 255
    hits = [c for c in list(METHODS) + ["help"] if c.startswith(argv[0])]
    name = argv[0] if argv[0] in METHODS or argv[0] == "help" else (hits[0] if len(hits) == 1 else None)
    if name is None:
        sys.stderr.write(f"ERROR: unknown command '{EXE} {argv[0]}'\n" + usage_short())
        return 255
    if name == "help":
        sys.stdout.write(usage_short())
        return 0
    props, arg_names, usage, handler = METHODS[name]
    try:
        param = get_options(props, argv[1:], arg_names)
        if "section" in param and param["section"] not in SECTIONS:
            raise ParamError("Parameter verification failed.\n", {
                "section": f"value '{param['section']}' does not have a value in the enumeration '{', '.join(SECTIONS)}'"})
        handler(param)
    except ParamError as err:
        err.usage = usage
        sys.stderr.write(err.render())
        return 255
    except PveError as err:
        sys.stderr.write(err.msg)
        return 255
    return 0
