"""Runs a script under Debian's python3 when the python3 found first lacks the
packages it needs.

scripts/setup.sh installs numpy and scikit-learn as Debian packages
(python3-sklearn), which only /usr/bin/python3 sees; a python3 earlier on
PATH (pyenv, a virtual environment) does not. Import this before numpy.
"""
import importlib.util
import os
import sys

DEBIAN_PYTHON = "/usr/bin/python3"


def require(*modules):
    """Re-executes the running script under /usr/bin/python3 when one of
    `modules` cannot be imported here and that interpreter is another one;
    otherwise returns, and the import fails as usual."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if not missing or not os.path.exists(DEBIAN_PYTHON):
        return
    if os.path.realpath(sys.executable) == os.path.realpath(DEBIAN_PYTHON):
        sys.exit(f"{' and '.join(missing)} missing: run scripts/setup.sh "
                 "(it installs python3-sklearn)")
    os.execv(DEBIAN_PYTHON, [DEBIAN_PYTHON] + sys.argv)
