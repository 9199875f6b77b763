"""`python -m portal.bench` (make bench): the benchmark table."""

import sys

from portal.bench.run import main

sys.exit(main())
