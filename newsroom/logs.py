"""
Log lines for a log collector: one JSON object a line on stdout, with the time (UTC), level, logger, process and
message, the request's method, path and status where Django logs a request, and the traceback as one field.
"""

import json
import logging
from datetime import UTC, datetime


class JSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "process": record.process,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if hasattr(request, "path"):
            entry |= {"method": request.method, "path": request.path}
        if hasattr(record, "status_code"):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
