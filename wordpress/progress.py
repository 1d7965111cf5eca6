"""A plain-text progress bar for long commands: redrawn in place on a terminal, a line per tenth elsewhere."""

WIDTH = 30
UNITS = [("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)]


class ProgressBar:
    """Call it with the bytes done so far. `write(text)` adds no line ends of its own."""

    def __init__(self, write, label, total_bytes, interactive=False):
        self.write = write
        self.label = label
        self.total = max(total_bytes, 1)
        self.interactive = interactive
        self.shown = -1

    def __call__(self, done_bytes):
        percent = min(100, done_bytes * 100 // self.total)
        step = percent if self.interactive else percent // 10 * 10
        if step == self.shown:
            return
        self.shown = step
        filled = WIDTH * percent // 100
        line = (
            f"{self.label:<10} [{'#' * filled}{'.' * (WIDTH - filled)}] {percent:3d}% "
            f"{_size(done_bytes)} of {_size(self.total)}"
        )
        if self.interactive:
            self.write(f"\r{line}" + ("\n" if percent == 100 else ""))
        else:
            self.write(f"{line}\n")


def _size(size):
    for unit, bytes_in_unit in UNITS:
        if size >= bytes_in_unit:
            return f"{size / bytes_in_unit:.1f} {unit}"
    return f"{size} B"
