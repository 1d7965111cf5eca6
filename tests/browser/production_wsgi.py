"""
The production WSGI application, with uploaded images served from MEDIA_ROOT as the web server or bucket in front
of gunicorn serves them in production (Django serves them only with DEBUG on): for a year, since their names
never repeat.
"""

from django.conf import settings
from whitenoise import WhiteNoise

from newsroom.wsgi import application as site

application = WhiteNoise(site, root=settings.MEDIA_ROOT, prefix=settings.MEDIA_URL, max_age=365 * 24 * 3600)
