"""The public comment form of a draft (never cached: it carries a CSRF token and a CAPTCHA)."""

urlpatterns = []
