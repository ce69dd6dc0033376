"""For every test (and the processes tests start): the databases they make are encrypted with a
fixed test key, so no key files or keyring entries pile up on the machine. The key's own paths
(keyring, key file) are tested in tests/services/test_database_encryption.py."""

from __future__ import annotations

import os

TEST_DATABASE_KEY = "7e57" * 16  # a key for test databases only: they hold fictional people
os.environ["FACILITATOR_DB_KEY"] = TEST_DATABASE_KEY
