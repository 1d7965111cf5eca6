import pytest
from django.test import RequestFactory

from newsroom.client_ip import client_ip, parse_networks


@pytest.fixture
def behind_proxies(settings):
    settings.TRUSTED_PROXY_NETWORKS = parse_networks(["10.0.0.0/8", "192.0.2.7"])


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_NETWORKS = ()
    assert client_ip(request_from("203.0.113.5", "198.51.100.1")) == "203.0.113.5"


def test_request_from_an_untrusted_address_cannot_claim_another_ip(behind_proxies):
    assert client_ip(request_from("203.0.113.5", "198.51.100.1")) == "203.0.113.5"


def test_request_through_a_trusted_proxy_uses_the_forwarded_client(behind_proxies):
    assert client_ip(request_from("10.1.2.3", "198.51.100.1")) == "198.51.100.1"


def test_a_spoofed_left_part_of_the_chain_is_not_believed(behind_proxies):
    # The client wrote "1.1.1.1" itself; the trusted proxy appended the real address.
    assert client_ip(request_from("10.1.2.3", "1.1.1.1, 198.51.100.1")) == "198.51.100.1"


def test_a_chain_of_trusted_proxies_is_walked_to_the_client(behind_proxies):
    assert client_ip(request_from("10.1.2.3", "198.51.100.1, 192.0.2.7, 10.9.9.9")) == "198.51.100.1"


def test_garbage_in_the_forwarded_header_falls_back_to_the_proxy_address(behind_proxies):
    assert client_ip(request_from("10.1.2.3", "not-an-ip")) == "10.1.2.3"


def test_ipv6_clients_behind_a_trusted_proxy(behind_proxies):
    assert client_ip(request_from("10.1.2.3", "2001:db8::1")) == "2001:db8::1"


def test_parse_networks_rejects_a_malformed_entry():
    with pytest.raises(ValueError):
        parse_networks(["10.0.0.300"])
