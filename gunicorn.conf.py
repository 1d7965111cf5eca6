"""
gunicorn's limits on what a client may send before Django sees it, read from the working directory by
`gunicorn newsroom.wsgi`. Requests over a limit are refused (414 for the request line, 431 for headers)
and never reach the application.
Request bodies are capped by Django (REQUEST_MAX_BYTES, ADMIN_REQUEST_MAX_BYTES) and by the proxy in front.
"""

# The request line: method, path, query string and protocol, in bytes (gunicorn's default, stated here
# so that changing it is a decision). Django refuses query strings over REQUEST_MAX_QUERY_STRING too.
limit_request_line = 4094
# Header fields per request, and the size of one field in bytes.
limit_request_fields = 100
limit_request_field_size = 8190
