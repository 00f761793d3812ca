"""The demo and benchmark data generator.

A blueprint (pure data, deterministic from a seed) is built first, then written with
bulk inserts that also write history rows. Later issues extend both halves: the
blueprint with classes, timetables, lessons and marks; the writer with their tables.
"""
