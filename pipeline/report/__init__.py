"""Reports over the published snapshot: the dashboard (`dashboard`), a static HTML page of Vega-Lite charts.

Reads only the published snapshot, read-only, so it never waits for or blocks a run. May import `warehouse`.
"""
