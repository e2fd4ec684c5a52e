"""Boot-time start of containers with `onboot: 1`, run by the lab host's init at every `up`
(pve-manager PVE/API2/Nodes.pm startall via pve-guests.service): ordered by `startup` order
(unset last), then vmid. PVE waits each guest's `up=` seconds before the next; the lab only
keeps the order, so that a 15-container host is up in seconds (docs/lab.md)."""
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path[0:0] = [os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "/usr/local/lib/phoenix-lab"]

from pct_lib import conf as cfg  # noqa: E402
from pct_lib import state  # noqa: E402
from pvesm_lib.errors import PveError  # noqa: E402


def order_key(item):
    vmid, conf = item
    match = re.match(r"^(?:order=)?(\d+)", str(conf.get("startup", "")).split(",")[0]) if conf.get("startup") else None
    return (int(match.group(1)) if match else float("inf"), vmid)


def main():
    guests = []
    for vmid in cfg.all_vmids():
        try:
            conf = cfg.load(vmid)
        except PveError:
            continue
        if conf.get("onboot") and not cfg.is_template(conf):
            guests.append((vmid, conf))
    for vmid, _ in sorted(guests, key=order_key):
        print(f"Starting CT {vmid}", flush=True)
        try:
            state.cmd_start({"vmid": str(vmid)})
        except PveError as err:
            print(f"Starting CT {vmid} failed: {err.msg.strip()}", flush=True)


if __name__ == "__main__":
    main()
