"""When the database goes away, pages answer a friendly 503 (not a stack trace, not a 500) and the site
answers again by itself when it returns. PostgreSQL is cut at the network edge by a TCP proxy."""

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client

from marketplace.views import server_error
from tests.fakes.tcp_proxy import TcpProxy


def test_a_database_error_is_answered_with_503_and_a_retry_hint(rf, english):
    try:
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    except OperationalError:
        response = server_error(rf.get("/en/catalogue/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "cannot reach its database" in response.content.decode()


def test_any_other_error_stays_a_500(rf):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500


@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_while_postgresql_is_away_and_recover_when_it_returns(site, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: runs in CI's PostgreSQL pass (DATABASE_URL=postgres://…)")
    from tests import factories

    factories.product(title="Rau muống Củ Chi")
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    original = dict(connection.settings_dict)
    proxy = TcpProxy(original["HOST"] or "127.0.0.1", int(original["PORT"] or 5432)).start()
    client = Client(raise_request_exception=False)
    try:
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(proxy.port))
        assert "Rau muống Củ Chi" in client.get("/en/catalogue/").content.decode()

        proxy.stop()
        connection.close()
        cache.clear()  # listings kept in the cache would still be served without the database
        away = client.get("/en/catalogue/")
        assert away.status_code == 503
        assert "cannot reach its database" in away.content.decode()
        assert "Traceback" not in away.content.decode()

        proxy.start()  # the same port: PostgreSQL is back
        back = client.get("/en/catalogue/")
        assert back.status_code == 200
        assert "Rau muống Củ Chi" in back.content.decode()
    finally:
        proxy.stop()
        connection.close()
        connection.settings_dict.update(HOST=original["HOST"], PORT=original["PORT"])
