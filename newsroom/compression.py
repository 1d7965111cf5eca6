"""
Pages compressed on the way out. gunicorn sends what Django gives it, so without this every page would travel
at full size; static files need none of it, since WhiteNoise serves them compressed ahead of time.
"""

from django.middleware.gzip import GZipMiddleware


class PageCompressionMiddleware(GZipMiddleware):
    """
    Django's GZipMiddleware (with its defence against BREACH) for the responses Django renders in memory: pages,
    feeds, sitemaps, cached or not. Streamed files are passed through untouched: static files arrive compressed
    already or are images, and a range of a file must stay the bytes it names.
    """

    def process_response(self, request, response):
        if response.streaming:
            return response
        return super().process_response(request, response)
