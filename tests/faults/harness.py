"""What the fault tests share beyond snapshots and the generated corpus."""
import os
import shutil


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
