"""The demo and benchmark data generator.

A blueprint (pure data, deterministic from a seed) is built first, then written with
bulk inserts that also write history rows: tenancy and people (writer.py), then the
year's structure, load, timetable and topic plans (structure_writer.py).
"""
