"""Modules of the lab's pct emulator (see ../pct). Pure Python 3.11; storage.cfg through pvesm_lib."""
