"""Where the bundled knowledge base lives, wherever tradeqa is installed or run from."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_DIR = PACKAGE_DIR / "facts"
SCHEMA_FILE = PACKAGE_DIR / "schema" / "knowledge.schema.json"
