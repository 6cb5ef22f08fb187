"""``run.py --commit REV``: measure a commit, not a working tree that others are editing.

The commit is extracted with ``git archive`` into a temporary directory (the repository is only read: no
checkout, no worktree), and that copy's own ``bench/run.py`` runs there with the other options, this venv's
Python and the same environment. The copy is removed afterwards. The figures then come from exactly that commit.
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def split_commit_option(argv):
    """(REV or None, argv without ``--commit REV`` / ``--commit=REV``)."""
    rest, rev = [], None
    items = iter(argv)
    for item in items:
        if item == "--commit":
            rev = next(items, None)
        elif item.startswith("--commit="):
            rev = item.split("=", 1)[1]
        else:
            rest.append(item)
    return rev, rest


def run_at_commit(rev, argv):
    """Run ``bench/run.py argv`` in a clean copy of ``rev``; returns its exit status."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()

    sha = git("rev-parse", "--verify", f"{rev}^{{commit}}")
    subject = git("log", "-1", "--format=%s", sha)
    directory = Path(tempfile.mkdtemp(prefix=f"orgsite-bench-{sha[:10]}-"))
    try:
        archive = subprocess.Popen(["git", "archive", "--format=tar", sha], cwd=ROOT, stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(directory)], stdin=archive.stdout, check=True)
        if archive.wait() != 0:
            raise RuntimeError(f"git archive {sha} failed")
        if not (directory / "bench" / "throughput.py").exists():
            raise RuntimeError(f"{sha[:10]} predates this benchmark (no bench/throughput.py)")
        if (ROOT / "media").is_dir():  # uploads are not in git: the pages link to the same files
            (directory / "media").symlink_to(ROOT / "media")
        env = {**os.environ, "BENCH_COMMIT": f"{sha[:10]} ({subject[:70]}), a clean copy made by git archive"}
        return subprocess.run([sys.executable, str(directory / "bench" / "run.py"), *argv], cwd=directory,
                              env=env).returncode
    finally:
        shutil.rmtree(directory, ignore_errors=True)
