"""Geometry preparation: repair, simplify with shared borders kept, GeoJSON for maps.

One job: boundaries — from the shipped or downloaded geometry to the shapes the warehouse keeps.
May import: ``settings`` and the pure ``analysis``/``formatting`` only; ``warehouse`` calls it.
"""
