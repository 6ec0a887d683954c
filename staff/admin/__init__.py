"""The staff desk's admin, one module per family of models; importing the
package registers them all (there is no autodiscovery: staff/sites.py)."""

from . import agreements, audit, evidence, people, periods, places, records  # noqa: F401
