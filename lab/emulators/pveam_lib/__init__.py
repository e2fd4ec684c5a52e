"""Modules of the lab's pveam emulator (see ../pveam)."""
