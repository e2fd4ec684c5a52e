"""Modules of the lab's pvesm emulator (see ../pvesm). Pure Python 3.11, no dependencies."""
