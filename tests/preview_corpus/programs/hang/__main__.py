import time

import pulumi

pulumi.export("started", True)
time.sleep(3600)
