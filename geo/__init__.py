"""Geometry preparation: repair, simplify with shared borders kept, GeoJSON for maps."""
