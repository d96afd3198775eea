"""WSGI entry point (gunicorn minamata_kb.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minamata_kb.settings")
application = get_wsgi_application()
