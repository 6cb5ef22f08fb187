"""Throttling of the API per address: REST framework's AnonRateThrottle, its rate read when a request comes.

AnonRateThrottle reads DEFAULT_THROTTLE_RATES once, when REST framework is imported; this one asks the settings
each time, so a rate changed in the settings (a test's override, the lead's setting) is the rate applied. The
address is the reader's own behind our proxies (NUM_PROXIES, as TRUSTED_PROXY_COUNT in orgsite/settings.py).
"""
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AddressRateThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
