"""``python -m dashboards.bench``: the app measured in Chromium (see :mod:`dashboards.bench`)."""

from dashboards.bench.landing import main

raise SystemExit(main())
