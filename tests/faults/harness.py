"""What the fault tests share beyond snapshots and the generated corpus."""
import os
import shutil
import subprocess
import tempfile


def fail(msg):
    raise SystemExit("FAIL: " + msg)


def unprivileged():
    """The command prefix under which file permissions hold for root too: without
    CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (setpriv, util-linux). Nothing when not root."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        fail("running as root without setpriv (util-linux): cannot make files unreadable")
    return ["setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"]


def in_workdir(keep, prefix, run):
    """run(work) in a scratch directory (`keep`: this one, kept afterwards), and its result.
    Files the test made unreadable are made readable again, and deep trees removed with rm,
    whose recursion has no limit (shutil.rmtree's is Python's)."""
    work = keep or tempfile.mkdtemp(prefix=prefix)
    os.makedirs(work, exist_ok=True)
    os.chmod(work, 0o755)  # mkdtemp's 0700 would shut out a test run without privileges
    try:
        return run(work)
    finally:
        subprocess.run(["chmod", "-R", "u+rwx", work], capture_output=True)
        if not keep:
            subprocess.run(["rm", "-rf", work])
