"""Co-Regulation Lab app (Panel + Bokeh)."""
