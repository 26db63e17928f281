from django.apps import AppConfig


class CachingConfig(AppConfig):
    """What is cached and what makes it stale (registry.py); the only place cache receivers are connected.

    It sits above the domain apps: it imports them, none imports it."""

    name = "caching"
    verbose_name = "Caching"

    def ready(self):
        from caching import receivers

        receivers.connect()
