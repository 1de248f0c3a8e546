"""`manage.py bench`: the register import and export measured against their baselines."""
